// Request hooks (WXAPI.use), opt-in retries and de-duplication (docs/hooks.md),
// from the built package, over each transport: fetch over real HTTP on
// 127.0.0.1, a fake `wx` (the platform transport) and init3({request}).
// One responder answers all three, so each case runs the same on each.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('http');
const path = require('path');

const ENTRY = require.resolve(path.join(__dirname, '..', '..', 'pkg'));
const TRANSPORTS = ['fetch', 'wx', 'request'];

// --- one responder, three transports -------------------------------------------
// A gateway's error page: HTTP 5xx whose body is not API JSON (a 5xx with a
// JSON body resolves, as with the reference).
const GATEWAY = (status = 502) => ({ status, raw: '<h1>Bad Gateway</h1>' });
let respond = () => ({ status: 200, body: { code: 0, msg: 'success', data: null } });
const wire = []; // every request that reached a transport: {verb, url, fields, header}
const fromQuery = (q) => Object.fromEntries(new URLSearchParams(q));

let server;
let base;
test.before(async () => {
  server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url, 'http://127.0.0.1');
      const header = {};
      for (const [k, v] of Object.entries(req.headers)) if (k.startsWith('x-')) header[k] = v;
      const rec = { verb: req.method.toLowerCase(), url: u.pathname, fields: { ...fromQuery(u.search.slice(1)), ...fromQuery(Buffer.concat(chunks).toString()) }, header };
      wire.push(rec);
      const a = respond(rec);
      if (a === 'hang') return;
      res.writeHead(a.status, { 'Content-Type': a.raw ? 'text/html' : 'application/json' });
      res.end(a.raw || JSON.stringify(a.body));
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
});
test.after(() => new Promise((r) => server.close(r)));
test.beforeEach(() => {
  wire.length = 0;
  respond = () => ({ status: 200, body: { code: 0, msg: 'success', data: null } });
});

/** A WXAPI object of its own (a fresh load of the package) on `transport`. */
function fresh(transport) {
  delete require.cache[ENTRY];
  const W = require(ENTRY);
  if (transport === 'fetch') {
    delete global.wx; // else the platform transport is picked
    W.init3({ apiBaseUrl: base, subDomain: 'demo' });
  } else if (transport === 'wx') {
    global.wx = {
      request(opts) {
        const u = new URL(opts.url);
        const header = {};
        for (const [k, v] of Object.entries(opts.header || {})) if (/^x-/i.test(k)) header[k.toLowerCase()] = v;
        const rec = { verb: opts.method, url: u.pathname, fields: { ...fromQuery(u.search.slice(1)), ...Object.fromEntries(Object.entries(opts.data || {}).map(([k, v]) => [k, String(v)])) }, header };
        wire.push(rec);
        const task = { abort() { task.aborted = true; } };
        setImmediate(() => {
          const a = respond(rec);
          if (a === 'hang' || task.aborted) return;
          if (a === 'network') opts.fail({ errMsg: 'request:fail net::ERR_CONNECTION_RESET' });
          else opts.success({ statusCode: a.status, data: a.raw || a.body, header: {} });
        });
        return task;
      },
      getStorageSync: () => '',
    };
    W.init3({ apiBaseUrl: 'https://api.example.com', subDomain: 'demo', transport: 'wx' });
  } else {
    W.init3({
      subDomain: 'demo',
      request(url, needSubDomain, method, data, header) {
        const h = {};
        for (const [k, v] of Object.entries(header || {})) h[k.toLowerCase()] = v;
        const rec = { verb: method, url: `/demo${url}`, fields: Object.fromEntries(Object.entries(data || {}).map(([k, v]) => [k, String(v)])), header: h };
        wire.push(rec);
        const a = respond(rec);
        if (a === 'hang') return new Promise(() => {});
        if (a.raw) return Promise.reject(new Error(`HTTP ${a.status}`));
        return Promise.resolve(a.body);
      },
    });
  }
  return W;
}
const kindOf = (p) => p.then(() => 'resolved', (e) => e.kind);

for (const t of TRANSPORTS) {
  test(`${t}: hooks run in the order added, may be async, add fields and headers, and see the response`, async () => {
    const W = fresh(t);
    const log = [];
    W.use({
      async onRequest(ctx) {
        await new Promise((r) => setTimeout(r, 5));
        log.push(`A:req ${ctx.method} ${ctx.verb}`);
        ctx.data.token = 'tok-new';
        ctx.header['X-Trace'] = 'abc';
      },
      onResponse(ctx, res) {
        log.push(`A:res ${res.code}`);
      },
    });
    W.use({
      onRequest(ctx) {
        log.push(`B:req token=${ctx.data.token}`);
      },
      onResponse() {
        log.push('B:res');
      },
    });
    const res = await W.checkToken('tok-old');
    assert.equal(res.code, 0);
    assert.deepEqual(log, ['A:req checkToken get', 'B:req token=tok-new', 'A:res 0', 'B:res']);
    assert.equal(wire.length, 1);
    assert.equal(wire[0].fields.token, 'tok-new');
    assert.equal(wire[0].header['x-trace'], 'abc');
  });

  test(`${t}: onResponse may replace the result, or ask once for the call again (re-login)`, async () => {
    const W = fresh(t);
    let token = 'expired';
    respond = (rec) => ({ status: 200, body: rec.fields.token === 'fresh' ? { code: 0, data: { id: 7 } } : { code: 2000, msg: '登录已过期' } });
    const remove = W.use({
      onRequest(ctx) {
        ctx.data.token = token;
      },
      async onResponse(ctx, res) {
        if (res.code === 2000) {
          token = 'fresh'; // the app logs in again
          return ctx.retry();
        }
        return undefined;
      },
    });
    const res = await W.checkToken('ignored');
    assert.deepEqual(res, { code: 0, data: { id: 7 } });
    assert.deepEqual(wire.map((r) => r.fields.token), ['expired', 'fresh']);
    // Once per call: a backend that keeps refusing is asked twice, not forever.
    wire.length = 0;
    token = 'expired';
    respond = () => ({ status: 200, body: { code: 2000, msg: '登录已过期' } });
    assert.equal((await W.checkToken('x')).code, 2000);
    assert.equal(wire.length, 2);
    remove();
    W.use({ onResponse: () => ({ code: 0, data: 'replaced' }) });
    assert.deepEqual(await W.checkToken('x'), { code: 0, data: 'replaced' });
  });

  test(`${t}: a hook that throws rejects the call with kind 'hook', naming it; nothing half-sent`, async () => {
    const W = fresh(t);
    const remove = W.use({ onRequest() { throw new Error('no token yet'); } });
    const e = await W.checkToken('x').then(() => null, (err) => err);
    assert.equal(e.kind, 'hook');
    assert.equal(e.param, 'onRequest');
    assert.match(e.message, /onRequest hook failed: no token yet/);
    assert.equal(wire.length, 0);
    remove();
    W.use({ onResponse: () => Promise.reject(new Error('bad')) });
    const e2 = await W.checkToken('x').then(() => null, (err) => err);
    assert.equal(e2.kind, 'hook');
    assert.equal(e2.param, 'onResponse');
  });

  test(`${t}: what a hook makes is checked again by the core: it cannot send what a caller could not`, async () => {
    const W = fresh(t);
    const remove = W.use({ onRequest(ctx) { ctx.header.Host = 'evil.example'; } });
    const e = await W.checkToken('x').then(() => null, (err) => err);
    assert.equal(e.kind, 'argument');
    assert.equal(e.param, 'header');
    remove();
    const r2 = W.use({ onRequest(ctx) { ctx.header['X-A'] = 'a\r\nSet-Cookie: x'; } });
    assert.equal(await kindOf(W.checkToken('x')), 'argument');
    r2();
    W.use({ onRequest(ctx) { ctx.data = 'not an object'; } });
    assert.equal(await kindOf(W.checkToken('x')), 'argument');
    assert.equal(wire.length, 0);
  });

  test(`${t}: abort and timeout act during a hook`, async () => {
    const W = fresh(t);
    W.use({ onRequest: () => new Promise(() => {}) }); // never settles
    const p = W.checkToken('x');
    setTimeout(() => p.abort(), 10);
    assert.equal(await kindOf(p), 'aborted');
    assert.equal(await kindOf(W.withOptions({ timeout: 30 }).checkToken('x')), 'timeout');
    assert.equal(wire.length, 0);
  });

  test(`${t}: onError sees every WXAPIError, and removing hooks stops them`, async () => {
    const W = fresh(t);
    const seen = [];
    const remove = W.use({ onError: (ctx, err) => { seen.push(`${ctx.method}:${err.kind}`); } });
    assert.equal(await kindOf(W.goodsDetail()), 'argument'); // before any request
    respond = () => GATEWAY();
    await kindOf(W.goodsDetail(1));
    remove();
    await kindOf(W.goodsDetail());
    assert.equal(seen[0], 'goodsDetail:argument');
    assert.equal(seen.length, 2);
  });
}

test('use() refuses what is not a set of hook functions', () => {
  const W = fresh('fetch');
  for (const bad of [null, 1, {}, { onRequest: 1 }, { onRequst() {} }]) {
    assert.throws(() => W.use(bad), (e) => e.kind === 'config' && e.method === 'use', JSON.stringify(bad));
  }
});

// --- retries -------------------------------------------------------------------
test('retries: reads (spec/retry-safe.json) that fail with HTTP 5xx are tried again, up to `retries`; others never', async () => {
  const W = fresh('fetch');
  W.init3({ retry: { retries: 2, backoff: 0 } });
  let n = 0;
  respond = () => (n++ < 2 ? GATEWAY() : { status: 200, body: { code: 0, data: 'ok' } });
  assert.deepEqual(await W.shopSubdetail(1), { code: 0, data: 'ok' });
  assert.equal(wire.length, 3);
  // A POST that only reads (a list) is retried too.
  wire.length = 0;
  n = 0;
  assert.equal((await W.goods({ page: 1 })).code, 0);
  assert.equal(wire.length, 3);
  // A write is sent once; so is a GET that counts a view, and WXAPI.request.
  for (const call of [() => W.orderCreate({ token: 't', goodsJsonStr: '[]' }), () => W.goodsDetail(1), () => W.request('/shop/subshop/detail/v2', true, 'get', { id: 1 })]) {
    wire.length = 0;
    n = 0;
    assert.equal(await kindOf(call()), 'http');
    assert.equal(wire.length, 1);
  }
  // No more than `retries`.
  wire.length = 0;
  respond = () => GATEWAY(500);
  W.init3({ retry: { retries: 1, backoff: 0 } });
  assert.equal(await kindOf(W.shopSubdetail(1)), 'http');
  assert.equal(wire.length, 2);
  // Off again.
  wire.length = 0;
  W.init3({ retry: false });
  assert.equal(await kindOf(W.shopSubdetail(1)), 'http');
  assert.equal(wire.length, 1);
});

test('retries: network failures and timeouts of reads on the platform transport; `on` limits them', async () => {
  const W = fresh('wx');
  W.init3({ retry: { retries: 3, on: ['network'], backoff: 0 } });
  let n = 0;
  respond = () => (n++ < 1 ? 'network' : { status: 200, body: { code: 0 } });
  assert.equal((await W.shopSubdetail(1)).code, 0);
  assert.equal(wire.length, 2);
  wire.length = 0;
  respond = () => GATEWAY(503); // not in `on`
  assert.equal(await kindOf(W.shopSubdetail(1)), 'http');
  assert.equal(wire.length, 1);
  const F = fresh('fetch');
  F.init3({ retry: { retries: 1, on: ['timeout'], backoff: 0 }, timeout: 60 });
  wire.length = 0;
  n = 0;
  respond = () => (n++ < 1 ? 'hang' : { status: 200, body: { code: 0 } });
  assert.equal((await F.shopSubdetail(1)).code, 0);
  assert.equal(wire.length, 2);
});

test('retries: the backoff waits at least half its bound, and abort during it ends the call at once', async () => {
  const W = fresh('fetch');
  W.init3({ retry: { retries: 1, backoff: { base: 80, max: 80 } } });
  respond = () => GATEWAY(500);
  const times = [];
  const orig = respond;
  respond = (rec) => {
    times.push(Date.now());
    return orig(rec);
  };
  await kindOf(W.shopSubdetail(1));
  assert.equal(times.length, 2);
  assert.ok(times[1] - times[0] >= 38, `waited ${times[1] - times[0]} ms`);
  times.length = 0;
  W.init3({ retry: { retries: 1, backoff: { base: 5000, max: 5000 } } });
  const p = W.shopSubdetail(1);
  setTimeout(() => p.abort(), 50);
  const t0 = Date.now();
  assert.equal(await kindOf(p), 'aborted');
  assert.ok(Date.now() - t0 < 2500, 'abort did not wait for the backoff');
  assert.equal(times.length, 1);
});

test('init3 refuses malformed retry and dedupe options', () => {
  const W = fresh('fetch');
  for (const retry of [1, 'yes', { retries: 9 }, { retries: -1 }, { on: ['http4xx'] }, { backoff: { base: 10, max: 5 } }, { backoff: -1 }]) {
    assert.throws(() => W.init3({ retry }), (e) => e.kind === 'config' && /^retry/.test(e.param), JSON.stringify(retry));
  }
  assert.throws(() => W.init3({ dedupe: 'yes' }), (e) => e.kind === 'config' && e.param === 'dedupe');
});

// --- de-duplication ----------------------------------------------------------
test('dedupe: identical GETs in flight share one request; each caller gets its own copy', async () => {
  const W = fresh('fetch');
  W.init3({ dedupe: true });
  respond = () => ({ status: 200, body: { code: 0, data: { id: 1 } } });
  const [a, b, c] = await Promise.all([W.shopSubdetail(1), W.shopSubdetail(1), W.shopSubdetail(1)]);
  assert.equal(wire.length, 1);
  assert.deepEqual(a, b);
  assert.notEqual(a, b);
  assert.deepEqual(a, c);
  wire.length = 0;
  await Promise.all([W.shopSubdetail(1), W.shopSubdetail(2)]); // different calls
  assert.equal(wire.length, 2);
  wire.length = 0;
  await Promise.all([W.goods({ page: 1 }), W.goods({ page: 1 })]); // POST: not shared
  assert.equal(wire.length, 2);
  // One caller aborting leaves the others their answer.
  wire.length = 0;
  let answer;
  respond = () => {
    answer = true;
    return 'hang';
  };
  const p1 = W.shopSubdetail(3);
  const p2 = W.shopSubdetail(3);
  p1.abort();
  assert.equal(await kindOf(p1), 'aborted');
  await new Promise((r) => setTimeout(r, 50));
  assert.ok(answer, 'the shared request was still sent for the caller left');
  assert.equal(wire.length, 1);
  p2.abort(); // the last caller leaves: the request is cancelled
  assert.equal(await kindOf(p2), 'aborted');
});

test('dedupe on the platform transport: one wx.request for three identical calls', async () => {
  const W = fresh('wx');
  W.init3({ dedupe: true });
  const all = await Promise.all([W.shopSubdetail(5), W.shopSubdetail(5), W.shopSubdetail(5)]);
  assert.equal(wire.length, 1);
  assert.equal(all.length, 3);
});
