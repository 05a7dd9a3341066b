// Type-checked by uniapp-vue2.test.js (module node16): the CommonJS form,
// `require('apifm-wasm/webpack')`, as a vue.config.js uses it.
import apifmWasmWebpack = require('apifm-wasm/webpack');

const a: apifmWasmWebpack.ApifmWasmWebpackPlugin = apifmWasmWebpack({ plainWasm: true });
const b: apifmWasmWebpack.ApifmWasmWebpackPlugin = apifmWasmWebpack.default();
const c: apifmWasmWebpack.ApifmWasmWebpackPlugin = new apifmWasmWebpack.ApifmWasmWebpackPlugin({ platform: 'mp-toutiao' });
// @ts-expect-error plainWasm is a boolean
apifmWasmWebpack({ plainWasm: 1 });

export = { configureWebpack: { plugins: [a, b, c] } };
