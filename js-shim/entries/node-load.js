// Synchronous instantiation for Node (both module formats).
import * as glue from 'apifm-glue';

export function instantiateSync(bytes) {
  const module = new WebAssembly.Module(bytes);
  const instance = new WebAssembly.Instance(module, glue.__wbg_get_imports());
  return { glue, exports: glue.__wbg_finalize_init(instance, module) };
}
