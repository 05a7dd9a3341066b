// The row grammar's encoder (the grammar: tools/gen-table.js) and the
// core's table of the main entry's rows (core/src/table.rs, without the
// surfaces' rows: tables.js adds them).
'use strict';
const { GEN, rulesFor, fail, rows, rules } = require('./spec.js');

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

module.exports = { encode, lines, rust };
