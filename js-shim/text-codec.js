// TextEncoder/TextDecoder for runtimes without them (WeChat mini-programs).
// The wasm-bindgen glue creates a TextEncoder when it loads; the mini-program
// bundle binds these names (esbuild `inject`), which are the native classes
// wherever they exist and the UTF-8 implementation below otherwise. No global
// is set. The implementation follows the WHATWG Encoding Standard for UTF-8:
// lone surrogates encode as U+FFFD, invalid input decodes to U+FFFD per
// maximal subpart (or throws with `fatal`), a leading BOM is dropped unless
// `ignoreBOM`, and `decode(bytes, {stream: true})` carries an incomplete
// sequence over to the next call.

/** Writes `s` as UTF-8 into `dest` (whole characters only); {read, written}. */
function writeUtf8(s, dest) {
  const cap = dest.length;
  let read = 0;
  let written = 0;
  while (read < s.length) {
    let c = s.charCodeAt(read);
    let units = 1;
    if (c >= 0xd800 && c <= 0xdbff && read + 1 < s.length) {
      const d = s.charCodeAt(read + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        units = 2;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // lone surrogate
    if (c < 0x80) {
      if (written + 1 > cap) break;
      dest[written++] = c;
    } else if (c < 0x800) {
      if (written + 2 > cap) break;
      dest[written++] = 0xc0 | (c >> 6);
      dest[written++] = 0x80 | (c & 63);
    } else if (c < 0x10000) {
      if (written + 3 > cap) break;
      dest[written++] = 0xe0 | (c >> 12);
      dest[written++] = 0x80 | ((c >> 6) & 63);
      dest[written++] = 0x80 | (c & 63);
    } else {
      if (written + 4 > cap) break;
      dest[written++] = 0xf0 | (c >> 18);
      dest[written++] = 0x80 | ((c >> 12) & 63);
      dest[written++] = 0x80 | ((c >> 6) & 63);
      dest[written++] = 0x80 | (c & 63);
    }
    read += units;
  }
  return { read, written };
}

class Utf8Encoder {
  get encoding() {
    return 'utf-8';
  }

  encode(input) {
    const s = input === undefined ? '' : String(input);
    const out = new Uint8Array(s.length * 3);
    return out.slice(0, writeUtf8(s, out).written);
  }

  encodeInto(input, dest) {
    if (!dest || !ArrayBuffer.isView(dest)) throw new TypeError('encodeInto: the destination must be a Uint8Array');
    return writeUtf8(String(input), dest);
  }
}

const LABELS = ['utf-8', 'utf8', 'unicode-1-1-utf-8', 'unicode11utf8', 'unicode20utf8', 'x-unicode20utf8'];

function bytesOf(input) {
  if (input === undefined || input === null) return new Uint8Array(0);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const tag = Object.prototype.toString.call(input);
  if (tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]') return new Uint8Array(input);
  throw new TypeError('decode: the input must be an ArrayBuffer or an ArrayBufferView');
}

class Utf8Decoder {
  constructor(label, options) {
    const l = label === undefined ? 'utf-8' : String(label).trim().toLowerCase();
    if (LABELS.indexOf(l) < 0) throw new RangeError(`The encoding label provided ('${label}') is invalid or not supported.`);
    const o = options || {};
    this._fatal = !!o.fatal;
    this._ignoreBOM = !!o.ignoreBOM;
    this._reset();
  }

  get encoding() {
    return 'utf-8';
  }

  get fatal() {
    return this._fatal;
  }

  get ignoreBOM() {
    return this._ignoreBOM;
  }

  _reset() {
    this._cp = 0; // code point being assembled
    this._need = 0; // continuation bytes still needed
    this._lower = 0x80; // allowed range of the next continuation byte
    this._upper = 0xbf;
    this._started = false; // a code point was output since the stream began (BOM handling)
  }

  decode(input, options) {
    const b = bytesOf(input);
    const stream = !!(options && options.stream);
    const units = [];
    let out = '';
    const flush = () => {
      out += String.fromCharCode.apply(null, units);
      units.length = 0;
    };
    const emit = (cp) => {
      if (!this._started) {
        this._started = true;
        if (cp === 0xfeff && !this._ignoreBOM) return;
      }
      if (cp >= 0x10000) {
        cp -= 0x10000;
        units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
      } else {
        units.push(cp);
      }
      if (units.length >= 8192) flush();
    };
    const error = () => {
      if (this._fatal) {
        this._reset();
        throw new TypeError('The encoded data was not valid for encoding utf-8');
      }
      emit(0xfffd);
    };
    for (let i = 0; i < b.length; i++) {
      const x = b[i];
      if (this._need === 0) {
        if (x < 0x80) emit(x);
        else if (x >= 0xc2 && x <= 0xdf) {
          this._need = 1;
          this._cp = x & 0x1f;
        } else if (x >= 0xe0 && x <= 0xef) {
          if (x === 0xe0) this._lower = 0xa0; // no overlong forms
          if (x === 0xed) this._upper = 0x9f; // no surrogates
          this._need = 2;
          this._cp = x & 0x0f;
        } else if (x >= 0xf0 && x <= 0xf4) {
          if (x === 0xf0) this._lower = 0x90; // no overlong forms
          if (x === 0xf4) this._upper = 0x8f; // nothing above U+10FFFF
          this._need = 3;
          this._cp = x & 0x07;
        } else {
          error();
        }
        continue;
      }
      if (x < this._lower || x > this._upper) {
        // the sequence so far is one maximal subpart: one U+FFFD, then this byte again
        this._cp = 0;
        this._need = 0;
        this._lower = 0x80;
        this._upper = 0xbf;
        error();
        i--;
        continue;
      }
      this._lower = 0x80;
      this._upper = 0xbf;
      this._cp = (this._cp << 6) | (x & 0x3f);
      if (--this._need === 0) {
        const cp = this._cp;
        this._cp = 0;
        emit(cp);
      }
    }
    if (!stream) {
      if (this._need !== 0) {
        this._cp = 0;
        this._need = 0;
        this._lower = 0x80;
        this._upper = 0xbf;
        error();
      }
      flush();
      this._reset();
      return out;
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
