// apifm-wasm/webapi beyond the table rows: requestX, the axios-like
// `request` (callable, get, post, interceptors, eject) and timeout(), each
// compared with apifm-webapi@26.9.21 itself under a recording axios adapter
// (the built package under a recording fetch: nothing leaves the process).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('path');
const lib = require('./lib/conformance.js');

const { ref, ours, refLog, fetchLog } = lib.webapiPair();
ref.init(lib.SUB);
ours.init(lib.SUB);

/** One call on each side: their wires (with the header a test looks at) and results. */
async function both(call, header) {
  refLog.length = 0;
  fetchLog.length = 0;
  const theirs = await call(ref);
  const mine = await call(ours);
  return { theirs: lib.takeRecords(refLog, header), mine: lib.takeRecords(fetchLog, header), theirResult: theirs, myResult: mine };
}

test('requestX: the generic call, GET params as axios writes them, POST as qs, other verbs without fields', async () => {
  const data = () => ({ ids: [1, 2], where: { a: '中 &' }, items: [{ id: 1, n: 2 }], s: 'a b', nul: null });
  for (const [url, sub, verb] of [['/shop/goods/list', true, 'get'], ['/order/create', true, 'post'], ['/x/y', false, 'GET'], ['https://api.it120.cc/abs/z', false, 'POST'], ['/x/put', true, 'put'], ['/x/del', true, 'delete']]) {
    const r = await both((w) => w.requestX(url, sub, verb, data()));
    assert.deepEqual(r.mine, r.theirs, `${verb} ${url}`);
    assert.deepEqual(r.myResult, r.theirResult);
  }
});

test('request is callable as the axios instance: request(config), request(url, config), get, post; resolves with the body', async () => {
  const url = 'https://api.it120.cc/demo/shop/goods/list';
  const calls = [
    (w) => w.request({ url, method: 'get', params: { page: 1, ids: [3, 4] } }),
    (w) => w.request({ url, method: 'post', data: { page: 1, sku: [{ optionId: 1 }] } }),
    (w) => w.request({ url, params: { k: 'v' } }), // axios' default verb is get
    (w) => w.request(url, { method: 'POST', data: { a: 1 } }),
    (w) => w.request.get(url, { params: { q: '中文 & +' } }),
    (w) => w.request.post(url, { token: 't', list: [[1, 2], [3]] }),
  ];
  for (const call of calls) {
    const r = await both(call);
    assert.deepEqual(r.mine, r.theirs, String(call));
    assert.deepEqual(r.myResult, r.theirResult);
  }
});

test('interceptors apply to every method, as in apifm-webapi: a request interceptor adds a header and a field, a response interceptor replaces the body, eject removes them', async () => {
  const ids = {};
  for (const [name, w] of [['ref', ref], ['ours', ours]]) {
    ids[name] = {
      req: w.request.interceptors.request.use((config) => {
        config.headers['X-Token'] = 'tk-1';
        if (config.data) config.data.traceId = 'abc';
        return config;
      }),
      res: w.request.interceptors.response.use((body) => ({ wrapped: body })),
    };
  }
  const r = await both((w) => w.orderCreate({ token: 't', sku: [{ optionId: 1 }] }), 'X-Token');
  assert.deepEqual(r.mine, r.theirs);
  assert.equal(r.mine[0]['X-Token'], 'tk-1');
  assert.match(r.mine[0].body, /traceId=abc/);
  assert.deepEqual(r.myResult, { wrapped: { code: 0, echo: 'post' } });
  assert.deepEqual(r.myResult, r.theirResult);
  const get = await both((w) => w.goodsDetail(7), 'X-Token');
  assert.deepEqual(get.mine, get.theirs);
  for (const [name, w] of [['ref', ref], ['ours', ours]]) {
    w.request.interceptors.request.eject(ids[name].req);
    w.request.interceptors.response.eject(ids[name].res);
  }
  const after = await both((w) => w.orderCreate({ token: 't' }), 'X-Token');
  assert.deepEqual(after.mine, after.theirs);
  assert.equal(after.mine[0]['X-Token'], undefined);
  assert.deepEqual(after.myResult, { code: 0, echo: 'post' });
});

test('a response interceptor sees a failure and the call still rejects with it', async () => {
  const saved = global.fetch;
  global.fetch = async () => new Response('<html>bad gateway</html>', { status: 502 });
  let seen = null;
  const id = ours.request.interceptors.response.use(undefined, (err) => {
    seen = err;
    return Promise.reject(err);
  });
  try {
    const err = await ours.goodsDetail(1).then(() => assert.fail('resolved'), (e) => e);
    assert.equal(err.name, 'WXAPIError');
    assert.equal(err.kind, 'http');
    assert.equal(seen, err);
  } finally {
    ours.request.interceptors.response.eject(id);
    global.fetch = saved;
  }
});

test('timeout(ms) changes nothing, as in apifm-webapi (its axios instance keeps 60000)', async () => {
  assert.equal(ref.timeout(5), undefined);
  assert.equal(ours.timeout(5), undefined);
  const r = await both((w) => w.goodsDetail(1));
  assert.equal(refLog.length, 0);
  assert.deepEqual(r.mine, r.theirs);
  refLog.length = 0;
  await ref.goodsDetail(2);
  assert.equal(refLog[0].timeout, 60000);
});

test('the ES module build has every export by name, the same methods as the CommonJS object', async () => {
  const esm = await import(path.join(lib.ROOT, 'pkg', 'webapi-node.mjs'));
  const names = Object.keys(ref);
  assert.deepEqual(names.filter((n) => typeof esm[n] !== typeof ref[n]), []);
  assert.deepEqual(names.filter((n) => typeof esm.default[n] !== typeof ref[n]), []);
  assert.equal(typeof esm.init3, 'function');
});
