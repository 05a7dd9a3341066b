// Type-checked by uniapp.test.js against this project's own vite types
// (moduleResolution bundler): apifm-wasm/vite fits Vite's plugins array.
import { defineConfig, type Plugin } from 'vite';
import apifmWasm, { apifmWasm as named, type ApifmWasmViteOptions } from 'apifm-wasm/vite';

const options: ApifmWasmViteOptions = { plainWasm: true, platform: 'mp-weixin' };
const plugin: Plugin = apifmWasm(options);

export default defineConfig({ plugins: [apifmWasm(), named({ plainWasm: false }), plugin] });

// @ts-expect-error unknown option
apifmWasm({ plain: true });
// @ts-expect-error plainWasm is a boolean
apifmWasm({ plainWasm: 'yes' });
