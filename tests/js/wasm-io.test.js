// The shim's side of the wasm boundary (js-shim/wasm-io.js): a call's text
// goes into wasm memory as UTF-8 written by hand (mini-programs have no
// TextEncoder), the answer comes out as ASCII. Checked here against Node's
// own UTF-8 encoder over every Unicode scalar value, with a stand-in for the
// core's input() that grows a real WebAssembly.Memory the way src/lib.rs does.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { shim } = require('./lib/shim.js');

// The shim's sources are ES modules bundled by esbuild: load this one the same way (tests/js/lib/shim.js).
const io = Promise.resolve(shim('wasm-io.js'));

/** input(len) as the core answers it: a buffer at a fixed address that only grows (keeping its bytes), 0 past a cap. */
function fakeCore({ cap = 1 << 24, at = 1024 } = {}) {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const x = {
    memory,
    calls: [],
    size: 0,
    input(len) {
      x.calls.push(len);
      if (len > cap) return 0;
      const need = at + len;
      if (need > memory.buffer.byteLength) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536)); // detaches old views
      x.size = Math.max(x.size, len);
      return at;
    },
    bytes(len) {
      return Buffer.from(new Uint8Array(memory.buffer, at, len));
    },
    output_ptr: () => at,
  };
  return x;
}

test('every Unicode scalar value is written byte for byte as UTF-8', async () => {
  const { writeInput } = await io;
  const BLOCK = 0x4000;
  for (let start = 0; start <= 0x10ffff; start += BLOCK) {
    let s = '';
    for (let cp = start; cp < Math.min(start + BLOCK, 0x110000); cp++) {
      if (cp < 0xd800 || cp > 0xdfff) s += String.fromCodePoint(cp);
    }
    const x = fakeCore();
    const len = writeInput(x, s);
    const want = Buffer.from(s, 'utf8');
    assert.equal(len, want.length, `U+${start.toString(16)}…`);
    assert.ok(x.bytes(len).equals(want), `U+${start.toString(16)}…`);
  }
});

test('ASCII is written in one pass; the first other character asks once for the exact UTF-8 length, keeping the prefix', async () => {
  const { writeInput } = await io;
  const x = fakeCore();
  assert.equal(writeInput(x, '["sabc"]'), 8);
  assert.deepEqual(x.calls, [8]);
  const y = fakeCore({ at: 65530 }); // the second input() grows the memory: the writer must take a new view
  const s = `["s${'a'.repeat(100)}中文😀é"]`;
  const len = writeInput(y, s);
  assert.equal(len, Buffer.byteLength(s));
  assert.deepEqual(y.calls, [s.length, Buffer.byteLength(s)]);
  assert.ok(y.bytes(len).equals(Buffer.from(s)));
});

test('a lone surrogate is written as its 3-byte form, which the core refuses as not UTF-8', async () => {
  const { writeInput } = await io;
  for (const s of ['a\ud800b', 'a\udc00', '\ud83d']) {
    const x = fakeCore();
    const len = writeInput(x, s);
    assert.equal(len, Buffer.from(s, 'utf8').length);
    assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(x.bytes(len)));
  }
});

test('a buffer the core refuses (past its cap) gives -1, ASCII or not', async () => {
  const { writeInput } = await io;
  assert.equal(writeInput(fakeCore({ cap: 4 }), 'abcde'), -1);
  assert.equal(writeInput(fakeCore({ cap: 6 }), 'abc中文'), -1); // 5 units fit, 9 bytes do not
  assert.equal(writeInput(fakeCore({ cap: 0 }), ''), 0);
});

/** The module loaded afresh with `globals` in scope (TextDecoder: absent as on mini-programs, or counted). */
function loadWith(globals) {
  return shim.with(globals, 'wasm-io.js');
}

test('readOutput reads ASCII of any length the same with the platform TextDecoder and without one (mini-programs)', () => {
  let decoded = 0;
  class Counting extends TextDecoder {
    decode(b) {
      decoded++;
      return super.decode(b);
    }
  }
  for (const [label, TD] of [['TextDecoder', Counting], ['no TextDecoder', undefined]]) {
    const { readOutput } = loadWith({ TextDecoder: TD });
    const x = fakeCore();
    const ascii = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i)).join('');
    for (const text of [ascii, '{"k":"request","u":"https://x/\\u4e2d"}', 'x'.repeat(8192 * 3 + 17) + '{"k":"request"}']) {
      x.input(text.length);
      new Uint8Array(x.memory.buffer, 1024, text.length).set(Buffer.from(text, 'latin1'));
      assert.equal(readOutput(x, text.length), text, label);
    }
    assert.equal(readOutput(x, 0), '', label);
  }
  assert.equal(decoded, 3); // the first loading used it, the second had none to use
});

test('the audience number and the error marker are the protocol\'s (spec/protocol.json)', async () => {
  const { audienceCode, isError } = await io;
  const spec = require('../../spec/protocol.json');
  for (const a of spec.audience.codes) {
    for (const s of spec.style.codes) {
      const code = audienceCode(a.code, s.code);
      assert.equal(code & spec.audience.mask, a.code);
      assert.equal(code >> spec.style.shift, s.code);
    }
  }
  assert.equal(isError(`${spec.error.marker}{"e":"argument","p":"id","m":"is required"}`), true);
  for (const answer of ['{"k":"request"}', '', 'e{}']) assert.equal(isError(answer), false, answer);
});
