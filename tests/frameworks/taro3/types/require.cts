// Type-checked by taro3.test.js (module node16): the CommonJS form.
import apifmWasmTaro = require('apifm-wasm/taro');

const call: (ctx: apifmWasmTaro.TaroPluginContext, options?: apifmWasmTaro.ApifmWasmTaroOptions) => void = apifmWasmTaro;
const viaDefault: typeof apifmWasmTaro = apifmWasmTaro.default;
// @ts-expect-error: an unknown option is refused
const wrong: apifmWasmTaro.ApifmWasmTaroOptions = { plain: true };

export = { call, viaDefault, wrong };
