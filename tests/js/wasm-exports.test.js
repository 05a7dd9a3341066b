// iOS WeChat: WXWebAssembly supports exported functions and memory (and no
// Global). The build keeps only those exports (tools/wasm-exports.js) and its
// MVP scan (tests/tools/mvp-scan.js) fails on an exported global or table.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { scan } = require('../tools/mvp-scan.js');
const { filterExports, iosSafe } = require('../../tools/wasm-exports.js');

const ROOT = path.join(__dirname, '..', '..');

// (module (memory 1) (global i32 (i32.const 0)) (export "memory" (memory 0)) (export "g" (global 0)))
const withGlobal = Buffer.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x05, 0x03, 0x01, 0x00, 0x01,
  0x06, 0x06, 0x01, 0x7f, 0x00, 0x41, 0x00, 0x0b,
  0x07, 0x0e, 0x02, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x01, 0x67, 0x03, 0x00,
]);

const exportsOf = (bytes) => WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => `${e.kind} ${e.name}`);

test('the MVP scan refuses an exported global', () => {
  assert.deepEqual(exportsOf(withGlobal), ['memory memory', 'global g']);
  const { problems } = scan(withGlobal);
  assert.equal(problems.length, 1);
  assert.match(problems[0], /exported global 'g'/);
});

test('filterExports keeps functions and memory: the result is a valid module the scan accepts', () => {
  const { bytes, dropped } = filterExports(withGlobal, iosSafe);
  assert.deepEqual(dropped, ['global g']);
  assert.deepEqual(exportsOf(bytes), ['memory memory']);
  assert.deepEqual(scan(bytes).problems, []);
});

test('the shipped wasm exports only functions and memory', () => {
  const wasm = fs.readFileSync(path.join(ROOT, 'pkg', 'apifm_wasm_bg.wasm'));
  const kinds = new Set(WebAssembly.Module.exports(new WebAssembly.Module(wasm)).map((e) => e.kind));
  assert.deepEqual([...kinds].sort(), ['function', 'memory']);
  assert.deepEqual(scan(wasm).problems, []);
});

test('the shipped wasm exports the binding and its memory, not the C memory functions of src/mem.rs', () => {
  const wasm = fs.readFileSync(path.join(ROOT, 'pkg', 'apifm_wasm_bg.wasm'));
  const names = WebAssembly.Module.exports(new WebAssembly.Module(wasm)).map((e) => e.name).sort();
  assert.deepEqual(names, ['build', 'configure', 'input', 'memory', 'output_ptr', 'reform', 'row']);
});
