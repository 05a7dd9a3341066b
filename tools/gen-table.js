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
// Usage: node tools/gen-table.js [--check]
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const { rulesFor } = require('./rules.js');
const readJsonl = (f) => {
  const p = path.join(ROOT, f);
  if (!fs.existsSync(p)) return [];
  return fs.readFileSync(p, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('//')).map((l, i) => {
    try { return JSON.parse(l); } catch (e) { throw new Error(`${f}:${i + 1}: ${e.message}`); }
  });
};
function fail(msg) {
  process.stderr.write(`gen-table: ${msg}\n`);
  process.exit(1);
}

const [header, ...reference] = readJsonl('spec/reference.jsonl');
if (!header || !header.generated) fail('spec/reference.jsonl has no header: run tools/extract-reference.js');
const rules = new Map();
for (const r of readJsonl('spec/rules.jsonl')) {
  if (rules.has(r.name)) fail(`spec/rules.jsonl: ${r.name} twice`);
  rules.set(r.name, r);
}
const inferred = readJsonl('spec/inferred.jsonl');
const rows = [...reference, ...inferred.map((r) => ({ ...r, inferred: true }))];
const names = new Set(rows.map((r) => r.name));
for (const name of rules.keys()) if (!names.has(name)) fail(`spec/rules.jsonl: no endpoint ${name}`);

const SAFE = /^[A-Za-z0-9_$]+$/;
const LIT = /^[^,|'+=\n]*$/;
function lit(s, where) {
  if (!LIT.test(s)) fail(`${where}: literal ${JSON.stringify(s)} has a reserved character`);
  return `'${s}'`;
}

function urlTemplate(url) {
  return url
    .replace(/^https:\/\/oss\.apifm\.com\//, '{O}')
    .replace(/\{api\}/g, '{A}')
    .replace(/\{common\}/g, '{C}')
    .replace(/\{cms\}/g, '{M}')
    .replace(/\{sub\}/g, '{s}')
    .replace(/\{mch\}/g, '{m}');
}

function src(v, row, key) {
  if (typeof v === 'number') {
    const p = row.params[v];
    return p && p.name === key ? null : String(v);
  }
  if ('const' in v) {
    if (typeof v.const !== 'number') return lit(v.const, `${row.name}.${key}`);
    return Number.isSafeInteger(v.const) && v.const >= 0 ? `#${v.const}` : fail(`${row.name}.${key}: a number constant must be a whole number ≥ 0 (#digits)`);
  }
  if (v.sub) return '$s';
  if (v.storage) return `$k:${v.storage}`;
  if ('join' in v) return `j${v.join}`;
  if ('json' in v) return `J${v.json}`;
  if ('jsonNonEmpty' in v) return `K${v.jsonNonEmpty}`;
  return fail(`${row.name}.${key}: unknown source ${JSON.stringify(v)}`);
}

function field(row, [key, v]) {
  if (!SAFE.test(key)) fail(`${row.name}: field key ${key}`);
  const s = src(v, row, key);
  return s === null ? key : `${key}=${s}`;
}

// The core moves what the data column reads into the form (no copies):
// no argument, and not the storage value, may be read by two of its fields.
function readsOnce(row, data) {
  let entries = [];
  const reads = [];
  if (data.startsWith('@')) {
    const [obj, ...merge] = data.slice(1).split('+');
    reads.push(obj);
    entries = merge;
  } else if (data && data !== '{}') entries = data.split(',');
  for (const e of entries) {
    const eq = e.indexOf('=');
    const s = eq < 0 ? String(row.params.findIndex((p) => p.name === e)) : e.slice(eq + 1);
    if (/^[jJK]?\d+$/.test(s)) reads.push(s.replace(/^[jJK]/, ''));
    else if (s.startsWith('$k:')) reads.push('storage');
  }
  if (new Set(reads).size !== reads.length) fail(`${row.name}: the data column reads an argument twice`);
}

function encode(row, rule = rules.get(row.name) || {}) {
  for (const k of Object.keys(rule.params || {})) {
    if (!row.params.some((p) => p.name === k)) fail(`spec/rules.jsonl: ${row.name} has no parameter ${k}`);
  }
  const resolved = rulesFor(row, rule);
  const params = row.params.map((p, i) => {
    if (!SAFE.test(p.name)) fail(`${row.name}: parameter name ${p.name}`);
    let s = p.name;
    if (resolved[i]) s += `:${resolved[i]}`;
    if ('default' in p) {
      const d = p.default;
      s += '=' + (d && d.random ? '~' : d === false ? 'false' : typeof d === 'string' ? lit(d, `${row.name}.${p.name}`) : fail(`${row.name}.${p.name}: default ${JSON.stringify(d)}`));
    }
    return s;
  }).join(',');
  const r = { ...row, ...(rule.row || {}) };
  let data = '';
  if (r.data && Array.isArray(r.data)) data = r.data.length ? r.data.map((f) => field(r, f)).join(',') : '{}';
  else if (r.data) data = `@${r.data.arg}` + (r.data.merge || []).map((f) => `+${field(r, f)}`).join('');
  readsOnce(r, data);
  let kind = '';
  if (r.kind === 'wx.uploadFile' || r.kind === 'tt.uploadFile') {
    kind = `${r.kind[0] === 'w' ? 'u' : 't'}${r.objectUpload ? 'o' : r.filePath}:${r.fileName}`;
  } else if (r.kind === 'wx.compressImage') kind = 'c';
  else if (r.kind === 'url') kind = 'r';
  else if (r.kind) fail(`${r.name}: kind ${r.kind}`);
  const verb = r.kind ? 'p' : r.verb === 'get' ? 'g' : r.verb === 'post' ? 'p' : /^\{\d\}$/.test(r.verb) ? r.verb : fail(`${r.name}: verb ${r.verb}`);
  const line = [verb, r.sub ? '1' : '0', urlTemplate(r.url || ''), params, data, kind].join('|');
  if (line.includes('"') || line.includes('\\')) fail(`${r.name}: row has a quote or backslash`);
  return line;
}

const lines = rows.map((r) => encode(r));
const GEN = 'generated by tools/gen-table.js from spec/ — do not edit';

// Rows are concatenated into one string and addressed by offsets: no
// per-row pointer in the binary, and the text compresses as one piece.
const offsets = [0];
for (const l of lines) offsets.push(offsets[offsets.length - 1] + Buffer.byteLength(l));
if (offsets[offsets.length - 1] > 0xffff) fail('the table outgrew u16 offsets: widen OFFSETS to u32');
const rust = `// ${GEN}
//! The endpoint table: row \`i\` is method \`NAMES[i]\` (grammar in
//! \`tools/gen-table.js\`), the text \`TEXT[OFFSETS[i]..OFFSETS[i + 1]]\`.

/// Number of rows.
pub const COUNT: usize = ${rows.length};

/// Method names, in row order (the wasm build keeps names in JS only).
pub const NAMES: [&str; COUNT] = [
${rows.map((r) => `    "${r.name}",`).join('\n')}
];

/// Row text, one line of source per row.
pub const TEXT: &str = concat!(
${lines.map((l) => `    "${l}",`).join('\n')}
);

/// Byte offset of each row in \`TEXT\`, and the end.
pub const OFFSETS: [u16; COUNT + 1] = [
${offsets.map((o) => `    ${o},`).join('\n')}
];

/// The text of row \`i\`.
pub fn row(i: usize) -> Option<&'static str> {
    let start = usize::from(*OFFSETS.get(i)?);
    let end = usize::from(*OFFSETS.get(i + 1)?);
    TEXT.get(start..end)
}
`;

// What JS needs of a method before calling the core is read from its row's
// own columns (js-shim/row.js), but one fact the row does not hold: that the
// method only reads (spec/retry-safe.json lists it at this endpoint; retries
// and de-duplication apply to these rows alone: docs/hooks.md).
const retrySafe = JSON.parse(fs.readFileSync(path.join(ROOT, 'spec', 'retry-safe.json'), 'utf8'));
const safeAt = new Map(Object.entries(retrySafe.reads).map(([name, at]) => [name, [].concat(at)]));
const notReads = new Map(Object.entries(retrySafe.notReads));
const safeSeen = new Set(); // "name url" of each listed endpoint some row has
function retrySafeRow(r) {
  const at = safeAt.get(r.name);
  const get = !r.kind && r.verb === 'get';
  if (at && notReads.has(r.name)) fail(`spec/retry-safe.json: ${r.name} is in reads and in notReads`);
  if (!at) {
    if (get && !notReads.has(r.name)) fail(`spec/retry-safe.json: the GET ${r.name} (${r.url}) is in neither reads nor notReads: review it`);
    return false;
  }
  if (r.kind || (r.verb !== 'get' && r.verb !== 'post')) fail(`spec/retry-safe.json: ${r.name} is not a plain GET or POST request`);
  if (!at.includes(r.url)) fail(`spec/retry-safe.json: ${r.name} has an endpoint not reviewed (${r.url}): review it and list it`);
  safeSeen.add(`${r.name} ${r.url}`);
  return true;
}
const flags = {}; // name -> true: the method only reads
rows.forEach((r) => {
  if (retrySafeRow(r)) flags[r.name] = true;
});
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
// every row once, as two strings; one that imports methods by name ships
// only theirs.
export { default } from './all.js';
`;
// The same methods, packed (names and rows as two strings): the builds
// that have no named exports (CommonJS, <script>) ship this form, half the
// bytes of one export per method.
/**
 * The all() of a packed all.js: the WXAPI object (assemble() with `extra`,
 * JS source of an object literal), then one method per name from its row
 * ('' for a method without one) and whether it only reads (bit i % 5 of
 * base-32 digit i / 5 of `reads`).
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
  return `function all() {
  const names = ${JSON.stringify(names.join(','))}.split(',');
  const rows = ${JSON.stringify(lines.join('\n'))}.split('\\n');
  const reads = ${JSON.stringify(readBits(names, readMap))};
  const WXAPI = assemble(engine, ${extra});
  for (let i = 0; i < names.length; i++) WXAPI[names[i]] = method(engine, names[i], rows[i] || null, (parseInt(reads[(i / 5) | 0], 32) >> i % 5) & 1);
  return WXAPI;
}`;
}
const allJs = `// ${GEN}
// The WXAPI object with every method of the table, from two packed strings:
// the builds without named exports (js-shim/methods.js has the same methods
// one export each). 'apifm-engine' is the engine of the bundle's runtime.
import engine from 'apifm-engine';
import { method, assemble } from './api.js';

${packedAll(methodsOrder.map(([name]) => name), methodsOrder.map(([, line]) => line || ''), flags, '{}')}

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
// The WXAPI object of apifm-wasm/${s.name}, from two packed strings (the builds
// without named exports; js-shim/${s.name}/methods.js has the same methods one
// export each)${extras.length ? `, with ${s.vendor}'s ${extras.join(', ')}` : ''}.
import engine from 'apifm-engine';
import { method, assemble } from '../api.js';
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

// --- types and API reference ---------------------------------------------
const [, ...documentedRows] = readJsonl('spec/documented.jsonl');
const documented = new Map(documentedRows.map((d) => [d.name, d]));
const RESERVED = new Set(['break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'package', 'interface', 'private', 'protected', 'public', 'static', 'let', 'yield']);

function sourceOf(row, i) {
  if (!Array.isArray(row.data)) return null;
  for (const [, v] of row.data) {
    if (v && typeof v === 'object') {
      for (const k of ['join', 'json', 'jsonNonEmpty']) if (v[k] === i) return k;
    }
  }
  return null;
}

/** TypeScript type and optionality of parameter i. */
// Object parameters whose fields the reference's own declarations name
// (spec/param-fields.json, tools/extract-types.js): typed interfaces, so that
// a misspelled field or a wrong literal is a type error. Values are as
// lenient as the runtime (numbers and strings alike, 1/0 booleans).
const paramFields = JSON.parse(fs.readFileSync(path.join(ROOT, 'spec', 'param-fields.json'), 'utf8')).methods;
const fieldNotes = JSON.parse(fs.readFileSync(path.join(ROOT, 'spec', 'field-notes.json'), 'utf8'));
const FIELD_TYPE = { string: 'string | number', number: 'number | string', boolean: "boolean | 0 | 1 | 'true' | 'false'" };
const interfaceName = (method) => `${method[0].toUpperCase()}${method.slice(1)}Params`;
function fieldsFor(row, i) {
  const f = paramFields[row.name];
  const isObject = row.data && !Array.isArray(row.data) && row.data.arg === i;
  return f && f.param === i && isObject && !row.objectUpload ? f.fields : null;
}
const typedParams = rows.filter((row) => row.params.some((_, i) => fieldsFor(row, i)));
const notedFields = typedParams.reduce((n, row) => n + fieldsFor(row, row.params.findIndex((_, k) => fieldsFor(row, k))).filter(([name]) => fieldNotes[name]).length, 0);
const paramInterfaces = typedParams.map((row) => {
  const i = row.params.findIndex((_, k) => fieldsFor(row, k));
  // A …JsonStr field may also be given the array or object itself: it is sent as its JSON (docs/compat.md).
  const typeOf = (name, type) => (/JsonStr$/.test(name) && type === 'string' ? 'string | object' : FIELD_TYPE[type] || type.replace(/"/g, "'"));
  const fields = fieldsFor(row, i).map(([name, optional, type]) => `${fieldNotes[name] ? `  /** ${fieldNotes[name]} */\n` : ''}  ${/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name)}${optional ? '?' : ''}: ${typeOf(name, type)};`);
  return `/** The fields \`${row.name}\` sends (as the reference declares them). Extra fields: build the object first, or write \`{ … } as ${interfaceName(row.name)}\`. */\nexport interface ${interfaceName(row.name)} {\n${fields.join('\n')}\n}`;
});

function paramType(row, i) {
  const p = row.params[i];
  const rule = rulesFor(row, rules.get(row.name))[i];
  const letter = rule.replace('!', '');
  const isObject = row.data && !Array.isArray(row.data) && row.data.arg === i;
  const isFile = (row.kind || '').endsWith('uploadFile') && row.filePath === i;
  let type = 'string | number | boolean';
  if (isFile || letter === 'f') type = 'FileInput';
  else if (fieldsFor(row, i)) type = interfaceName(row.name);
  else if (isObject || letter === 'o') type = row.objectUpload ? 'Params & { tempFilePath: FileInput; apiUrl?: string }' : 'Params';
  else if (sourceOf(row, i) === 'join' || letter === 'a') type = 'Array<string | number> | string';
  else if (sourceOf(row, i) === 'json') type = 'unknown';
  else if (sourceOf(row, i) === 'jsonNonEmpty') type = 'unknown[] | string';
  else if (letter === 'i' || letter === 'n') type = 'number | string';
  else if (letter === 'b' || p.default === false) type = "boolean | 0 | 1 | 'true' | 'false' | '1' | '0'";
  else if (letter === 's' || letter === 'p' || letter === 'j' || (p.default !== undefined && typeof p.default === 'string')) type = 'string | number';
  else if (p.default && p.default.random) type = 'string | number';
  const optional = 'default' in p || p.unused || sourceOf(row, i) === 'jsonNonEmpty' || (rule ? !rule.includes('!') : isObject);
  return { name: RESERVED.has(p.name) ? `${p.name}_` : p.name, type, optional };
}

function signature(row) {
  const ps = row.params.map((_, i) => paramType(row, i));
  // A required parameter after an optional one stays required in JS; in TS
  // it becomes `T | undefined` so that the position can be skipped.
  let seenRequired = false;
  for (let i = ps.length - 1; i >= 0; i--) {
    if (!ps[i].optional) seenRequired = true;
    else if (seenRequired) {
      ps[i].optional = false;
      ps[i].type += ' | undefined';
    }
  }
  return ps.map((p) => `${p.name}${p.optional ? '?' : ''}: ${p.type}`).join(', ');
}

function wireSummary(row) {
  if (row.kind === 'url') return `returns ${row.url.replace('{api}', '{apiBaseUrl}').replace('{sub}', '{subDomain}')}`;
  if ((row.kind || '').endsWith('uploadFile')) return `${row.kind} → ${row.url.replace('{api}', '{apiBaseUrl}').replace('{sub}', '{subDomain}')}`;
  if (row.kind) return row.kind;
  const r = { ...row, ...((rules.get(row.name) || {}).row || {}) };
  const url = r.url.startsWith('/') ? `{apiBaseUrl}${r.sub ? '/{subDomain}' : ''}${r.url}` : r.url;
  return `${String(r.verb).toUpperCase()} ${url.replace('{common}', 'https://common.apifm.com/').replace('{cms}', 'https://cms.apifm.com/').replace('{sub}', '{subDomain}').replace('{mch}', '{merchantId}')}`;
}

// Response types derived from the documented examples (spec/responses.json,
// tools/extract-responses.js). apifm-wxapi types every `data` as `any`, and the
// apps written against it compare ids with query strings, pass fields to their
// own functions and read fields the docs leave out: so a documented `data`
// keeps its example's structure (objects, arrays of objects), for completion
// and hover, but every object is open (any other key reads as `any`), no key
// is optional, and every value in it is `any` with its example's type in a
// comment. Anything else (no example, a scalar, null) is `any` (docs/api.md).
const responses = JSON.parse(fs.readFileSync(path.join(ROOT, 'spec', 'responses.json'), 'utf8')).examples;
const KEY = /^[A-Za-z_$][\w$]*$/;
const isPlainObject = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);
/** The TypeScript type of the example values found at one place: a structure, or any. */
function shapeOf(values, indent) {
  if (values.every(isPlainObject)) return openObject(values, indent);
  if (values.every(Array.isArray)) {
    const items = values.flat();
    return items.length && items.every(isPlainObject) ? `Array<${openObject(items, indent)}>` : 'any[]';
  }
  return 'any';
}
/** What the comment says of a value typed any (or any[]): the example's types. */
function exampleTypes(values) {
  const kinds = new Set(values.map((x) => {
    if (x === null) return 'null';
    if (!Array.isArray(x)) return typeof x;
    return x.length ? `array of ${[...new Set(x.map((y) => (y === null ? 'null' : typeof y)))].join(' | ')}` : 'empty array';
  }));
  return [...kinds].join(' | ');
}
/** One open object type for several example objects: every key any of them has. */
function openObject(objects, indent) {
  const keys = [...new Set(objects.flatMap((o) => Object.keys(o)))];
  const pad = '  '.repeat(indent + 1);
  const fields = keys.map((k) => {
    const values = objects.filter((o) => k in o).map((o) => o[k]);
    const type = shapeOf(values, indent + 1);
    const notes = [type === 'any' || type === 'any[]' ? exampleTypes(values) : null, values.length < objects.length ? 'not in every element of the example' : null].filter(Boolean);
    return `${pad}${notes.length ? `/** ${notes.join('; ')} */ ` : ''}${KEY.test(k) ? k : JSON.stringify(k)}: ${type};`;
  });
  return `{\n${[...fields, `${pad}[key: string]: any;`].join('\n')}\n${'  '.repeat(indent)}}`;
}
const dataTypeName = (method) => `${method[0].toUpperCase()}${method.slice(1)}Data`;
const dataShape = (row) => shapeOf([responses[row.name].data], 0);
const typedResponses = rows.filter((row) => responses[row.name] && !row.kind && !['any', 'any[]'].includes(dataShape(row)));
const responseTypes = typedResponses.map((row) => `/** What \`${row.name}\` answers in \`data\`: the structure of its documented example, every value \`any\` (its example's type in a comment), any other key \`any\` too. */\nexport type ${dataTypeName(row.name)} = ${dataShape(row)};`);

function returnType(row) {
  if (row.kind === 'url') return 'string';
  if (row.kind === 'wx.compressImage') return 'Promise<{ tempFilePath: string }>';
  return typedResponses.includes(row) ? `ApiCall<${dataTypeName(row.name)}>` : 'ApiCall';
}

const methodDecls = rows.map((row) => {
  const d = documented.get(row.name);
  const doc = [d ? `${d.title}（${d.group}）` : null, `\`${wireSummary(row)}\``, row.inferred ? 'Inferred from its documented sibling, not observed in apifm-wxapi (docs/compat.md).' : null].filter(Boolean);
  return `  /** ${doc.join(' — ')} */\n  ${row.name}(${signature(row)}): ${returnType(row)};`;
});
const allNames = ['init', 'init2', 'init3', 'setMerchantId', 'request', ...rows.map((r) => r.name)];
const dts = `// ${GEN}
/** What every API call resolves with: API工厂's own result object. */
export interface ApiResult<T = any> {
  /** 0: success; anything else is the API's own error code (700: no data, 2000: not logged in, …). */
  code: number;
  msg: string;
  /** \`any\`, as apifm-wxapi types it, unless the method's docs show an example (then its structure, each value \`any\`); the API usually leaves it out when \`code\` is not 0. */
  data: T;
  [key: string]: any;
}

/** Form fields of object-parameter methods; unknown keys pass through. */
export type Params = Record<string, any>;

/** A file: a temp-file path on mini-programs; a Blob, File, ArrayBuffer or Buffer elsewhere. */
export type FileInput = string | BlobLike | ArrayBuffer | ArrayBufferView;

/** A Blob or File, by its shape: the declarations need no DOM library (mini-program projects). */
export interface BlobLike {
  readonly size: number;
  readonly type: string;
  slice(start?: number, end?: number, contentType?: string): unknown;
}

/** A custom request function, called as apifm-wxapi calls its own (declared as a method: one written for apifm-wxapi's \`Request\` type fits). */
export type RequestFunction = { request(url: string, needSubDomain: boolean, method: string, data?: Params): unknown }['request'];

export interface Init3Options {
  apiBaseUrl?: string;
  subDomain?: string;
  /** Your own request function; \`null\` restores the built-in transport. */
  request?: RequestFunction | null;
  /** Extensions (docs/compat.md). */
  commonBaseUrl?: string;
  cmsBaseUrl?: string;
  /** The file/QR-code host (https://oss.apifm.com): uploads, wxaQrcode, commonQrcode. */
  ossBaseUrl?: string;
  merchantId?: string | number;
  /** Extra headers for every request; names must be HTTP tokens, values without CR/LF. */
  header?: Record<string, string | number>;
  /** Milliseconds, enforced on every transport; without it: 60000 for fetch, app.json's networkTimeout on mini-programs. */
  timeout?: number;
  transport?: 'wx' | 'tt' | 'my' | 'uni' | 'fetch';
  /** Requests in flight at once on mini-program transports (default 10, WeChat's limit); the rest wait in order. */
  maxConcurrent?: number;
  /** Largest response body read with fetch, in bytes (default 16 MB, decompressed). */
  maxResponseBytes?: number;
  /** Where the .wasm is: a code-package path (mini-programs) or a URL (browsers). */
  wasmPath?: string | { readonly href: string };
  /** Allow http:// base URLs for hosts other than loopback. */
  allowInsecureHttp?: boolean;
  /** Opt-in retries of the reviewed reads (spec/retry-safe.json; every other method is sent once) that failed on the network, timed out or got HTTP 5xx (docs/hooks.md); false turns them off. */
  retry?: RetryOptions | false | null;
  /** Identical calls in flight of a reviewed read sent as GET share one request; each caller keeps its own timeout and signal and gets its own copy of the result or error. */
  dedupe?: boolean;
}

/** \`init3({ retry })\`: how often and on what a read is tried again. */
export interface RetryOptions {
  /** Retries after the first attempt, 0 … 5 (default 2). */
  retries?: number;
  /** What is retried (default all three). */
  on?: ReadonlyArray<'network' | 'timeout' | 'http5xx'>;
  /** Milliseconds before retry n: up to min(max, base·2ⁿ), at least half of it (default { base: 300, max: 5000 }); a number is the base. */
  backoff?: number | { base?: number; max?: number };
}

/** What request hooks see of a call (\`WXAPI.use\`). */
export interface HookContext {
  /** The WXAPI method, e.g. 'goodsDetail'. */
  readonly method: string;
  readonly verb: string;
  /** The full URL (the path, when init3({request}) sends it). */
  readonly url: string;
  /** The form fields, a copy: an onRequest hook may set fields; the core checks them again. */
  data: Record<string, unknown> | undefined;
  /** The extra headers: an onRequest hook may add some (init3's header rules apply). */
  header: Record<string, string>;
  /** 0, then 1, 2 … for each retry. */
  readonly attempt: number;
  /** Return it from onResponse/onError to send the call once more (once per call). */
  retry(): unknown;
}

/** Request hooks (\`WXAPI.use\`); each may be async. */
export interface Hooks {
  onRequest?(ctx: HookContext): void | Promise<void>;
  /** Return a value to replace the result, or ctx.retry(). */
  onResponse?(ctx: HookContext, res: ApiResult<any>): unknown;
  /** Sees every WXAPIError of a call; may return ctx.retry(). */
  onError?(ctx: HookContext, err: WXAPIError): unknown;
}

/** An AbortSignal, or anything with its shape (no DOM library needed). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** Per-call options of \`WXAPI.withOptions()\`. */
export interface CallOptions {
  /** Aborting it aborts the call (kind \`aborted\`). */
  signal?: AbortSignalLike | null;
  /** Milliseconds (1 … 3600000), for this call. */
  timeout?: number;
}

export type WXAPIErrorKind = 'argument' | 'config' | 'timeout' | 'network' | 'http' | 'response' | 'aborted' | 'unsupported' | 'hook';

/** The one error type of the package (docs/errors.md). */
export declare class WXAPIError extends Error {
  readonly name: 'WXAPIError';
  readonly kind: WXAPIErrorKind;
  readonly method: string;
  readonly param?: string;
  readonly status?: number;
  /** apifm-wasm/webapi only: a status outside 2xx (kind \`http\`), as axios' error.response: the status and the body (parsed when JSON). */
  readonly response?: { status: number; data: unknown };
  readonly errMsg: string;
  readonly cause?: unknown;
}

${paramInterfaces.join('\n\n')}

/** The promise every API call returns: the result, and abort() (kind 'aborted'; the request is cancelled). */
export interface ApiCall<T = any> extends Promise<ApiResult<T>> {
  abort(reason?: unknown): void;
}

${responseTypes.join('\n\n')}

export interface WXAPI {
  /** Sets the subDomain (专属域名). */
  init(subDomain: string): void;
  /** Sets the API base URL and the subDomain. */
  init2(apiBaseUrl: string, subDomain: string): void;
  /** Sets any of the options; \`request\` replaces the transport. */
  init3(options: Init3Options): void;
  setMerchantId(merchantId: string | number): void;
  /** The low-level call: a path on the API host (or an absolute http(s) URL). */
  request(url: string, needSubDomain?: boolean, method?: string, data?: Params | null): Promise<ApiResult>;
${methodDecls.join('\n')}
  /** Starts loading the wasm core if no call has yet; settles when it is loaded. */
  readonly ready: Promise<void>;
  readonly WXAPIError: typeof WXAPIError;
  /** The same methods, each call with these options: \`WXAPI.withOptions({ signal, timeout }).goodsDetail(1)\`. */
  withOptions(options: CallOptions): WXAPI;
  /** Adds request hooks for the calls made from now on (docs/hooks.md); returns the function that removes them. */
  use(hooks: Hooks): () => void;
}

declare const WXAPI: WXAPI;
export default WXAPI;
/** \`await ready\`: loads the wasm core (when awaited, not at import). */
export declare const ready: PromiseLike<void>;
export declare const withOptions: WXAPI['withOptions'];
export declare const use: WXAPI['use'];
${allNames.map((n) => `export declare const ${n}: WXAPI['${n}'];`).join('\n')}
`;

// A surface's declarations: the main entry's for the methods it shares, its
// own rows declared as the main entry's are, and its extra exports.
const declaredTypes = new Set([...dts.matchAll(/^export (?:interface|type|declare class) (\w+)/gm)].map((m) => m[1]));
const SURFACE_DTS = {
  webapi: {
    iface: 'WebAPI',
    types: `/** What \`request\` and its interceptors take: the axios config members apifm-wasm/webapi reads. */
export interface RequestConfig {
  /** An absolute URL, or a path on the API host (as requestX with needSubDomain false). */
  url?: string;
  /** Default 'get'. Fields are sent for GET (\`params\`) and POST (\`data\`) only, as apifm-webapi does. */
  method?: string;
  params?: Params;
  data?: Params;
  /** Request headers (an interceptor may add some: init3's header rules apply). */
  headers?: Record<string, string | number>;
}

/** \`request.interceptors.request\` / \`.response\`: added with use (applied to every call from then on), removed with eject. */
export interface InterceptorManager<V> {
  use(onFulfilled?: ((value: V) => V | Promise<V>) | null, onRejected?: ((error: any) => any) | null): number;
  eject(id: number): void;
}

/** apifm-webapi's \`request\` (its axios instance): the subset apifm-wasm/webapi provides (docs/migration.md). */
export interface AxiosLikeRequest {
  (config: RequestConfig): Promise<ApiResult>;
  (url: string, config?: RequestConfig): Promise<ApiResult>;
  get(url: string, config?: RequestConfig): Promise<ApiResult>;
  post(url: string, data?: Params, config?: RequestConfig): Promise<ApiResult>;
  readonly interceptors: {
    readonly request: InterceptorManager<RequestConfig>;
    readonly response: InterceptorManager<any>;
  };
}

`,
    members: `  /** apifm-webapi's generic call: a path on the API host (with the subDomain when needSubDomain) or an absolute URL. */
  requestX(url: string, needSubDomain?: boolean, method?: string, data?: Params | null): Promise<ApiResult>;
  request: AxiosLikeRequest;
  /** As in apifm-webapi: stores a value nothing reads (use init3({ timeout })). */
  timeout(ms?: number): void;
`,
  },
  uniapp: {
    iface: 'UniAPI',
    types: `/** What getLocation() answers: WGS-84 degrees (strings with six decimals on iOS, as apifm-uniapp rounds them there). */
export interface UniLocation {
  long: number | string;
  lat: number | string;
}

`,
    members: `  /** As in apifm-uniapp: uni.getLocation({ type: 'wgs84' }) with a loading indicator (no API request); rejects with kind 'network' and the platform's errMsg. */
  getLocation(): Promise<UniLocation>;
`,
  },
};
function surfaceDts(sf) {
  const d = SURFACE_DTS[sf.name];
  const ownDecls = sf.rows.filter((r) => !sf.shared.includes(r.name)).map((row) => `  /** \`${wireSummary(row)}\` (as ${sf.vendor} sends it). */\n  ${row.name}(${signature(row)}): ${returnType(row)};`);
  const used = [...new Set(ownDecls.join('\n').match(/\b[A-Z]\w*/g) || [])].filter((t) => declaredTypes.has(t) && !['WXAPIError', 'ApiResult', 'Params'].includes(t));
  const names = [...sf.config.filter((n) => !['withOptions', 'use', 'ready', 'WXAPIError'].includes(n)), ...(sf.extras || []), ...sf.rows.map((r) => r.name)];
  const picked = sf.config.filter((n) => n !== 'withOptions').map((n) => `'${n}'`).join(' | ');
  return `// ${GEN}
// apifm-wasm/${sf.name}: the surface of ${sf.vendor}@${sf.version} (docs/migration.md).
import type { WXAPI as MainAPI, ApiResult, CallOptions, Params${used.length ? `, ${used.join(', ')}` : ''} } from './index';
export type { ApiResult, ApiCall, Params, FileInput, BlobLike, Init3Options, RetryOptions, HookContext, Hooks, CallOptions, AbortSignalLike, WXAPIErrorKind } from './index';
export { WXAPIError } from './index';

${d.types}/** The main entry's methods that ${sf.vendor} has with the same wire. */
export type SharedMethod =
${sf.shared.map((n) => `  | '${n}'`).join('\n')};

export interface ${d.iface} extends Pick<MainAPI, SharedMethod | ${picked}> {
${d.members}${ownDecls.join('\n')}
  /** The same methods, each call with these options. */
  withOptions(options: CallOptions): ${d.iface};
}

declare const WXAPI: ${d.iface};
export default WXAPI;
export declare const ready: PromiseLike<void>;
export declare const withOptions: ${d.iface}['withOptions'];
export declare const use: ${d.iface}['use'];
${names.map((n) => `export declare const ${n}: ${d.iface}['${n}'];`).join('\n')}
`;
}

// docs/api.md: grouped as instructions.md groups them, then the rest.
const groups = new Map();
for (const d of documentedRows) {
  if (!groups.has(d.group)) groups.set(d.group, []);
}
const other = '其他（instructions.md 未记载 / not in instructions.md）';
groups.set(other, []);
for (const row of rows) {
  const d = documented.get(row.name);
  groups.get(d ? d.group : other).push(row);
}
// Each method's signature as docs/api.md shows it.
const apiSignature = (row) => `${row.name}(${row.params.map((p, i) => { const t = paramType(row, i); return `${t.name}${t.optional ? '?' : ''}`; }).join(', ')})`;
const apiResponses = require('./gen-api-responses.js'); // the documented response examples (spec/responses.json)
const apiOrder = [...groups.entries()].flatMap(([group, list]) => (group === other ? [...list].sort((a, b) => a.name.localeCompare(b.name)) : list));
const apiMd = [`<!-- ${GEN} -->`, '# API reference', '',
  `${rows.length} methods plus \`init\`, \`init2\`, \`init3\`, \`setMerchantId\` and \`request\`; the types are in the package's \`index.d.ts\`.`,
  'Verbs and paths are those the reference sends; `{subDomain}`, `{merchantId}` and the base URLs come from `init*`.', '',
  '## Types', '',
  'Code that compiles against apifm-wxapi\'s own `index.d.ts` and is right at run time compiles against these declarations too, but for the two cases named below (tested with bundler, node16 and mini-program settings: a mall app compiled against both).', '',
  '- Every call resolves with `ApiResult`: `{ code: number; msg: string; data; [key: string]: any }`. `code` 0 is success; `data` is declared present (after `if (res.code === 0)` it needs no check); the API usually leaves it out when `code` is not 0.',
  `- \`data\` is \`any\`, as apifm-wxapi types it, except for the ${typedResponses.length} methods whose docs show an example (${typedResponses.map((r) => `\`${r.name}\``).join(', ')}): there it has the example's structure (objects, arrays of objects) for completion, but every object is open (a field the example lacks reads as \`any\`), no field is optional and every value is \`any\`, its example's type in a comment. Comparing an id with a query string, doing sums on prices, passing a field to your own function all compile as before. Two things do not compile: reading another key on a documented list (\`kanjiaSet(ids).data.result\`: the data is the array), and assigning a documented \`data\` to your own type that requires a field the example lacks (write \`res.data as MyType\`). With \`noUncheckedIndexedAccess\` (not part of \`strict\`), an element read by index from a documented list may be \`undefined\`, as from any array.`,
  '- Parameters: every argument list apifm-wxapi\'s declaration accepts is accepted (tested for each declared method), and more: ids as numbers or strings, joined id lists, `\'\'` for an optional argument. Object parameters whose fields it declares are interfaces with those fields (`GoodsParams`, …): a misspelled field or a literal outside its declared ones is an error, as there; an extra field goes through a variable or `as GoodsParams`. Other object parameters are `Params` (`Record<string, any>`: your own interfaces fit). `init3({ request })` takes a function written for apifm-wxapi\'s `Request` type.',
  '- Where apifm-wxapi\'s declaration contradicts its code, these follow the code: `graphValidateCodeCheck(key, code)`, `yuyueTeamDeleteMember(data)`, and `graphValidateCodeUrl()` returns the URL string ([compat.md](compat.md#typescript)).', '',
  ...[...groups.entries()].filter(([, list]) => list.length).flatMap(([group, list]) => [
    `## ${group}`, '', '| method | signature | request |', '|---|---|---|',
    ...(group === other ? [...list].sort((a, b) => a.name.localeCompare(b.name)) : list).map((row) => {
      const d = documented.get(row.name);
      const sig = apiSignature(row);
      return `| \`${row.name}\`${d ? `<br>${d.title}` : ''}${row.inferred ? '<br>*(inferred)*' : ''}${apiResponses.exampleLink(row.name)} | \`${sig}\` | \`${wireSummary(row).replace(/\|/g, '\\|')}\` |`;
    }), '']),
  ...apiResponses.responsesMd(apiOrder, documented, apiSignature),
].join('\n');

// The mock backend's routes (mock/server.js): [verbs, host, path pattern,
// methods, needs a token]. Hosts as the SDK names them (api, common, cms,
// oss); the fixed hosts it cannot be pointed at are answered at their paths
// on the API host (jdvop.apifm.com) and the file host (dfs.apifm.com). {s} is
// the subDomain segment, {m} the merchantId one, {*} an argument's. A route needs a token when
// one of its methods takes a token it cannot do without.
function mockRoute(r) {
  const url = (r.url.startsWith('/') && r.sub ? `/{sub}${r.url}` : r.url).replace(/\?.*$/, '');
  const m = /^(?:\{(api|common|cms)\}\/?|https:\/\/(oss|dfs|jdvop)\.apifm\.com)?(\/?.*)$/.exec(url);
  const host = m[1] || { oss: 'oss', dfs: 'oss' }[m[2]] || 'api';
  const path = `/${m[3].replace(/^\//, '')}`.replace(/\{sub\}/g, '{s}').replace(/\{mch\}/g, '{m}').replace(/\{\d\}/g, '{*}');
  return path === '/{*}' ? null : { host, path }; // payVariableUrl: any URL
}
// Every surface's rows (the main entry's, then apifm-webapi's and
// apifm-uniapp's: docs/mock.md): a vendor SDK that sends a method elsewhere
// (apifm-webapi's cmsPage without /v2, its jssdkSign) gets that route too.
const mockRoutes = new Map();
const mockRows = [
  ...rows.map((row) => ({ ...row, ...((rules.get(row.name) || {}).row || {}) })),
  ...surfaces.flatMap((sf) => sf.rows.filter((row) => !sf.shared.includes(row.name)).map((row) => ({ ...row, ...(surfaceRule(row).row || {}) }))),
];
for (const r of mockRows) {
  const at = r.url && mockRoute(r);
  if (!at) continue;
  const verb = r.kind === 'url' ? 'get' : r.kind ? 'post' : /^\{\d\}$/.test(r.verb) ? 'any' : r.verb;
  const fields = paramFields[r.name];
  const token = r.params.some((p) => p.name === 'token' && !('default' in p))
    || Boolean(fields && fields.fields.some(([name, optional]) => name === 'token' && !optional));
  const key = `${at.host} ${at.path}`;
  const route = mockRoutes.get(key) || { ...at, verbs: [], names: [], token: false };
  if (!route.verbs.includes(verb)) route.verbs.push(verb);
  if (!route.names.includes(r.name)) route.names.push(r.name);
  route.token = route.token || token;
  mockRoutes.set(key, route);
}
const mockJson = `{"//": ${JSON.stringify(`${GEN}; [verbs, host, path, methods, needs a token]`)},\n"routes": [\n${
  [...mockRoutes.values()].map((r) => JSON.stringify([r.verbs.join(','), r.host, r.path, r.names.join(','), r.token ? 1 : 0])).join(',\n')}\n]}\n`;

// Shared limits (spec/limits.json): one source for Rust and JS.
const limits = JSON.parse(fs.readFileSync(path.join(ROOT, 'spec', 'limits.json'), 'utf8'));
const limitsRs = [`// ${GEN}`,
  '//! What the core and the JS shim must agree on (spec/limits.json).', '',
  '/// Longest call text accepted, in bytes of UTF-8 (the shim checks it before copying anything in).',
  `pub const MAX_CALL: usize = ${limits.maxCall};`,
  '/// Deepest nesting of a call\'s arguments (the shim refuses deeper, or cyclic, input first).',
  `pub const MAX_DEPTH: usize = ${limits.maxDepth};`,
  '/// Most array items and object members in one call (or options) text: each costs wasm memory, which never shrinks.',
  `pub const MAX_ITEMS: usize = ${limits.maxItems};`,
  '/// The init3 options the core reads (the shim keeps the others).',
  `pub const CORE_OPTIONS: [&str; ${limits.coreOptions.length}] = [${limits.coreOptions.map((k) => JSON.stringify(k)).join(', ')}];`, ''].join('\n');
const limitsJs = [`// ${GEN}`, '// What the shim and the Rust core must agree on (spec/limits.json).',
  `export const MAX_CALL = ${limits.maxCall};`,
  `export const MAX_DEPTH = ${limits.maxDepth};`,
  `export const MAX_ITEMS = ${limits.maxItems};`,
  `export const CORE_OPTIONS = ${JSON.stringify(limits.coreOptions)};`, ''].join('\n');

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
