// Rewrites a wasm module's export section, keeping only functions and
// memories. iOS WeChat's WXWebAssembly supports exported functions, Memory
// and Table only, and no Global; wasm-bindgen's runtime defines two
// `#[no_mangle]` statics (`__abort_handler`, `__instance_terminated`) that
// the linker exports as globals although our glue never reads them (it would
// only with `--force-enable-abort-handler` or a wrapped JS tag). Dropping the
// exports lets wasm-opt remove the globals too. WASM_OPT below are the
// wasm-opt flags of the shipped wasm (the build and tools/size-profile.js).
'use strict';

/** Reads an unsigned LEB128 at `p`: [value, next position]. */
function leb(bytes, p) {
  let value = 0;
  let shift = 0;
  let b;
  do {
    if (p >= bytes.length) throw new Error('wasm-exports: unexpected end of module');
    b = bytes[p++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b & 0x80);
  return [value, p];
}

function uleb(n) {
  const out = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return Buffer.from(out);
}

const KINDS = ['function', 'table', 'memory', 'global'];

/**
 * @param {Buffer} bytes  a wasm module
 * @param {(name: string, kind: string) => boolean} keep
 * @returns {{bytes: Buffer, dropped: string[]}}
 */
function filterExports(bytes, keep) {
  if (bytes.readUInt32LE(0) !== 0x6d736100) throw new Error('wasm-exports: not a wasm module');
  const parts = [bytes.subarray(0, 8)];
  const dropped = [];
  let p = 8;
  while (p < bytes.length) {
    const start = p;
    const id = bytes[p++];
    let size;
    [size, p] = leb(bytes, p);
    const end = p + size;
    if (id !== 7) {
      parts.push(bytes.subarray(start, end));
      p = end;
      continue;
    }
    let count;
    [count, p] = leb(bytes, p);
    const kept = [];
    for (let i = 0; i < count; i++) {
      const entryStart = p;
      let len;
      [len, p] = leb(bytes, p);
      const name = bytes.subarray(p, p + len).toString('utf8');
      p += len;
      const kind = KINDS[bytes[p++]] || 'other';
      [, p] = leb(bytes, p);
      if (keep(name, kind)) kept.push(bytes.subarray(entryStart, p));
      else dropped.push(`${kind} ${name}`);
    }
    if (p !== end) throw new Error('wasm-exports: malformed export section');
    const body = Buffer.concat([uleb(kept.length), ...kept]);
    parts.push(Buffer.from([7]), uleb(body.length), body);
  }
  return { bytes: Buffer.concat(parts), dropped };
}

/** Functions and memory only: what iOS WeChat accepts. */
const iosSafe = (name, kind) => kind === 'function' || kind === 'memory';

/**
 * What the shipped wasm exports: iOS-safe, and not the C memory functions of
 * src/mem.rs, which are `#[no_mangle]` so that the linker takes them over
 * compiler_builtins' (the linker then exports them too; no glue calls them).
 */
const shipped = (name, kind) => iosSafe(name, kind) && name !== 'memcpy' && name !== 'memmove';

/** The optimisation flags of the shipped wasm (tools/build-pkg.js, tools/size-profile.js). */
const WASM_OPT = ['-Oz', '--converge', '--low-memory-unused', '--flatten', '--rereloop', '-Oz', '--converge'];

module.exports = { filterExports, iosSafe, shipped, WASM_OPT };
