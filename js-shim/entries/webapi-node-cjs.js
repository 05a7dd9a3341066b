// apifm-wasm/webapi on Node, CommonJS: the Node runtime with apifm-webapi's
// encoding style (axios params for GET, qs for POST: core/src/form.rs).
import { webapiEngine } from '../webapi/engine.js';
import { runtime } from './node-cjs.js';

export default webapiEngine(runtime);
