// Node, ES module: synchronous load, like the CommonJS entry.
import { readFileSync } from 'node:fs';
import { createEngine } from '../sdk.js';
import { pickTransport } from '../detect.js';
import { instantiateSync } from './node-load.js';

export const runtime = {
  name: 'node',
  sync: true,
  load: (options) => instantiateSync(readFileSync(options.wasmPath || new URL('./apifm_wasm_bg.wasm', import.meta.url))),
  transport: (options) => pickTransport(options, 'node'),
};
export default /* @__PURE__ */ createEngine(runtime);
