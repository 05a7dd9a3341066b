// Node, ES module: synchronous load, like the CommonJS entry.
import { readFileSync } from 'node:fs';
import { createEngine } from '../engine.js';
import { notProduction } from '../errors.js';
import { pickTransport } from '../detect.js';
import { instantiateSync } from './node-load.js';

export const runtime = {
  name: 'node',
  sync: true,
  debug: notProduction, // errors point at the caller's line (docs/errors.md)
  load: (options) => instantiateSync(readFileSync(options.wasmPath || new URL('./apifm_wasm_bg.wasm', import.meta.url))),
  transport: (options) => pickTransport(options, 'node'),
};
export default /* @__PURE__ */ createEngine(runtime);
