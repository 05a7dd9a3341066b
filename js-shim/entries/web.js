// Browsers and bundlers (Vite, webpack): the wasm next to this file is
// fetched and compiled in the background; calls made meanwhile wait for it.
import * as glue from 'apifm-glue';
import { createWXAPI } from '../sdk.js';
import { pickTransport } from '../detect.js';

function load(options) {
  const url = options.wasmPath || new URL('./apifm_wasm_bg.wasm', import.meta.url);
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

const WXAPI = createWXAPI({
  name: 'browser',
  load,
  transport: (options) => pickTransport(options, 'browser', storage),
});
export default WXAPI;
