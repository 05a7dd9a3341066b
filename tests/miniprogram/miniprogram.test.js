// The built mini-program package (pkg/miniprogram_dist) in a simulated WeChat
// runtime (sim.js) against the real local backend: the context is faithful,
// the package loads its wasm through WXWebAssembly, and what it puts on the
// wire equals what apifm-wxapi puts on it.
// Run: node --test tests/miniprogram/   (after node tools/build-pkg.js)
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const vm = require('vm');
const zlib = require('zlib');
const { parseForm } = require('../server/backend.js');
const { createMiniProgram, toHost, PLATFORM_GLOBALS, SHADOWED } = require('./sim.js');
const { fixture, within, rejection, compareWire, PNG, lib } = require('./common.js');

const WASM = '/miniprogram_npm/apifm-wasm/apifm_wasm_bg.wasm.br'; // what the package ships to mini-programs
// (module (func (export "answer") (result i32) i32.const 42))
const ANSWER_WASM = Buffer.from('0061736d01000000' + '0105016000017f' + '03020100' + '070a0106616e737765720000' + '0a06010400412a0b', 'hex');

const fx = fixture();
const sim = (options) => fx.sim(options);
let backend;
test.beforeEach(() => {
  backend = fx.backend;
});

// ---------------------------------------------------------------------------
test('the context is faithful: WeChat globals only, no code strings, WeChat module wrapper', () => {
  const mp = sim();
  // Exactly: the ECMAScript built-ins (those of a fresh V8 context, minus
  // WebAssembly and V8's console) and WeChat's globals.
  const es = Array.from(vm.runInNewContext('Object.getOwnPropertyNames(globalThis)')).filter((n) => n !== 'WebAssembly' && n !== 'console');
  const names = Array.from(mp.evaluate('Object.getOwnPropertyNames(globalThis)'));
  assert.deepEqual(names.slice().sort(), es.concat(PLATFORM_GLOBALS.wx).sort());

  const absent = ['WebAssembly', 'TextEncoder', 'TextDecoder', 'fetch', 'URL', 'URLSearchParams', 'window', 'document', 'self',
    'process', 'require', 'module', 'exports', 'Buffer', 'setImmediate', 'clearImmediate', 'queueMicrotask',
    'XMLHttpRequest', 'navigator', 'location', 'atob', 'btoa', 'structuredClone', 'Blob', 'FormData', 'AbortController',
    'performance', 'crypto', 'tt', 'my', 'uni', 'TTWebAssembly', 'MyWebAssembly'];
  const globalScope = toHost(mp.evaluate(`({ ${absent.map((n) => `'${n}': typeof ${n}`).join(', ')} })`));
  assert.deepEqual(globalScope, Object.fromEntries(absent.map((n) => [n, 'undefined'])));
  for (const n of ['wx', 'WXWebAssembly', 'console', 'setTimeout', 'App', 'Page', 'getApp']) {
    assert.notEqual(mp.evaluate(`typeof ${n}`), 'undefined', n);
  }
  // WeChat's `global` is an object of its own shared by the modules, not the global object.
  assert.equal(mp.evaluate('typeof global === "object" && global !== globalThis && Object.keys(global).length'), 0);

  // Inside a module file: require/module/exports are the wrapper's, the
  // browser names are bound to undefined, node modules cannot be required,
  // and eval / new Function are refused as on WeChat.
  mp.writeFile('/probe/index.js', `
    var out = { require: typeof require, module: typeof module, exports: typeof exports };
    ${SHADOWED.map((n) => `out.${n} = typeof ${n};`).join(' ')}
    out.WebAssembly = typeof WebAssembly; out.TextEncoder = typeof TextEncoder; out.process = typeof process; out.Buffer = typeof Buffer;
    try { require('fs'); out.fs = 'loaded'; } catch (e) { out.fs = e.message; }
    try { eval('1'); out.eval = 'ran'; } catch (e) { out.eval = e.name; }
    try { new Function('return 1')(); out.newFunction = 'ran'; } catch (e) { out.newFunction = e.name; }
    try { setTimeout('1', 0); out.timerString = 'ran'; } catch (e) { out.timerString = e.name; }
    out.sibling = require('./sibling').value;
    out.siblingAgain = require('/probe/sibling.js') === require('./sibling.js');
    module.exports = out;
  `);
  mp.writeFile('/probe/sibling.js', 'exports.value = 7;');
  const probe = toHost(mp.require('/probe/index'));
  assert.deepEqual(probe, {
    require: 'function', module: 'object', exports: 'object',
    ...Object.fromEntries(SHADOWED.map((n) => [n, 'undefined'])),
    WebAssembly: 'undefined', TextEncoder: 'undefined', process: 'undefined', Buffer: 'undefined',
    fs: "module 'probe/fs.js' is not defined, require args is 'fs'",
    eval: 'EvalError', newFunction: 'EvalError', timerString: 'TypeError',
    sibling: 7, siblingAgain: true,
  });
  assert.throws(() => mp.require('apifm-wasmx'), /module 'apifm-wasmx\.js' is not defined/);
  // the package is where devtools "构建npm" puts it
  assert.equal(typeof mp.require('apifm-wasm').goodsDetail, 'function');
  assert.equal(mp.require('apifm-wasm'), mp.require('/miniprogram_npm/apifm-wasm/index.js'));
});

test('WXWebAssembly.instantiate takes a code package path only, and resolves to {instance, module}', async () => {
  const mp = sim({ files: { '/wasm/answer.wasm': ANSWER_WASM, '/wasm/answer.wasm.br': zlib.brotliCompressSync(ANSWER_WASM) } });
  const W = mp.global.WXWebAssembly;
  const refused = {
    bytes: mp.toContext(new Uint8Array(ANSWER_WASM)),
    arrayBuffer: mp.toContext(new Uint8Array(ANSWER_WASM)).buffer,
    module: new WebAssembly.Module(ANSWER_WASM),
    url: 'https://example.com/answer.wasm',
    missing: '/nope.wasm',
    notWasm: '/miniprogram_npm/apifm-wasm/index.js',
  };
  for (const [what, arg] of Object.entries(refused)) {
    const e = await rejection(W.instantiate(arg, {}), what);
    assert.ok(e && /WXWebAssembly\.instantiate/.test(e.message), `${what}: ${e && e.message}`);
    assert.ok(e instanceof mp.global.Error, `${what}: a context Error`);
  }
  for (const p of ['/wasm/answer.wasm', '/wasm/answer.wasm.br']) {
    const r = await W.instantiate(p, {});
    assert.deepEqual(Object.keys(r).sort(), ['instance', 'module']);
    assert.equal(r.instance.exports.answer(), 42);
    assert.ok(r instanceof mp.global.Object, 'the result is a context object');
  }
  // the package's own file, by the path the package uses
  const real = await W.instantiate(WASM, {});
  assert.equal(typeof real.instance.exports.memory, 'object');
  assert.ok(W.instantiate(WASM, {}) instanceof mp.global.Promise);
});

test('init() followed at once by a call works (no await in between)', async () => {
  const mp = sim();
  mp.writeFile('/pages/index/index.js', `
    const WXAPI = require('apifm-wasm');
    WXAPI.init('demo');
    module.exports = WXAPI.goodsDetail(101);
  `);
  const res = toHost(await within(mp.require('/pages/index/index.js'), 3000, 'goodsDetail'));
  assert.equal(res.code, 0);
  assert.equal(res.data.basicInfo.id, 101);
  assert.equal(res.data.basicInfo.name, '有机红富士苹果 5斤装');
  assert.deepEqual(backend.requests.map((r) => [r.method, r.host, r.path, r.query]), [['GET', 'api.it120.cc', '/demo/shop/goods/detail', 'id=101&token=']]);
  assert.ok(mp.network.every((n) => n.sentTo.startsWith('http://127.0.0.1:')));
});

// ---------------------------------------------------------------------------
// Wire conformance against the reference (run in this process with a
// recording wx, as tests/js/conformance.test.js does).
const SLICE = ['banners', 'goods', 'goodsDetail', 'goodsCategory', 'shippingCarInfo', 'shippingCarInfoAddItem', 'orderCreate', 'orderList',
  'userDetail', 'login_wx', 'register_simple', 'queryConfigValue', 'cmsArticles', 'pingtuanSets', 'uploadFile', 'scoreSign', 'kanjiaHelp',
  'goodsPriceV2', 'fetchSubDomainByWxappAppid'];
test('wire conformance in the simulator: the slice methods put the reference wire on the network', async () => {
  const mp = sim();
  const WXAPI = mp.require('apifm-wasm');
  WXAPI.init(lib.SUB);
  WXAPI.setMerchantId(lib.MCH);
  const setShopIds = (v) => (v ? mp.wx.setStorageSync('shopIds', v) : mp.wx.removeStorageSync('shopIds'));
  const compared = await compareWire({ mp, WXAPI, backend, names: SLICE, setShopIds });
  // goods with shopIds in storage: the reference mutates its argument, we do not
  const log = [];
  const storage = { shopIds: '11,12' };
  global.wx = lib.recordingPlatform(log, storage);
  const ref = lib.loadReference();
  ref.init(lib.SUB);
  const theirs = { page: 1 };
  ref.goods(theirs).catch(() => {});
  for (const c of log.splice(0)) c.opts.success({ statusCode: 200, data: { code: 0 } });
  assert.equal(theirs.shopId, '11,12');
  mp.wx.setStorageSync('shopIds', '11,12');
  const ours = mp.toContext({ page: 1 });
  await WXAPI.goods(ours);
  assert.deepEqual(toHost(ours), { page: 1 });
  assert.ok(compared >= SLICE.length * 2, `${compared} comparisons`);
  process.stdout.write(`# simulator conformance: ${SLICE.length} methods, ${compared} wire comparisons over HTTP\n`);
});

test('graphValidateCodeUrl returns the reference URL synchronously, from the first line of the app and once loaded', async () => {
  global.wx = lib.recordingPlatform([], { shopIds: '' });
  const ref = lib.loadReference();
  ref.init(lib.SUB);
  const mp = sim();
  const WXAPI = mp.require('apifm-wasm');
  WXAPI.init(lib.SUB);
  // before the wasm is in (a login page's onLoad): the same URL as the reference
  assert.equal(WXAPI.graphValidateCodeUrl('abc123'), ref.graphValidateCodeUrl('abc123'));
  await within(WXAPI.ready, 3000, 'ready');
  assert.equal(WXAPI.graphValidateCodeUrl('abc123'), ref.graphValidateCodeUrl('abc123'));
  assert.equal(WXAPI.graphValidateCodeUrl('a&b c'), 'https://api.it120.cc/demo/verification/pic/get?key=a%26b%20c');
  assert.match(WXAPI.graphValidateCodeUrl(), /^https:\/\/api\.it120\.cc\/demo\/verification\/pic\/get\?key=0\.\d+/);
  assert.equal(backend.requests.length, 0);
});

test('a wasm load failure makes calls reject with a WXAPIError (no hang), and a later good path recovers', async () => {
  const mp = sim();
  const WXAPI = mp.require('apifm-wasm');
  WXAPI.init3({ subDomain: 'demo', wasmPath: '/nope.wasm' });
  const e = await rejection(WXAPI.goodsDetail(101), 'goodsDetail with a bad wasmPath');
  assert.equal(e.name, 'WXAPIError');
  assert.equal(e.kind, 'unsupported');
  assert.match(e.message, /nope\.wasm/);
  // init3 alone with a bad path leaves no unhandled rejection (afterEach checks mp.errors)
  WXAPI.init3({ wasmPath: '/also-missing.wasm' });
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(mp.errors, []);
  // a good path: the next call loads and succeeds
  WXAPI.init3({ wasmPath: WASM });
  assert.equal(toHost(await within(WXAPI.goodsDetail(101), 3000, 'goodsDetail after recovery')).code, 0);

  // a runtime without WXWebAssembly at all (base library < 2.13.0)
  const old = sim({ wasm: false });
  assert.equal(old.evaluate('typeof WXWebAssembly'), 'undefined');
  const OLD = old.require('apifm-wasm');
  OLD.init('demo');
  const e2 = await rejection(OLD.goodsDetail(101), 'goodsDetail without WXWebAssembly');
  assert.equal(e2.name, 'WXAPIError');
  assert.equal(e2.kind, 'unsupported');
  assert.match(e2.message, /WXWebAssembly/);
  await rejection(OLD.ready, 'ready without WXWebAssembly');
  assert.equal(backend.requests.length, 1); // only the recovered call above
});

test('wx.request fail: the call rejects with a WXAPIError of kind network carrying WeChat\'s errMsg', async () => {
  const mp = sim();
  const WXAPI = mp.require('apifm-wasm');
  WXAPI.init3({ apiBaseUrl: 'http://127.0.0.1:1', subDomain: 'demo' });
  const e = await rejection(WXAPI.goodsDetail(101), 'goodsDetail on a closed port');
  assert.equal(e.name, 'WXAPIError');
  assert.equal(e.kind, 'network');
  assert.equal(e.errMsg, 'request:fail 未能连接到服务器。');
  assert.equal(e.cause.errno, 600001);
  assert.equal(mp.network[0].sentTo, 'http://127.0.0.1:1/demo/shop/goods/detail?id=101&token=');

  // the Android client words it differently; the package passes it on as it is
  const android = sim({ os: 'android' });
  const A = android.require('apifm-wasm');
  A.init3({ apiBaseUrl: 'http://127.0.0.1:1', subDomain: 'demo' });
  assert.equal((await rejection(A.goodsDetail(101), 'android')).errMsg, 'request:fail -102:net::ERR_CONNECTION_REFUSED');

  // timeout: init3({timeout}) reaches wx.request, whose fail says 'request:fail timeout'
  WXAPI.init3({ apiBaseUrl: backend.url, subDomain: 'demo', timeout: 150 });
  const t = await rejection(WXAPI.request(`${backend.url}/__fault/hang`, false, 'get'), 'request to a hanging server');
  assert.equal(t.name, 'WXAPIError');
  assert.equal(t.kind, 'timeout');
  assert.equal(t.errMsg, 'request:fail timeout');
});

test('an argument error rejects with kind argument and nothing reaches the backend', async () => {
  const mp = sim();
  const WXAPI = mp.require('apifm-wasm');
  WXAPI.init('demo');
  const e = await rejection(WXAPI.goodsDetail(), 'goodsDetail()');
  assert.equal(e.name, 'WXAPIError');
  assert.equal(e.kind, 'argument');
  assert.ok(e instanceof mp.global.Error);
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(backend.requests.length, 0);
  assert.equal(mp.network.length, 0);
});

test('Chinese and emoji (4-byte UTF-8, surrogate pairs) reach the core intact without TextEncoder/TextDecoder', async () => {
  const mp = sim();
  assert.equal(mp.evaluate('typeof TextEncoder + typeof TextDecoder'), 'undefinedundefined');
  const WXAPI = mp.require('apifm-wasm');
  WXAPI.init('demo');
  const key = '中文😀';
  await within(WXAPI.queryConfigValue(key), 3000, 'queryConfigValue');
  const [get] = backend.requests;
  assert.equal(get.path, '/demo/config/value');
  assert.equal(parseForm(get.query).key, key);
  assert.equal(get.query, `key=${encodeURIComponent(key)}`);

  backend.reset();
  const remark = '备注🎉👨‍👩‍👧 𠮷野家 é';
  const res = toHost(await within(WXAPI.orderCreate(mp.toContext({ token: 'token-demo', goodsJsonStr: JSON.stringify([{ goodsId: 101, number: 2 }]), remark })), 3000, 'orderCreate'));
  assert.equal(res.code, 0);
  assert.equal(res.data.remark, remark);
  assert.equal(parseForm(backend.requests[0].body).remark, remark);

  // an emoji in a path segment of the URL the core builds
  backend.reset();
  assert.equal((await WXAPI.ready, WXAPI.graphValidateCodeUrl('😀')), `https://api.it120.cc/demo/verification/pic/get?key=${encodeURIComponent('😀')}`);
});

// ---------------------------------------------------------------------------
// The simulator's own WeChat semantics (so the tests above mean what they say).
test('simulator: wx.request / wx.uploadFile / storage behave as WeChat documents', async () => {
  const mp = sim({ networkTimeout: 5000 });
  /** Runs wx.request in the context; resolves with [which callback, its argument, complete's argument]. */
  const request = (opts) => mp.evaluate(`(function (opts) {
    return new Promise(function (resolve) {
      var first;
      opts.success = function (r) { first = ['success', r]; };
      opts.fail = function (r) { first = ['fail', r]; };
      opts.complete = function (r) { resolve([first[0], first[1], r === first[1]]); };
      wx.request(opts);
    });
  })`)(mp.toContext(opts)).then(toHost);

  // GET: data → query string (encodeURIComponent), default Content-Type application/json
  let [which, res, same] = await request({ url: 'https://example.com/a/b?x=1', data: { 'k&': 'v w', n: 2, zh: '中' } });
  assert.deepEqual([which, same], ['success', true]);
  assert.equal(res.errMsg, 'request:ok');
  assert.equal(res.statusCode, 200);
  assert.deepEqual(backend.requests.pop(), { method: 'GET', host: 'example.com', path: '/a/b', query: 'x=1&k%26=v%20w&n=2&zh=%E4%B8%AD', contentType: 'application/json', body: '' });
  assert.equal(res.header['Content-Type'], 'application/json; charset=utf-8');
  assert.equal(typeof res.data, 'object');

  // POST form / POST json / lower-case verb
  await request({ url: 'https://example.com/f', method: 'post', header: { 'content-type': 'application/x-www-form-urlencoded' }, data: { a: '1&2', b: '' } });
  assert.deepEqual(backend.requests.pop(), { method: 'POST', host: 'example.com', path: '/f', query: '', contentType: 'application/x-www-form-urlencoded', body: 'a=1%262&b=' });
  await request({ url: 'https://example.com/j', method: 'POST', data: { a: [1, '二'] } });
  assert.deepEqual(backend.requests.pop(), { method: 'POST', host: 'example.com', path: '/j', query: '', contentType: 'application/json', body: '{"a":[1,"二"]}' });

  // every HTTP status is a success; a non-JSON body stays text; dataType other than json: text
  [which, res] = await request({ url: `${backend.url}/__fault/http500` });
  assert.deepEqual([which, res.statusCode, res.data], ['success', 500, { code: 500, msg: '服务器内部错误' }]);
  [which, res] = await request({ url: `${backend.url}/__fault/http502` });
  assert.deepEqual([which, res.statusCode, res.data], ['success', 502, '<h1>502 Bad Gateway</h1>']);
  [which, res] = await request({ url: 'https://example.com/t', dataType: 'text' });
  assert.equal(typeof res.data, 'string');

  // failures: timeout, refused, a bad url parameter
  [which, res, same] = await request({ url: `${backend.url}/__fault/hang`, timeout: 100 });
  assert.deepEqual([which, res, same], ['fail', { errMsg: 'request:fail timeout', errno: 5 }, true]);
  [which, res] = await request({ url: 'http://127.0.0.1:1/x' });
  assert.deepEqual([which, res], ['fail', { errMsg: 'request:fail 未能连接到服务器。', errno: 600001 }]);
  [which, res] = await request({ url: 123 });
  assert.deepEqual([which, res], ['fail', { errMsg: 'request:fail parameter error: parameter.url should be String instead of Number;' }]);

  // uploadFile: multipart, success data is the raw text
  const up = await mp.evaluate(`new Promise(function (resolve) {
    wx.uploadFile({ url: 'https://example.com/up', filePath: 'wxfile://tmp_1.png', name: 'upfile', formData: { token: 't', n: 3 },
      success: function (r) { resolve(r); }, fail: function (r) { resolve(r); } });
  })`);
  assert.equal(typeof up.data, 'string');
  assert.equal(up.errMsg, 'uploadFile:ok');
  const rec = backend.requests.pop();
  assert.deepEqual(rec.multipart, { token: 't', n: '3', upfile: { filename: 'tmp_1.png', size: PNG.length } });
  const missing = toHost(await mp.evaluate(`new Promise(function (resolve) {
    wx.uploadFile({ url: 'https://example.com/up', filePath: 'wxfile://none.png', name: 'f', fail: resolve });
  })`));
  assert.equal(missing.errMsg, 'uploadFile:fail file not found');

  // storage: '' for a missing key, values are copies
  assert.equal(mp.evaluate("wx.getStorageSync('nothing')"), '');
  assert.deepEqual(toHost(mp.evaluate("var o = { a: [1] }; wx.setStorageSync('o', o); o.a.push(2); wx.getStorageSync('o')")), { a: [1] });
  assert.throws(() => mp.evaluate('wx.setStorageSync(1, 2)'), /parameter\.key should be String instead of Number/);
  // compressImage: a new temp file, also as a Promise
  const c = toHost(await mp.evaluate("wx.compressImage({ src: 'wxfile://tmp_1.png', quality: 80 })"));
  assert.match(c.tempFilePath, /^wxfile:\/\/tmp_.*\.jpg$/);
  assert.ok(mp.tempFiles.has(c.tempFilePath));

  // timers have numeric ids and run; an error thrown in a callback is reported, not thrown at Node
  assert.equal(await mp.evaluate('new Promise(function (r) { var id = setTimeout(function (a) { r(typeof id + a); }, 5, "!"); })'), 'number!');
  await mp.evaluate('new Promise(function (r) { setTimeout(function () { r(); throw new Error("boom"); }, 1); })');
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(mp.errors.splice(0).map((e) => e.error.message), ['boom']);

  // callbacks are never called inside the wx.request call, even for an immediate failure
  assert.equal(mp.evaluate("var sync = 'no'; wx.request({ url: 'ftp://x/y', fail: function () { sync = 'yes'; } }); sync"), 'no');
  [which, res] = await request({ url: 'ftp://x/y' });
  assert.deepEqual([which, res], ['fail', { errMsg: 'request:fail invalid url "ftp://x/y"', errno: 600009 }]);

  // console goes to mp.logs
  mp.evaluate("console.log('你好', { a: 1 }); console.warn('w')");
  assert.deepEqual(mp.logs.slice(-2), [{ level: 'log', text: "你好 { a: 1 }" }, { level: 'warn', text: 'w' }]);

  // nothing but loopback was contacted
  assert.equal(mp.network.length, 9);
  for (const n of mp.network) assert.match(n.sentTo, /^http:\/\/127\.0\.0\.1:\d+\//);
});

test('a burst of calls: more than the 10 concurrent requests WeChat allows are queued, all answer', async () => {
  const mp = sim();
  const WXAPI = mp.require('apifm-wasm');
  WXAPI.init('demo');
  const ids = Array.from({ length: 25 }, (_, i) => 101 + (i % 4));
  const all = await within(Promise.all(ids.map((id) => WXAPI.goodsDetail(id))), 5000, 'burst');
  assert.deepEqual(all.map((r) => r.data.basicInfo.id), ids);
  assert.equal(backend.requests.length, 25);
});

test('simulator: an unknown platform is refused', () => {
  assert.throws(() => createMiniProgram({ platform: 'xx' }), /unknown platform/);
  assert.throws(() => createMiniProgram({ platform: 'wx', worker: true }), /worker is for platform 'my'/);
});
