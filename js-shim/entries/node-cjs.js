// Node, CommonJS: the wasm is read and instantiated synchronously, so
// `require('apifm-wasm')` is ready at once and init() checks synchronously.
const fs = require('fs');
const path = require('path');
const { createWXAPI } = require('../sdk.js');
const { pickTransport } = require('../detect.js');
const { instantiateSync } = require('./node-load.js');

module.exports = createWXAPI({
  name: 'node',
  load: (options) => instantiateSync(fs.readFileSync(options.wasmPath || path.join(__dirname, 'apifm_wasm_bg.wasm'))),
  transport: (options) => pickTransport(options, 'node'),
});
