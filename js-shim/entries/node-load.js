// Synchronous instantiation for Node (both module formats).
import { imports, coreOf } from '../core.js';

export function instantiateSync(bytes) {
  return coreOf(new WebAssembly.Instance(new WebAssembly.Module(bytes), imports()));
}
