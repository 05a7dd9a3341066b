#!/usr/bin/env node
// Generates the endpoint table from the spec:
//   spec/reference.jsonl  facts extracted from apifm-wxapi (tools/extract-reference.js)
//   spec/rules.jsonl      hand-kept columns: parameter rules, fixes, descriptions
//   spec/inferred.jsonl   hand-kept rows of methods the reference does not ship
// and writes (all "generated — do not edit"):
//   core/src/table.rs     the rows, one compact line each, for the Rust core (and the
//                         other surfaces' own rows, for its native tests)
//   js-shim/methods.js    one export per method with its row (and 1 when it only reads), and the WXAPI object
//   js-shim/all.js        the same WXAPI object from packed strings (builds without named exports)
//   mock/routes.json      every endpoint's path on the mock backend (mock/server.js)
//   js-shim/<surface>/    the same for apifm-wasm/webapi and apifm-wasm/uniapp
//   pkg-template/*.d.ts   the declarations (hand-written parts: pkg-template/types/)
//   docs/api.md           the API reference; core/src/limits.rs, js-shim/limits.js
// The work is split by output kind in tools/gen/: spec.js (the spec, loaded
// and checked once), rows.js (the row encoder), tables.js (the shim's
// tables and the surfaces), types.js, api-md.js, mock.js, limits.js.
//
// Row grammar (core/src/endpoint.rs decodes it once per row, when the shim
// registers the row, and refuses a row that breaks it), fields separated by `|`:
//   verb   g | p | {N} (argument N is the verb)
//   sub    1 | 0       needSubDomain as the reference passes it
//   url    template: {A} API base, {C} common base + "/", {M} CMS base + "/", {O} OSS base + "/",
//          {s} subDomain, {m} merchantId, {N} argument N (percent-encoded)
//   params name[:rule][=default], comma-separated; rule letters i n b s j a o f p,
//          `!` = required; default 'text' | false | ~ (Math.random())
//   data   empty (no data) | {} (an empty object) | @N[+key=src…] (object argument N, copied, plus
//          fields) | key[=src],… where src is N (argument), 'text', #digits (a number),
//          $s (subDomain), $k:key (storage), jN (join), JN (JSON.stringify),
//          KN (JSON.stringify when non-empty, else ''); every N is below the number of params
//   kind   empty | uN:field / uo:field (wx.uploadFile, file in argument N or in
//          the object) | tN:field (tt.uploadFile) | c (wx.compressImage) | r (sync URL)
//
// Usage: node tools/gen-table.js [--check]'use strict';
const { fs, path, ROOT, rulesFor, fail, rows, rules } = require('./gen/spec.js');
const { js, allJs, surfaces, rustTable, retrySafeCount } = require('./gen/tables.js');
const { dts, surfaceDts, typedParams, notedFields, typedResponses } = require('./gen/types.js');
const { apiMd } = require('./gen/api-md.js');
const { mockJson } = require('./gen/mock.js');
const { limitsRs, limitsJs } = require('./gen/limits.js');

const outputs = [
  ['core/src/table.rs', rustTable],
  ['core/src/limits.rs', limitsRs],
  ['js-shim/limits.js', limitsJs],
  ['js-shim/methods.js', js],
  ['js-shim/all.js', allJs],
  ...surfaces.flatMap((sf) => [[`js-shim/${sf.name}/methods.js`, sf.js], [`js-shim/${sf.name}/all.js`, sf.allJs]]),
  ['pkg-template/index.d.ts', dts],
  ...surfaces.map((sf) => [`pkg-template/${sf.name}.d.ts`, surfaceDts(sf)]),
  ['docs/api.md', apiMd],
  ['mock/routes.json', mockJson],
];
let stale = [];
for (const [f, text] of outputs) {
  const p = path.join(ROOT, f);
  if (process.argv.includes('--check')) {
    if (!fs.existsSync(p) || fs.readFileSync(p, 'utf8') !== text) stale.push(f);
  } else {
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
}
if (stale.length) fail(`stale: ${stale.join(', ')} — run \`make regen\``);
const all = rows.flatMap((r) => rulesFor(r, rules.get(r.name)));
const counts = { parameters: all.length, typed: all.filter((x) => x.replace('!', '')).length, required: all.filter((x) => x.includes('!')).length };
process.stdout.write(`${process.argv.includes('--check') ? 'checked' : 'wrote'} ${outputs.map((o) => o[0]).join(', ')}: ${rows.length} endpoints; rules: ${counts.typed} typed and ${counts.required} required of ${counts.parameters} parameters; ${typedParams.length} methods with typed object fields (${notedFields} fields with notes), ${typedResponses.length} with typed responses; ${retrySafeCount} retry-safe reads (spec/retry-safe.json)\n`);
