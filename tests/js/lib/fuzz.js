// The fuzz engine shared by tests/js/fuzz.test.js (bounded, in CI) and
// tools/fuzz-long.js (>= 1,000,000 calls). It calls every export of the built
// package with hostile JavaScript values in random combinations and arities
// (deterministic PRNG: a failure prints the seed and the call number) and
// checks the error contract (docs/errors.md):
//   - every call settles: it resolves with the transport's answer or rejects
//     with a WXAPIError of kind argument/config/unsupported (aborted only for
//     calls the fuzzer aborted);
//   - synchronous throws only from init/init2/init3/setMerchantId and
//     graphValidateCodeUrl, and only WXAPIError;
//   - no unhandled rejection, no trap in the wasm core;
//   - nothing is handed to the transport for a call that was refused, and
//     what is handed over is well-formed (URL, UTF-16, no control characters);
//   - afterwards the instance still works: goodsDetail(1) produces the same
//     request as before the fuzz, and wasm memory stays bounded.
// The transports never touch the network:
//   mode 'custom': init3({request}) with a recording function, plus a
//                  recording global fetch (uploads and WXAPI.request use it);
//   mode 'wx':     a fake global `wx` (request/uploadFile/compressImage record
//                  and call success asynchronously; the RequestTask aborts).
// Run directly: node tests/js/lib/fuzz.js --mode custom|wx --calls N --seed S
// (prints one JSON line with the result). A process runs one mode: the custom
// APIFM_FUZZ_PKG=/path/to/pkg runs it against another build of the package.
// request function cannot be taken back once installed.
'use strict';
const path = require('path');

const ROOT = path.join(__dirname, '..', '..', '..');
const STATS = Symbol.for('apifm-wasm.stats');
const INIT = new Set(['init', 'init2', 'init3', 'setMerchantId']);
const SYNC = new Set(['graphValidateCodeUrl']);
const TRACE = !!process.env.FUZZ_TRACE; // FUZZ_TRACE=1: each call to stderr before it runs
// timeout: a fuzzed per-call or init3 timeout of a few milliseconds may run out before
// the fake transport answers (on the next turn of the event loop), above all on a busy machine.
const EXPECTED_KINDS = new Set(['argument', 'config', 'unsupported', 'timeout']);
const KINDS = new Set(['argument', 'config', 'timeout', 'network', 'http', 'response', 'aborted', 'unsupported']);

/** mulberry32: a small deterministic PRNG. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// --- hostile values ----------------------------------------------------------
const MB = 1024 * 1024;
let hugeCache = null;
function huge() {
  if (!hugeCache) {
    hugeCache = {
      ascii1: 'a'.repeat(MB),
      cjk2: '价'.repeat(MB), // 1 M UTF-16 units, 3 MB of UTF-8
      ascii8: 'x'.repeat(8 * MB),
      digits: '9'.repeat(MB),
      amp: '&='.repeat(MB / 2),
      surrogate: 'a'.repeat(MB) + '\ud800',
    };
  }
  return hugeCache;
}

const labels = new WeakMap(); // object -> what it is, for failure reports
function tag(v, label) {
  if ((typeof v === 'object' && v !== null) || typeof v === 'function') labels.set(v, label);
  return v;
}

const KEYS = ['id', 'token', 'page', 'pageSize', 'type', 'goodsId', 'data', 'tempFilePath', 'url', 'name', 'remark', 'k&=?#', '中文键', '', ' ', '__proto__', 'constructor', 'prototype', 'toJSON', 'valueOf', 'toString', 'then', 'length', '0', 'apiBaseUrl', 'subDomain', 'merchantId', 'timeout', 'transport', 'maxConcurrent', 'request', 'wasmPath', 'allowInsecureHttp', 'commonBaseUrl', 'cmsBaseUrl', '\ud800'];
const STRINGS = ['', 'abc', '1', '0', '-1', '12345678901234567890', '1e3', ' 12 ', 'true', 'false', 'null', 'undefined', 'NaN', '中文😀', 'a&b=c?d#e%f+g /h', '../../etc/passwd', '/shop/goods/detail', '//evil.com/x', 'https://evil.com/x?token=1', 'http://127.0.0.1:1/x', 'javascript:alert(1)', 'wxfile://tmp.png', 'x\r\nHost: evil', '\u0000', '\ud800', 'x\udfffy', '\ufeff', '{"a":1}', '[1,2]', 'demo', 'a/b', '%2e%2e', '%E4%B8%AD', 'wx', 'fetch', 'tt'];

/** Leaf values: one factory per kind, so that objects are fresh each time. */
const LEAVES = [
  () => undefined, () => null, () => NaN, () => Infinity, () => -Infinity, () => -0, () => 0, () => 1, () => -1, () => 1.5, () => 2 ** 53, () => 2 ** 53 + 2, () => 1e21, () => 5e-324, () => 123, () => 101, () => Number.MAX_VALUE,
  (r) => STRINGS[Math.floor(r() * STRINGS.length)],
  (r) => STRINGS[Math.floor(r() * STRINGS.length)],
  (r) => String(Math.floor(r() * 1e6)),
  () => true, () => false,
  () => Symbol('s'), () => Symbol.iterator, () => Symbol.for('apifm'),
  () => 10n, () => -(2n ** 70n), () => 0n,
  () => tag(() => {}, 'arrow function'), () => tag(async function named() {}, 'async function'), () => tag(class K {}, 'class'),
  () => tag(Object.assign(function withProps() {}, { id: 1 }), 'function with props'),
  () => tag(new String('boxed'), 'new String'), () => tag(new Number(7), 'new Number'), () => tag(new Number(NaN), 'new Number(NaN)'), () => tag(new Boolean(false), 'new Boolean(false)'),
  () => tag(Object(Symbol('boxed')), 'Object(Symbol)'), () => tag(Object(5n), 'Object(BigInt)'),
  () => tag(new Date(0), 'Date'), () => tag(new Date(NaN), 'invalid Date'),
  () => tag(new Map([[1, 2], ['a', { b: 1 }]]), 'Map'), () => tag(new Set([1, 'x']), 'Set'), () => tag(new WeakMap(), 'WeakMap'),
  () => tag(Promise.resolve(1), 'Promise'), () => tag(/re+g/gi, 'RegExp'), () => tag(new Error('boom'), 'Error'),
  () => tag(new Uint8Array([1, 2, 3]), 'Uint8Array'), () => tag(new Float64Array([NaN, -0, Infinity]), 'Float64Array'), () => tag(new BigInt64Array(2), 'BigInt64Array'),
  () => tag(Buffer.from('PNG bytes'), 'Buffer'), () => tag(new ArrayBuffer(8), 'ArrayBuffer'), () => tag(new DataView(new ArrayBuffer(4)), 'DataView'),
  () => tag(new Blob(['blob']), 'Blob'),
  () => tag(Object.create(null), 'Object.create(null)'),
  () => tag(Object.freeze({ page: 1, token: 't' }), 'frozen object'), () => tag(Object.seal([1, 2]), 'sealed array'),
  () => tag({ [Symbol('k')]: 1, visible: 2 }, 'symbol-keyed object'),
  () => tag(Object.defineProperty({}, 'hidden', { value: () => {}, enumerable: false }), 'non-enumerable function'),
  (function argumentsObject() { return () => tag(arguments, 'arguments'); })(1, 'two', { three: 3 }),
  () => tag({ length: 1e9 }, 'array-like length 1e9'),
  () => tag(new Array(1e9), 'new Array(1e9)'), () => tag(new Array(2 ** 32 - 1), 'new Array(2**32-1)'), () => tag([, , 1, , ], 'holey array'), // eslint-disable-line no-sparse-arrays
  () => tag(Object.assign([1, 2], { extra: 'prop' }), 'array with props'),
  () => tag({ then: (ok) => ok(1) }, 'thenable'), () => tag({ then: 1 }, 'then: 1'),
  () => tag({ toJSON() { throw new Error('toJSON throws'); } }, 'toJSON throws'),
  () => { const o = { toJSON() { return o; } }; return tag(o, 'toJSON returns itself'); },
  () => tag({ toJSON: () => Symbol('j') }, 'toJSON returns a symbol'),
  () => tag({ valueOf() { throw new Error('v'); }, toString() { throw new Error('s'); } }, 'valueOf/toString throw'),
  () => tag({ get token() { throw new Error('getter throws'); } }, 'getter throws'),
  () => tag({ get id() { throw Symbol('thrown symbol'); } }, 'getter throws a symbol'),
  () => tag({ get id() { throw null; } }, 'getter throws null'), // eslint-disable-line no-throw-literal
  () => tag(new Proxy({}, { ownKeys() { throw { toString() { throw new Error('toString'); }, get message() { throw new Error('message'); } }; } }), 'Proxy throws an unprintable object'), // eslint-disable-line no-throw-literal
  () => { let n = 0; return tag({ get id() { n++; return n % 2 ? 1 : Symbol('flip'); } }, 'flip-flopping getter'); },
  () => tag(JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}},"id":1}'), 'own __proto__/constructor keys'),
  () => { const o = { a: 1 }; o.self = o; return tag(o, 'cyclic object'); },
  () => { const a = [1]; a.push(a); return tag(a, 'cyclic array'); },
  () => { const a = {}; const b = { a }; a.b = b; return tag(a, 'mutual cycle'); },
  () => tag(new Proxy({ id: 1 }, {}), 'transparent Proxy'),
  () => tag(new Proxy({ id: 1 }, { get() { throw new Error('get trap'); } }), 'Proxy get throws'),
  () => tag(new Proxy({ id: 1 }, { ownKeys() { throw new Error('ownKeys trap'); } }), 'Proxy ownKeys throws'),
  () => tag(new Proxy({}, { getPrototypeOf() { throw new Error('getPrototypeOf trap'); } }), 'Proxy getPrototypeOf throws'),
  () => tag(new Proxy({}, { getOwnPropertyDescriptor() { throw new Error('gOPD trap'); }, ownKeys: () => ['x'] }), 'Proxy gOPD throws'),
  () => tag(new Proxy({}, { has() { throw new Error('has trap'); } }), 'Proxy has throws'),
  () => tag(new Proxy([1, 2], { get(t, k) { if (k === 'length') throw new Error('length trap'); return t[k]; } }), 'array Proxy length throws'),
  () => tag(new Proxy(() => {}, {}), 'function Proxy'),
  () => tag(new Proxy({}, { ownKeys: () => ['a', 'a'] }), 'Proxy duplicate keys'),
  () => { const p = Proxy.revocable({ id: 1 }, {}); p.revoke(); return tag(p.proxy, 'revoked Proxy'); },
  () => { const p = Proxy.revocable([], {}); p.revoke(); return tag(p.proxy, 'revoked array Proxy'); },
  () => { let a = []; for (let i = 0; i < 40; i++) a = [a]; return tag(a, 'array nested 40'); },
  () => { let a = 'leaf'; for (let i = 0; i < 10000; i++) a = [a]; return tag(a, 'array nested 10000'); },
  () => { let o = {}; for (let i = 0; i < 31; i++) o = { o }; return tag(o, 'object nested 31'); },
  () => tag(Array.from({ length: 5000 }, (_, i) => i), 'array of 5000 numbers'),
  () => tag(Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`k${i}`, i])), 'object with 3000 keys'),
];
/** Expensive leaves, drawn rarely. */
const RARE = [
  () => huge().ascii1, () => huge().cjk2, () => huge().ascii8, () => huge().digits, () => huge().amp, () => huge().surrogate,
  () => tag(new Array(999999), 'sparse new Array(999999)'),
  () => tag(Buffer.alloc(4 * MB), '4 MB Buffer'),
  () => tag({ token: huge().ascii1 }, 'object with a 1 MB string'),
  () => tag(new Proxy({}, { ownKeys: () => Array.from({ length: 200000 }, (_, i) => `k${i}`), getOwnPropertyDescriptor: () => ({ value: 1, enumerable: true, configurable: true }) }), 'Proxy with 200000 keys'),
];

// At most one expensive value per call: wasm memory grows to what the
// largest single call needs (about 11 times its argument text) and is never
// given back, so the bound the tests check depends on this.
let rareLeft = 1;
function leaf(r) {
  if (r() < 0.0015 && rareLeft > 0) {
    rareLeft--;
    return RARE[Math.floor(r() * RARE.length)](r);
  }
  return LEAVES[Math.floor(r() * LEAVES.length)](r);
}

/** A random hostile value, possibly a container of hostile values. */
function value(r, depth) {
  const x = r();
  if (depth > 3 || x < 0.62) return leaf(r);
  if (x < 0.8) {
    const o = {};
    const n = Math.floor(r() * 5);
    for (let i = 0; i < n; i++) {
      const k = KEYS[Math.floor(r() * KEYS.length)];
      Object.defineProperty(o, k, { value: value(r, depth + 1), enumerable: true, configurable: true, writable: true });
    }
    return tag(o, `object{${Object.keys(o).join(',')}}`);
  }
  if (x < 0.9) {
    const n = Math.floor(r() * 5);
    const a = [];
    for (let i = 0; i < n; i++) a.push(value(r, depth + 1));
    return tag(a, `array[${n}]`);
  }
  if (x < 0.95) {
    const inner = value(r, depth + 1);
    if (inner === null || (typeof inner !== 'object' && typeof inner !== 'function')) return inner;
    return tag(new Proxy(inner, {}), `Proxy(${describe(inner)})`);
  }
  const o = { id: value(r, depth + 1), token: value(r, depth + 1) };
  return tag(r() < 0.5 ? Object.freeze(o) : o, 'object{id,token}');
}

/** A short description of a value, without running its getters or traps. */
function describe(v) {
  try {
    switch (typeof v) {
      case 'string':
        return v.length > 40 ? `string(${v.length}) ${JSON.stringify(v.slice(0, 20))}…` : JSON.stringify(v);
      case 'number':
        return Object.is(v, -0) ? '-0' : String(v);
      case 'bigint':
        return `${v}n`;
      case 'symbol':
        return v.toString();
      case 'undefined':
        return 'undefined';
      case 'boolean':
        return String(v);
      default:
        if (v === null) return 'null';
        return `<${labels.get(v) || typeof v}>`;
    }
  } catch (_) {
    return '<?>';
  }
}

// --- the transports ----------------------------------------------------------
// eslint-disable-next-line no-control-regex
const UNSAFE_URL = /[\u0000-\u0020\u007f]/;
function checkUrl(u, where, problems) {
  if (typeof u !== 'string') return problems.push(`${where}: url is ${typeof u}`);
  if (!u.isWellFormed()) problems.push(`${where}: url has a lone surrogate`);
  if (UNSAFE_URL.test(u)) problems.push(`${where}: url has a space or control character: ${JSON.stringify(u.slice(0, 80))}`);
  if (/^https?:/.test(u)) {
    try {
      new URL(u); // eslint-disable-line no-new
    } catch (_) {
      problems.push(`${where}: url does not parse: ${JSON.stringify(u.slice(0, 80))}`);
    }
  } else if (!u.startsWith('/')) {
    problems.push(`${where}: url is neither absolute nor a path: ${JSON.stringify(u.slice(0, 80))}`);
  }
  return undefined;
}
/** Form data handed to a transport: plain JSON data, well-formed strings. */
function checkData(d, where, problems, depth = 0) {
  if (d === undefined || d === null || typeof d === 'number' || typeof d === 'boolean') return;
  if (typeof d === 'string') {
    if (!d.isWellFormed()) problems.push(`${where}: a lone surrogate in the data`);
    return;
  }
  if (typeof d !== 'object' || depth > 40) {
    problems.push(`${where}: data holds a ${typeof d}`);
    return;
  }
  const proto = Object.getPrototypeOf(d);
  if (proto !== Object.prototype && proto !== Array.prototype) problems.push(`${where}: data is not plain JSON`);
  for (const k of Object.keys(d)) {
    if (!k.isWellFormed()) problems.push(`${where}: a lone surrogate in a key`);
    checkData(d[k], where, problems, depth + 1);
  }
}

const BASE = { apiBaseUrl: 'https://api.it120.cc', commonBaseUrl: 'https://common.apifm.com', cmsBaseUrl: 'https://cms.apifm.com', subDomain: 'demo', merchantId: '42', timeout: 60000 };
const ANSWER = () => ({ code: 0, msg: 'success', data: { fuzz: true } });

function installTransports(mode, WXAPI, state) {
  // A recording fetch: used by uploads and WXAPI.request in 'custom' mode
  // (and by any call after a fuzzed init3({transport: 'fetch'})). Never I/O.
  globalThis.fetch = (url, init) => {
    state.handoffs++;
    state.last = { via: 'fetch', url: String(url), method: init && init.method };
    checkUrl(String(url), 'fetch', state.problems);
    if (init && typeof init.body === 'string') {
      if (!init.body.isWellFormed()) state.problems.push('fetch: body has a lone surrogate');
      if (/[^\x21-\x7e]/.test(init.body)) state.problems.push('fetch: body is not form-encoded ASCII'); // eslint-disable-line no-control-regex
    }
    return Promise.resolve(new Response(JSON.stringify(ANSWER()), { status: 200, headers: { 'Content-Type': 'application/json' } }));
  };
  if (mode === 'custom') {
    state.recorder = function recorder(url, needSubDomain, method, data) {
      state.handoffs++;
      state.last = { via: 'request', args: [url, needSubDomain, method, data] };
      checkUrl(url, 'request', state.problems);
      if (typeof needSubDomain !== 'boolean') state.problems.push(`request: needSubDomain is ${typeof needSubDomain}`);
      if (typeof method !== 'string') state.problems.push(`request: method is ${typeof method}`);
      checkData(data, 'request', state.problems);
      return Promise.resolve(ANSWER());
    };
    state.baseline = () => WXAPI.init3({ ...BASE, transport: 'fetch', request: state.recorder });
  } else {
    const later = (f) => setImmediate(f);
    const task = (opts, answer) => {
      let aborted = false;
      later(() => {
        if (aborted) return;
        if (typeof opts.success === 'function') opts.success(answer());
        if (typeof opts.complete === 'function') opts.complete();
      });
      return {
        abort() {
          if (aborted) return;
          aborted = true;
          later(() => typeof opts.fail === 'function' && opts.fail({ errMsg: 'request:fail abort' }));
        },
        onProgressUpdate() {},
      };
    };
    const record = (api, opts) => {
      state.handoffs++;
      state.last = { via: `wx.${api}`, opts };
      if (api === 'compressImage') {
        // Not a network request: compressImage(src) has no argument rule, as
        // in the reference; a string src must still be well-formed.
        if (typeof opts.src === 'string' && !opts.src.isWellFormed()) state.problems.push('wx.compressImage: src has a lone surrogate');
        return;
      }
      checkUrl(opts.url, `wx.${api}`, state.problems);
      checkData(api === 'request' ? opts.data : opts.formData, `wx.${api}`, state.problems);
      if (api === 'uploadFile' && (typeof opts.filePath !== 'string' || !opts.filePath)) state.problems.push('wx.uploadFile: filePath is not a path');
    };
    global.wx = {
      request(opts) {
        record('request', opts);
        // Both shapes wx answers with: parsed JSON and a JSON string.
        return task(opts, () => ({ statusCode: 200, data: state.handoffs % 2 ? ANSWER() : JSON.stringify(ANSWER()), header: {} }));
      },
      uploadFile(opts) {
        record('uploadFile', opts);
        return task(opts, () => ({ statusCode: 200, data: JSON.stringify(ANSWER()) }));
      },
      compressImage(opts) {
        record('compressImage', opts);
        task(opts, () => ({ tempFilePath: 'wxfile://compressed.jpg' }));
      },
      getStorageSync(key) {
        return key === 'shopIds' ? (state.handoffs % 3 ? '1,2' : '') : '';
      },
    };
    state.baseline = () => WXAPI.init3({ ...BASE, transport: 'wx', maxConcurrent: 10 });
  }
}

// --- init* arguments -----------------------------------------------------------
const OPTION_VALUES = {
  subDomain: () => 'demo',
  merchantId: () => '42',
  apiBaseUrl: () => 'https://api.example.com',
  timeout: () => 1000,
  transport: (mode) => (mode === 'custom' ? 'fetch' : 'wx'),
  maxConcurrent: () => 10,
  allowInsecureHttp: () => false,
};
/** Options for init3: hostile values under the real keys (a function never becomes the request function). */
function initOptions(r, mode, state) {
  const o = {};
  const keys = ['subDomain', 'merchantId', 'apiBaseUrl', 'commonBaseUrl', 'cmsBaseUrl', 'timeout', 'transport', 'maxConcurrent', 'wasmPath', 'allowInsecureHttp', 'request', KEYS[Math.floor(r() * KEYS.length)]];
  for (const k of keys) {
    if (r() < 0.6) continue;
    let v = r() < 0.3 && Object.hasOwn(OPTION_VALUES, k) ? OPTION_VALUES[k](mode) : value(r, 2);
    if (k === 'request' && (typeof v === 'function' || r() < 0.2)) v = mode === 'custom' ? state.recorder : undefined;
    Object.defineProperty(o, k, { value: v, enumerable: true, configurable: true, writable: true });
  }
  const x = r();
  if (x < 0.1) return tag(new Proxy(o, {}), 'Proxy(init3 options)');
  if (x < 0.15) return tag(new Proxy(o, { get() { throw new Error('init3 get trap'); } }), 'Proxy(init3 options) get throws');
  if (x < 0.2) return tag(Object.defineProperty(o, 'subDomain', { get() { throw new Error('init3 getter'); }, enumerable: true }), 'init3 options with a throwing getter');
  if (x < 0.25) return tag(Object.freeze(o), 'frozen init3 options');
  if (x < 0.3) return value(r, 0);
  return tag(o, `init3 options{${Object.keys(o).join(',')}}`);
}

// --- the run -------------------------------------------------------------------------
/**
 * @param {{mode: 'custom'|'wx', calls: number, seed: number, log?: (s: string) => void}} opts
 * @returns {Promise<object>} the result; `failures` lists contract violations
 */
async function run(opts) {
  const { mode, calls, seed } = opts;
  const log = opts.log || (() => {});
  const state = { handoffs: 0, last: null, problems: [], recorder: null, baseline: null };
  const unhandled = [];
  let current = 0; // the call being issued, for reports
  const onUnhandled = (e) => {
    let text;
    try {
      text = `${e && e.name}: ${e && e.message} (while issuing call #${current}) ${String(e && e.stack).split('\n').slice(1, 6).join(' | ')}`;
    } catch (_) {
      text = `an unprintable rejection (while issuing call #${current})`;
    }
    unhandled.push(text);
  };
  process.on('unhandledRejection', onUnhandled);

  const WXAPI = require(process.env.APIFM_FUZZ_PKG || path.join(ROOT, 'pkg'));
  installTransports(mode, WXAPI, state);
  const names = Object.keys(WXAPI);
  const { WXAPIError } = WXAPI;
  const stats = () => WXAPI[STATS]();
  const heap0 = process.memoryUsage().heapUsed;
  state.baseline();

  // The reference request before the fuzz: goodsDetail(1).
  const probe = async () => {
    state.last = null;
    const before = state.handoffs;
    const res = await WXAPI.goodsDetail(1);
    const last = state.last;
    return { sent: state.handoffs - before, res, wire: last && (last.via === 'request' ? { via: last.via, args: last.args } : { via: last.via, url: last.opts ? last.opts.url : last.url, method: last.opts ? last.opts.method : last.method, data: last.opts ? last.opts.data : undefined }) };
  };
  const before = await probe();
  const memoryBefore = stats().wasmMemoryBytes;

  const r = prng(mode === 'wx' ? seed ^ 0x5bd1e995 : seed); // the two modes draw different calls
  const failures = [];
  const counts = { calls: 0, resolved: 0, rejected: 0, thrown: 0, returned: 0, aborted: 0, traps: 0, byKind: {} };
  const fail = (i, name, args, why) => {
    if (failures.length < 20) failures.push(`seed ${seed}, call #${i}: ${name}(${args.map(describe).join(', ')}) ${why}`);
  };
  const isTrap = (e) => {
    try {
      for (let c = e, n = 0; c && n < 5; c = c.cause, n++) {
        if (c instanceof WebAssembly.RuntimeError || /unreachable|internal error in the wasm core/i.test(String(c && c.message))) return true;
      }
    } catch (_) {
      // a thrown value from the fuzzer itself (cause of an argument error)
    }
    return false;
  };
  const checkError = (i, name, args, e, aborted, how) => {
    if (isTrap(e)) {
      counts.traps++;
      fail(i, name, args, `trapped (${how}): ${e && e.message} / ${e && e.cause && e.cause.message}`);
      return;
    }
    if (!(e instanceof WXAPIError) || e.name !== 'WXAPIError') {
      fail(i, name, args, `${how} a non-WXAPIError: ${e && e.name}: ${e && e.message}`);
      return;
    }
    counts.byKind[e.kind] = (counts.byKind[e.kind] || 0) + 1;
    if (!KINDS.has(e.kind)) fail(i, name, args, `${how} an undocumented kind ${e.kind}`);
    else if (!(EXPECTED_KINDS.has(e.kind) || (aborted && e.kind === 'aborted'))) fail(i, name, args, `${how} kind ${e.kind}: ${e.message}`);
    if (typeof e.message !== 'string' || typeof e.errMsg !== 'string' || e.method !== name) fail(i, name, args, `${how} an error without message/errMsg/method`);
  };
  const t0 = Date.now();
  let memoryWarm = null;
  let i = 0;
  while (i < calls) {
    // A batch of calls issued synchronously, then awaited together.
    const batch = [];
    const n = 1 + Math.floor(r() * 12);
    const handoffs0 = state.handoffs;
    for (let b = 0; b < n && i < calls; b++, i++) {
      const x = r();
      let name;
      let args;
      rareLeft = 1;
      if (x < 0.02) {
        name = ['init', 'init2', 'init3', 'setMerchantId'][Math.floor(r() * 4)];
        args = name === 'init3' ? [initOptions(r, mode, state)] : Array.from({ length: Math.floor(r() * 3) }, () => value(r, 1));
      } else {
        name = names[Math.floor(r() * names.length)];
        if (INIT.has(name)) name = 'goodsDetail';
        const arity = r() < 0.9 ? Math.floor(r() * 5) : Math.floor(r() * 12);
        args = Array.from({ length: arity }, () => value(r, 1));
      }
      const abortMode = r() < 0.03 ? (r() < 0.5 ? 'now' : 'later') : null;
      const abortReason = r() < 0.5 ? undefined : value(r, 2);
      // Sometimes through withOptions({signal, timeout}) with hostile options.
      let target = WXAPI;
      let signalled = false;
      if (!INIT.has(name) && r() < 0.04) {
        const y = r();
        let o;
        if (y < 0.5) {
          const c = new AbortController();
          const when = r();
          if (when < 0.3) c.abort(value(r, 2));
          else if (when < 0.5) Promise.resolve().then(() => c.abort());
          signalled = when < 0.5;
          o = { signal: c.signal };
          if (r() < 0.5) o.timeout = r() < 0.5 ? 30000 : value(r, 2);
        } else if (y < 0.8) {
          o = { signal: value(r, 1), timeout: value(r, 1) };
        } else {
          o = value(r, 0);
        }
        try {
          target = WXAPI.withOptions(o);
        } catch (e) {
          counts.calls++;
          counts.thrown++;
          checkError(i, 'withOptions', [o], e, false, 'threw');
          if (e && e.kind !== 'config') fail(i, 'withOptions', [o], `threw kind ${e.kind}`);
          continue;
        }
        if (!target || typeof target[name] !== 'function') {
          fail(i, 'withOptions', [o], `has no ${name}`);
          continue;
        }
      }
      current = i;
      if (TRACE) process.stderr.write(`#${i} ${name}(${args.map(describe).join(', ')})\n`);
      const h = state.handoffs;
      let result;
      let threw = null;
      try {
        result = target[name](...args);
      } catch (e) {
        threw = e;
      }
      const syncHandoffs = state.handoffs - h;
      counts.calls++;
      if (threw) {
        counts.thrown++;
        if (!INIT.has(name) && !SYNC.has(name)) fail(i, name, args, `threw synchronously: ${threw && threw.name}: ${threw && threw.message}`);
        checkError(i, name, args, threw, false, 'threw');
        if (syncHandoffs) fail(i, name, args, 'threw after handing a request to the transport');
        if (INIT.has(name)) state.baseline();
        continue;
      }
      if (INIT.has(name)) {
        if (result !== undefined) fail(i, name, args, 'returned a value');
        state.baseline(); // the fuzzed options may have changed the transport or the timeout
        continue;
      }
      if (SYNC.has(name)) {
        counts.returned++;
        if (typeof result !== 'string') fail(i, name, args, `returned ${typeof result}`);
        else checkUrl(result, name, state.problems);
        continue;
      }
      if (!result || typeof result.then !== 'function' || typeof result.abort !== 'function') {
        fail(i, name, args, 'did not return an abortable promise');
        continue;
      }
      const entry = { i, name, args, syncHandoffs, aborted: signalled, outcome: null };
      const abort = () => {
        entry.aborted = true;
        try {
          if (result.abort(abortReason) !== undefined) fail(i, name, args, 'abort() returned a value');
        } catch (e) {
          fail(i, name, args, `abort(${describe(abortReason)}) threw ${e && e.name}: ${e && e.message}`);
        }
      };
      if (abortMode === 'now') abort();
      else if (abortMode === 'later') Promise.resolve().then(abort);
      entry.settled = result.then((v) => { entry.outcome = { ok: true, v }; }, (e) => { entry.outcome = { ok: false, e }; });
      batch.push(entry);
    }
    if (!batch.length) continue;
    let timer;
    const watchdog = new Promise((resolve) => { timer = setTimeout(resolve, 10000); });
    await Promise.race([Promise.all(batch.map((e) => e.settled)), watchdog]);
    clearTimeout(timer);
    let resolved = 0;
    let abortedCount = 0;
    for (const e of batch) {
      if (!e.outcome) {
        fail(e.i, e.name, e.args, 'never settled (10 s)');
        continue;
      }
      // A call given a tiny timeout (withOptions({timeout: 1.5})) may time out after its request
      // was handed over, before the transport answers: like an aborted call, a hand-off without a result.
      const timedOut = !e.outcome.ok && Boolean(e.outcome.e) && e.outcome.e.kind === 'timeout';
      if (e.aborted || timedOut) abortedCount++;
      if (e.outcome.ok) {
        resolved++;
        counts.resolved++;
        const v = e.outcome.v;
        if (!v || v.code !== 0 || !v.data || v.data.fuzz !== true) {
          if (!(e.name === 'compressImage' && mode === 'wx' && v && v.tempFilePath)) fail(e.i, e.name, e.args, `resolved with something the transport did not answer: ${describe(v)}`);
        }
      } else {
        counts.rejected++;
        if (e.aborted && e.outcome.e && e.outcome.e.kind === 'aborted') counts.aborted++;
        checkError(e.i, e.name, e.args, e.outcome.e, e.aborted, 'rejected with');
        if (!e.aborted && !timedOut && e.syncHandoffs) fail(e.i, e.name, e.args, `was refused (${e.outcome.e && e.outcome.e.kind}) after handing a request to the transport`);
      }
    }
    // Every hand-off is answered with success: refused calls handed nothing over.
    const handed = state.handoffs - handoffs0;
    if (handed < resolved || handed > resolved + abortedCount) {
      const b = batch[0];
      fail(b.i, `batch of ${batch.length} from ${b.name}`, [], `handed ${handed} requests to the transport for ${resolved} resolved and ${abortedCount} aborted or timed-out calls`);
    }
    if (state.problems.length) {
      const b = batch[batch.length - 1];
      for (const p of state.problems.splice(0)) fail(b.i, `batch ending with ${b.name}`, b.args, `sent something unsafe: ${p}`);
    }
    if (failures.length >= 20) break;
    if (memoryWarm === null && i >= Math.min(calls, 10000)) memoryWarm = stats().wasmMemoryBytes;
    // Now and then: the instance still answers a normal call as before (a
    // trap would leave every later call failing).
    if (i % 10000 < n) {
      state.baseline();
      const now = await probe().catch((e) => ({ error: `${e && e.name}: ${e && e.message}` }));
      if (JSON.stringify(now) !== JSON.stringify(before)) fail(i, 'goodsDetail', [1], `no longer works as before the fuzz: ${JSON.stringify(now).slice(0, 300)}`);
    }
    if (opts.progress && i % opts.progress < n) log(`# ${mode}: ${i} calls, ${((Date.now() - t0) / 1000).toFixed(1)} s, wasm ${stats().wasmMemoryBytes} B`);
  }
  const elapsed = Date.now() - t0;

  // Afterwards: the same request as before, and memory does not keep growing.
  state.baseline();
  const after = await probe();
  const memoryAfter = stats().wasmMemoryBytes;
  for (let k = 0; k < 2000; k++) await WXAPI.goodsDetail(k + 1);
  const memoryAfterNormal = stats().wasmMemoryBytes;
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 20));
  process.removeListener('unhandledRejection', onUnhandled);
  const st = stats();
  return {
    mode,
    seed,
    calls: counts.calls,
    counts,
    traps: counts.traps,
    elapsedMs: elapsed,
    failures,
    unhandled,
    before,
    after,
    stats: st,
    memory: { before: memoryBefore, warm: memoryWarm, after: memoryAfter, afterNormalCalls: memoryAfterNormal },
    heap: { before: heap0, after: process.memoryUsage().heapUsed },
  };
}

function parseArgs(argv) {
  const get = (flag, dflt) => {
    const k = argv.indexOf(flag);
    return k >= 0 ? argv[k + 1] : dflt;
  };
  return { mode: get('--mode', 'custom'), calls: Number(get('--calls', 20000)), seed: Number(get('--seed', Date.now() % 2 ** 31)), progress: Number(get('--progress', 0)) };
}

module.exports = { run, prng, value, describe, parseArgs };

if (require.main === module) {
  const a = parseArgs(process.argv);
  run({ ...a, log: (s) => process.stderr.write(`${s}\n`) }).then(
    (res) => {
      process.stdout.write(`${JSON.stringify(res, (k, v) => (typeof v === 'bigint' ? `${v}n` : v))}\n`);
    },
    (e) => {
      process.stdout.write(`${JSON.stringify({ crashed: String(e && e.stack) })}\n`);
      process.exitCode = 1;
    },
  );
}
