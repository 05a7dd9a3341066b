// The browser build's DEFLATE decoder (js-shim/inflate.js) against zlib:
// stored, fixed and dynamic Huffman blocks, every level, long matches, the
// shipped wasm itself; malformed input throws instead of looping or reading
// past the end.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const crypto = require('crypto');
const esbuild = require('esbuild');

const ROOT = path.join(__dirname, '..', '..');
const bundled = esbuild.buildSync({ entryPoints: [path.join(ROOT, 'js-shim', 'inflate.js')], bundle: true, format: 'cjs', platform: 'neutral', write: false });
const mod = { exports: {} };
new Function('module', 'exports', bundled.outputFiles[0].text)(mod, mod.exports);
const { inflateRaw } = mod.exports;

const same = (a, b, what) => assert.ok(Buffer.from(a).equals(Buffer.from(b)), what);

test('round-trips zlib output at every level: text, random bytes, runs, empty', () => {
  const inputs = {
    empty: Buffer.alloc(0),
    byte: Buffer.from('a'),
    text: Buffer.from('API工厂 apifm-wasm '.repeat(500) + 'end'),
    random: crypto.randomBytes(70000), // stored blocks at low levels, little to gain at any
    runs: Buffer.concat([Buffer.alloc(40000, 7), Buffer.from('xyz'), Buffer.alloc(300, 0)]),
    json: Buffer.from(JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ id: i, name: `goods ${i}`, price: i * 1.5 })))),
  };
  for (const [name, data] of Object.entries(inputs)) {
    for (let level = 0; level <= 9; level++) {
      const packed = zlib.deflateRawSync(data, { level });
      same(inflateRaw(packed, data.length), data, `${name} level ${level}`);
      same(inflateRaw(packed), data, `${name} level ${level}, no size hint`);
    }
    same(inflateRaw(zlib.deflateRawSync(data, { strategy: zlib.constants.Z_FIXED })), data, `${name} fixed Huffman`);
    same(inflateRaw(zlib.deflateRawSync(data, { strategy: zlib.constants.Z_HUFFMAN_ONLY })), data, `${name} Huffman only`);
  }
});

test('the shipped wasm, as the browser build carries it, inflates to the package .wasm', () => {
  const wasm = fs.readFileSync(path.join(ROOT, 'pkg', 'apifm_wasm_bg.wasm'));
  const carried = /export default "([A-Za-z0-9+/=]+)"/.exec(fs.readFileSync(path.join(ROOT, 'pkg', 'apifm_wasm_bg.mjs'), 'utf8'))[1];
  same(inflateRaw(Buffer.from(carried, 'base64'), wasm.length), wasm, 'apifm_wasm_bg.mjs');
});

test('malformed data throws', () => {
  const good = zlib.deflateRawSync(Buffer.from('hello hello hello hello'));
  for (const bad of [Buffer.alloc(0), Buffer.from([0xff]), good.subarray(0, good.length - 2), Buffer.from([0x07]), Buffer.from([0x01, 0x05, 0x00, 0x00, 0x00])]) {
    assert.throws(() => inflateRaw(bad), /inflate: malformed data/, bad.toString('hex'));
  }
});
