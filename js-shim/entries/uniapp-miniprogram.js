// apifm-wasm/uniapp in uni-app mini-program builds (uniapp-miniprogram.mjs,
// what the uni-app plugin resolves it to there): apifm-uniapp's engine
// (js-shim/uniapp/engine.js) over the mini-program runtime only, as
// miniprogram.mjs is for the main entry: no browser loader and no wasm
// chunk in the code package.
import { uniappEngine } from '../uniapp/engine.js';
import { miniProgramRuntime } from '../loaders/miniprogram.js';

export default uniappEngine(miniProgramRuntime);
