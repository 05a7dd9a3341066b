// Mini-programs (WeChat, ByteDance, Alipay workers): the wasm is a file of the
// code package, instantiated by path with the platform's WebAssembly object.
// Devtools "构建npm" copies this folder to miniprogram_npm/apifm-wasm/.
const glue = require('apifm-glue');
const { createWXAPI } = require('../sdk.js');
const { pickTransport } = require('../detect.js');

const DEFAULT_WASM_PATH = '/miniprogram_npm/apifm-wasm/apifm_wasm_bg.wasm';

/* global WXWebAssembly, TTWebAssembly, MyWebAssembly */
function platformWasm() {
  if (typeof WXWebAssembly !== 'undefined') return WXWebAssembly;
  if (typeof TTWebAssembly !== 'undefined') return TTWebAssembly;
  if (typeof MyWebAssembly !== 'undefined') return MyWebAssembly;
  return null;
}

function load(options) {
  const W = platformWasm();
  if (!W) {
    throw new Error('no WXWebAssembly in this runtime (WeChat base library >= 2.13.0 is required)');
  }
  return W.instantiate(options.wasmPath || DEFAULT_WASM_PATH, glue.__wbg_get_imports()).then((r) => ({
    glue,
    exports: glue.__wbg_finalize_init(r.instance || r, r.module),
  }));
}

module.exports = createWXAPI({
  name: 'miniprogram',
  load,
  transport: (options) => pickTransport(options, 'miniprogram'),
});
