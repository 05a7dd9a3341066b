// TextEncoder/TextDecoder for runtimes without them (WeChat mini-programs).
// The wasm-bindgen glue creates both when it loads; the mini-program bundle
// binds these names (esbuild `inject`), which are the native classes wherever
// they exist and the UTF-8 implementation below otherwise. No global is set.

class Utf8Encoder {
  get encoding() {
    return 'utf-8';
  }

  encode(input) {
    const s = input === undefined ? '' : String(input);
    const out = [];
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
        }
      }
      if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // lone surrogate
      if (c < 0x80) out.push(c);
      else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
      else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
      else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
    return new Uint8Array(out);
  }

  encodeInto(input, view) {
    const bytes = this.encode(input);
    // Whole characters only, as the native encodeInto does.
    let n = Math.min(bytes.length, view.length);
    while (n > 0 && n < bytes.length && (bytes[n] & 0xc0) === 0x80) n--;
    view.set(bytes.subarray(0, n));
    let read = 0;
    const s = String(input);
    let written = 0;
    while (read < s.length) {
      const c = s.codePointAt(read);
      const len = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
      if (written + len > n) break;
      written += len;
      read += c >= 0x10000 ? 2 : 1;
    }
    return { read, written };
  }
}

class Utf8Decoder {
  constructor(label) {
    const l = label === undefined ? 'utf-8' : String(label).toLowerCase();
    if (l !== 'utf-8' && l !== 'utf8') throw new RangeError(`unsupported encoding ${label}`);
  }

  get encoding() {
    return 'utf-8';
  }

  decode(input) {
    if (input === undefined) return '';
    const b = input instanceof Uint8Array ? input : new Uint8Array(input.buffer || input, input.byteOffset || 0, input.byteLength);
    const units = [];
    let out = '';
    const flush = () => {
      out += String.fromCharCode.apply(null, units);
      units.length = 0;
    };
    for (let i = 0; i < b.length;) {
      const x = b[i];
      let cp = 0xfffd;
      let need = 0;
      let min = 0;
      if (x < 0x80) {
        cp = x;
        i += 1;
      } else {
        if (x >= 0xc2 && x <= 0xdf) { need = 1; cp = x & 0x1f; min = 0x80; }
        else if (x >= 0xe0 && x <= 0xef) { need = 2; cp = x & 0x0f; min = 0x800; }
        else if (x >= 0xf0 && x <= 0xf4) { need = 3; cp = x & 0x07; min = 0x10000; }
        let j = 1;
        for (; j <= need; j++) {
          const y = b[i + j];
          if (y === undefined || (y & 0xc0) !== 0x80) break;
          cp = (cp << 6) | (y & 0x3f);
        }
        if (need === 0 || j <= need || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
          cp = 0xfffd;
          i += Math.max(1, need === 0 ? 1 : j === 1 ? 1 : j);
        } else {
          i += need + 1;
        }
      }
      if (cp >= 0x10000) {
        cp -= 0x10000;
        units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
      } else {
        units.push(cp);
      }
      if (units.length >= 8192) flush();
    }
    flush();
    return out;
  }
}

const g = typeof globalThis !== 'undefined' ? globalThis : {};
const NativeEncoder = typeof g.TextEncoder === 'function' ? g.TextEncoder : null;
const NativeDecoder = typeof g.TextDecoder === 'function' ? g.TextDecoder : null;

export const TextEncoder = NativeEncoder || Utf8Encoder;
export const TextDecoder = NativeDecoder || Utf8Decoder;
export { Utf8Encoder, Utf8Decoder };
