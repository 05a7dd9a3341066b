// apifm-wasm/vite as an ES module (`import apifmWasm from 'apifm-wasm/vite'`
// in a vite.config.mjs/.ts of a "type": "module" project). The plugin itself
// is vite.cjs: one implementation for require and import.
import apifmWasm from './vite.cjs';

export default apifmWasm;
export { apifmWasm };
