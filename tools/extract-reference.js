#!/usr/bin/env node
// Extracts the endpoint facts of a vendor SDK (a dev dependency) into a
// spec file, one method a line:
//   apifm-wxapi   -> spec/reference.jsonl         (the main entry's surface)
//   apifm-webapi  -> spec/reference-webapi.jsonl  (apifm-wasm/webapi)
//
// Every export is *run* with probe arguments against a recording `request`
// and recording `wx`/`tt` objects (apifm-webapi: a recording `axios` module
// in place of the real one), so the facts come from behaviour rather than
// from parsing code: which URL and verb it sends, whether it needs the
// subDomain, which argument lands in which form field, which transform
// (join / JSON) is applied, and the default of every parameter.
//
// Usage: node tools/extract-reference.js [--check]   (every reference in turn)
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const SUB = '\u0003sub';
const MCH = '\u0003mch';
const API = '\u0003api';
const REFERENCES = {
  'apifm-wxapi': { src: 'apifm-wxapi/src/index.js', out: 'reference.jsonl', config: ['init', 'init2', 'init3', 'setMerchantId', 'request'], load: loadWxapi },
  // getLocation: a uni.getLocation/showModal helper that sends no request (listed in the header as a helper)
  'apifm-uniapp': { src: 'apifm-uniapp/index.js', out: 'reference-uniapp.jsonl', config: ['init', 'init2', 'init3', 'setMerchantId', 'request'], helpers: ['getLocation'], load: loadWxapi },
  'apifm-webapi': { src: 'apifm-webapi/index.js', out: 'reference-webapi.jsonl', config: ['init', 'init2', 'setMerchantId', 'timeout', 'request', 'requestX'], load: loadWebapi },
};
if (!process.env.APIFM_REFERENCE) {
  // Each reference in a process of its own: their module state is global.
  const { spawnSync } = require('child_process');
  for (const name of Object.keys(REFERENCES)) {
    const r = spawnSync(process.execPath, process.argv.slice(1), { stdio: 'inherit', env: { ...process.env, APIFM_REFERENCE: name } });
    if (r.status !== 0) process.exit(1);
  }
  process.exit(0);
}
const REF_NAME = process.env.APIFM_REFERENCE;
const SURFACE = REFERENCES[REF_NAME];
if (!SURFACE) {
  process.stderr.write(`extract-reference: unknown reference ${REF_NAME}\n`);
  process.exit(1);
}
const OUT = path.join(ROOT, 'spec', SURFACE.out);
const SRC = require.resolve(SURFACE.src);
const CONFIG_METHODS = new Set(SURFACE.config);

function fail(msg) {
  process.stderr.write(`extract-reference: ${msg}\n`);
  process.exit(1);
}

// --- recording platform -------------------------------------------------
let calls = [];
let storage = {};
const platformCall = (api) => (opts) => { calls.push({ api, opts }); };
function platform(prefix) {
  return {
    request: platformCall(`${prefix}.request`),
    uploadFile: platformCall(`${prefix}.uploadFile`),
    compressImage: platformCall(`${prefix}.compressImage`),
    getStorageSync: (key) => { calls.push({ api: `${prefix}.getStorageSync`, key }); return storage[key]; },
  };
}
global.wx = platform('wx');
global.tt = platform('tt');
// apifm-uniapp calls uni.*: recorded as the wx.* call it mirrors (the row's kind is the platform call, whichever object has it).
global.uni = platform('wx');

const record = (url, needSubDomain, method, data) => {
  calls.push({ api: 'request', url, needSubDomain, method, data });
  return Promise.resolve({ code: 0 });
};

/** apifm-wxapi: its own init3({request}) hook records every call. */
function loadWxapi() {
  delete require.cache[SRC];
  const ref = require(SRC);
  ref.init3({ apiBaseUrl: API, subDomain: SUB, request: record });
  return ref;
}

/**
 * apifm-webapi: its module runs with a recording `axios` (the real `qs`).
 * Its request() hands axios {url: base + path, needSubDomain, method,
 * params (GET), data (POST)}: the path and the data it was given are read
 * back from that. Multipart uploads (axios.post with a FormData) are
 * recorded as the upload they are.
 */
function loadWebapi() {
  const Module = require('module');
  const axios = {
    create: () => {
      const instance = (c) => {
        const prefix = API + (c.needSubDomain ? `/${SUB}` : '');
        const url = c.url.startsWith(prefix) ? c.url.slice(prefix.length) : c.url;
        const data = c.method === 'get' || c.method === 'GET' ? c.params : c.method === 'post' || c.method === 'POST' ? c.data : undefined;
        return record(url, c.needSubDomain, c.method, data);
      };
      instance.interceptors = { request: { use() {} }, response: { use() {} } };
      return instance;
    },
    post: (url, form) => {
      const formData = {};
      let filePath;
      for (const [k, v] of form.entries()) {
        if (k === 'upfile') filePath = v;
        else formData[k] = v;
      }
      calls.push({ api: 'wx.uploadFile', opts: { url, name: 'upfile', filePath, formData, form } });
      return Promise.resolve({ data: { code: 0 } });
    },
  };
  const m = new Module(SRC, module);
  m.filename = SRC;
  m.paths = Module._nodeModulePaths(path.dirname(SRC));
  const load = m.require.bind(m);
  m.require = (id) => (id === 'axios' ? axios : load(id));
  m._compile(fs.readFileSync(SRC, 'utf8'), SRC);
  const ref = m.exports;
  ref.init2(API, SUB);
  return ref;
}

const ref = SURFACE.load();
ref.setMerchantId(MCH);

// --- parameter list from the function's own text -------------------------
function splitTop(s) {
  const out = [];
  let depth = 0, cur = '', quote = null;
  for (const ch of s) {
    if (quote) { cur += ch; if (ch === quote) quote = null; continue; }
    if (ch === '"' || ch === "'" || ch === '`') { quote = ch; cur += ch; continue; }
    if ('([{'.includes(ch)) depth++;
    if (')]}'.includes(ch)) depth--;
    if (ch === ',' && depth === 0) { out.push(cur.trim()); cur = ''; continue; }
    cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}
function paramList(fn) {
  const text = fn.toString();
  let m = /^(?:function\s*\w*\s*|[\w$]+\s*)?\(/.exec(text); // function (…), name(…) { (method shorthand), (…) =>
  let inner;
  if (m) {
    let depth = 0, i = m[0].length - 1;
    for (; i < text.length; i++) {
      if (text[i] === '(') depth++;
      if (text[i] === ')' && --depth === 0) break;
    }
    inner = text.slice(m[0].length, i);
  } else {
    m = /^(\w+)\s*=>/.exec(text);
    if (!m) fail(`cannot read the parameters of ${fn.name || text.slice(0, 40)}`);
    inner = m[1];
  }
  return splitTop(inner).map((p) => {
    const eq = p.indexOf('=');
    if (eq < 0) return { name: p };
    const name = p.slice(0, eq).trim();
    const expr = p.slice(eq + 1).trim();
    if (expr === 'Math.random()') return { name, default: { random: true } };
    let value;
    try { value = JSON.parse(expr.replace(/^'(.*)'$/, '"$1"')); } catch (e) {
      fail(`unsupported default '${expr}' for ${name}`);
    }
    return { name, default: value };
  });
}

// --- probes ---------------------------------------------------------------
const S = (i) => `\u0001${i}\u0001`;
const ARR = (i) => [`\u0001${i}a`, `\u0001${i}b`];
const OBJ = (i) => ({ [`\u0002probe${i}`]: `\u0002v${i}` });

function run(name, args) {
  calls = [];
  let result, error;
  try { result = ref[name](...args); } catch (e) { error = e; }
  if (result && typeof result.then === 'function') result.then(() => {}, () => {});
  return { calls, result, error };
}

// Replace probe strings inside a URL or string by {i} / {sub} / {mch}.
function template(s) {
  return s
    .replace(/\u0001(\d+)\u0001/g, '{$1}')
    .split(SUB).join('{sub}')
    .split(MCH).join('{mch}')
    .split(API).join('{api}')
    .split('https://common.apifm.com/').join('{common}')
    .split('https://cms.apifm.com/').join('{cms}');
}

function classifyField(key, name, n) {
  // Determine where data[key] comes from by comparing the probes.
  const strRun = run(name, Array.from({ length: n }, (_, i) => S(i)));
  const arrArgs = Array.from({ length: n }, (_, i) => ARR(i));
  const arrRun = run(name, arrArgs);
  const emptyRun = run(name, Array.from({ length: n }, () => []));
  const undefRun = run(name, []);
  const get = (r) => (r.calls[0] && r.calls[0].data ? r.calls[0].data[key] : undefined);
  const sv = get(strRun), av = get(arrRun), ev = get(emptyRun), uv = get(undefRun);
  for (let i = 0; i < n; i++) {
    const arr = arrArgs[i];
    if (av === arr) {
      if (sv === S(i) || strRun.error) return i;
      fail(`${name}.${key}: arrays pass through but strings do not`);
    }
    if (typeof av === 'string' && av === arr.join()) return { join: i };
    if (typeof av === 'string' && av === JSON.stringify(arr)) {
      if (ev === '' && uv === '') return { jsonNonEmpty: i };
      if (ev === '[]') return { json: i };
      fail(`${name}.${key}: unknown JSON transform`);
    }
  }
  if (sv === SUB) return { sub: true };
  if (sv === MCH) return { mch: true };
  if (typeof sv === 'string' && sv.includes('\u0001')) fail(`${name}.${key}: argument mixed into a value: ${JSON.stringify(sv)}`);
  if (sv === undefined) fail(`${name}.${key}: field missing from the string probe`);
  return { const: sv };
}

function extract(name) {
  const fn = ref[name];
  const params = paramList(fn);
  const n = params.length;
  const row = { name, params };

  const strRun = run(name, Array.from({ length: n }, (_, i) => S(i)));
  const objArgs = Array.from({ length: n }, (_, i) => OBJ(i));
  const objRun = run(name, objArgs);
  const arrRun = run(name, Array.from({ length: n }, (_, i) => ARR(i)));
  const acts = (r) => r.calls.some((c) => !c.api.endsWith('.getStorageSync'));
  const first = [strRun, arrRun, objRun].find(acts) || strRun;
  const reads = first.calls.filter((c) => c.api.endsWith('.getStorageSync')).map((c) => c.key);
  if (reads.length) row.storage = reads;

  if (typeof strRun.result === 'string' || typeof objRun.result === 'string') {
    // A synchronous URL builder (graphValidateCodeUrl).
    row.kind = 'url';
    row.url = template(strRun.result);
    return row;
  }
  const effect = first.calls.find((c) => !c.api.endsWith('.getStorageSync'));
  if (!effect) fail(`${name}: made no request`);

  if (effect.api !== 'request') {
    row.kind = effect.api;
    const o = effect.opts;
    if (effect.api.endsWith('.uploadFile')) {
      // Uploads: URL, file field name and the form data mapping.
      const objEffect = objRun.calls.find((c) => c.api === effect.api);
      const strEffect = strRun.calls.find((c) => c.api === effect.api);
      // apifm-webapi copies the object into a FormData: whole when a string probe gave no file.
      const whole = objEffect && (objEffect.opts.formData === objArgs[0] || (objEffect.opts.form && strEffect && strEffect.opts.filePath === undefined));
      if (!whole) {
        row.url = template(strEffect.opts.url);
        row.fileName = strEffect.opts.name;
        row.filePath = Number(/\u0001(\d+)\u0001/.exec(strEffect.opts.filePath)[1]);
        row.data = Object.keys(strEffect.opts.formData).map((k) => {
          const v = strEffect.opts.formData[k];
          const m = /^\u0001(\d+)\u0001$/.exec(v);
          if (m) return [k, Number(m[1])];
          if (v === SUB) return [k, { sub: true }];
          return [k, { const: v }];
        });
      } else {
        // One object parameter: apiUrl and tempFilePath are taken out of it.
        const probe = { apiUrl: '\u0001url', tempFilePath: '\u0001file', k: 'v' };
        const r = run(name, [probe]).calls.find((c) => c.api === effect.api);
        const r2 = run(name, [{ tempFilePath: '\u0001file' }]).calls.find((c) => c.api === effect.api);
        row.url = template(r2.opts.url);
        row.fileName = r.opts.name;
        row.objectUpload = { urlKey: 'apiUrl', fileKey: 'tempFilePath' };
        row.mutatesArgument = true;
        row.data = { arg: 0, merge: Object.keys(r.opts.formData).filter((k) => k !== 'k' && k !== 'tempFilePath').map((k) => [k, r.opts.formData[k] === SUB ? { sub: true } : { const: r.opts.formData[k] }]) };
        if (r.opts.url !== '\u0001url') fail(`${name}: apiUrl not honoured`);
      }
      return row;
    }
    if (effect.api.endsWith('.compressImage')) {
      row.data = Object.keys(o).filter((k) => typeof o[k] !== 'function').map((k) => [k, Number(/\u0001(\d+)\u0001/.exec(o[k])[1])]);
      return row;
    }
    fail(`${name}: unknown platform call ${effect.api}`);
  }

  // An ordinary request.
  const c = effect;
  row.verb = /\u0001(\d+)\u0001/.test(c.method) ? template(c.method) : c.method;
  row.url = template(c.url);
  row.sub = c.needSubDomain;
  let oc = objRun.calls.find((x) => x.api === 'request');
  for (let i = 0; !oc && i < n; i++) {
    // An object in every position made it throw (apifm-webapi reads url.indexOf): one object at a time.
    const mixed = Array.from({ length: n }, (_, k) => (k === i ? objArgs[k] : S(k)));
    const c = run(name, mixed).calls.find((x) => x.api === 'request' && x.data === objArgs[i]);
    if (c) oc = c;
  }
  // The object argument sent: itself, or a copy of it ({ ...data, subDomain }), plus fields.
  const arg = oc && oc.data && typeof oc.data === 'object' ? objArgs.findIndex((o) => o === oc.data || Object.keys(oc.data).includes(Object.keys(o)[0])) : -1;
  if (c.data === undefined) {
    row.data = null;
  } else if (arg >= 0) {
    row.data = { arg };
    const extra = Object.keys(oc.data).filter((k) => !k.startsWith('\u0002'));
    if (extra.length) {
      row.data.merge = extra.map((k) => [k, oc.data[k] === SUB ? { sub: true } : oc.data[k] === '\u0001storage' ? { storage: row.storage[0] } : { const: oc.data[k] }]);
      if (oc.data === objArgs[arg]) row.mutatesArgument = true;
    }
  } else {
    row.data = Object.keys(c.data).map((k) => [k, classifyField(k, name, n)]);
  }
  // Defaults come from the parameter list; confirm that every positional
  // parameter is used somewhere (or say it is not).
  const used = JSON.stringify([row.url, row.verb, row.data]);
  params.forEach((p, i) => {
    if (!new RegExp(`(\\{${i}\\}|"arg":${i}\\b|,${i}\\]|"(join|json|jsonNonEmpty)":${i}\\b)`).test(used)) p.unused = true;
  });
  return row;
}

const names = Object.keys(ref);
const rows = [];
for (const name of names) {
  if (CONFIG_METHODS.has(name) || (SURFACE.helpers || []).includes(name)) continue;
  storage = { shopIds: '\u0001storage' };
  rows.push(extract(name));
}
// The documented groups and titles (instructions.md): for each method, the
// top-level section it is documented in and the nearest heading above it.
function documented() {
  const md = fs.readFileSync(require.resolve('apifm-wxapi/instructions.md'), 'utf8');
  const out = new Map();
  let group = '';
  let title = '';
  let inFence = false;
  for (const line of md.split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    const h = !inFence && /^(#{1,4})\s+(.*?)\s*$/.exec(line);
    if (h) {
      if (h[1].length === 1) group = h[2];
      title = h[2];
      continue;
    }
    const re = /WXAPI\.([A-Za-z_$][\w$]*)\s*\(/g;
    let m;
    while ((m = re.exec(line))) {
      if (group && !out.has(m[1])) out.set(m[1], { name: m[1], group, title: title.replace(/\|/g, '/') });
    }
  }
  return out;
}
const wx = REF_NAME === 'apifm-wxapi'; // instructions.md documents apifm-wxapi's methods
const docs = wx ? documented() : new Map();
const docLines = [...docs.values()].map((d) => JSON.stringify(d)).join('\n') + '\n';
const DOC_OUT = path.join(ROOT, 'spec', 'documented.jsonl');
const docText = JSON.stringify({ generated: 'tools/extract-reference.js from apifm-wxapi/instructions.md — do not edit', methods: docs.size }) + '\n' + docLines;

const text = rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
const header = { generated: 'tools/extract-reference.js — do not edit', reference: `${REF_NAME}@${require(`${REF_NAME}/package.json`).version}`, exports: names.length, endpoints: rows.length, ...(SURFACE.helpers ? { helpers: SURFACE.helpers } : {}) };
const out = JSON.stringify(header) + '\n' + text;
if (process.argv.includes('--check')) {
  const have = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
  if (have !== out) fail(`spec/${SURFACE.out} is stale: run \`make regen\``);
  if (wx && (fs.existsSync(DOC_OUT) ? fs.readFileSync(DOC_OUT, 'utf8') : '') !== docText) fail('spec/documented.jsonl is stale: run `make regen`');
  process.stdout.write(`spec/${SURFACE.out} is current (${rows.length} endpoints)\n`);
} else {
  fs.writeFileSync(OUT, out);
  if (wx) fs.writeFileSync(DOC_OUT, docText);
  process.stdout.write(`wrote spec/${SURFACE.out}: ${rows.length} endpoints of ${names.length} exports of ${REF_NAME}\n`);
}
