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

/** The strings a generated all.js holds: its names, packed rows, leads and tails, and its read bits. */
function strings(file) {
  const src = fs.readFileSync(path.join(ROOT, 'js-shim', file), 'utf8');
  const S = '("(?:[^"\\\\]|\\\\.)*")';
  const [, rows, leads, tails] = new RegExp(`rowTable\\(${S}, ${S}, ${S}\\)`).exec(src).map((x, i) => (i ? JSON.parse(x) : x));
  const str = (name) => JSON.parse(new RegExp(`const ${name} = ${S}`).exec(src)[1]);
  return { names: str('names'), rows, leads, tails, reads: str('reads') };
}

/** The rows of a generated all.js, unpacked by js-shim/packed.js (in a random order): name -> [row, read bit]. */
function packed(file) {
  const s = strings(file);
  const names = s.names.split(',');
  const row = shim('packed.js').rowTable(s.rows, s.leads, s.tails);
  assert.equal(s.rows.split('\n').length, names.length, file);
  const order = names.map((n, i) => i).sort((a, b) => ((a * 7919) % 1013) - ((b * 7919) % 1013));
  const rows = [];
  for (const i of order) rows[i] = row(i);
  return new Map(names.map((n, i) => [n, [rows[i], (parseInt(s.reads[Math.floor(i / 5)], 32) >> (i % 5)) & 1]]));
}

/** The rows of a generated methods.js (one export per method, each row as written): name -> row. */
function named(file) {
  const src = fs.readFileSync(path.join(ROOT, 'js-shim', file), 'utf8');
  return new Map([...src.matchAll(/export const (\w+) = \/\* @__PURE__ \*\/ m\(engine, "\w+", ("(?:[^"\\]|\\.)*"|null)/g)].map(([, n, row]) => [n, JSON.parse(row)]));
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

test('packed tables: every all.js unpacks to the rows its methods.js writes out, every method once', () => {
  const main = named('methods.js');
  for (const [file, own] of [['all.js', main], ['webapi/all.js', named('webapi/methods.js')], ['uniapp/all.js', named('uniapp/methods.js')]]) {
    const table = packed(file);
    let compared = 0;
    for (const [name, [row]] of table) {
      // A surface re-exports the main entry's methods whose rows are the same.
      const want = own.has(name) ? own.get(name) : main.get(name);
      assert.ok(want !== undefined, `${file}: ${name} is a method of the named build`);
      assert.equal(row, want, `${file}: ${name}`);
      compared++;
    }
    assert.ok(compared > 900, `${file}: ${compared} rows`);
  }
  // The packed rows are what the builds without named exports ship: under
  // half the characters of the rows as written.
  const s = strings('all.js');
  const plain = [...main.values()].filter(Boolean).join('\n').length;
  const now = s.rows.length + s.leads.length + s.tails.length;
  assert.ok(now < plain * 0.5, `${now} vs ${plain} characters`);
});
