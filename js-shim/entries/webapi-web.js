// apifm-wasm/webapi in browsers and bundlers (H5, the apifm-webapi
// audience): the browser runtime (the wasm carried in the build, fetch) with
// apifm-webapi's encoding style. No mini-program detection: apifm-webapi is
// an H5 SDK.
import { webapiEngine } from '../webapi/engine.js';
import { browserRuntime } from '../loaders/browser.js';

export default webapiEngine(browserRuntime);
