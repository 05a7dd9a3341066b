// Node, CommonJS: the wasm is read and instantiated synchronously at the
// first config or call (not at require time), so init() checks at once.
const fs = require('fs');
const path = require('path');
const { createWXAPI } = require('../sdk.js');
const { pickTransport } = require('../detect.js');
const { instantiateSync } = require('./node-load.js');

module.exports = createWXAPI({
  name: 'node',
  sync: true,
  load: (options) => instantiateSync(fs.readFileSync(options.wasmPath || path.join(__dirname, 'apifm_wasm_bg.wasm'))),
  transport: (options) => pickTransport(options, 'node'),
});
