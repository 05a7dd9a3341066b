// The shim's method tables (js-shim/methods.js, all.js and the surfaces'
// own: webapi/, uniapp/) and the core's whole table with the surfaces' rows.
'use strict';
const { GEN, readJsonl, fail, rows, rules, safeAt, notReads, safeSeen, retrySafeRow, flags } = require('./spec.js');
const { encode, lines, rust } = require('./rows.js');
const { packRows } = require('./pack.js');

// One export per method, each holding its row: a bundler drops the rows
// (and names) of the methods an app does not import. `request` has no row.
const methodsOrder = [['request', null], ...rows.map((r, i) => [r.name, lines[i]])];
const js = `// ${GEN}
// Every method of the table as its own export, made by method() from its row
// (the core's grammar, tools/gen-table.js; js-shim/row.js reads what the shim
// needs first from it), and 1 when it only reads (spec/retry-safe.json);
// a bundler keeps only the methods an app imports. 'apifm-engine' is the
// engine of the runtime the bundle is built for (js-shim/entries/): named
// methods and the WXAPI object share it (one config, one queue).
import engine from 'apifm-engine';
import { method as m } from './api.js';

${methodsOrder.map(([name, line]) => `export const ${name} = /* @__PURE__ */ m(engine, ${JSON.stringify(name)}, ${JSON.stringify(line)}${flags[name] ? ', 1' : ''});`).join('\n')}
export const { init, init2, init3, setMerchantId, withOptions, use } = engine;
// A thenable, not a promise made now: nothing may start loading at import.
export const ready = { then: (resolve, reject) => engine.ready().then(resolve, reject) };
export { WXAPIError } from './errors.js';
// The WXAPI object is made from the packed form: an app that uses it ships
// every row once, packed; one that imports methods by name ships
// only theirs.
export { default } from './all.js';
`;
// The same methods, packed (the names as one string, the rows as shared
// leads, front-coded urls and shared tails: js-shim/packed.js): the builds
// that have no named exports (CommonJS, <script>, mini-programs) ship this
// form, under a third of the bytes of one export per method; a row is
// unpacked at the first call of its method.
/**
 * The all() of a packed all.js: the WXAPI object (assemble() with `extra`,
 * JS source of an object literal: WXAPI.request, a surface's own functions),
 * then one method per name from its row and whether it only reads (bit
 * i % 5 of base-32 digit i / 5 of `reads`).
 */
function readBits(names, readMap) {
  let out = '';
  for (let i = 0; i < names.length; i += 5) {
    let digit = 0;
    for (let j = 0; j < 5 && i + j < names.length; j++) if (readMap[names[i + j]]) digit |= 1 << j;
    out += digit.toString(32);
  }
  return out;
}
function packedAll(names, lines, readMap, extra) {
  const { rows, leads, tails } = packRows(lines);
  return `function all() {
  const names = ${JSON.stringify(names.join(','))}.split(',');
  const rows = rowTable(${JSON.stringify(rows)}, ${JSON.stringify(leads)}, ${JSON.stringify(tails)});
  const reads = ${JSON.stringify(readBits(names, readMap))};
  const WXAPI = assemble(engine, ${extra});
  for (let i = 0; i < names.length; i++) WXAPI[names[i]] = method(engine, names[i], i, (parseInt(reads[(i / 5) | 0], 32) >> i % 5) & 1, rows);
  return WXAPI;
}`;
}
const allJs = `// ${GEN}
// The WXAPI object with every method of the table, from the packed table
// (js-shim/packed.js): the builds without named exports (js-shim/methods.js
// has the same methods one export each). 'apifm-engine' is the engine of the
// bundle's runtime.
import engine from 'apifm-engine';
import { method, assemble } from './api.js';
import { rowTable } from './packed.js';

${packedAll(rows.map((r) => r.name), lines, flags, "{ request: method(engine, 'request', null) }")}

// Pure: an app that imports only named methods drops all of this.
export default /* @__PURE__ */ all();
`;

// --- surfaces: apifm-wasm/webapi, apifm-wasm/uniapp -------------------------
// A vendor SDK's surface: its rows come from its own reference
// (spec/reference-<name>.jsonl) in the same grammar, read by the same core
// (with the encoding style of its engine: js-shim/entries/<name>*.js). A
// method whose row (and read flag) are the main entry's is re-exported from
// js-shim/methods.js; the others are its own rows. spec/rules.jsonl applies
// by name, to the parameters the surface's method has; a row fix only to the
// row it was written for.
const mainIndex = new Map(rows.map((r, i) => [r.name, i]));
function surfaceRule(row) {
  const rule = rules.get(row.name);
  if (!rule) return {};
  const i = mainIndex.get(row.name);
  if (i !== undefined && JSON.stringify(rows[i]) === JSON.stringify(row)) return rule;
  const params = {};
  for (const [k, v] of Object.entries(rule.params || {})) if (row.params.some((p) => p.name === k)) params[k] = v;
  return { params };
}

/**
 * @param {object} s  name, vendor, what its engine does (note), the config
 *   members re-exported from ../methods.js, and its extra exports: `extras`
 *   (names from ./extras.js, in the object's order) or `request` (the main
 *   entry's generic call).
 */
function surface(s) {
  const [header, ...srows] = readJsonl(`spec/reference-${s.name}.jsonl`);
  if (!header || !header.generated) fail(`spec/reference-${s.name}.jsonl has no header: run tools/extract-reference.js`);
  const slines = srows.map((r) => encode(r, surfaceRule(r)));
  const sflags = srows.map(retrySafeRow);
  const shared = srows.filter((r, i) => mainIndex.has(r.name) && lines[mainIndex.get(r.name)] === slines[i] && Boolean(flags[r.name]) === sflags[i]).map((r) => r.name);
  const own = srows.map((r, i) => [r.name, slines[i], sflags[i]]).filter(([name]) => !shared.includes(name));
  const version = header.reference.split('@')[1];
  const extras = s.extras || [];
  const config = s.request ? ['request', ...s.config] : s.config;
  const js = `// ${GEN}
// ${s.vendor}@${version}'s surface (apifm-wasm/${s.name}): every export of it, one
// export per method. ${shared.length} methods send what the main entry's do (re-exported from
// ../methods.js, bound to this bundle's engine); ${own.length} are rows of their own. 'apifm-engine'
// is the surface's engine (js-shim/entries/${s.name}*.js: ${s.note}).
import engine from 'apifm-engine';
import { method as m } from '../api.js';

export {
${shared.map((n) => `  ${n},`).join('\n')}
} from '../methods.js';
${own.map(([name, line, f]) => `export const ${name} = /* @__PURE__ */ m(engine, ${JSON.stringify(name)}, ${JSON.stringify(line)}${f ? ', 1' : ''});`).join('\n')}
export { ${config.join(', ')} } from '../methods.js';
${extras.length ? `export { ${[...extras].sort().join(', ')} } from './extras.js';\n` : ''}export { default } from './all.js';
`;
  const flagMap = {};
  srows.forEach((r, i) => {
    if (sflags[i]) flagMap[r.name] = sflags[i];
  });
  const allJs = `// ${GEN}
// The WXAPI object of apifm-wasm/${s.name}, from the packed table (../packed.js;
// the builds without named exports; js-shim/${s.name}/methods.js has the same
// methods one export each)${extras.length ? `, with ${s.vendor}'s ${extras.join(', ')}` : ''}.
import engine from 'apifm-engine';
import { method, assemble } from '../api.js';
import { rowTable } from '../packed.js';
${extras.length ? `import { ${[...extras].sort().join(', ')} } from './extras.js';\n` : ''}
${packedAll(srows.map((r) => r.name), slines, flagMap, `{ ${[...(s.request ? ["request: method(engine, 'request', null)"] : []), ...extras].join(', ')} }`)}

export default /* @__PURE__ */ all();
`;
  return { ...s, header, version, rows: srows, shared, own, config, js, allJs };
}
const CONFIG = ['init', 'init2', 'init3', 'setMerchantId', 'withOptions', 'use', 'ready', 'WXAPIError'];
const surfaces = [
  surface({ name: 'webapi', vendor: 'apifm-webapi', note: "apifm-webapi's encoding style", config: CONFIG, extras: ['timeout', 'request', 'requestX'] }),
  surface({ name: 'uniapp', vendor: 'apifm-uniapp', note: 'uni.request, X-Token', config: CONFIG, request: true, extras: ['getLocation'] }),
];
// The surfaces' own rows reach the core from their JS methods only; the
// native build gets them too, so that its tests decode every row of every
// surface (core/tests/rows.rs).
const surfaceRows = surfaces.flatMap((sf) => sf.own.map(([name, line]) => [sf.name, name, line]));
const rustTable = `${rust}
/// The rows of the other surfaces (apifm-wasm/webapi, apifm-wasm/uniapp)
/// that are not the main entry's: (surface, method, row).
pub const SURFACE_ROWS: [(&str, &str, &str); ${surfaceRows.length}] = [
${surfaceRows.map(([sf, name, line]) => `    ("${sf}", "${name}", "${line}"),`).join('\n')}
];
`;
for (const [name, at] of safeAt) {
  for (const u of at) if (!safeSeen.has(`${name} ${u}`)) fail(`spec/retry-safe.json: no row ${name} at ${u}`);
}
for (const name of notReads.keys()) if (!safeAt.has(name) && !rows.some((r) => r.name === name) && !surfaces.some((sf) => sf.rows.some((r) => r.name === name))) fail(`spec/retry-safe.json: notReads names no method: ${name}`);
const retrySafeCount = rows.filter((r) => flags[r.name]).length;

module.exports = { js, allJs, surfaces, surfaceRule, rustTable, retrySafeCount };
