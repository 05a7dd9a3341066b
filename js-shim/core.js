// The wasm core as every loader hands it to the engine (loader.js). The glue is wasm-bindgen's
// own `--target bundler` output (apifm_wasm_bg.js), used as generated: a
// plain module of the exported functions and `__wbg_set_wasm`; each loader
// instantiates the wasm its own way, with the glue as its import module.
import * as glue from 'apifm-glue';

/** The import object of the wasm: what the bundler target's .wasm imports from its _bg.js. */
export function imports() {
  return { './apifm_wasm_bg.js': glue };
}

/** The core of an instantiated module ({instance} or the instance itself). */
export function coreOf(result) {
  const instance = result && result.instance ? result.instance : result;
  glue.__wbg_set_wasm(instance.exports);
  return { glue, exports: instance.exports };
}
