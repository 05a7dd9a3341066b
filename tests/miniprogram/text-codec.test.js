// The TextEncoder/TextDecoder polyfill of the mini-program bundle
// (js-shim/text-codec.js), checked against Node's native classes (the WHATWG
// Encoding Standard): every code point, lone surrogates, invalid and
// truncated input, BOM handling, streaming, fatal mode, encodeInto partial
// writes; and the bundle binds the native classes when the runtime has them.
// Run: node --test tests/miniprogram/
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const esbuild = require('esbuild');
const { fixture, within } = require('./common.js');
const { toHost } = require('./sim.js');

const ROOT = path.join(__dirname, '..', '..');
const SOURCE = esbuild.transformSync(fs.readFileSync(path.join(ROOT, 'js-shim', 'text-codec.js'), 'utf8'), { format: 'cjs', target: 'es2017' }).code;

/** Evaluates text-codec.js in `context` (a vm context) or in this realm; returns its exports. */
function loadCodec(context) {
  const module = { exports: {} };
  const fn = context
    ? vm.runInContext(`(function (module, exports) {${SOURCE}\n})`, context)
    : vm.runInThisContext(`(function (module, exports) {${SOURCE}\n})`);
  fn(module, module.exports);
  return module.exports;
}

const { Utf8Encoder, Utf8Decoder } = loadCodec();
const nativeEncoder = new TextEncoder();
const same = (a, b, what) => assert.deepEqual(Buffer.from(a), Buffer.from(b), what);

/** A deterministic pseudo-random generator (xorshift32). */
function random(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

test('the module exports the native classes where they exist and the polyfill elsewhere, and sets no global', () => {
  const here = loadCodec();
  assert.equal(here.TextEncoder, globalThis.TextEncoder);
  assert.equal(here.TextDecoder, globalThis.TextDecoder);

  const bare = vm.createContext({});
  assert.equal(vm.runInContext('typeof TextEncoder + typeof TextDecoder', bare), 'undefinedundefined');
  const there = loadCodec(bare);
  assert.equal(there.TextEncoder, there.Utf8Encoder);
  assert.equal(there.TextDecoder, there.Utf8Decoder);
  assert.equal(vm.runInContext('typeof TextEncoder + typeof TextDecoder', bare), 'undefinedundefined', 'no global was set');

  // a runtime with a native TextEncoder only: that one is kept, the decoder is the polyfill
  const half = vm.createContext({});
  vm.runInContext('globalThis.TextEncoder = function TextEncoder() {};', half);
  const mixed = loadCodec(half);
  assert.equal(mixed.TextEncoder, vm.runInContext('TextEncoder', half));
  assert.equal(mixed.TextDecoder, mixed.Utf8Decoder);
});

test('every Unicode scalar value round-trips, byte for byte as the native encoder', () => {
  const enc = new Utf8Encoder();
  const dec = new Utf8Decoder();
  assert.equal(enc.encoding, 'utf-8');
  assert.equal(dec.encoding, 'utf-8');
  // all of U+0000…U+10FFFF minus the surrogates, in blocks (1-, 2-, 3- and 4-byte forms and every boundary)
  const BLOCK = 0x8000;
  for (let start = 0; start <= 0x10ffff; start += BLOCK) {
    let s = '';
    for (let cp = start; cp < Math.min(start + BLOCK, 0x110000); cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      s += String.fromCodePoint(cp);
    }
    const bytes = enc.encode(s);
    assert.ok(bytes instanceof Uint8Array);
    same(bytes, nativeEncoder.encode(s), `encode U+${start.toString(16)}…`);
    assert.equal(dec.decode(bytes), s, `decode U+${start.toString(16)}…`);
  }
  // boundaries one by one
  for (const cp of [0, 0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xfeff, 0xfffd, 0xffff, 0x10000, 0x1f600, 0x10fffe, 0x10ffff]) {
    const s = `a${String.fromCodePoint(cp)}b`;
    same(enc.encode(s), nativeEncoder.encode(s), `U+${cp.toString(16)}`);
    assert.equal(dec.decode(enc.encode(s)), cp === 0xfeff ? s : s);
  }
  // surrogate pairs written as pairs: emoji, CJK extension B, ZWJ sequences
  for (const s of ['😀', '👨‍👩‍👧', '𠮷野家', '中文😀', '备注🎉👨‍👩‍👧 𠮷野家 é', '\u{10ffff}\u{10000}']) {
    same(enc.encode(s), nativeEncoder.encode(s), s);
    assert.equal(dec.decode(enc.encode(s)), s);
  }
  // encode() without an argument, and non-strings
  assert.equal(enc.encode().length, 0);
  same(enc.encode(undefined), nativeEncoder.encode(undefined));
  same(enc.encode(null), nativeEncoder.encode(null));
  same(enc.encode(12.5), nativeEncoder.encode(12.5));
  same(enc.encode({ toString: () => '对象' }), nativeEncoder.encode({ toString: () => '对象' }));
});

test('lone surrogates encode as U+FFFD (EF BF BD), as the native encoder does', () => {
  const enc = new Utf8Encoder();
  const cases = ['\ud800', '\udfff', 'a\ud800b', 'a\udc00b', '\ud83d', 'x\ud83d', '\ude00\ud83d', '\ud83d\ud83d\ude00', '\ud83d\ude00\ude00',
    '\udbff\udfff\udbff', '\ud800\ud800', 'end\ud800'];
  for (const s of cases) {
    const bytes = enc.encode(s);
    same(bytes, nativeEncoder.encode(s), JSON.stringify(s));
    assert.ok(Buffer.from(bytes).includes(Buffer.from([0xef, 0xbf, 0xbd])), JSON.stringify(s));
  }
  const rnd = random(7);
  for (let n = 0; n < 2000; n++) {
    let s = '';
    const len = Math.floor(rnd() * 8);
    for (let i = 0; i < len; i++) {
      const r = rnd();
      s += String.fromCharCode(r < 0.3 ? 0xd800 + Math.floor(rnd() * 0x800) : r < 0.5 ? Math.floor(rnd() * 0x80) : Math.floor(rnd() * 0x10000));
    }
    same(enc.encode(s), nativeEncoder.encode(s), JSON.stringify(s));
  }
});

test('invalid and truncated UTF-8 decodes to U+FFFD per maximal subpart, exactly as the native decoder', () => {
  const dec = new Utf8Decoder();
  const native = new TextDecoder();
  const cases = [
    [0x80], [0xbf], [0x80, 0x80], [0xc0, 0x80], [0xc1, 0xbf], [0xc2], [0xc2, 0x41], [0xdf],
    [0xe0, 0x80, 0x80], [0xe0, 0x9f, 0xbf], [0xe0, 0xa0], [0xe0, 0xa0, 0x41], [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xed, 0x9f, 0xbf],
    [0xef, 0xbf], [0xef, 0xbf, 0xbf], [0xf0, 0x80, 0x80, 0x80], [0xf0, 0x8f, 0xbf, 0xbf], [0xf0, 0x90, 0x80], [0xf0, 0x90, 0x80, 0x41],
    [0xf4, 0x8f, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80, 0x80, 0x80], [0xf7, 0xbf, 0xbf, 0xbf], [0xf8, 0x88, 0x80, 0x80, 0x80],
    [0xfc, 0x84, 0x80, 0x80, 0x80, 0x80], [0xfe], [0xff], [0xfe, 0xff], [0x41, 0xe4, 0xb8, 0x42, 0xe4, 0xb8, 0xad],
    [0xe4, 0xb8, 0xad, 0xf0, 0x9f, 0x98], [0xf0, 0x9f, 0x98, 0x80, 0xf0, 0x9f], [0xc3, 0xc3, 0xa9],
  ];
  for (const c of cases) {
    const bytes = new Uint8Array(c);
    assert.equal(dec.decode(bytes), native.decode(bytes), Buffer.from(c).toString('hex'));
  }
  // fuzz: random short byte strings biased towards the interesting bytes
  const rnd = random(42);
  const pool = [0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe4, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff];
  for (let n = 0; n < 20000; n++) {
    const len = Math.floor(rnd() * 10);
    const bytes = new Uint8Array(len);
    for (let i = 0; i < len; i++) bytes[i] = rnd() < 0.8 ? pool[Math.floor(rnd() * pool.length)] : Math.floor(rnd() * 256);
    assert.equal(dec.decode(bytes), native.decode(bytes), Buffer.from(bytes).toString('hex'));
  }
});

test('fatal mode throws a TypeError where the native decoder does, and decodes the same otherwise', () => {
  const dec = new Utf8Decoder('utf-8', { fatal: true });
  const native = new TextDecoder('utf-8', { fatal: true });
  assert.equal(dec.fatal, true);
  const rnd = random(3);
  let thrown = 0;
  for (let n = 0; n < 5000; n++) {
    const len = Math.floor(rnd() * 8);
    const bytes = new Uint8Array(len);
    for (let i = 0; i < len; i++) bytes[i] = rnd() < 0.5 ? 0x80 + Math.floor(rnd() * 0x80) : Math.floor(rnd() * 256);
    let want;
    try {
      want = native.decode(bytes);
    } catch (e) {
      want = e;
    }
    if (want instanceof Error) {
      thrown++;
      assert.throws(() => dec.decode(bytes), TypeError, Buffer.from(bytes).toString('hex'));
    } else {
      assert.equal(dec.decode(bytes), want);
    }
  }
  assert.ok(thrown > 1000, `${thrown} invalid inputs`);
  // after a throw the decoder starts afresh
  assert.throws(() => dec.decode(new Uint8Array([0xe4, 0xb8])), TypeError);
  assert.equal(dec.decode(new Uint8Array([0xe4, 0xb8, 0xad])), '中');
});

test('a leading BOM is dropped unless ignoreBOM; labels; input types', () => {
  const bom = [0xef, 0xbb, 0xbf];
  const text = [...bom, 0x61, ...bom, 0x62];
  assert.equal(new Utf8Decoder().decode(new Uint8Array(text)), new TextDecoder().decode(new Uint8Array(text)));
  assert.equal(new Utf8Decoder().decode(new Uint8Array(text)), 'a\ufeffb');
  assert.equal(new Utf8Decoder('utf-8', { ignoreBOM: true }).decode(new Uint8Array(text)), '\ufeffa\ufeffb');
  assert.equal(new Utf8Decoder().decode(new Uint8Array(bom)), '');
  // the BOM is only dropped at the start of a stream
  const d = new Utf8Decoder();
  assert.equal(d.decode(new Uint8Array([0x61]), { stream: true }) + d.decode(new Uint8Array(bom)), 'a\ufeff');
  assert.equal(d.decode(new Uint8Array(bom)), '', 'a new stream after a flush');

  for (const label of ['utf-8', 'UTF-8', 'utf8', ' utf-8 ', 'unicode-1-1-utf-8', undefined]) assert.equal(new Utf8Decoder(label).encoding, 'utf-8');
  for (const label of ['latin1', 'utf-16le', 'gbk', '']) assert.throws(() => new Utf8Decoder(label), RangeError, label);

  const bytes = Buffer.from('中文😀', 'utf8');
  const dec = new Utf8Decoder();
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
  assert.equal(dec.decode(ab), '中文😀');
  assert.equal(dec.decode(new DataView(ab)), '中文😀');
  assert.equal(dec.decode(new Uint8Array(ab, 3, 3)), '文');
  assert.equal(dec.decode(), '');
  assert.throws(() => dec.decode('text'), TypeError);
});

test('streaming: a sequence split at any byte decodes as the native decoder does', () => {
  const text = 'aé中😀\u{10ffff}z';
  const bytes = nativeEncoder.encode(text);
  for (let i = 0; i <= bytes.length; i++) {
    for (let j = i; j <= bytes.length; j++) {
      const d = new Utf8Decoder();
      const n = new TextDecoder();
      const parts = [bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)];
      const ours = d.decode(parts[0], { stream: true }) + d.decode(parts[1], { stream: true }) + d.decode(parts[2]);
      const theirs = n.decode(parts[0], { stream: true }) + n.decode(parts[1], { stream: true }) + n.decode(parts[2]);
      assert.equal(ours, theirs, `split at ${i}, ${j}`);
      assert.equal(ours, text);
    }
  }
  // an incomplete sequence at the end of the stream is one U+FFFD when flushed
  const d = new Utf8Decoder();
  assert.equal(d.decode(new Uint8Array([0xf0, 0x9f]), { stream: true }), '');
  assert.equal(d.decode(new Uint8Array([0x98])), '\ufffd');
  assert.equal(d.decode(new Uint8Array([0x41])), 'A', 'fresh after the flush');
});

test('encodeInto writes whole characters only and reports read/written like the native encoder', () => {
  const enc = new Utf8Encoder();
  const strings = ['', 'abc', 'é', '中文', '😀', 'a😀b', '中😀é\ud800x', '\udc00\ud83d\ude00', 'x'.repeat(40) + '👨‍👩‍👧'];
  for (const s of strings) {
    const full = nativeEncoder.encode(s).length;
    for (let size = 0; size <= full + 2; size++) {
      const a = new Uint8Array(size).fill(0xaa);
      const b = new Uint8Array(size).fill(0xaa);
      const ours = enc.encodeInto(s, a);
      const theirs = nativeEncoder.encodeInto(s, b);
      assert.deepEqual(ours, { read: theirs.read, written: theirs.written }, `${JSON.stringify(s)} into ${size}`);
      same(a, b, `${JSON.stringify(s)} into ${size}: bytes`);
    }
  }
  // into a view of a larger buffer (as wasm-bindgen does: a subarray of wasm memory)
  const memory = new Uint8Array(32).fill(0);
  const r = enc.encodeInto('中😀', memory.subarray(5, 12));
  assert.deepEqual(r, { read: 3, written: 7 });
  same(memory.subarray(5, 12), nativeEncoder.encode('中😀'));
  assert.equal(memory[4], 0);
  assert.equal(memory[12], 0);
  assert.throws(() => enc.encodeInto('x', [0, 0]), TypeError);
});

// ---------------------------------------------------------------------------
// The built bundle: the glue's TextEncoder is the runtime's own when it has one.
const fx = fixture();

test('the mini-program bundle uses the native TextEncoder when the runtime has one', async () => {
  const mp = fx.sim();
  // A "native" TextEncoder in the context that counts its use (backed by Node's).
  mp.global.__hostEncoder = new TextEncoder();
  mp.evaluate(`globalThis.TextEncoder = class TextEncoder {
    constructor() { TextEncoder.made = (TextEncoder.made || 0) + 1; TextEncoder.calls = TextEncoder.calls || 0; }
    get encoding() { return 'utf-8'; }
    encode(s) { TextEncoder.calls++; return new Uint8Array(__hostEncoder.encode(s)); }
    encodeInto(s, d) { TextEncoder.calls++; return __hostEncoder.encodeInto(s, d); }
  };`);
  const WXAPI = mp.require('apifm-wasm');
  assert.equal(mp.evaluate('TextEncoder.made'), 1, 'the glue made its encoder from the native class');
  WXAPI.init('demo');
  const res = toHost(await within(WXAPI.queryConfigValue('mallName'), 3000, 'ascii'));
  assert.equal(res.code, 0);
  await within(WXAPI.queryConfigValue('中文😀'), 3000, 'non-ASCII');
  assert.ok(mp.evaluate('TextEncoder.calls') >= 1, 'non-ASCII arguments went through the native encoder');
  assert.equal(fx.backend.requests.pop().query, `key=${encodeURIComponent('中文😀')}`);

  // without one, the bundle's polyfill is used and no global appears
  const bare = fx.sim();
  const W2 = bare.require('apifm-wasm');
  W2.init('demo');
  await within(W2.queryConfigValue('中文😀'), 3000, 'polyfill');
  assert.equal(bare.evaluate('typeof TextEncoder + typeof TextDecoder'), 'undefinedundefined');
  assert.equal(fx.backend.requests.pop().query, `key=${encodeURIComponent('中文😀')}`);
});
