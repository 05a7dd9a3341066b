// The shim's entry for the generated method files and the runtimes' entries:
// createEngine (engine.js) and the public face of an engine (api.js).

export { createEngine } from './engine.js';
export { method, assemble } from './api.js';
export { redact } from './errors.js';
