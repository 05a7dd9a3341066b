// Node, CommonJS: the wasm is read and instantiated synchronously at the
// first config or call (not at require time), so init() checks at once.
// (An ES module source: the build makes index.js CommonJS, where __dirname is the package.)
import fs from 'fs';
import path from 'path';
import { createEngine } from '../sdk.js';
import { pickTransport } from '../detect.js';
import { instantiateSync } from './node-load.js';

export const runtime = {
  name: 'node',
  sync: true,
  load: (options) => instantiateSync(fs.readFileSync(options.wasmPath || path.join(__dirname, 'apifm_wasm_bg.wasm'))),
  transport: (options) => pickTransport(options, 'node'),
};
export default /* @__PURE__ */ createEngine(runtime);
