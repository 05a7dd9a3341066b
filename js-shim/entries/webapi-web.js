// apifm-wasm/webapi in browsers and bundlers (H5, the apifm-webapi
// audience): the browser runtime (the wasm from its own chunk, fetch) with
// apifm-webapi's encoding style. No mini-program detection: apifm-webapi is
// an H5 SDK.
import { createEngine } from '../sdk.js';
import { browserRuntime } from '../loaders/browser.js';

export default createEngine(Object.assign({}, browserRuntime, { style: 1 }));
