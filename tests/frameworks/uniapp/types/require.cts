// Type-checked by uniapp.test.js (module node16): the CommonJS form,
// `require('apifm-wasm/vite')`, as uni-app's vite.config.js uses it.
import apifmWasm = require('apifm-wasm/vite');

const a: apifmWasm.ApifmWasmVitePlugin = apifmWasm({ plainWasm: true });
const b: apifmWasm.ApifmWasmVitePlugin = apifmWasm.default();
const c: apifmWasm.ApifmWasmVitePlugin = apifmWasm.apifmWasm({ platform: 'mp-toutiao' });
// @ts-expect-error plainWasm is a boolean
apifmWasm({ plainWasm: 1 });

export = [a, b, c];
