// Each stage of the engine (js-shim/: loader, route, call's cancel path,
// retry, dedupe, and the whole pipeline) without the wasm build: fresh
// copies of the modules (tests/js/lib/shim.js) over a fake core that answers
// as the protocol says (docs/protocol.md).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { shim } = require('./lib/shim.js');

const load = () => shim('call.js', 'loader.js', 'route.js', 'retry.js', 'dedupe.js', 'engine.js', 'api.js', 'row.js', 'protocol.js', 'errors.js');
const tick = () => new Promise((r) => setImmediate(r));

/** A fake core: configure() accepts, row() gives slots, build()/reform() answer `describe(slot, who, text)` as JSON (a string starting with E: an error). */
function fakeCore(describe) {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const at = 1024;
  const seen = { rows: [], builds: [], reforms: [], configs: [] };
  const text = (len) => Buffer.from(new Uint8Array(memory.buffer, at, len)).toString('utf8');
  const answer = (out) => {
    const s = typeof out === 'string' ? out : JSON.stringify(out);
    Buffer.from(s).copy(Buffer.from(memory.buffer), at);
    return s.length;
  };
  const glue = {
    input: () => at,
    output_ptr: () => at,
    configure: (len) => (seen.configs.push(text(len)), 0),
    row: (len) => (seen.rows.push(text(len)), seen.rows.length),
    build: (slot, who, len) => {
      seen.builds.push({ slot, who, text: text(len) });
      return answer(describe(slot, who, text(len)));
    },
    reform: (who, len) => {
      seen.reforms.push({ who, text: text(len) });
      return answer({ d: { reformed: 1 } }); // the fields the hooks left, as the core checked them
    },
  };
  return { glue, exports: { memory }, seen };
}

/** A transport that records and answers as told (or holds); `gated`: under the platform gate. */
function fakeTransport({ gated = true, answer = true, defaultTimeout } = {}) {
  const t = { name: 'fake', gated, audience: gated ? 2 : 3, defaultTimeout, sent: [], cancelled: 0, held: [] };
  t.request = (d, ctx) => {
    t.sent.push(d);
    const n = ctx.attempt;
    ctx.onCancel(() => t.cancelled++);
    if (answer === true) Promise.resolve().then(() => ctx.reply(n, true, { code: 0, url: d.u }, d));
    else if (typeof answer === 'function') answer(d, ctx, n);
    else t.held.push([ctx, n, d]);
  };
  t.storage = () => undefined;
  return t;
}

const ROW = 'g|1|/shop/goods/detail|id:i!|id|';

function engineOver(m, { describe, transport, style } = {}) {
  const core = fakeCore(describe || ((slot, who) => ({ k: 'request', m: 'GET', u: `https://x/${slot}/${who}` })));
  const t = transport || fakeTransport();
  const engine = m.createEngine({ name: 'fake', sync: true, style, load: () => core, transport: () => t });
  const goodsDetail = m.method(engine, 'goodsDetail', ROW, 1);
  return { engine, core, t, goodsDetail };
}

test('loader: operations made before the load run in order once it loads; a failed load fails the waiting calls only', async () => {
  const m = load();
  const ran = [];
  let fail = true;
  let loads = 0;
  const loader = m.createLoader({ name: 'fake', load: () => (loads++, fail ? Promise.reject(new Error('no wasm')) : Promise.resolve(fakeCore(() => ({})))) }, {}, (op) => ran.push(op));
  const call = new m.Call('goodsDetail', null, 0, null, undefined);
  const settled = m.promiseOf(call).then(() => 'resolved', (e) => e);
  loader.defer({ config: 'init', text: '{}' });
  loader.defer(call);
  loader.start();
  const e = await settled;
  assert.equal(e.kind, 'unsupported');
  assert.match(e.message, /^WXAPI\.goodsDetail: the wasm core failed to load on fake: no wasm/);
  assert.match(loader.failure(), /no wasm/);
  fail = false;
  await loader.ready();
  assert.equal(loads, 2);
  assert.deepEqual(ran, [{ config: 'init', text: '{}' }]); // the config stayed queued; the failed call did not
  assert.ok(loader.core().slots);
});

test('route: a transport says whether it is gated and who reads its descriptors; a request function reads its own', () => {
  const m = load();
  const options = { concurrency: 1 };
  const gated = fakeTransport({ answer: false });
  const route = m.createRoute({ transport: () => gated }, options);
  assert.equal(route.audience('goodsDetail', null), 2);
  assert.equal(route.audience('goodsDetail', () => {}), m.AUDIENCE_REQUEST_FUNCTION);
  assert.equal(route.audience('request', () => {}), 2); // WXAPI.request itself goes through the transport
  const calls = [1, 2].map(() => {
    const c = new m.Call('goodsDetail', null, 0, null, undefined);
    m.promiseOf(c).catch(() => {});
    c.sent = { k: 'request', m: 'GET', u: 'https://x/' };
    c.transport = route.transport();
    route.enqueue(c);
    return c;
  });
  assert.deepEqual(route.stats(), { inFlight: 1, queued: 1 }); // the limit of 1
  calls[0].settle(true, {});
  assert.deepEqual(route.stats(), { inFlight: 1, queued: 0 });
  assert.equal(gated.sent.length, 2);

  const free = fakeTransport({ gated: false, answer: false });
  const r2 = m.createRoute({ transport: () => free }, { concurrency: 1 });
  assert.equal(r2.audience('x', null), 3);
  for (let i = 0; i < 3; i++) {
    const c = new m.Call('x', null, 0, null, undefined);
    m.promiseOf(c).catch(() => {});
    c.sent = { k: 'request', m: 'GET', u: 'https://x/' };
    c.transport = r2.transport();
    r2.enqueue(c);
  }
  assert.equal(free.sent.length, 3); // not gated: all at once
  assert.deepEqual(r2.stats(), { inFlight: null, queued: null });
});

test("call: the one cancel path: abort, a timeout and a caller's signal each run the transport's onCancel once", async () => {
  const m = load();
  const t = fakeTransport({ gated: false, answer: false });
  const send = (timeout) => {
    const c = new m.Call('goodsDetail', null, timeout, null, undefined);
    const p = m.promiseOf(c);
    c.sent = { k: 'request', m: 'GET', u: 'https://x/' };
    c.transport = t;
    m.launch(c);
    return [c, p];
  };
  const [c1, p1] = send(0);
  c1.abort('left the page');
  await assert.rejects(p1, { kind: 'aborted', message: 'WXAPI.goodsDetail: aborted: left the page' });
  assert.equal(t.cancelled, 1);
  c1.abort('again');
  c1.onCancel(() => assert.fail('a settled call takes no cancellation'));
  assert.equal(t.cancelled, 1);

  const [, p2] = send(5); // the transport has no default timeout: the call's watchdog
  await assert.rejects(p2, { kind: 'timeout' });
  assert.equal(t.cancelled, 2);

  const ac = new AbortController();
  const c3 = new m.Call('goodsDetail', null, 0, null, undefined);
  const p3 = m.promiseOf(c3);
  assert.equal(c3.listen(ac.signal), true);
  c3.sent = { k: 'request', m: 'GET', u: 'https://x/' };
  c3.transport = t;
  m.launch(c3);
  ac.abort(new Error('stop'));
  await assert.rejects(p3, { kind: 'aborted', message: 'WXAPI.goodsDetail: aborted: stop' });
  assert.equal(t.cancelled, 3);
});

test('retry: only a failed attempt that the policy names is retried, after its wait, through the replay given', async () => {
  const m = load();
  const policy = m.retryPolicy({ retries: 1, backoff: 0 });
  const c = new m.Call('goodsDetail', null, 0, null, undefined);
  m.promiseOf(c).catch(() => {});
  c.retryPolicy = policy;
  const replays = [];
  const replay = (call) => replays.push(call.attempt);
  const net = new m.WXAPIError('network', 'goodsDetail', 'down');
  assert.equal(m.retryLater(c, true, {}, replay), false);
  assert.equal(m.retryLater(c, false, new m.WXAPIError('argument', 'goodsDetail', 'x'), replay), false);
  assert.equal(m.retryLater(c, false, net, replay), true);
  for (let i = 0; i < 100 && !replays.length; i++) await tick(); // a wait of 0 ms: event-loop turns, not a clock
  assert.deepEqual(replays, [0]);
  c.attempt = 1;
  assert.equal(m.retryLater(c, false, net, replay), false); // retries: 1
});

test('dedupe: identical GETs of a read share one request; when every caller left, the shared request is cancelled', async () => {
  const m = load();
  const t = fakeTransport({ gated: false, answer: false });
  const d = m.createDedupe((lead) => m.launch(lead));
  const join = () => {
    const c = new m.Call('goodsDetail', m.readRow('goodsDetail', ROW, 1), 0, null, undefined);
    const p = m.promiseOf(c);
    c.sent = { k: 'request', m: 'GET', u: 'https://x/a' };
    c.transport = t;
    assert.equal(d.shares(c), true);
    d.share(c);
    return [c, p];
  };
  const [a, pa] = join();
  const [b, pb] = join();
  assert.equal(t.sent.length, 1);
  a.abort();
  await assert.rejects(pa, { kind: 'aborted' });
  assert.equal(t.cancelled, 0); // b still waits
  b.abort();
  await assert.rejects(pb, { kind: 'aborted' });
  assert.equal(t.cancelled, 1);
  const write = new m.Call('goodsDetail', m.readRow('goodsDetail', ROW, 0), 0, null, undefined);
  write.sent = { k: 'request', m: 'GET', u: 'https://x/a' };
  assert.ok(!d.shares(write)); // not a read
});

test('pipeline: describe → dispatch → transport → settle over a fake core, with the audience and style the core is told', async () => {
  const m = load();
  const { core, t, goodsDetail } = engineOver(m, { style: m.STYLE_QS });
  const r = await goodsDetail(123);
  assert.deepEqual(r, { code: 0, url: `https://x/1/${m.AUDIENCE_PLATFORM | (m.STYLE_QS << m.STYLE_SHIFT)}` });
  assert.deepEqual(core.seen.rows, [ROW]); // the row, once
  assert.equal(core.seen.builds[0].text, '[["n123"],"u","u"]'); // the call envelope
  await goodsDetail(124);
  assert.deepEqual(core.seen.rows, [ROW]);
  assert.equal(t.sent.length, 2);
});

test('pipeline: a core error answer rejects with its kind and parameter; a hooked call is built for every field, then re-formed', async () => {
  const m = load();
  let fail = true;
  const { engine, core, goodsDetail } = engineOver(m, { describe: (slot, who) => (fail ? `E${JSON.stringify({ e: 'argument', p: 'id', m: 'is required' })}` : { k: 'request', m: 'GET', u: `https://x/${who}`, d: { id: 1 } }) });
  await assert.rejects(goodsDetail(), { kind: 'argument', param: 'id', message: 'WXAPI.goodsDetail: id is required' });
  fail = false;
  const seen = [];
  engine.use({ onRequest: (ctx) => { seen.push(ctx.url); ctx.data.extra = 2; } });
  await goodsDetail(1);
  assert.deepEqual(seen, ['https://x/0']); // built for every field (audience 0) when hooked
  assert.equal(core.seen.reforms.length, 1);
  assert.equal(core.seen.reforms[0].who, m.AUDIENCE_PLATFORM);
  assert.match(core.seen.reforms[0].text, /extra/);
});

test('api: a withOptions() view passes its options with the call (a timeout of its own), not through shared state', async () => {
  const m = load();
  const t = fakeTransport({ gated: false, answer: false });
  const { engine, goodsDetail } = engineOver(m, { transport: t });
  const view = m.views(engine.methods)({ timeout: 5 });
  const viaView = view.goodsDetail(1);
  const plain = goodsDetail(2);
  await assert.rejects(viaView, { kind: 'timeout', message: 'WXAPI.goodsDetail: no answer within 5 ms' });
  await tick();
  const [ctx, n, d] = t.held[1];
  ctx.reply(n, true, { code: 0 }, d);
  assert.deepEqual(await plain, { code: 0 }); // the plain call had no timeout
});
