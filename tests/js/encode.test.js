// The shim's tagged-JSON encoder (js-shim/encode.js) quotes plain strings
// itself and keeps the JSON of object keys it has seen: its output must be
// exactly what JSON.stringify of every string gives, for any string and for
// keys seen before (from the cache) or not.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('path');
const esbuild = require('esbuild');

const bundled = esbuild.buildSync({ entryPoints: [path.join(__dirname, '..', '..', 'js-shim', 'encode.js')], bundle: true, format: 'cjs', platform: 'neutral', write: false });
const mod = { exports: {} };
new Function('module', 'exports', bundled.outputFiles[0].text)(mod, mod.exports);
const { encode, encodeList } = mod.exports;

/** The encoding as specified (core/src/value.rs): every string through JSON.stringify. */
function expected(v) {
  if (typeof v === 'string') return JSON.stringify('s' + v);
  if (typeof v === 'number') return `"n${v}"`;
  if (typeof v === 'boolean') return v ? '"t"' : '"f"';
  if (v === undefined) return '"u"';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(expected).join(',')}]`;
  return `{${Object.keys(v).map((k) => `${JSON.stringify(k)}:${expected(v[k])}`).join(',')}}`;
}

// Strings that need escaping, and ones that do not, of every kind.
const samples = ['', 'token', 'a b', '苹果 & 梨', 'é', '😀', 'x\ud83d', '\udc00y', '\ud800', 'q"q', 'b\\s', 'tab\t', 'nl\n', '\u0000', '\u001f', '\u007f', '\u2028\u2029', '</script>', 'k'.repeat(65), "'"];

test('strings and object keys encode exactly as JSON.stringify writes them, first time and from the key cache', () => {
  for (let round = 0; round < 2; round++) {
    for (const s of samples) {
      assert.equal(encode(s), expected(s), `value ${JSON.stringify(s)}`);
      const obj = { [s]: s, plain: s, [`${s}2`]: [s, 1, null] };
      assert.equal(encode(obj), expected(obj), `key ${JSON.stringify(s)}`);
    }
  }
  assert.equal(encodeList([{ token: 't', goodsId: 1, number: 2 }], 1), '[{"token":"st","goodsId":"n1","number":"n2"}]');
  assert.equal(encodeList([123, 'token'], 2), '["n123","stoken"]');
});

test('random strings of every code unit encode as JSON.stringify writes them', () => {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  const units = [0, 0x1f, 0x20, 0x22, 0x41, 0x5c, 0x7e, 0x7f, 0xe9, 0x4e2d, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, 0xfffd, 0xffff];
  for (let i = 0; i < 3000; i++) {
    let s = '';
    const n = next() % 6;
    for (let j = 0; j < n; j++) s += String.fromCharCode(next() % 3 ? units[next() % units.length] : next() % 0x10000);
    const obj = { [s]: s };
    assert.equal(encode(obj), expected(obj), JSON.stringify(s));
  }
});
