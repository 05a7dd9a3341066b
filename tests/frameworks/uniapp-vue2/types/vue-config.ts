// Type-checked by uniapp-vue2.test.js against vue-cli 4's own ProjectOptions
// (moduleResolution bundler): apifm-wasm/webpack fits configureWebpack.plugins.
import type { ProjectOptions } from '@vue/cli-service';
import apifmWasmWebpack, { apifmWasmWebpack as named, type ApifmWasmWebpackOptions } from 'apifm-wasm/webpack';

const options: ApifmWasmWebpackOptions = { plainWasm: true, platform: 'mp-weixin' };

const config: ProjectOptions = {
  configureWebpack: { plugins: [apifmWasmWebpack(), named(options)] },
};
export default config;

// @ts-expect-error unknown option
apifmWasmWebpack({ plain: true });
// @ts-expect-error plainWasm is a boolean
apifmWasmWebpack({ plainWasm: 'yes' });
