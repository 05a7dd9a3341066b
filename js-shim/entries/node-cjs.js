// Node, CommonJS: the wasm is read and instantiated synchronously at the
// first config or call (not at require time), so init() checks at once.
// (An ES module source: the build makes index.js CommonJS, where __dirname is the package.)
// Named imports: esbuild's CommonJS output then reads them off require()
// as they are, instead of copying every export of fs and path (__toESM).
import { readFileSync } from 'fs';
import { join } from 'path';
import { createEngine } from '../engine.js';
import { notProduction } from '../errors.js';
import { pickTransport } from '../detect.js';
import { instantiateSync } from './node-load.js';

export const runtime = {
  name: 'node',
  sync: true,
  debug: notProduction, // errors point at the caller's line (docs/errors.md)
  load: (options) => instantiateSync(readFileSync(options.wasmPath || join(__dirname, 'apifm_wasm_bg.wasm'))),
  transport: (options) => pickTransport(options, 'node'),
};
export default /* @__PURE__ */ createEngine(runtime);
