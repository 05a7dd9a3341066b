// apifm-wasm/uniapp (uniapp.mjs): apifm-uniapp's engine (js-shim/uniapp/engine.js)
// over the runtime of web.mjs, decided at the first call: mini-programs and
// H5 alike.
import { uniappEngine } from '../uniapp/engine.js';
import { runtime } from './web.js';

export default uniappEngine(runtime);
