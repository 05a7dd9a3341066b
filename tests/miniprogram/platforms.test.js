// The built mini-program package on every simulated platform (sim.js):
// ByteDance (tt), Alipay (my: main thread and worker), uni-app compiled to
// WeChat (uni + wx). Per platform: the context has that platform's globals
// only, init + an immediate call works, the wire equals apifm-wxapi's for a
// slice of methods, and HTTP statuses, string status codes, network failures
// and timeouts come out the same way (docs/platforms.md).
// Run: node --test tests/miniprogram/   (after node tools/build-pkg.js)
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const vm = require('vm');
const { toHost, PLATFORM_GLOBALS } = require('./sim.js');
const { fixture, within, rejection, compareWire, lib } = require('./common.js');

const fx = fixture();
const ES = Array.from(vm.runInNewContext('Object.getOwnPropertyNames(globalThis)')).filter((n) => n !== 'WebAssembly' && n !== 'console');
// GET and POST requests, storage (shopIds), the CMS host, an upload.
const SLICE = ['banners', 'goods', 'goodsDetail', 'shippingCarInfoAddItem', 'orderCreate', 'cmsArticles', 'uploadFile'];
const ALIPAY_ENTRY = 'apifm-wasm/miniprogram_dist/index.js'; // Alipay keeps npm packages in node_modules/ as installed

const globalsOf = (mp) => Array.from(mp.evaluate('Object.getOwnPropertyNames(globalThis)')).sort();

/**
 * HTTP statuses, non-JSON bodies and timeouts through `WXAPI` (already
 * initialised, on the file's backend): the same outcome on every platform.
 */
async function statusesAndTimeouts(WXAPI, label) {
  const { backend } = fx;
  // a JSON body resolves whatever the status (Alipay: it arrives through fail)
  const e500 = toHost(await within(WXAPI.request(`${backend.url}/__fault/http500`, false, 'get'), 3000, `${label} 500`));
  assert.deepEqual(e500, { code: 500, msg: '服务器内部错误' }, label);
  // a non-JSON error page rejects with kind 'http' and the status as a number
  const e502 = await rejection(WXAPI.request(`${backend.url}/__fault/http502`, false, 'get'), `${label} 502`);
  assert.equal(e502.name, 'WXAPIError', label);
  assert.equal(e502.kind, 'http', label);
  assert.equal(e502.status, 502, label);
  assert.match(e502.message, /HTTP 502 with a non-JSON body \(<h1>502 Bad Gateway/);
  // a non-JSON 200 body is kind 'response'
  const html = await rejection(WXAPI.request(`${backend.url}/__fault/html`, false, 'get'), `${label} html`);
  assert.equal(html.kind, 'response', label);
  assert.equal(html.status, 200, label);
  // init3({timeout}) reaches the platform's request, whose fail is a timeout
  WXAPI.init3({ timeout: 150 });
  const t = await rejection(WXAPI.request(`${backend.url}/__fault/hang`, false, 'get'), `${label} hang`);
  assert.equal(t.kind, 'timeout', `${label}: ${t.message}`);
  WXAPI.init3({ timeout: 60000 });
}

// ---------------------------------------------------------------------------
test('ByteDance (tt): TTWebAssembly and tt.request; init + call, wire, statuses, string statusCode, failures', async () => {
  const mp = fx.sim({ platform: 'tt' });
  assert.deepEqual(globalsOf(mp), ES.concat(PLATFORM_GLOBALS.tt).sort());
  assert.equal(mp.evaluate('typeof wx + typeof WXWebAssembly + typeof my + typeof uni'), 'undefinedundefinedundefinedundefined');

  mp.writeFile('/pages/index/index.js', "const WXAPI = require('apifm-wasm'); WXAPI.init('demo'); module.exports = WXAPI.goodsDetail(101);");
  const res = toHost(await within(mp.require('/pages/index/index.js'), 3000, 'goodsDetail'));
  assert.equal(res.data.basicInfo.name, '有机红富士苹果 5斤装');
  assert.deepEqual(mp.wasmLoads, [{ path: '/miniprogram_npm/apifm-wasm/apifm_wasm_bg.wasm.br', ok: true }]);
  assert.equal(mp.network[0].api, 'request');
  assert.match(mp.network[0].headers.Referer, /^https:\/\/tmaservice\.developer\.toutiao\.com\//);
  assert.equal(mp.network[0].headers['content-type'] || mp.network[0].headers['Content-Type'], 'application/x-www-form-urlencoded');

  const WXAPI = mp.require('apifm-wasm');
  WXAPI.init(lib.SUB);
  WXAPI.setMerchantId(lib.MCH);
  const n = await compareWire({
    mp, WXAPI, backend: fx.backend, names: SLICE,
    setShopIds: (v) => (v ? mp.tt.setStorageSync('shopIds', v) : mp.tt.removeStorageSync('shopIds')),
  });
  assert.ok(n >= SLICE.length * 2, `${n} comparisons`);

  await statusesAndTimeouts(WXAPI, 'tt');

  // statusCode as a string ('502'): still kind 'http' with status 502
  const s = fx.sim({ platform: 'tt', stringStatus: true });
  const S = s.require('apifm-wasm');
  S.init('demo');
  assert.equal(toHost(await within(S.goodsDetail(102), 3000, 'string status')).data.basicInfo.id, 102);
  const e = await rejection(S.request(`${fx.backend.url}/__fault/http502`, false, 'get'), 'string 502');
  assert.deepEqual([e.kind, e.status], ['http', 502]);
  assert.equal(await s.evaluate("new Promise(function (r) { tt.request({ url: 'https://x.test/a', success: function (res) { r(typeof res.statusCode); } }); })"), 'string');

  // a network failure: kind 'network' with tt's errMsg
  WXAPI.init3({ apiBaseUrl: 'http://127.0.0.1:1', subDomain: 'demo' });
  const net = await rejection(WXAPI.goodsDetail(101), 'refused');
  assert.equal(net.kind, 'network');
  assert.equal(net.errMsg, 'request:fail 未能连接到服务器。');
});

test('ByteDance: before TTWebAssembly (2.34.0) and before .wasm.br (2.92.0) the calls reject with what to do', async () => {
  const none = fx.sim({ platform: 'tt', sdkVersion: '2.30.0' });
  assert.equal(none.evaluate('typeof TTWebAssembly'), 'undefined');
  const A = none.require('apifm-wasm');
  A.init('demo');
  const e = await rejection(A.goodsDetail(101), 'no TTWebAssembly', 1000);
  assert.deepEqual([e.name, e.kind], ['WXAPIError', 'unsupported']);
  assert.match(e.message, /no TTWebAssembly: ByteDance base library >= 2\.34\.0 is required \(this one: 2\.30\.0\)/);

  const old = fx.sim({ platform: 'tt', sdkVersion: '2.60.0' });
  const B = old.require('apifm-wasm');
  B.init('demo');
  const e2 = await rejection(B.goodsDetail(101), 'no brotli', 1000);
  assert.equal(e2.kind, 'unsupported');
  assert.match(e2.message, /base library 2\.60\.0 cannot read \.wasm\.br \(needs >= 2\.92\.0\); .*copy node_modules\/apifm-wasm\/apifm_wasm_bg\.wasm \(.*\) into/);
  assert.deepEqual(old.wasmLoads.map((l) => l.path), ['/miniprogram_npm/apifm-wasm/apifm_wasm_bg.wasm', '/apifm-wasm/apifm_wasm_bg.wasm', '/miniprogram_npm/apifm-wxapi/apifm_wasm_bg.wasm']);
  assert.equal(fx.backend.requests.length, 0);
});

// ---------------------------------------------------------------------------
test('Alipay (my) main thread: no MyWebAssembly, so calls reject at once with kind unsupported and what to do', async () => {
  const mp = fx.sim({ platform: 'my' });
  assert.deepEqual(globalsOf(mp), ES.concat(PLATFORM_GLOBALS.my).sort());
  assert.equal(mp.evaluate('typeof MyWebAssembly + typeof wx'), 'undefinedundefined');
  const WXAPI = mp.require(ALIPAY_ENTRY);
  WXAPI.init('demo');
  const started = Date.now();
  const e = await rejection(WXAPI.goodsDetail(101), 'Alipay main thread', 1000);
  assert.deepEqual([e.name, e.kind], ['WXAPIError', 'unsupported']);
  assert.ok(e instanceof mp.global.Error);
  assert.match(e.message, /Alipay has MyWebAssembly only in workers, not on the main thread/);
  assert.match(e.message, /my\.createWorker/);
  assert.match(e.message, /apifm-wxapi/);
  assert.ok(Date.now() - started < 500, 'no wait');
  await rejection(WXAPI.ready, 'ready', 1000);
  assert.equal(fx.backend.requests.length, 0);
  assert.deepEqual(mp.wasmLoads, []);
  // the package's Node entry (package.json "main") is no mini-program module
  assert.throws(() => mp.require('apifm-wasm'), /is not defined/);
});

test('Alipay worker: MyWebAssembly and my.request (headers, status, non-2xx to fail, error codes); wire, statuses, failures', async () => {
  const mp = fx.sim({ platform: 'my', worker: true });
  assert.deepEqual(globalsOf(mp), ES.concat(PLATFORM_GLOBALS.myWorker).sort());
  mp.writeFile('/workers/api/index.js', `const WXAPI = require('${ALIPAY_ENTRY}'); WXAPI.init('demo'); module.exports = WXAPI.goodsDetail(101);`);
  const res = toHost(await within(mp.require('/workers/api/index.js'), 3000, 'goodsDetail'));
  assert.equal(res.data.basicInfo.id, 101);
  assert.deepEqual(mp.wasmLoads, [{ path: '/node_modules/apifm-wasm/miniprogram_dist/apifm_wasm_bg.wasm.br', ok: true }]);
  assert.equal(mp.network[0].headers['Content-Type'], 'application/x-www-form-urlencoded', 'sent as `headers`');
  assert.match(mp.network[0].headers['User-Agent'], /AlipayClient/);

  const WXAPI = mp.require(ALIPAY_ENTRY);
  WXAPI.init(lib.SUB);
  WXAPI.setMerchantId(lib.MCH);
  const n = await compareWire({
    mp, WXAPI, backend: fx.backend, names: SLICE,
    setShopIds: (v) => (v ? mp.my.setStorageSync(mp.toContext({ key: 'shopIds', data: v })) : mp.my.removeStorageSync(mp.toContext({ key: 'shopIds' }))),
  });
  assert.ok(n >= SLICE.length * 2, `${n} comparisons`);

  await statusesAndTimeouts(WXAPI, 'my');

  // status as a string
  const s = fx.sim({ platform: 'my', worker: true, stringStatus: true });
  const S = s.require(ALIPAY_ENTRY);
  S.init('demo');
  assert.equal(toHost(await within(S.goodsDetail(103), 3000, 'string status')).data.basicInfo.id, 103);
  const e = await rejection(S.request(`${fx.backend.url}/__fault/http502`, false, 'get'), 'string 502');
  assert.deepEqual([e.kind, e.status], ['http', 502]);

  // a network failure: kind 'network', Alipay's errorMessage as errMsg, the error code in the message
  WXAPI.init3({ apiBaseUrl: 'http://127.0.0.1:1', subDomain: 'demo' });
  const net = await rejection(WXAPI.goodsDetail(101), 'refused');
  assert.equal(net.kind, 'network');
  assert.equal(net.errMsg, '网络出错');
  assert.match(net.message, /网络出错 \(error 12\)/);
  assert.deepEqual(toHost(net.cause), { error: 12, errorMessage: '网络出错' });

  // compressImage: Alipay's takes apFilePaths, which the reference's wx-shaped call cannot fill
  const c = await rejection(WXAPI.compressImage('wxfile://tmp_1.png', 80), 'compressImage');
  assert.equal(c.kind, 'unsupported');
});

test('Alipay fail variants: statusCode instead of status, as a string, text or object data; error codes without a response', async () => {
  const mp = fx.sim({ platform: 'my', worker: true });
  const WXAPI = mp.require(ALIPAY_ENTRY);
  WXAPI.init('demo');
  await within(WXAPI.ready, 3000, 'ready');
  // my.request answers with the next scripted fail object (asynchronously, as a platform does)
  mp.evaluate('var script = []; my.request = function (o) { var r = script.shift(); setTimeout(function () { o.fail(r); }, 0); return { abort: function () {} }; };');
  const next = (obj) => mp.evaluate('(function (o) { script.push(o); })')(mp.toContext(obj));

  next({ error: 19, errorMessage: 'HTTP 错误', statusCode: '404', data: '{"code":404,"msg":"不存在"}' });
  assert.deepEqual(toHost(await within(WXAPI.goodsDetail(1), 3000, 'statusCode string')), { code: 404, msg: '不存在' });
  next({ error: 19, status: 500, data: { code: 500, msg: 'x' }, headers: {} });
  assert.deepEqual(toHost(await within(WXAPI.goodsDetail(1), 3000, 'object data')), { code: 500, msg: 'x' });
  next({ error: 19, statusCode: 503, data: '<html>busy</html>' });
  const e = await rejection(WXAPI.goodsDetail(1), 'non-JSON 503');
  assert.deepEqual([e.kind, e.status], ['http', 503]);
  // error 14 carries a status that is no HTTP status (the FAQ shows "status":13): a failure, not a response
  next({ data: '请求超时异常', error: 14, status: 13, errorMessage: 'JSON parse data error' });
  const d = await rejection(WXAPI.goodsDetail(1), 'error 14');
  assert.deepEqual([d.kind, d.errMsg], ['network', 'JSON parse data error']);
  next({ error: 13, errorMessage: '请求超时' });
  assert.equal((await rejection(WXAPI.goodsDetail(1), 'error 13')).kind, 'timeout');
  next({ error: 12, errorMessage: '似乎已断开与互联网的连接。' });
  const n = await rejection(WXAPI.goodsDetail(1), 'error 12');
  assert.deepEqual([n.kind, n.errMsg, n.message], ['network', '似乎已断开与互联网的连接。', 'WXAPI.goodsDetail: 似乎已断开与互联网的连接。 (error 12)']);
});

test('simulator: my.request behaves as Alipay documents (headers only, status, fail for non-2xx and errors, dataType default)', async () => {
  const mp = fx.sim({ platform: 'my', worker: true });
  const call = (opts) => mp.evaluate(`(function (opts) {
    return new Promise(function (resolve) {
      opts.success = function (r) { resolve(['success', r]); };
      opts.fail = function (r) { resolve(['fail', r]); };
      my.request(opts);
    });
  })`)(mp.toContext(opts)).then(toHost);
  let [which, res] = await call({ url: `${fx.backend.url}/x`, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, header: { 'X-Ignored': '1' }, data: { a: '1 2' } });
  assert.equal(which, 'success');
  assert.deepEqual(Object.keys(res).sort(), ['data', 'headers', 'status']);
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
  const rec = fx.backend.requests.pop();
  assert.deepEqual([rec.contentType, rec.body], ['application/x-www-form-urlencoded', 'a=1%202']);
  assert.equal(mp.network.pop().headers['X-Ignored'], undefined, '`header` is not read');
  // default content type: JSON
  await call({ url: `${fx.backend.url}/j`, method: 'POST', data: { a: 1 } });
  assert.deepEqual([fx.backend.requests[0].contentType, fx.backend.requests[0].body], ['application/json', '{"a":1}']);
  // non-2xx: fail with the response
  [which, res] = await call({ url: `${fx.backend.url}/__fault/http500` });
  assert.deepEqual([which, res.error, res.status, res.data], ['fail', 19, 500, { code: 500, msg: '服务器内部错误' }]);
  // lower-case verbs are refused (error 2); a refused connection is error 12; a timeout error 13
  assert.deepEqual(await call({ url: `${fx.backend.url}/x`, method: 'post' }), ['fail', { error: 2, errorMessage: '参数错误' }]);
  assert.deepEqual(await call({ url: 'http://127.0.0.1:1/x' }), ['fail', { error: 12, errorMessage: '网络出错' }]);
  assert.deepEqual(await call({ url: `${fx.backend.url}/__fault/hang`, timeout: 100 }), ['fail', { error: 13, errorMessage: '超时' }]);
  // dataType: json_or_text by default (>= 2.9.5): text stays text; 'json' fails a non-JSON body with error 14
  [which, res] = await call({ url: `${fx.backend.url}/__fault/html` });
  assert.deepEqual([which, typeof res.data], ['success', 'string']);
  [which, res] = await call({ url: `${fx.backend.url}/__fault/html`, dataType: 'json' });
  assert.deepEqual([which, res.error, res.errorMessage], ['fail', 14, 'JSON parse data error']);
  // storage takes {key}
  mp.my.setStorageSync(mp.toContext({ key: 'k', data: { a: 1 } }));
  assert.deepEqual(toHost(mp.my.getStorageSync(mp.toContext({ key: 'k' }))), { data: { a: 1 } });
  assert.deepEqual(toHost(mp.my.getStorageSync(mp.toContext({ key: 'none' }))), { data: null });
  // MyWebAssembly takes absolute paths only
  const rel = await rejection(mp.global.MyWebAssembly.instantiate('node_modules/apifm-wasm/miniprogram_dist/apifm_wasm_bg.wasm.br', {}), 'relative');
  assert.match(rel.message, /only an absolute path/);
});

// ---------------------------------------------------------------------------
test('uni-app compiled to WeChat: uni and wx both present; uni.request by default (uni-app interceptors see it), init3({transport: "wx"}) goes around it', async () => {
  const mp = fx.sim({ platform: 'uni' });
  assert.deepEqual(globalsOf(mp), ES.concat(PLATFORM_GLOBALS.uni).sort());
  // count uni.request calls (uni's APIs call wx's)
  mp.evaluate('var real = uni.request; uni.calls = 0; uni.request = function (o) { uni.calls++; return real.apply(uni, arguments); };');

  const WXAPI = mp.require('apifm-wasm');
  WXAPI.init('demo');
  assert.equal(toHost(await within(WXAPI.goodsDetail(101), 3000, 'default')).data.basicInfo.id, 101);
  assert.equal(mp.evaluate('uni.calls'), 1, 'detection picks uni first');

  WXAPI.init3({ transport: 'wx' });
  assert.equal(toHost(await within(WXAPI.goodsDetail(104), 3000, 'wx')).data.basicInfo.id, 104);
  assert.equal(mp.evaluate('uni.calls'), 1, 'wx.request directly');
  WXAPI.init3({ transport: 'uni' });

  WXAPI.init(lib.SUB);
  WXAPI.setMerchantId(lib.MCH);
  const n = await compareWire({
    mp, WXAPI, backend: fx.backend, names: SLICE,
    setShopIds: (v) => (v ? mp.uni.setStorageSync('shopIds', v) : mp.uni.removeStorageSync('shopIds')),
  });
  assert.ok(mp.evaluate('uni.calls') > n / 2, 'the requests went through uni.request');

  await statusesAndTimeouts(WXAPI, 'uni');

  // a transport this runtime does not have is refused at init3; mini-programs have no fetch
  assert.throws(() => WXAPI.init3({ transport: 'tt' }), (e) => e.kind === 'config' && /transport 'tt' is not available/.test(e.message));
  WXAPI.init3({ transport: 'fetch' });
  const nf = await rejection(WXAPI.goodsDetail(101), 'fetch on a mini-program', 1000);
  assert.deepEqual([nf.kind, nf.message], ['unsupported', 'WXAPI.goodsDetail: no fetch in mini-programs: use the wx/tt/my/uni transport']);
  WXAPI.init3({ transport: 'wx' });
  // network failure: WeChat's errMsg, passed on as it is
  WXAPI.init3({ apiBaseUrl: 'http://127.0.0.1:1', subDomain: 'demo' });
  const net = await rejection(WXAPI.goodsDetail(101), 'refused');
  assert.deepEqual([net.kind, net.errMsg], ['network', 'request:fail 未能连接到服务器。']);
});

test('init3({request}) replaces the transport on a mini-program: called as apifm-wxapi calls its request', async () => {
  const mp = fx.sim({ platform: 'uni' });
  const WXAPI = mp.require('apifm-wasm');
  mp.evaluate('var seen = [];');
  WXAPI.init3({ subDomain: 'demo', request: mp.evaluate('(function (url, needSubDomain, method, data) { seen.push([url, needSubDomain, method, data]); return Promise.resolve({ code: 0, data: "mine" }); })') });
  assert.deepEqual(toHost(await within(WXAPI.goodsDetail(101), 3000, 'custom')), { code: 0, data: 'mine' });
  assert.deepEqual(toHost(await within(WXAPI.banners({ type: 'index' }), 3000, 'custom banners')), { code: 0, data: 'mine' });
  assert.deepEqual(toHost(mp.evaluate('seen')), [
    ['/shop/goods/detail', true, 'get', { id: 101, token: '' }],
    ['https://common.apifm.com/demo/banner/list', false, 'get', { type: 'index' }], // the reference's common host
  ]);
  assert.equal(mp.network.length, 0);
  assert.equal(fx.backend.requests.length, 0);
});
