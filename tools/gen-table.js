#!/usr/bin/env node
// Generates the endpoint table from the spec:
//   spec/reference.jsonl  facts extracted from apifm-wxapi (tools/extract-reference.js)
//   spec/rules.jsonl      hand-kept columns: parameter rules, fixes, descriptions
//   spec/inferred.jsonl   hand-kept rows of methods the reference does not ship
// and writes (all "generated — do not edit"):
//   core/src/table.rs     the rows, one compact line each, for the Rust core
//   js-shim/table.js      method names in row order + per-method JS flags
//
// Row grammar (core/src/endpoint.rs reads it), fields separated by `|`:
//   verb   g | p | {N} (argument N is the verb)
//   sub    1 | 0       needSubDomain as the reference passes it
//   url    template: {A} API base, {C} common base + "/", {M} CMS base + "/",
//          {s} subDomain, {m} merchantId, {N} argument N (percent-encoded)
//   params name[:rule][=default], comma-separated; rule letters i n b s j a o f p,
//          `!` = required; default 'text' | false | ~ (Math.random())
//   data   empty (no data) | {} (an empty object) | @N[+key=src…] (object argument N, copied, plus
//          fields) | key[=src],… where src is N (argument), 'text', #number,
//          $s (subDomain), $k:key (storage), jN (join), JN (JSON.stringify),
//          KN (JSON.stringify when non-empty, else '')
//   kind   empty | uN:field / uo:field (wx.uploadFile, file in argument N or in
//          the object) | tN:field (tt.uploadFile) | c (wx.compressImage) | r (sync URL)
//
// Usage: node tools/gen-table.js [--check]
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
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
  if ('const' in v) return typeof v.const === 'number' ? `#${v.const}` : lit(v.const, `${row.name}.${key}`);
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

function encode(row) {
  const rule = rules.get(row.name) || {};
  const paramRules = rule.params || {};
  for (const k of Object.keys(paramRules)) {
    if (!row.params.some((p) => p.name === k)) fail(`spec/rules.jsonl: ${row.name} has no parameter ${k}`);
  }
  const params = row.params.map((p) => {
    if (!SAFE.test(p.name)) fail(`${row.name}: parameter name ${p.name}`);
    let s = p.name;
    if (paramRules[p.name]) s += `:${paramRules[p.name]}`;
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

const lines = rows.map(encode);
const GEN = 'generated by tools/gen-table.js from spec/ — do not edit';

const rust = `// ${GEN}
//! The endpoint table: row \`i\` is method \`NAMES[i]\` (grammar in
//! \`tools/gen-table.js\`).

/// Method names, in row order (the wasm build keeps names in JS only).
pub const NAMES: [&str; ${rows.length}] = [
${rows.map((r) => `    "${r.name}",`).join('\n')}
];

/// One line per endpoint.
pub const ROWS: [&str; ${rows.length}] = [
${lines.map((l) => `    "${l}",`).join('\n')}
];
`;

// JS flags: only what the shim must know before calling the core.
//   r  returns synchronously (URL)      ~  has a Math.random() default
//   k:KEY reads storage KEY             fN / fo  argument N (or the object's
//   tempFilePath) is a file, not encoded   c  platform-only (wx.compressImage)
const flags = {};
rows.forEach((r) => {
  const f = [];
  if (r.kind === 'url') f.push('r');
  if (r.params.some((p) => p.default && p.default.random)) f.push('~');
  if (r.storage) f.push(`k:${r.storage[0]}`);
  if (r.kind && r.kind.endsWith('.uploadFile')) f.push(r.objectUpload ? 'fo' : `f${r.filePath}`);
  if (r.kind === 'wx.compressImage') f.push('c');
  if (f.length) flags[r.name] = f.join(' ');
});
const js = `// ${GEN}
// Method names in row order: index i is row i of the core's table.
export const names = ${JSON.stringify(rows.map((r) => r.name).join(','))}.split(',');
// Per-method flags the shim needs before calling the core (see tools/gen-table.js).
export const flags = ${JSON.stringify(flags)};
`;

const outputs = [
  ['core/src/table.rs', rust],
  ['js-shim/table.js', js],
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
process.stdout.write(`${process.argv.includes('--check') ? 'checked' : 'wrote'} ${outputs.map((o) => o[0]).join(', ')}: ${rows.length} endpoints\n`);
