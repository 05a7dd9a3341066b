// apifm-wasm/webapi on Node, ES module: as webapi-node-cjs.js.
import { createEngine } from '../sdk.js';
import { runtime } from './node-esm.js';

export default createEngine(Object.assign({}, runtime, { style: 1 }));
