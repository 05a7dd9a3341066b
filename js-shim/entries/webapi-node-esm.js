// apifm-wasm/webapi on Node, ES module: as webapi-node-cjs.js.
import { webapiEngine } from '../webapi/engine.js';
import { runtime } from './node-esm.js';

export default webapiEngine(runtime);
