// A raw DEFLATE decoder (RFC 1951), for the browser build's wasm: shipped
// deflated inside a JS module it costs about as much as a separate .wasm
// file over the wire, and needs no bundler support and no
// DecompressionStream (absent before Safari 16.4). Checked against zlib in
// tests/js/inflate.test.js. Throws on malformed input.

// Base lengths and extra bits of length codes 257…285, and of distance codes 0…29.
const LEN_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
// The order in which code length code lengths are stored.
const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** A canonical Huffman code from code lengths: counts per length and symbols sorted by code. */
function huffman(lengths, n) {
  const count = new Uint16Array(16);
  for (let i = 0; i < n; i++) count[lengths[i]]++;
  count[0] = 0;
  const offs = new Uint16Array(16);
  for (let i = 1; i < 16; i++) offs[i] = offs[i - 1] + count[i - 1];
  const symbols = new Uint16Array(n);
  for (let i = 0; i < n; i++) if (lengths[i]) symbols[offs[lengths[i]]++] = i;
  return { count, symbols };
}

/**
 * @param {Uint8Array} input  raw DEFLATE data (no zlib or gzip header)
 * @param {number} [sizeHint] the expected output size
 * @returns {Uint8Array}
 */
export function inflateRaw(input, sizeHint) {
  let out = new Uint8Array(sizeHint || input.length * 4);
  let o = 0;
  let p = 0;
  let bitBuf = 0;
  let bitCnt = 0;
  const fail = () => {
    throw new Error('inflate: malformed data');
  };
  const need = (n) => {
    if (o + n <= out.length) return;
    const bigger = new Uint8Array(Math.max(out.length * 2, o + n));
    bigger.set(out);
    out = bigger;
  };
  const bits = (n) => {
    while (bitCnt < n) {
      if (p >= input.length) fail();
      bitBuf |= input[p++] << bitCnt;
      bitCnt += 8;
    }
    const v = bitBuf & ((1 << n) - 1);
    bitBuf >>>= n;
    bitCnt -= n;
    return v;
  };
  const decode = (h) => {
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len < 16; len++) {
      code |= bits(1);
      const c = h.count[len];
      if (code - first < c) return h.symbols[index + code - first];
      index += c;
      first = (first + c) << 1;
      code <<= 1;
    }
    return fail();
  };
  const fixedLit = new Uint8Array(288);
  fixedLit.fill(8, 0, 144);
  fixedLit.fill(9, 144, 256);
  fixedLit.fill(7, 256, 280);
  fixedLit.fill(8, 280, 288);
  const fixed = [huffman(fixedLit, 288), huffman(new Uint8Array(30).fill(5), 30)];

  let last = 0;
  while (!last) {
    last = bits(1);
    const type = bits(2);
    if (type === 0) {
      bitBuf = 0;
      bitCnt = 0;
      if (p + 4 > input.length) fail();
      const len = input[p] | (input[p + 1] << 8);
      if ((len ^ 0xffff) !== (input[p + 2] | (input[p + 3] << 8))) fail();
      p += 4;
      if (p + len > input.length) fail();
      need(len);
      out.set(input.subarray(p, p + len), o);
      o += len;
      p += len;
      continue;
    }
    let lit;
    let dist;
    if (type === 1) {
      [lit, dist] = fixed;
    } else if (type === 2) {
      const hlit = bits(5) + 257;
      const hdist = bits(5) + 1;
      const hclen = bits(4) + 4;
      const cl = new Uint8Array(19);
      for (let i = 0; i < hclen; i++) cl[CL_ORDER[i]] = bits(3);
      const clh = huffman(cl, 19);
      const lengths = new Uint8Array(hlit + hdist);
      for (let i = 0; i < hlit + hdist;) {
        const sym = decode(clh);
        if (sym < 16) {
          lengths[i++] = sym;
          continue;
        }
        let repeat;
        let value = 0;
        if (sym === 16) {
          if (!i) fail();
          value = lengths[i - 1];
          repeat = 3 + bits(2);
        } else if (sym === 17) {
          repeat = 3 + bits(3);
        } else {
          repeat = 11 + bits(7);
        }
        if (i + repeat > hlit + hdist) fail();
        while (repeat--) lengths[i++] = value;
      }
      lit = huffman(lengths.subarray(0, hlit), hlit);
      dist = huffman(lengths.subarray(hlit), hdist);
    } else {
      fail();
    }
    for (;;) {
      const sym = decode(lit);
      if (sym < 256) {
        need(1);
        out[o++] = sym;
      } else if (sym === 256) {
        break;
      } else {
        const li = sym - 257;
        if (li >= 29) fail();
        const len = LEN_BASE[li] + bits(LEN_EXTRA[li]);
        const di = decode(dist);
        if (di >= 30) fail();
        const back = DIST_BASE[di] + bits(DIST_EXTRA[di]);
        if (back > o) fail();
        need(len);
        for (let k = 0; k < len; k++, o++) out[o] = out[o - back];
      }
    }
  }
  return out.subarray(0, o);
}
