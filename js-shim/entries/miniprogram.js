// Mini-programs: the build devtools "构建npm" copies to miniprogram_npm/
// (miniprogram_dist/index.js, CommonJS: `require('apifm-wasm')` is the
// object), and the ES module the uni-app and Taro plugins make `apifm-wasm`
// resolve to (miniprogram.mjs). The wasm ships brotli-compressed
// (apifm_wasm_bg.wasm.br, read by WXWebAssembly from base library 2.14.0);
// the plain .wasm is at the package root for older base libraries
// (docs/platforms.md).
import { createEngine } from '../engine.js';
import { miniProgramRuntime } from '../loaders/miniprogram.js';

export default createEngine(miniProgramRuntime);
