// The built package in Node >= 18 over real HTTP (fetch) to the local test
// backend on 127.0.0.1:
// - the slice methods, configured the documented way (init3 with base URLs);
// - wire conformance for every request method: what the backend received
//   equals what the reference puts on the wire (requests to the real hosts
//   are redirected to the backend by a fetch wrapper; nothing leaves loopback);
// - uploads from a Buffer/Blob as multipart, and the errors of the contract.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('path');
const lib = require('./lib/conformance.js');
const { startBackend } = require('../server/backend.js');

const WXAPI = require(path.join(lib.ROOT, 'pkg'));
let backend;
const realFetch = globalThis.fetch;

test.before(async () => {
  backend = await startBackend({ quiet: true });
  // Redirect every non-loopback URL to the backend (/__host/<host>/…).
  globalThis.fetch = (url, init) => {
    const u = new URL(String(url));
    if (u.hostname !== '127.0.0.1') {
      return realFetch(`${backend.url}/__host/${u.host}${u.pathname}${u.search}`, init);
    }
    return realFetch(url, init);
  };
});
test.after(async () => {
  globalThis.fetch = realFetch;
  await backend.close();
});

function useBackend() {
  WXAPI.init3({ apiBaseUrl: backend.url, commonBaseUrl: `${backend.url}/common`, cmsBaseUrl: `${backend.url}/cms`, subDomain: 'demo', merchantId: '42' });
}
function useRealHosts() {
  WXAPI.init3({ apiBaseUrl: 'https://api.it120.cc', commonBaseUrl: 'https://common.apifm.com', cmsBaseUrl: 'https://cms.apifm.com', subDomain: lib.SUB, merchantId: lib.MCH });
}

test('init then call at once: the slice against the backend', async () => {
  useBackend();
  backend.reset();
  const [banners, goods, detail, category, config, cms, pingtuan] = await Promise.all([
    WXAPI.banners({ type: 'index' }),
    WXAPI.goods({ categoryId: 1 }),
    WXAPI.goodsDetail(101),
    WXAPI.goodsCategory(),
    WXAPI.queryConfigValue('mallName'),
    WXAPI.cmsArticles({ page: 1 }),
    WXAPI.pingtuanSets([101, 102]),
  ]);
  assert.equal(banners.code, 0);
  assert.equal(banners.data.length, 2);
  assert.deepEqual(goods.data.map((g) => g.id), [101, 104]);
  assert.equal(detail.data.basicInfo.name, '有机红富士苹果 5斤装');
  assert.equal(category.data.length, 2);
  assert.equal(config.data.value, 'API工厂 演示商城');
  assert.equal(cms.data.length, 2);
  assert.deepEqual(pingtuan.data.map((x) => x.goodsId), [101, 102]);
  const paths = backend.requests.map((r) => `${r.method} ${r.path}?${r.query}${r.body ? ` ${r.body}` : ''}`).sort();
  assert.deepEqual(paths, [
    'GET /common/demo/banner/list?type=index',
    'GET /common/demo/config/value?key=mallName',
    'GET /common/demo/shop/goods/pingtuan/sets?goodsId=101%2C102',
    'GET /demo/shop/goods/category/all?',
    'GET /demo/shop/goods/detail?id=101&token=',
    'POST /demo/cms/news/list? page=1',
    'POST /demo/shop/goods/list? categoryId=1',
  ]);
  assert.ok(backend.requests.every((r) => r.method === 'GET' || r.contentType === 'application/x-www-form-urlencoded'));
});

test('the backend answers with the response examples documented in instructions.md', async () => {
  const { examples } = require('../../spec/responses.json');
  useBackend();
  const stats = await WXAPI.siteStatistics();
  assert.deepEqual(stats, examples.siteStatistics);
  assert.equal(stats.data.dfs.capacityStr, '6.36 MB');
  assert.deepEqual(await WXAPI.goodsLimitations(101, 1), examples.goodsLimitations);
});

test('login, cart, order and user flow', async () => {
  useBackend();
  backend.reset();
  const login = await WXAPI.login_wx('wx-code');
  const token = login.data.token;
  assert.equal((await WXAPI.register_simple({ code: 'wx-code', referrer: 7 })).code, 0);
  assert.equal((await WXAPI.userDetail(token)).data.base.nick, '测试用户');
  assert.equal((await WXAPI.shippingCarInfo(token)).code, 700);
  const added = await WXAPI.shippingCarInfoAddItem(token, 101, 2, [{ optionId: 1, optionValueId: 2 }]);
  assert.equal(added.data.number, 2);
  assert.equal((await WXAPI.shippingCarInfoAddItem(token, '102', '1')).data.price, 167.8);
  assert.equal((await WXAPI.goodsPriceV2({ goodsId: 102, propertyChildIds: '' })).data.price, 88);
  const order = await WXAPI.orderCreate({ token, goodsJsonStr: JSON.stringify([{ goodsId: 101, number: 2 }]), remark: '尽快发货 & 谢谢' });
  assert.equal(order.data.amountReal, 79.8);
  assert.equal(order.data.remark, '尽快发货 & 谢谢');
  assert.equal((await WXAPI.orderList({ token })).data.orderList.length, 1);
  assert.equal((await WXAPI.scoreSign(token)).code, 0);
  assert.equal((await WXAPI.kanjiaHelp(token, 5, 7, '帮砍')).code, 0);
  assert.equal((await WXAPI.fetchSubDomainByWxappAppid('wx123')).data, 'demo');
  const kanjia = backend.requests.find((r) => r.path.endsWith('/kanjia/help'));
  assert.equal(kanjia.body, `kjid=5&joinerUser=7&token=${token}&remark=%E5%B8%AE%E7%A0%8D`);
});

test('uploadFile sends multipart from a Buffer or Blob; a path string is refused off mini-programs', async () => {
  useBackend();
  backend.reset();
  const res = await WXAPI.uploadFile('token-demo', Buffer.from('PNG…bytes'), 24);
  assert.equal(res.code, 0);
  const rec = backend.requests[0];
  assert.equal(rec.path, '/demo/dfs/upload/file');
  assert.equal(rec.multipart.token, 'token-demo');
  assert.equal(rec.multipart.expireHours, '24');
  assert.equal(rec.multipart.upfile.size, Buffer.byteLength('PNG…bytes'));
  const blob = await WXAPI.uploadFile('token-demo', new Blob(['abc']));
  assert.equal(blob.code, 0);
  await assert.rejects(WXAPI.uploadFile('token-demo', 'wxfile://tmp.png'), { name: 'WXAPIError', kind: 'argument' });
  await assert.rejects(WXAPI.compressImage('wxfile://a.png', 80), { name: 'WXAPIError', kind: 'unsupported' });
});

test('argument errors reject before any I/O', async () => {
  useBackend();
  backend.reset();
  await assert.rejects(WXAPI.goodsDetail(), (e) => e.name === 'WXAPIError' && e.kind === 'argument' && e.param === 'id' && e.method === 'goodsDetail');
  await assert.rejects(WXAPI.goodsDetail({ id: 1 }), { kind: 'argument', param: 'id' });
  await assert.rejects(WXAPI.orderCreate(), { kind: 'argument', param: 'data' });
  await assert.rejects(WXAPI.pingtuanSets(), { kind: 'argument', param: 'goodsIdArray' });
  const cyclic = { a: 1 };
  cyclic.self = cyclic;
  await assert.rejects(WXAPI.cmsArticles(cyclic), { kind: 'argument' });
  await assert.rejects(WXAPI.cmsArticles({ f() {} }), { kind: 'argument', param: 'data' });
  assert.equal(backend.requests.length, 0);
});

test('config refusals are synchronous and keep the previous config', async () => {
  useBackend();
  assert.throws(() => WXAPI.init('a/b'), { name: 'WXAPIError', kind: 'config', param: 'subDomain' });
  assert.throws(() => WXAPI.init2('http://example.com', 'x'), { kind: 'config', param: 'apiBaseUrl' });
  assert.throws(() => WXAPI.setMerchantId('1?x=2'), { kind: 'config', param: 'merchantId' });
  assert.throws(() => WXAPI.init3({ subDomain: 'ok', timeout: -1 }), { kind: 'config', param: 'timeout' });
  assert.throws(() => WXAPI.init3({ header: { 'X-Shop': 'a\r\nX-Evil: 1' } }), { kind: 'config', param: 'header' });
  assert.throws(() => WXAPI.init3({ header: { 'X-Shop': 'a\nb' } }), { kind: 'config', param: 'header' });
  assert.throws(() => WXAPI.init3({ header: { 'Bad Name': 'v' } }), { kind: 'config', param: 'header' });
  assert.throws(() => WXAPI.init3({ header: { 'Content-Type': 'text/plain' } }), { kind: 'config', param: 'header' });
  backend.reset();
  assert.equal((await WXAPI.goodsDetail(101)).code, 0);
  assert.equal(backend.requests[0].path, '/demo/shop/goods/detail');
});

test('init3({header}) adds checked headers to every request', async () => {
  useBackend();
  WXAPI.init3({ header: { 'X-Shop': 'shop-1', 'X-Trace': 42 } });
  backend.reset();
  await WXAPI.goodsDetail(101);
  await WXAPI.uploadFile('token-demo', Buffer.from('x'));
  for (const r of backend.requests) {
    assert.equal(r.headers['x-shop'], 'shop-1');
    assert.equal(r.headers['x-trace'], '42');
  }
  assert.equal(backend.requests[0].contentType, 'application/x-www-form-urlencoded');
  WXAPI.init3({ header: {} });
  backend.reset();
  await WXAPI.goodsDetail(101);
  assert.equal(backend.requests[0].headers['x-shop'], undefined);
});

test('caller objects are never changed', async () => {
  useBackend();
  const arg = Object.freeze({ page: 1, pageSize: 2 });
  assert.equal((await WXAPI.goods(arg)).code, 0);
  const upload = { url: 'https://example.com/a.png' };
  await WXAPI.uploadFileFromUrlV2(upload).catch(() => {});
  assert.deepEqual(upload, { url: 'https://example.com/a.png' });
});

test('HTTP and body faults settle with typed errors', async () => {
  useBackend();
  const raw = (p) => WXAPI.request(`${backend.url}/__fault/${p}`, false, 'get');
  assert.equal((await raw('http500')).code, 500); // a JSON body resolves, whatever the status
  await assert.rejects(raw('html'), { kind: 'response' });
  await assert.rejects(raw('empty'), { kind: 'response' });
  await assert.rejects(raw('http502'), { kind: 'http', status: 502 });
  await assert.rejects(raw('truncated'), { kind: 'response' });
  WXAPI.init3({ timeout: 200 });
  await assert.rejects(raw('hang'), { kind: 'timeout' });
  WXAPI.init3({ timeout: 60000 });
  WXAPI.init3({ apiBaseUrl: 'http://127.0.0.1:1', subDomain: 'demo' });
  await assert.rejects(WXAPI.goodsDetail(1), (e) => e.kind === 'network' && /request:fail/.test(e.errMsg));
});

// Wire conformance over real HTTP for every plain request method.
const rows = lib.reference.filter((r) => !r.kind);
test(`fetch wire equals the reference wire for all ${rows.length} request methods`, async () => {
  useRealHosts();
  const log = [];
  global.wx = lib.recordingPlatform(log, {});
  const ref = lib.loadReference();
  ref.init(lib.SUB);
  ref.setMerchantId(lib.MCH);
  let compared = 0;
  try {
    for (const row of rows) {
      for (const vector of lib.vectorsFor(row)) {
        log.length = 0;
        ref[row.name](...vector.make());
        const expected = log.map(lib.wireOfCall).map(({ kind, ...w }) => w)[0];
        if (row.name === 'fetchSubDomainByWxappAppid') expected.url = expected.url.replace('apifm.com//', 'apifm.com/');
        backend.requests.length = 0;
        delete global.wx; // ours must use fetch
        try {
          await WXAPI[row.name](...vector.make());
        } finally {
          global.wx = lib.recordingPlatform(log, {});
        }
        assert.equal(backend.requests.length, 1, `${row.name} ${vector.label}`);
        const r = backend.requests[0];
        const origin = r.host ? `https://${r.host}` : backend.url;
        const actual = { method: r.method, url: lib.normalizeUrl(`${origin}${r.path}${r.query ? `?${r.query}` : ''}`), body: r.body, contentType: r.contentType };
        assert.deepEqual(actual, expected, `${row.name} ${vector.label}`);
        compared++;
      }
    }
  } finally {
    delete global.wx;
  }
  process.stdout.write(`# fetch wire: ${rows.length} methods, ${compared} comparisons\n`);
});
