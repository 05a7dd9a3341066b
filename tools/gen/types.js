// The TypeScript declarations (pkg-template/index.d.ts and the surfaces'):
// generated parts around the hand-written ones of pkg-template/types/.
'use strict';
const { fs, path, ROOT, GEN, rulesFor, fail, rows, rules, documented, paramFields, fieldNotes, responses } = require('./spec.js');

// --- types and API reference ---------------------------------------------

// The hand-written TypeScript lives in pkg-template/types/ (its //! lines
// are notes for the editor, dropped here).
const template = (name) => fs.readFileSync(path.join(ROOT, 'pkg-template', 'types', `${name}.d.ts`), 'utf8').replace(/^\/\/!.*\n/gm, '');
/** `text` with each /*@name@*\/ mark replaced by `values[name]` (every mark must have one). */
function fill(text, values) {
  return text.replace(/\/\*@(\w+)@\*\//g, (_, k) => (k in values ? values[k] : fail(`pkg-template/types: no value for /*@${k}@*/`)));
}
/** One part of a surface's hand-written declarations: 'types' or 'members'. */
function surfacePart(name, part) {
  const [types, members] = template(name).split('//@@ members\n');
  return part === 'types' ? types : members;
}
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
const dts = fill(template('index'), {
  gen: GEN,
  paramInterfaces: paramInterfaces.join('\n\n'),
  responseTypes: responseTypes.join('\n\n'),
  methods: methodDecls.join('\n'),
  exports: allNames.map((n) => `export declare const ${n}: WXAPI['${n}'];`).join('\n'),
});

// A surface's declarations: the main entry's for the methods it shares, its
// own rows declared as the main entry's are, and its extra exports.
const declaredTypes = new Set([...dts.matchAll(/^export (?:interface|type|declare class) (\w+)/gm)].map((m) => m[1]));
const SURFACE_DTS = {
  webapi: {
    iface: 'WebAPI',
    types: surfacePart('webapi', 'types'),
    members: surfacePart('webapi', 'members'),
  },
  uniapp: {
    iface: 'UniAPI',
    types: surfacePart('uniapp', 'types'),
    members: surfacePart('uniapp', 'members'),
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

module.exports = { dts, surfaceDts, paramType, wireSummary, typedParams, notedFields, typedResponses };
