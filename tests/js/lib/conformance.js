// Shared by the conformance tests: the reference package run under a
// recording `wx`, argument vectors per method, and the "wire" form of a
// request (verb, absolute URL with query, form body, content type) that both
// packages are compared on.
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..', '..', '..');
const SUB = 'demo';
const MCH = '42';

function readJsonl(file) {
  return fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n')
    .filter((l) => l.trim() && !l.startsWith('//')).map((l) => JSON.parse(l));
}
const reference = readJsonl('spec/reference.jsonl').slice(1);
const rules = new Map(readJsonl('spec/rules.jsonl').map((r) => [r.name, r]));
const { rulesFor } = require('../../../tools/rules.js');

/** WeChat's form encoding of `data` (GET: query string, POST: body). */
function formEncode(data) {
  if (data === undefined || data === null) return '';
  if (typeof data === 'string') return data;
  return Object.keys(data).map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(data[k])}`).join('&');
}

/** The wire request a wx.request call produces. */
function wireOfWx(opts) {
  const method = String(opts.method || 'GET').toUpperCase();
  const q = formEncode(opts.data);
  const header = opts.header || opts.headers || {};
  let url = opts.url;
  let body = '';
  if (method === 'GET') {
    if (q) url += (url.includes('?') ? '&' : '?') + q;
  } else {
    body = q;
  }
  return { method, url: normalizeUrl(url), body, contentType: header['Content-Type'] || header['content-type'] || '' };
}

/** WHATWG URL normalisation (what a client puts on the wire for raw non-ASCII). */
function normalizeUrl(u) {
  try {
    return new URL(u).href;
  } catch (_) {
    return u;
  }
}

/** A recording mini-program platform object (no I/O). */
function recordingPlatform(log, storage) {
  const rec = (api) => (opts) => log.push({ api, opts });
  return {
    request: rec('request'),
    uploadFile: rec('uploadFile'),
    compressImage: rec('compressImage'),
    getStorageSync: (key) => (storage ? storage[key] : ''),
  };
}

/** What a recorded platform call means on the wire. */
function wireOfCall(call) {
  if (!call) return null;
  if (call.api === 'request') return { kind: 'request', ...wireOfWx(call.opts) };
  if (call.api === 'uploadFile') {
    return { kind: 'upload', url: normalizeUrl(call.opts.url), name: call.opts.name, filePath: call.opts.filePath, formData: formEncode(call.opts.formData) };
  }
  if (call.api === 'compressImage') return { kind: 'compressImage', src: call.opts.src, quality: call.opts.quality };
  return { kind: call.api };
}

function settleAll(calls) {
  for (const c of calls) {
    if (c.opts && typeof c.opts.success === 'function') {
      c.opts.success(c.api === 'uploadFile' ? { statusCode: 200, data: '{"code":0}' } : c.api === 'compressImage' ? { tempFilePath: 'x' } : { statusCode: 200, data: { code: 0 } });
    }
  }
}

/** The options a platform call got besides its callbacks: the same keys and headers as the reference's, nothing added. */
function optionsOf(call) {
  const o = call.opts || {};
  return { keys: Object.keys(o).filter((k) => typeof o[k] !== 'function').sort(), header: o.header };
}

/**
 * `wireOf(pkg, name, args)` for a package over a recording platform whose
 * calls land in `log`: the call's wire records and platform options, each
 * call answered with success, and its result or error.
 */
function platformWireOf(log) {
  return async function wireOf(pkg, name, args) {
    log.length = 0;
    let result;
    let error;
    try {
      result = pkg[name](...args);
    } catch (e) {
      error = e;
    }
    if (result && typeof result.then === 'function') {
      result.then(undefined, () => {}); // a rejection is read below, after the platform answered
      await new Promise((r) => setImmediate(r));
    }
    const calls = log.splice(0);
    settleAll(calls);
    if (result && typeof result.then === 'function') {
      try {
        await result;
      } catch (e) {
        error = e;
      }
    }
    return { wire: calls.map(wireOfCall), options: calls.map(optionsOf), error, result };
  };
}

// --- argument vectors -----------------------------------------------------
const STRINGS = ['hello', 'a&b=c?d#e%f+g /h', '中文名称😀', '12345', ''];
const OBJECTS = [
  () => ({ page: 1, pageSize: 20 }),
  () => ({ 'k&=?': 'v&=?#%+ /', nameLike: '苹果 & 梨', status: '0' }),
  // (an object in a form field is refused by design — it would go out as [object Object]: docs/compat.md)
  () => ({ title: '标题🎉', list: [1, 'two', true], grid: [[1, 2], [3]], flag: true }),
  () => ({ n: 0, f: 1.5, neg: -3, big: 12345678901, yes: false, empty: '', nul: null }),
  () => ({}),
];

/** How each parameter of a row is exercised. */
function paramKinds(row) {
  const resolved = rulesFor(row, rules.get(row.name));
  return row.params.map((p, i) => {
    const r = resolved[i].replace('!', '');
    if (r === 'p') return 'path';
    if (p.name === 'method' && row.verb === `{${i}}`) return 'verb';
    if (row.kind && row.kind.endsWith('uploadFile') && row.filePath === i) return 'file';
    if (row.data && !Array.isArray(row.data) && row.data.arg === i) return 'object';
    if (Array.isArray(row.data) && row.data.some(([, v]) => v && typeof v === 'object' && (v.join === i || v.json === i || v.jsonNonEmpty === i))) return 'array';
    if (new RegExp(`\\{${i}\\}`).test(row.url || '')) return 'segment';
    if (r === 'i') return 'id';
    if (r === 'n') return 'number';
    if (r === 'o') return 'object';
    if (r === 'a') return 'array';
    if (r === 'b') return 'bool';
    if (r === 'j') return 'json';
    return 'any';
  });
}

function valueFor(kind, v, row) {
  switch (kind) {
    case 'path': return ['/pay/custom/wxapp', '/pay/x/y', '/a/中文', '/b', '/c'][v];
    case 'verb': return ['get', 'post', 'get', 'post', 'get'][v];
    case 'file': return ['wxfile://tmp_1.png', 'http://tmp/a b.jpg', 'wxfile://图片.png', 'wxfile://x', 'wxfile://y'][v];
    case 'object': {
      const o = OBJECTS[v]();
      if (row.objectUpload) o.tempFilePath = 'wxfile://tmp_obj.png';
      return o;
    }
    case 'array': return [[1, 2, 3], ['a&b', '中文'], [[1, 2], ['x y', true]], [7], []][v];
    case 'segment': return ['grp', 'api1', '中文', 'x-1', 'z'][v];
    case 'id': return [123, '456', 789, '1', 0][v];
    case 'number': return [1, '2', 3.5, 0, '10'][v];
    case 'bool': return [true, false, 'true', 'false', true][v];
    case 'json': return ['{"a":1}', '[]', '{"中":"文 & 😀"}', '"x"', '{}'][v];
    default: return [STRINGS[v], 12, STRINGS[(v + 1) % 5], 3.25, STRINGS[(v + 2) % 5]][v];
  }
}

/**
 * Argument vectors of a reference row: five full vectors with different
 * value shapes, plus one with every defaulted trailing parameter omitted.
 * Each call of a vector's `make()` returns fresh objects (the reference
 * mutates some of them).
 */
function vectorsFor(row) {
  const kinds = paramKinds(row);
  const out = [];
  for (let v = 0; v < 5; v++) {
    out.push({ label: `v${v}`, make: () => kinds.map((k) => valueFor(k, v, row)) });
  }
  let keep = row.params.length;
  while (keep > 0 && 'default' in row.params[keep - 1]) keep--;
  if (keep < row.params.length) {
    out.push({ label: 'defaults', make: () => kinds.slice(0, keep).map((k) => valueFor(k, 0, row)) });
  }
  if (row.params.length === 0) out.splice(1);
  return out;
}

/** Loads a fresh copy of the reference package (its module state is global). */
function loadReference() {
  const file = require.resolve('apifm-wxapi');
  delete require.cache[file];
  // eslint-disable-next-line global-require
  return require(file);
}

// Deliberate differences (docs/compat.md), applied to the reference's wire.
const FIXES = {
  fetchSubDomainByWxappAppid: (w) => ({ ...w, url: w.url.replace('apifm.com//', 'apifm.com/') }),
};

/** The reference's wire records of `name` with the deliberate differences applied: what ours must send. */
function fixed(name, wire) {
  return FIXES[name] ? wire.map(FIXES[name]) : wire;
}

// --- apifm-webapi (apifm-wasm/webapi) --------------------------------------
const webapiReference = readJsonl('spec/reference-webapi.jsonl').slice(1);

/**
 * A fresh apifm-webapi whose axios (its own dependency, 0.24) hands every
 * request to `adapter` instead of the network: the instance is made at
 * module load from axios.defaults, and uploads use axios.post.
 */
function loadWebapi(adapter) {
  const file = require.resolve('apifm-webapi');
  const axios = require(require.resolve('axios', { paths: [path.dirname(file)] }));
  axios.defaults.adapter = adapter;
  delete require.cache[file];
  // eslint-disable-next-line global-require
  return require(file);
}

/**
 * apifm-webapi under a recording axios adapter and the built apifm-wasm/webapi
 * under a recording global fetch (nothing leaves the process); each wire
 * record also keeps the request's headers.
 */
function webapiPair() {
  const refLog = [];
  const fetchLog = [];
  // What both sides answer: status 200 and the echo, unless a test sets
  // answer.status (and answer.body, the text of the body) for the next calls.
  const answer = { status: 200, body: null };
  const bodyOf = (verb) => (answer.body === null ? JSON.stringify({ code: 0, echo: verb }) : answer.body);
  const axiosDir = path.dirname(require.resolve('apifm-webapi'));
  // axios' own settle(): its adapters resolve a status validateStatus accepts (2xx) and reject the others with error.response
  const settleAxios = require(require.resolve('axios/lib/core/settle', { paths: [axiosDir] }));
  const ref = loadWebapi((config) => {
    refLog.push({ ...wireOfAxios(config), headers: config.headers, timeout: config.timeout });
    const response = { data: bodyOf(config.method), status: answer.status, statusText: String(answer.status), headers: { 'content-type': 'application/json' }, config, request: {} };
    return new Promise((resolve, reject) => settleAxios(resolve, reject, response));
  });
  global.fetch = async (url, init) => {
    fetchLog.push({ ...wireOfFetch(url, init), headers: init.headers });
    const nullBody = [204, 205, 304].includes(answer.status); // fetch's Response refuses a body there
    return new Response(nullBody ? null : bodyOf(init.method.toLowerCase()), { status: answer.status, headers: { 'content-type': 'application/json' } });
  };
  const ours = require(path.join(ROOT, 'pkg', 'webapi-node.js'));
  return { ref, ours, refLog, fetchLog, answer };
}

let axiosBuildURL = null; // apifm-webapi's own axios's, found once

/** What axios 0.24 puts on the wire for a config its adapter gets (its own buildURL for the query). */
function wireOfAxios(config) {
  const buildURL = axiosBuildURL || (axiosBuildURL = require(require.resolve('axios/lib/helpers/buildURL', { paths: [path.dirname(require.resolve('apifm-webapi'))] })));
  const url = normalizeUrl(buildURL(config.url, config.params, config.paramsSerializer));
  if (typeof FormData !== 'undefined' && config.data instanceof FormData) return { kind: 'upload', url, ...formOf(config.data) };
  const method = config.method.toUpperCase();
  return { kind: 'request', method, url, body: method === 'GET' ? '' : config.data || '', contentType: headerOf(config.headers, 'content-type') };
}

/** A header of a recorded request, whatever its case ('' when absent). */
function headerOf(headers, name) {
  const key = Object.keys(headers || {}).find((k) => k.toLowerCase() === name);
  return key ? headers[key] : '';
}

/**
 * The records `log` holds (webapiPair's), taken out of it: each wire with
 * its Accept header, and header `extra` too when asked for.
 */
function takeRecords(log, extra) {
  return log.splice(0).map(({ headers, timeout, ...w }) => { // eslint-disable-line no-unused-vars
    const r = { ...w, accept: headerOf(headers, 'accept') };
    if (extra) r[extra] = headers[extra];
    return r;
  });
}

/** The wire of one fetch(url, init) call. */
function wireOfFetch(url, init) {
  if (typeof FormData !== 'undefined' && init.body instanceof FormData) return { kind: 'upload', url: normalizeUrl(url), ...formOf(init.body) };
  return { kind: 'request', method: init.method, url: normalizeUrl(url), body: init.body || '', contentType: headerOf(init.headers, 'content-type') };
}

/** A multipart body as its text fields (sorted: the part order is not compared) and the names of its file parts. */
function formOf(form) {
  const fields = [];
  const files = [];
  for (const [k, v] of form.entries()) {
    if (typeof v === 'string') fields.push(`${k}=${v}`);
    else files.push(k);
  }
  return { fields: fields.sort(), files };
}

module.exports = { headerOf, takeRecords, platformWireOf, webapiReference, webapiPair, loadWebapi, wireOfAxios, wireOfFetch, fixed, reference, rules, vectorsFor, paramKinds, wireOfWx, wireOfCall, formEncode, normalizeUrl, recordingPlatform, loadReference, SUB, MCH, ROOT };
