// js-shim/row.js reads what the shim needs of a method from the columns of
// its table row: for every row of every surface (apifm-wxapi's, apifm-webapi's,
// apifm-uniapp's), what it reads agrees with the method's entry in spec/.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { shim } = require('./lib/shim.js');

const ROOT = path.join(__dirname, '..', '..');
const jsonl = (f) => fs.readFileSync(path.join(ROOT, 'spec', f), 'utf8').split('\n').filter((l) => l && !l.startsWith('//')).map((l) => JSON.parse(l)).filter((r) => r.name && !r.generated);
const retrySafe = JSON.parse(fs.readFileSync(path.join(ROOT, 'spec', 'retry-safe.json'), 'utf8'));

/** The rows of a generated all.js: name -> [row, flags]. */
function packed(file) {
  const src = fs.readFileSync(path.join(ROOT, 'js-shim', file), 'utf8');
  const str = (name) => JSON.parse(new RegExp(`const ${name} = ("(?:[^"\\\\]|\\\\.)*")`).exec(src)[1]);
  const names = str('names').split(',');
  const rows = str('rows').split('\n');
  const reads = str('reads');
  return new Map(names.map((n, i) => [n, [rows[i] || null, (parseInt(reads[Math.floor(i / 5)], 32) >> (i % 5)) & 1]]));
}

/** What the spec says of a method, in row.js's terms. */
function expected(r) {
  const reads = retrySafe.reads[r.name];
  return {
    sync: r.kind === 'url',
    random: r.params.some((p) => p.default && p.default.random),
    storage: r.storage ? r.storage[0] : null,
    file: r.kind && r.kind.endsWith('.uploadFile') ? (r.objectUpload ? 'o' : String(r.filePath)) : null,
    read: Boolean(reads && [].concat(reads).includes(r.url) && !r.kind),
  };
}

test('row.js reads every row of every surface as spec/ describes the method', () => {
  const { readRow } = shim('row.js');
  const surfaces = [
    ['all.js', [...jsonl('reference.jsonl'), ...jsonl('inferred.jsonl')]],
    ['webapi/all.js', jsonl('reference-webapi.jsonl')],
    ['uniapp/all.js', jsonl('reference-uniapp.jsonl')],
  ];
  let n = 0;
  for (const [file, specRows] of surfaces) {
    const table = packed(file);
    for (const r of specRows) {
      const [row, read] = table.get(r.name);
      assert.ok(row, `${file}: ${r.name} has a row`);
      const s = readRow(r.name, row, read);
      const got = { sync: s.sync, random: s.random, storage: s.storage, file: s.file, read: s.read };
      assert.deepEqual(got, expected(r), `${file}: ${r.name} (${row})`);
      n++;
    }
  }
  assert.ok(n > 2000, `${n} rows`);
});
