// Flow control (docs/errors.md, "Flow control"): the FIFO gate of mini-program
// transports (10 in flight, init3({maxConcurrent})), promise.abort() and
// withOptions({signal}) on queued and in-flight calls, abort over real HTTP
// with the fetch transport, and wasm memory over 100,000 calls.
// The `wx` here is fake: its requests complete only when the test says so.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('path');
const { startBackend } = require('../server/backend.js');

const ROOT = path.join(__dirname, '..', '..');
const STATS = Symbol.for('apifm-wasm.stats');

// --- the fake wx -------------------------------------------------------------
const tasks = []; // every request handed to wx, in the order wx got them
let failOnAbort = true; // real wx calls fail({errMsg: 'request:fail abort'}) after task.abort()
global.wx = {
  request(opts) {
    const t = {
      id: opts.data && opts.data.id,
      opts,
      aborts: 0,
      done: false,
      abort() {
        t.aborts++;
        if (failOnAbort && !t.done) {
          t.done = true;
          setImmediate(() => opts.fail({ errMsg: 'request:fail abort' }));
        }
      },
    };
    tasks.push(t);
    return t;
  },
  uploadFile() {
    throw new Error('not used');
  },
  getStorageSync: () => '',
};

const WXAPI = require(path.join(ROOT, 'pkg'));
/** A second, unconfigured WXAPI object (a fresh load of the package). */
function createFresh() {
  const entry = require.resolve(path.join(ROOT, 'pkg'));
  const saved = require.cache[entry];
  delete require.cache[entry];
  const fresh = require(entry);
  require.cache[entry] = saved;
  fresh.init3({ subDomain: 'demo', transport: 'wx' });
  return fresh;
}
const stats = () => WXAPI[STATS]();
const flush = () => new Promise((resolve) => setImmediate(resolve));
const live = () => tasks.filter((t) => !t.done);
const ids = (list) => list.map((t) => t.id);
/** Answers the request of goods id `id`. */
function complete(id) {
  const t = tasks.find((x) => x.id === id && !x.done);
  assert.ok(t, `no live request for id ${id}`);
  t.done = true;
  t.opts.success({ statusCode: 200, data: { code: 0, data: { id } } });
}
/** Settles to 'pending' if the promise has not settled after a macrotask. */
function state(p) {
  return Promise.race([p.then(() => 'resolved', (e) => `rejected:${e.kind}`), flush().then(() => 'pending')]);
}
async function drain() {
  for (let guard = 0; live().length && guard < 1000; guard++) {
    for (const t of live()) complete(t.id);
    await flush();
  }
  assert.deepEqual(stats(), { ...stats(), inFlight: 0, queued: 0 });
  tasks.length = 0;
}
const calls = (from, to, api = WXAPI) => {
  const out = {};
  for (let id = from; id <= to; id++) out[id] = api.goodsDetail(id);
  return out;
};

test.before(() => WXAPI.init3({ subDomain: 'demo', transport: 'wx' }));

test('at most 10 requests in flight; the rest start in call order as slots free', { timeout: 20000 }, async () => {
  const p = calls(1, 25);
  assert.deepEqual(ids(tasks), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.deepEqual(stats(), { ...stats(), inFlight: 10, queued: 15 });
  // Finish in a scrambled order: each finished request lets exactly the next queued one start.
  const order = [3, 1, 10, 7];
  for (const [n, id] of order.entries()) {
    complete(id);
    await flush();
    assert.deepEqual(ids(tasks).slice(10), Array.from({ length: n + 1 }, (_, k) => 11 + k));
    assert.equal(live().length, 10);
  }
  assert.deepEqual((await p[3]).data, { id: 3 });
  await drain();
  for (let id = 1; id <= 25; id++) assert.deepEqual((await p[id]).data, { id });
  assert.deepEqual(stats(), { ...stats(), inFlight: 0, queued: 0 });
});

test('wx receives the requests in call order (FIFO) even when finished out of order', { timeout: 20000 }, async () => {
  const p = calls(1, 40);
  const started = [];
  while (started.length < 40) {
    const batch = live();
    started.push(...ids(batch).filter((id) => !started.includes(id)));
    for (const t of batch.reverse()) complete(t.id); // newest first
    await flush();
  }
  assert.deepEqual(started, Array.from({ length: 40 }, (_, k) => k + 1));
  await Promise.all(Object.values(p));
  tasks.length = 0;
});

test('init3({maxConcurrent: 3}) changes the gate; init3({maxConcurrent: 10}) restores it', { timeout: 20000 }, async () => {
  WXAPI.init3({ maxConcurrent: 3 });
  const p = calls(1, 8);
  assert.deepEqual(ids(tasks), [1, 2, 3]);
  assert.deepEqual(stats(), { ...stats(), inFlight: 3, queued: 5 });
  complete(2);
  await flush();
  assert.deepEqual(ids(live()), [1, 3, 4]);
  await drain();
  await Promise.all(Object.values(p));
  assert.throws(() => WXAPI.init3({ maxConcurrent: 0 }), { kind: 'config', param: 'maxConcurrent' });
  assert.throws(() => WXAPI.init3({ maxConcurrent: 2.5 }), { kind: 'config', param: 'maxConcurrent' });
  WXAPI.init3({ maxConcurrent: 10 });
  const q = calls(1, 12);
  assert.equal(live().length, 10);
  await drain();
  await Promise.all(Object.values(q));
});

test('init3({maxConcurrent}) or init3({transport}) while calls are in flight: one queue, the new limit applies to it', { timeout: 20000 }, async () => {
  const p = calls(1, 20);
  assert.deepEqual(stats(), { ...stats(), inFlight: 10, queued: 10 });
  WXAPI.init3({ maxConcurrent: 4 });
  WXAPI.init3({ transport: 'wx' });
  const q = calls(21, 30); // before: a second gate let these 10 through at once
  assert.equal(live().length, 10);
  assert.deepEqual(stats(), { ...stats(), inFlight: 10, queued: 20 });
  for (let round = 0; round < 6; round++) {
    for (const t of live().slice(0, 3)) complete(t.id);
    await flush();
    assert.ok(live().length <= 10, `${live().length} in flight`);
  }
  assert.equal(live().length, 4, 'once the old calls settled, 4 at a time');
  assert.deepEqual(ids(tasks), Array.from({ length: ids(tasks).length }, (_, k) => k + 1), 'FIFO across the change');
  await drain();
  await Promise.all([...Object.values(p), ...Object.values(q)]);
  WXAPI.init3({ maxConcurrent: 10 });
});

test('a configured timeout: a platform that never calls back fails the call with kind timeout and frees its slot', { timeout: 20000 }, async () => {
  failOnAbort = false; // this wx never answers, not even after abort()
  WXAPI.init3({ timeout: 50 });
  const hung = calls(1, 10);
  const next = WXAPI.goodsDetail(11);
  assert.equal(live().length, 10);
  const started = Date.now();
  for (const id of Object.keys(hung)) {
    const e = await hung[id].then(() => assert.fail('resolved'), (x) => x);
    assert.deepEqual([e.kind, e.method, e.errMsg], ['timeout', 'goodsDetail', 'request:fail timeout']);
  }
  assert.ok(Date.now() - started < 5000);
  assert.ok(tasks.slice(0, 10).every((t) => t.aborts === 1), 'task.abort() was called');
  await flush();
  const t11 = tasks.find((t) => t.id === 11);
  assert.ok(t11, 'the queued call got a slot');
  complete(11);
  assert.equal((await next).code, 0);
  failOnAbort = true;
  for (const t of tasks) t.done = true;
  tasks.length = 0;
  WXAPI.init3({ timeout: 60000 });
});

test('a configured timeout applies to init3({request}) functions too', { timeout: 20000 }, async () => {
  WXAPI.init3({ request: () => new Promise(() => {}), timeout: 40 });
  const e = await WXAPI.goodsDetail(1).then(() => assert.fail('resolved'), (x) => x);
  assert.deepEqual([e.kind, e.method], ['timeout', 'goodsDetail']);
  const e2 = await WXAPI.withOptions({ timeout: 20 }).banners({ type: 'x' }).then(() => assert.fail('resolved'), (x) => x);
  assert.match(e2.message, /no answer within 20 ms/);
  WXAPI.init3({ request: null, timeout: 60000 });
});

test('abort() of a queued call rejects at once with kind aborted, and it never reaches wx', { timeout: 20000 }, async () => {
  const p = calls(1, 12);
  assert.equal(await state(p[11]), 'pending');
  const t0 = Date.now();
  assert.equal(p[11].abort(), undefined);
  await assert.rejects(p[11], (e) => e.name === 'WXAPIError' && e.kind === 'aborted' && e.method === 'goodsDetail' && e.errMsg === 'request:fail abort');
  assert.ok(Date.now() - t0 < 100);
  assert.deepEqual(stats(), { ...stats(), inFlight: 10, queued: 1 });
  complete(5);
  await flush();
  assert.deepEqual(ids(tasks).slice(10), [12]); // 11 was skipped
  p[11].abort(); // a second abort is harmless
  await drain();
  assert.ok(!tasks.some((t) => t.id === 11));
  for (const id of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12]) assert.equal((await p[id]).code, 0);
});

test('abort() of an in-flight upload: the platform task\'s abort() is called once and the call rejects as aborted', { timeout: 20000 }, async () => {
  const saved = wx.uploadFile;
  let task = null;
  wx.uploadFile = (opts) => (task = { opts, aborts: 0, abort() { this.aborts++; } });
  try {
    const p = WXAPI.uploadFile('token', 'wxfile://tmp/a.png');
    for (let i = 0; i < 5 && !task; i++) await flush();
    assert.ok(task, 'wx.uploadFile was not called');
    p.abort();
    await assert.rejects(p, { kind: 'aborted' });
    assert.equal(task.aborts, 1);
    await flush();
    assert.equal(task.aborts, 1);
  } finally {
    wx.uploadFile = saved;
  }
});

for (const platformCallsFail of [true, false]) {
  const how = platformCallsFail ? 'wx then calls fail (as WeChat does)' : 'wx never calls back after abort';
  test(`abort() of an in-flight call: task.abort() is called and its slot goes to the next queued call (${how})`, { timeout: 20000 }, async () => {
    failOnAbort = platformCallsFail;
    try {
      const p = calls(1, 12);
      const task4 = tasks.find((t) => t.id === 4);
      p[4].abort('user left');
      await assert.rejects(p[4], { kind: 'aborted', message: 'WXAPI.goodsDetail: aborted: user left' });
      assert.equal(task4.aborts, 1);
      assert.deepEqual(ids(tasks).slice(10), [11]); // the freed slot, at once
      assert.deepEqual(stats(), { ...stats(), inFlight: 10, queued: 1 });
      await flush();
      await flush();
      // A late fail callback neither frees a second slot nor settles the call twice.
      assert.deepEqual(stats(), { ...stats(), inFlight: 10, queued: 1 });
      assert.equal(live().length, platformCallsFail ? 10 : 11);
      // An answer that arrives anyway after abort is ignored.
      if (!platformCallsFail) {
        task4.opts.success({ statusCode: 200, data: { code: 0 } });
        task4.done = true;
        await flush();
        assert.deepEqual(stats(), { ...stats(), inFlight: 10, queued: 1 });
      }
      await drain();
      for (const id of [1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12]) assert.equal((await p[id]).code, 0);
      // Ten aborted-in-flight calls whose platform never calls back do not wedge the gate.
      const q = calls(1, 20);
      const aborted = [];
      for (let id = 1; id <= 10; id++) {
        q[id].abort();
        aborted.push(q[id].then(() => 'resolved', (e) => e.kind));
      }
      await flush();
      assert.deepEqual(ids(live()).filter((id) => id > 10), [11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
      assert.deepEqual(await Promise.all(aborted), Array(10).fill('aborted'));
      for (const t of tasks.filter((x) => x.id <= 10)) t.done = true;
      await drain();
      for (let id = 11; id <= 20; id++) assert.equal((await q[id]).code, 0);
    } finally {
      failOnAbort = true;
    }
  });
}

test('withOptions({signal}): queued, in flight, and already aborted', { timeout: 20000 }, async () => {
  const queued = new AbortController();
  const inflight = new AbortController();
  const p = calls(1, 10);
  const a = WXAPI.withOptions({ signal: queued.signal }).goodsDetail(11);
  const b = WXAPI.withOptions({ signal: inflight.signal, timeout: 5000 }).goodsDetail(12);
  assert.deepEqual(stats(), { ...stats(), inFlight: 10, queued: 2 });
  queued.abort();
  await assert.rejects(a, (e) => e.kind === 'aborted' && e.errMsg === 'request:fail abort');
  assert.deepEqual(stats(), { ...stats(), inFlight: 10, queued: 1 });
  complete(1);
  await flush();
  const taskB = tasks.find((t) => t.id === 12);
  assert.ok(taskB, '12 started');
  assert.equal(taskB.opts.timeout, 5000, 'the per-call timeout reaches wx.request');
  inflight.abort(new Error('navigated away'));
  await assert.rejects(b, { kind: 'aborted', message: 'WXAPI.goodsDetail: aborted: navigated away' });
  assert.equal(taskB.aborts, 1);
  // Already aborted: rejects at once and nothing is sent, even with free slots.
  await drain();
  await Promise.all(Object.values(p));
  const before = tasks.length;
  const c = WXAPI.withOptions({ signal: AbortSignal.abort() }).goodsDetail(13);
  assert.equal(await state(c), 'rejected:aborted');
  await assert.rejects(c, { kind: 'aborted' });
  assert.equal(tasks.length, before);
  assert.ok(!tasks.some((t) => t.id === 11 || t.id === 13));
  // An abort after the call settled changes nothing.
  const d = WXAPI.withOptions({ signal: inflight.signal }).goodsDetail; // aborted signal, new view
  await assert.rejects(d(14), { kind: 'aborted' });
  const late = new AbortController();
  const e = WXAPI.withOptions({ signal: late.signal }).goodsDetail(15);
  complete(15);
  assert.equal((await e).code, 0);
  late.abort();
  await flush();
  assert.deepEqual(stats(), { ...stats(), inFlight: 0, queued: 0 });
  tasks.length = 0;
});

test('wx.request gets a timeout only when one is configured: none by default (app.json networkTimeout applies), init3({timeout}), withOptions({timeout})', { timeout: 20000 }, async () => {
  const fresh = createFresh();
  const p1 = fresh.goodsDetail(1);
  assert.ok(!('timeout' in tasks[0].opts), 'no timeout option by default, as the reference');
  fresh.init3({ timeout: 8000 });
  const p2 = fresh.goodsDetail(2);
  const p3 = fresh.withOptions({ timeout: 1234 }).goodsDetail(3);
  assert.deepEqual(tasks.map((t) => t.opts.timeout), [undefined, 8000, 1234]);
  await drain();
  await Promise.all([p1, p2, p3]);
});

// --- fetch: abort cancels the HTTP request ------------------------------------
/** The backend, with its http.Server at hand to watch the hung request's socket. */
async function watchedBackend() {
  const http = require('http');
  const create = http.createServer;
  let server;
  http.createServer = (...args) => {
    server = create.apply(http, args);
    return server;
  };
  try {
    const backend = await startBackend({ quiet: true });
    const hung = [];
    server.on('request', (req) => {
      if (req.url.startsWith('/__fault/hang')) {
        const h = { closed: false };
        req.socket.on('close', () => { h.closed = true; });
        hung.push(h);
      }
    });
    return { backend, hung };
  } finally {
    http.createServer = create;
  }
}
async function until(cond, ms) {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 10));
  return cond();
}

test('fetch transport: abort() and an AbortSignal cancel the HTTP request (backend /__fault/hang)', { timeout: 20000 }, async () => {
  const { backend, hung } = await watchedBackend();
  WXAPI.init3({ transport: 'fetch' });
  try {
    for (const how of ['abort()', 'signal']) {
      const c = new AbortController();
      const api = how === 'signal' ? WXAPI.withOptions({ signal: c.signal }) : WXAPI;
      const before = hung.length;
      const p = api.request(`${backend.url}/__fault/hang`, false, 'get');
      assert.ok(await until(() => hung.length > before, 2000), 'the request did not reach the backend');
      const t0 = Date.now();
      if (how === 'signal') c.abort();
      else p.abort();
      await assert.rejects(p, (e) => e.name === 'WXAPIError' && e.kind === 'aborted' && e.errMsg === 'request:fail abort');
      assert.ok(Date.now() - t0 < 200, 'rejected at once');
      // Cancelled, not left hanging: the backend sees the connection close.
      assert.ok(await until(() => hung[hung.length - 1].closed, 2000), `${how}: the connection of the hung request is still open`);
    }
    assert.equal((await WXAPI.request(`${backend.url}/__fault/http500`, false, 'get')).code, 500);
  } finally {
    WXAPI.init3({ transport: 'wx' });
    await backend.close();
  }
});

// --- memory --------------------------------------------------------------------
/** A full garbage collection, so that the heap numbers mean something. */
function gc() {
  require('v8').setFlagsFromString('--expose-gc');
  require('vm').runInNewContext('gc')();
}
test('memory: 100,000 calls through init3({request}) — wasm memory does not grow after warm-up', { timeout: 60000 }, async (t) => {
  let n = 0;
  WXAPI.init3({ request: () => { n++; return Promise.resolve({ code: 0 }); } });
  try {
    const run = async (count) => {
      for (let i = 0; i < count; i += 1000) {
        const batch = [];
        for (let k = 0; k < 1000; k++) {
          const id = i + k + 1;
          batch.push(k % 4 === 0 ? WXAPI.goodsDetail(id) : k % 4 === 1 ? WXAPI.cmsArticles({ page: id, nameLike: '苹果 & 梨' }) : k % 4 === 2 ? WXAPI.goodsDetail({ bad: id }).catch((e) => e) : WXAPI.orderCreate({ token: `t${id}`, goodsJsonStr: JSON.stringify([{ goodsId: id, number: 2 }]), remark: 'x'.repeat(k) }));
        }
        await Promise.all(batch);
      }
    };
    gc();
    const heap0 = process.memoryUsage().heapUsed;
    await run(10000);
    const warm = stats().wasmMemoryBytes;
    const t0 = Date.now();
    await run(100000);
    const ms = Date.now() - t0;
    const after = stats().wasmMemoryBytes;
    gc();
    const heap1 = process.memoryUsage().heapUsed;
    t.diagnostic(`wasm memory after 10k warm-up ${warm} B, after 100k more ${after} B; JS heap ${(heap0 / 1048576).toFixed(1)} MB -> ${(heap1 / 1048576).toFixed(1)} MB; 100k calls in ${ms} ms`);
    assert.equal(after, warm);
    assert.equal(n, 82500); // 3 of 4 calls valid, over 110,000 calls
  } finally {
    WXAPI.init3({ request: null });
  }
});
