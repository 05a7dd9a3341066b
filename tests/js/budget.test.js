// Byte budgets of the shipped artefacts (bench/budget.json): CI fails when a
// file grows past its budget. Sizes only — timings are never asserted.
// After a deliberate growth, raise the budget in the same commit and say why.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const ROOT = path.join(__dirname, '..', '..');
const budget = JSON.parse(fs.readFileSync(path.join(ROOT, 'bench', 'budget.json'), 'utf8'));

for (const [file, limit] of Object.entries(budget.files)) {
  test(`budget: pkg/${file}`, () => {
    const bytes = fs.readFileSync(path.join(ROOT, 'pkg', file));
    const size = { raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
    process.stdout.write(`# pkg/${file}: ${size.raw} raw (budget ${limit.raw}), ${size.gzip} gzip (budget ${limit.gzip})\n`);
    assert.ok(size.raw <= limit.raw, `pkg/${file} is ${size.raw} bytes raw, over its budget of ${limit.raw}`);
    assert.ok(size.gzip <= limit.gzip, `pkg/${file} is ${size.gzip} bytes gzipped, over its budget of ${limit.gzip}`);
  });
}

test('every shipped file has a budget', () => {
  const shipped = ['index.js', 'index.mjs', 'web.mjs', 'miniprogram.mjs', 'apifm-wasm.min.js', 'apifm_wasm_bg.wasm', 'apifm_wasm_bg.mjs', 'bin/apifm-wasm.js', 'webapi-node.js', 'webapi-node.mjs', 'webapi-web.mjs', 'uniapp.mjs', 'uniapp-miniprogram.mjs', ...fs.readdirSync(path.join(ROOT, 'pkg', 'miniprogram_dist')).map((f) => `miniprogram_dist/${f}`)];
  assert.deepEqual(shipped.filter((f) => !budget.files[f]), []);
});
