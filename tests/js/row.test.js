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

/** The strings a generated all.js holds: its packed names, rows and shared tails, and its read bits. */
function strings(file) {
  const src = fs.readFileSync(path.join(ROOT, 'js-shim', file), 'utf8');
  const str = (re) => JSON.parse(re.exec(src)[1]);
  const S = '("(?:[^"\\\\]|\\\\.)*")';
  const [, rows, leads, tails] = new RegExp(`rowTable\\(${S}, ${S}, ${S}\\)`).exec(src).map((x, i) => (i ? JSON.parse(x) : x));
  return { names: str(new RegExp(`unpackNames\\(${S}\\)`)), rows, leads, tails, reads: str(new RegExp(`const reads = ${S}`)) };
}

/** The rows of a generated all.js, unpacked by js-shim/packed.js: name -> [row, read bit]. */
function packed(file) {
  const { unpackNames, unpackRows } = shim('packed.js');
  const s = strings(file);
  const names = unpackNames(s.names);
  const rows = unpackRows(s.rows, s.leads, s.tails);
  assert.equal(rows.length, names.length, file);
  return new Map(names.map((n, i) => [n, [rows[i] || null, (parseInt(s.reads[Math.floor(i / 5)], 32) >> (i % 5)) & 1]]));
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
  // The packed form is what start-up and the builds without named exports
  // pay for: far under the plain rows.
  const s = strings('all.js');
  const plain = [...main.values()].filter(Boolean).join('\n').length + [...main.keys()].join(',').length;
  const now = s.names.length + s.rows.length + s.leads.length + s.tails.length;
  assert.ok(now < plain * 0.6, `${now} vs ${plain} characters`);
});
