// The browser and mini-program builds shorten the shim's internal property
// names (tools/build-pkg.js, INTERNAL_PROPS); the Node builds, which most
// tests load, do not. Here one of the shortened builds (web.mjs, in Node:
// its browser runtime with fetch, and the wx transport over a fake wx) runs
// every stage that calls another through those names, over real HTTP: hooks
// (with a replay), retries, de-duplication, a view's timeout, abort and the
// FIFO gate of a platform transport.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('http');
const path = require('path');
const { pathToFileURL } = require('url');

const ROOT = path.join(__dirname, '..', '..');
const STATS = Symbol.for('apifm-wasm.stats');

const hits = []; // {id, header} of every request the server got
let dropFirst = 0; // the next N requests of id 7 lose their connection
const hanging = []; // responses of id 999, never answered until the end
const server = http.createServer((req, res) => {
  const id = new URL(req.url, 'http://x').searchParams.get('id');
  hits.push({ id, header: req.headers['x-hook'] });
  if (id === '7' && dropFirst > 0) {
    dropFirst--;
    req.socket.destroy();
    return;
  }
  if (id === '999') {
    hanging.push(res);
    return;
  }
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ code: 0, data: { id } }));
});

test.before(() => new Promise((resolve) => server.listen(0, '127.0.0.1', resolve)));
test.after(() => {
  for (const res of hanging) res.destroy();
  server.close();
});
const count = (id) => hits.filter((h) => h.id === id).length;

for (const build of ['web.mjs', 'webapi-web.mjs', 'uniapp.mjs']) {
  test(`pkg/${build}`, async (t) => {
    hits.length = 0;
    delete global.wx;
    const W = (await import(pathToFileURL(path.join(ROOT, 'pkg', build)).href)).default;
    W.init3({ apiBaseUrl: `http://127.0.0.1:${server.address().port}`, subDomain: 'demo', allowInsecureHttp: true, transport: 'fetch' });
    await stages(t, W);
    delete global.wx;
  });
}

async function stages(t, W) {

  await t.test('hooks: onRequest changes the header, onResponse replays the call once and replaces the answer', async () => {
    let replayed = 0;
    const remove = W.use({
      onRequest(ctx) {
        ctx.header['X-Hook'] = `attempt ${ctx.attempt}`;
      },
      onResponse(ctx, result) {
        if (!replayed++) return ctx.retry();
        return { ...result, seen: ctx.method };
      },
    });
    const r = await W.goodsDetail(1);
    remove();
    assert.deepEqual(r, { code: 0, data: { id: '1' }, seen: 'goodsDetail' });
    assert.equal(count('1'), 2, 'replayed once');
    assert.ok(hits.filter((h) => h.id === '1').every((h) => /^attempt \d$/.test(h.header)), 'the hook set the header');
  });

  await t.test('retry: a read that lost its connection is sent again', async () => {
    W.init3({ retry: { retries: 2, on: ['network'], backoff: 0 } });
    dropFirst = 2;
    assert.deepEqual(await W.goodsCategoryDetail(7), { code: 0, data: { id: '7' } }); // a reviewed read
    assert.equal(count('7'), 3);
    W.init3({ retry: false });
  });

  await t.test('dedupe: identical reads in flight share one request', async () => {
    W.init3({ dedupe: true });
    const [a, b] = await Promise.all([W.goodsCategoryDetail(8), W.goodsCategoryDetail(8)]);
    W.init3({ dedupe: false });
    assert.deepEqual(a, b);
    assert.notEqual(a, b, 'each caller gets its own copy');
    assert.equal(count('8'), 1);
  });

  await t.test("a view's timeout, abort() and a signal end calls in flight", async () => {
    await assert.rejects(W.withOptions({ timeout: 20 }).goodsDetail(999), (e) => e.kind === 'timeout');
    const p = W.goodsDetail(999);
    setImmediate(() => p.abort());
    await assert.rejects(p, (e) => e.kind === 'aborted');
    const ac = new AbortController();
    const q = W.withOptions({ signal: ac.signal }).goodsDetail(999);
    setImmediate(() => ac.abort());
    await assert.rejects(q, (e) => e.kind === 'aborted');
  });

  await t.test('the wx transport: the FIFO gate holds calls past maxConcurrent', async () => {
    const tasks = [];
    global.wx = {
      request(opts) {
        const task = { opts, abort() {} };
        tasks.push(task);
        return task;
      },
      getStorageSync: () => '',
    };
    W.init3({ transport: 'wx', maxConcurrent: 1 });
    const a = W.goodsDetail(11);
    const b = W.goodsDetail(12);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(tasks.length, 1);
    assert.deepEqual({ inFlight: W[STATS]().inFlight, queued: W[STATS]().queued }, { inFlight: 1, queued: 1 });
    tasks[0].opts.success({ statusCode: 200, data: { code: 0, data: { id: 11 } } });
    assert.deepEqual(await a, { code: 0, data: { id: 11 } });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(tasks.length, 2);
    assert.equal(tasks[1].opts.data.id, 12);
    tasks[1].opts.success({ statusCode: 200, data: { code: 0, data: { id: 12 } } });
    assert.deepEqual(await b, { code: 0, data: { id: 12 } });
    assert.deepEqual({ inFlight: W[STATS]().inFlight, queued: W[STATS]().queued }, { inFlight: 0, queued: 0 });
  });
}
