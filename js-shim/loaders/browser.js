// Loading the wasm in a browser (Vite, webpack, a plain module script): the
// file next to web.mjs, fetched and compiled when the first call needs it.
// `new URL('./apifm_wasm_bg.wasm', import.meta.url)` is the form bundlers
// recognise and emit as an asset.

import * as glue from 'apifm-glue';
import { pickTransport } from '../detect.js';

export function loadBrowser(options) {
  let url;
  try {
    url = options.wasmPath || new URL('./apifm_wasm_bg.wasm', import.meta.url);
  } catch (e) {
    return Promise.reject(e);
  }
  if (typeof WebAssembly === 'undefined') return Promise.reject(new Error('this runtime has no WebAssembly'));
  if (typeof fetch !== 'function') return Promise.reject(new Error('this runtime has no fetch to read the wasm with'));
  const imports = glue.__wbg_get_imports();
  const viaBytes = () =>
    fetch(url)
      .then((r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status} fetching ${url}`);
        return r.arrayBuffer();
      })
      .then((bytes) => WebAssembly.instantiate(bytes, imports));
  const instantiated = typeof WebAssembly.instantiateStreaming === 'function'
    ? WebAssembly.instantiateStreaming(fetch(url), imports).catch(viaBytes)
    : viaBytes();
  return instantiated.then((r) => ({ glue, exports: glue.__wbg_finalize_init(r.instance, r.module) }));
}

function storage(key) {
  try {
    return typeof localStorage !== 'undefined' ? localStorage.getItem(key) : undefined;
  } catch (_) {
    return undefined;
  }
}

/** The runtime object of sdk.js for browsers. */
export const browserRuntime = {
  name: 'browser',
  load: loadBrowser,
  transport: (options) => pickTransport(options, 'browser', storage),
};
