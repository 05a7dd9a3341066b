// Moving a call in and an answer out of wasm memory. Only numbers cross the
// wasm-bindgen boundary (src/lib.rs): the call text is written here as UTF-8
// into the buffer `input(len)` reserves, and the answer — ASCII-only JSON —
// is read back. No TextEncoder: mini-programs have none, and for the short
// strings of API calls writing by hand is faster. Reading uses the
// platform's TextDecoder where there is one (browsers, Node: ≈5× faster than
// String.fromCharCode.apply for a descriptor) and reads byte for byte where
// there is none (mini-programs); ASCII reads the same either way. What the
// numbers and the answers mean is the protocol (spec/protocol.json,
// docs/protocol.md).

import { ERROR_MARKER_CODE, STYLE_SHIFT } from './protocol.js';

/** The number build() and reform() take: who reads the answer (AUDIENCE_*), and the surface's encoding style (STYLE_*). */
export function audienceCode(audience, style) {
  return audience | (style << STYLE_SHIFT);
}

/** Whether an answer of the core is an error: then the rest of it is the JSON {e, p, m}. */
export function isError(answer) {
  return answer.charCodeAt(0) === ERROR_MARKER_CODE;
}

/** UTF-8 length of text[i…] (a surrogate pair is 4 bytes, anything lone 3). */
function utf8Rest(text, i) {
  let n = 0;
  for (const end = text.length; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * Writes `text` into the core's input buffer; returns its length in bytes,
 * or -1 when the core refuses a buffer that large. A lone surrogate (which
 * JSON.stringify escapes, so only an old engine's output has one) is written
 * as its 3-byte form, which the core refuses as not UTF-8.
 * @param {{input: (n: number) => number, memory: WebAssembly.Memory}} x  the glue's input() and the memory
 */
export function writeInput(x, text) {
  const n = text.length;
  let ptr = x.input(n);
  if (!ptr && n) return -1;
  let mem = new Uint8Array(x.memory.buffer);
  let o = 0;
  let i = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) break;
    mem[ptr + o++] = c;
  }
  if (i === n) return o;
  // Not ASCII: grow the buffer to the exact UTF-8 length (it keeps the prefix).
  ptr = x.input(o + utf8Rest(text, i));
  if (!ptr) return -1;
  mem = new Uint8Array(x.memory.buffer);
  for (; i < n; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      mem[ptr + o++] = c;
    } else if (c < 0x800) {
      mem[ptr + o++] = 0xc0 | (c >> 6);
      mem[ptr + o++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
        const d = text.charCodeAt(i + 1);
        if ((d & 0xfc00) === 0xdc00) {
          i++;
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          mem[ptr + o++] = 0xf0 | (c >> 18);
          mem[ptr + o++] = 0x80 | ((c >> 12) & 0x3f);
          mem[ptr + o++] = 0x80 | ((c >> 6) & 0x3f);
          mem[ptr + o++] = 0x80 | (c & 0x3f);
          continue;
        }
      }
      mem[ptr + o++] = 0xe0 | (c >> 12);
      mem[ptr + o++] = 0x80 | ((c >> 6) & 0x3f);
      mem[ptr + o++] = 0x80 | (c & 0x3f);
    }
  }
  return o;
}

let decoder; // the platform's TextDecoder, or null; looked up at the first answer (nothing runs at load)

function platformDecoder() {
  try {
    return typeof TextDecoder === 'function' ? new TextDecoder() : null;
  } catch (_) {
    return null;
  }
}

/** Reads the core's last output: `len` bytes of ASCII at output_ptr(). */
export function readOutput(x, len) {
  if (!len) return '';
  const bytes = new Uint8Array(x.memory.buffer, x.output_ptr(), len);
  if (decoder === undefined) decoder = platformDecoder();
  if (decoder) return decoder.decode(bytes);
  if (len <= 8192) return String.fromCharCode.apply(null, bytes);
  let s = '';
  for (let i = 0; i < len; i += 8192) s += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(len, i + 8192)));
  return s;
}
