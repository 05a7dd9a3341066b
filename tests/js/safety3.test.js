// Safety: retries only where a replay is harmless (spec/retry-safe.json),
// each joining caller of a shared request on its own timeout and signal, a
// platform slot freed only after its task is aborted, no backslash climbing,
// hook messages scrubbed, and the remnants of earlier reviews (docs/hooks.md,
// docs/errors.md). From the built package, over real HTTP on 127.0.0.1.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const http = require('http');
const path = require('path');
const { reference, webapiReference, vectorsFor, ROOT } = require('./lib/conformance.js');
const shimLib = require('./lib/shim.js');

const ENTRY = require.resolve(path.join(ROOT, 'pkg'));
const WEBAPI = require.resolve(path.join(ROOT, 'pkg', 'webapi-node.js'));
const SAFE = JSON.parse(fs.readFileSync(path.join(ROOT, 'spec', 'retry-safe.json'), 'utf8'));
const READS = new Set(Object.keys(SAFE.reads));
const readJsonl = (f) => fs.readFileSync(path.join(ROOT, f), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('//')).map((l) => JSON.parse(l));
const uniappReference = readJsonl('spec/reference-uniapp.jsonl').slice(1);
const kindOf = (p) => p.then(() => 'resolved', (e) => e.kind);
// A test that would hang on a broken build fails instead (a bound on the test, not a timed assertion).
const LIMIT = { timeout: 60000 };

/** A fresh copy of a built entry (each has its own engine and config). */
function fresh(entry = ENTRY) {
  delete global.wx;
  return shimLib.fresh(entry);
}

// --- a server that records every request and answers as told ---------------------
let behave = 'ok'; // 'ok' | 'drop' (destroys the socket) | 'hang' (never answers) | 'hold' (answers at release())
const hits = []; // 'VERB /path'
const held = []; // the answers 'hold' keeps
let server;
let base;
test.before(async () => {
  server = http.createServer((req, res) => {
    hits.push(`${req.method} ${new URL(req.url, 'http://x').pathname}`);
    req.resume();
    if (behave === 'drop') return req.socket.destroy();
    if (behave === 'hang') return undefined;
    if (behave === 'hold') return held.push(res);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    return res.end(JSON.stringify({ code: 0, msg: 'success', data: { path: req.url } }));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
});
test.after(() => {
  server.closeAllConnections();
  return new Promise((r) => server.close(r));
});
test.beforeEach(() => {
  hits.length = 0;
  behave = 'ok';
});

// --- item 1: retries decided by what the endpoint does -----------------------------
// Methods that must never be sent twice, by what their names say they do.
const EFFECTS = {
  'sends a code, an SMS or an e-mail': /ValidateCode|Sms|sms|Mail|mail|Email|email/,
  pays: /[pP]ay(?!Query|Logs|BillDiscounts)|Transfer(V\d)?$|[cC]harge$|[wW]ithDrawApply/,
  'signs in, registers, binds or logs out': /[lL]ogin|[lL]ogout|loginout|[aA]uth|[rR]egister|[bB]ind(?!List)|Sig$|[sS]ign$|Openid|[gG]etMobile|fetchWxaMobile/,
  creates: /[cC]reate|[aA]dd($|[A-Z]|V\d)|[pP]ut$|[pP]ublish|[sS]ubmit$|[aA]pply(V\d)?$|[jJ]oin(V\d)?$|(?<!Can)[bB]uy(V\d)?$|[oO]pen$|[gG]rab$|[fF]etch(Coupons|VoteNumber)|[sS]ave$/,
  deletes: /[dD]elete|[dD]el$|[rR]emove|[cC]lear|[eE]mpty|[cC]lose|[cC]ancel|[kK]ick/,
  'counts (ids, views, votes, likes) or locks': /uniqueId|sequence|goodsDetail|cmsArticleDetail|[lL]ock$|Release$|(^|Info)[vV]ote$|[lL]ike$|[uU]seless$|[uU]seful$/,
  changes: /[mM]odify|[uU]pdate|[eE]xchange|[uU]pgrade|^send[A-Z]|[sS]endmessage|[sS]alvage|[pP]ull$|[pP]ush$|[uU]nlock|[cC]onfirm|[sS]uccess$|[fF]inish$|[sS]ubscribe|[sS]hotUrl|shortUrl(V2)?$|[hH]elp$|HX|[eE]xecute|DrawNumbers/,
};
const ALL_ROWS = [...reference, ...readJsonl('spec/inferred.jsonl'), ...webapiReference, ...uniappReference];
const effectOf = (name) => Object.keys(EFFECTS).find((k) => EFFECTS[k].test(name));
const WRITES = [...new Set(ALL_ROWS.map((r) => r.name))].filter(effectOf);
// The issue's own list, whatever the patterns say.
const NAMED = ['smsValidateCode', 'mailValidateCode', 'wxpayRequestMerchantTransfer', 'uniqueId', 'loginout'];

test('retry-safe list: no method that sends, pays, signs in or out, creates, deletes, counts or changes is in it', () => {
  assert.ok(WRITES.length > 350, `${WRITES.length} methods matched`);
  for (const n of NAMED) assert.ok(WRITES.includes(n), n);
  assert.deepEqual(WRITES.filter((n) => READS.has(n)).map((n) => `${n}: ${effectOf(n)}`), []);
  // Every GET is reviewed: a read, or not with a reason; nothing is both.
  const gets = [...new Set(ALL_ROWS.filter((r) => r.verb === 'get' && !r.kind).map((r) => r.name))];
  assert.deepEqual(gets.filter((n) => !READS.has(n) && !SAFE.notReads[n]), []);
  assert.deepEqual(Object.keys(SAFE.notReads).filter((n) => READS.has(n)), []);
  for (const n of NAMED) assert.ok(SAFE.notReads[n], `${n} has a reason`);
});

test('retry-safe list: the generated tables mark exactly the listed methods as reads, on every surface', () => {
  for (const file of ['js-shim/all.js', 'js-shim/webapi/all.js', 'js-shim/uniapp/all.js']) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    const names = JSON.parse(/const names = ("[^"]*")/.exec(text)[1]).split(',');
    const reads = JSON.parse(/const reads = ("[^"]*")/.exec(text)[1]); // bit i % 5 of base-32 digit i / 5
    assert.equal(reads.length, Math.ceil(names.length / 5), file);
    const read = (i) => (parseInt(reads[Math.floor(i / 5)], 32) >> (i % 5)) & 1;
    const marked = names.filter((n, i) => read(i));
    assert.deepEqual(marked.filter((n) => !READS.has(n)), [], file);
    assert.deepEqual(names.filter((n, i) => READS.has(n) && !read(i)), [], file);
  }
});

test('docs/hooks.md lists the retry-safe methods and their count', () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'hooks.md'), 'utf8');
  const block = /<!-- retry-safe: (\d+) -->\n([\s\S]*?)\n<!-- \/retry-safe -->/.exec(doc);
  assert.ok(block, 'the list block');
  const listed = block[2].match(/`[A-Za-z0-9_]+`/g).map((s) => s.slice(1, -1));
  assert.equal(Number(block[1]), READS.size);
  assert.deepEqual([...listed].sort(), [...READS].sort());
  const main = reference.concat(readJsonl('spec/inferred.jsonl')).filter((r) => READS.has(r.name)).length;
  assert.ok(doc.includes(`${main} `), `the main table's count (${main}) is stated`);
});

/** A row that sends a plain request (no file, no URL method, not to a URL of the caller's). */
const callable = (row) => !row.kind && /^(get|post)$/.test(row.verb) && row.name !== 'payVariableUrl';
/** ... and to a host init3 can point at the local server (not a fixed https:// host). */
const local = (row) => callable(row) && !/^https:/.test(row.url);

async function sendEach(W, rows, expectSent) {
  const wrong = [];
  for (const row of rows) {
    hits.length = 0;
    const args = vectorsFor(row)[0].make();
    const kind = await kindOf(W[row.name](...args));
    if (hits.length !== expectSent || (kind !== 'network' && kind !== 'timeout')) wrong.push(`${row.name}: sent ${hits.length} times, ${kind}`);
  }
  return wrong;
}

test('retries: with init3({retry: {retries: 2}}), every such method is sent exactly once when the connection drops; a read is sent 3 times', LIMIT, async () => {
  const W = fresh();
  W.init3({ apiBaseUrl: base, commonBaseUrl: base, cmsBaseUrl: base, ossBaseUrl: base, subDomain: 'demo', merchantId: '42', retry: { retries: 2, backoff: 0 } });
  behave = 'drop';
  const rows = reference.filter((r) => local(r) && effectOf(r.name));
  assert.ok(rows.length > 300, `${rows.length} methods`);
  assert.deepEqual(await sendEach(W, rows, 1), []);
  // Reads are retried: two of them, a GET and a POST.
  assert.deepEqual(await sendEach(W, reference.filter((r) => r.name === 'shopSubdetail' || r.name === 'goods'), 3), []);
  // WXAPI.request is never retried: no one reviewed what its path does.
  hits.length = 0;
  assert.equal(await kindOf(W.request('/shop/subshop/detail/v2', true, 'get', { id: 1 })), 'network');
  assert.equal(hits.length, 1);
});

test('retries: every GET that is not a read, and the named writes, are sent once when the answer times out', LIMIT, async () => {
  const W = fresh();
  W.init3({ apiBaseUrl: base, commonBaseUrl: base, cmsBaseUrl: base, ossBaseUrl: base, subDomain: 'demo', merchantId: '42', timeout: 150, retry: { retries: 2, backoff: 0 } });
  behave = 'hang';
  const rows = reference.filter((r) => local(r) && (SAFE.notReads[r.name] || NAMED.includes(r.name)));
  assert.ok(rows.length >= 30, `${rows.length} methods`);
  assert.deepEqual(await sendEach(W, rows, 1), []);
  assert.deepEqual(await sendEach(W, reference.filter((r) => r.name === 'shopSubdetail'), 3), []);
});

test('retries: on the platform transport, a failing wx.request of such a method is made once', LIMIT, async () => {
  const W = fresh();
  let made = 0;
  global.wx = shimLib.fakeWx({
    answer(o) {
      made++;
      setImmediate(() => o.fail({ errMsg: 'request:fail net::ERR_CONNECTION_RESET' }));
    },
  });
  try {
    W.init3({ subDomain: 'demo', merchantId: '42', transport: 'wx', retry: { retries: 2, backoff: 0 } });
    const wrong = [];
    for (const row of reference.filter((r) => callable(r) && effectOf(r.name))) {
      made = 0;
      const kind = await kindOf(W[row.name](...vectorsFor(row)[0].make()));
      if (made !== 1 || kind !== 'network') wrong.push(`${row.name}: ${made} ${kind}`);
    }
    assert.deepEqual(wrong, []);
    made = 0;
    assert.equal(await kindOf(W.shopSubdetail(1)), 'network');
    assert.equal(made, 3);
  } finally {
    delete global.wx;
  }
});

test('retries: the apifm-webapi surface sends its own rows of such methods once, and requestX once', LIMIT, async () => {
  const W = fresh(WEBAPI);
  W.init3({ apiBaseUrl: base, commonBaseUrl: base, cmsBaseUrl: base, ossBaseUrl: base, subDomain: 'demo', merchantId: '42', retry: { retries: 2, backoff: 0 } });
  behave = 'drop';
  const rows = webapiReference.filter((r) => local(r) && effectOf(r.name));
  assert.deepEqual(await sendEach(W, rows, 1), []);
  hits.length = 0;
  assert.equal(await kindOf(W.requestX('/x', true, 'get', {})), 'network');
  assert.equal(await kindOf(W.request.get('/x')), 'network');
  assert.equal(hits.length, 2);
  assert.deepEqual(await sendEach(W, webapiReference.filter((r) => r.name === 'peisongfei'), 3), []);
});

test('dedupe: only reads share a request; identical calls of a method that counts are each sent', LIMIT, async () => {
  const W = fresh();
  W.init3({ apiBaseUrl: base, subDomain: 'demo', dedupe: true });
  await Promise.all([W.uniqueId(1), W.uniqueId(1), W.goodsDetail(7), W.goodsDetail(7)]);
  assert.equal(hits.length, 4);
  hits.length = 0;
  await Promise.all([W.shopSubdetail(7), W.shopSubdetail(7)]);
  assert.equal(hits.length, 1);
});

// --- item 2: each deduped caller keeps its own timeout, signal and error ----------
function release() {
  for (const res of held.splice(0)) {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ code: 0, msg: 'success', data: { shared: true } }));
  }
}
/** Resolves once `n` requests reached the server. */
async function reached(n) {
  while (hits.length < n) await new Promise((r) => setTimeout(r, 5));
}

test('dedupe: a joining caller keeps its own (shorter) timeout; the first caller still gets the answer', LIMIT, async () => {
  const W = fresh();
  W.init3({ apiBaseUrl: base, subDomain: 'demo', dedupe: true });
  behave = 'hold';
  const long = W.withOptions({ timeout: 5000 }).shopSubdetail(9);
  await reached(1);
  const short = W.withOptions({ timeout: 120 }).shopSubdetail(9);
  const e = await short.then(() => null, (x) => x);
  assert.equal(e && e.kind, 'timeout');
  assert.match(e.message, /within 120 ms/);
  release();
  assert.deepEqual((await long).data, { shared: true });
  assert.equal(hits.length, 1);
});

test('dedupe: the shared request lives while a caller with a longer timeout waits', LIMIT, async () => {
  const W = fresh();
  W.init3({ apiBaseUrl: base, subDomain: 'demo', dedupe: true });
  behave = 'hold';
  const short = W.withOptions({ timeout: 120 }).shopSubdetail(10);
  await reached(1);
  const long = W.withOptions({ timeout: 5000 }).shopSubdetail(10);
  assert.equal(await kindOf(short), 'timeout');
  release(); // the request was not cancelled with the first caller
  assert.deepEqual((await long).data, { shared: true });
  assert.equal(hits.length, 1);
});

test("dedupe: each caller's own signal; the last caller leaving cancels the request", LIMIT, async () => {
  const W = fresh();
  W.init3({ apiBaseUrl: base, subDomain: 'demo', dedupe: true });
  behave = 'hold';
  const a = new AbortController();
  const b = new AbortController();
  const pa = W.withOptions({ signal: a.signal }).shopSubdetail(11);
  await reached(1);
  const pb = W.withOptions({ signal: b.signal }).shopSubdetail(11);
  a.abort();
  assert.equal(await kindOf(pa), 'aborted');
  release();
  assert.equal((await pb).code, 0);
  assert.equal(hits.length, 1);
});

test('dedupe: on failure each caller gets its own WXAPIError, naming its own method', LIMIT, async () => {
  const W = fresh();
  W.init3({ apiBaseUrl: base, subDomain: 'demo', dedupe: true });
  behave = 'drop';
  // goodsCategoryDetail(5) and goodsCategoryDetailV2({id: 5}) send the same GET: one request.
  const errors = await Promise.all([W.goodsCategoryDetail(5), W.goodsCategoryDetail(5), W.goodsCategoryDetailV2({ id: 5 })].map((p) => p.then(() => null, (e) => e)));
  assert.equal(hits.length, 1);
  assert.ok(errors.every((e) => e instanceof W.WXAPIError && e.kind === 'network'));
  assert.notEqual(errors[0], errors[1]);
  assert.notEqual(errors[1], errors[2]);
  assert.deepEqual(errors.map((e) => e.method), ['goodsCategoryDetail', 'goodsCategoryDetail', 'goodsCategoryDetailV2']);
  assert.match(errors[2].message, /^WXAPI\.goodsCategoryDetailV2: /);
  errors[0].marked = true;
  assert.equal(errors[1].marked, undefined);
});

// --- item 3: an aborted call frees its slot only after its task is aborted ---------
test('platform gate: aborting a call in flight never makes 11 requests live at once', LIMIT, async () => {
  const W = fresh();
  let live = 0;
  let most = 0;
  global.wx = {
    request() {
      live++;
      most = Math.max(most, live);
      const task = {
        abort() {
          if (!task.done) live--;
          task.done = true;
        },
      };
      return task; // never answers
    },
    getStorageSync: () => '',
  };
  try {
    W.init3({ subDomain: 'demo', transport: 'wx' });
    const calls = Array.from({ length: 12 }, (_, i) => W.shopSubdetail(i + 1));
    for (const p of calls) p.catch(() => {});
    await new Promise((r) => setImmediate(r));
    assert.equal(live, 10);
    calls[0].abort();
    calls[1].abort();
    await new Promise((r) => setImmediate(r));
    assert.equal(most, 10, `${most} requests were live at once`);
    assert.equal(live, 10);
    for (const p of calls) p.abort();
  } finally {
    delete global.wx;
  }
});

// --- item 4: backslash (and %5C) dot segments never climb, on both surfaces ---------
const CLIMBS = [
  '/user\\..\\..\\othersub\\user\\detail',
  '/user%5C..%5C..%5Cothersub%5Cuser%5Cdetail',
  '/user%5c%2e%2e%5c%2E.%5cothersub/user/detail',
  '/user/..\\othersub/user/detail',
  '\\..\\othersub\\user\\detail',
];
test('WXAPI.request refuses a path that climbs with \\ or %5C; nothing is sent', LIMIT, async () => {
  const W = fresh();
  W.init3({ apiBaseUrl: base, subDomain: 'demo' });
  for (const p of CLIMBS) {
    for (const verb of ['get', 'post']) {
      const e = await W.request(p, true, verb, {}).then(() => null, (x) => x);
      assert.equal(e && e.kind, 'argument', `${verb} ${p}`);
    }
    const abs = `${base}/demo${p}`;
    assert.equal(await kindOf(W.request(abs, false, 'get', {})), 'argument', abs);
  }
  assert.deepEqual(hits, []);
  assert.equal((await W.request('/user/detail', true, 'get', {})).code, 0); // a plain path still goes
});

test('apifm-wasm/webapi: requestX and request() refuse the same paths; nothing is sent', LIMIT, async () => {
  const W = fresh(WEBAPI);
  W.init3({ apiBaseUrl: base, subDomain: 'demo' });
  for (const p of CLIMBS) {
    for (const [what, call] of [
      ['requestX', () => W.requestX(p, true, 'get', {})],
      ['requestX post', () => W.requestX(p, false, 'post', { a: 1 })],
      ['request(url)', () => W.request(p)],
      ['request(config)', () => W.request({ url: p, method: 'post', data: { a: 1 } })],
      ['request.get', () => W.request.get(p, { params: { a: 1 } })],
      ['request.post', () => W.request.post(p, { a: 1 })],
    ]) {
      const e = await call().then(() => null, (x) => x);
      assert.equal(e && e.kind, 'argument', `${what} ${p}`);
    }
  }
  assert.deepEqual(hits, []);
  assert.equal((await W.request.get('/user/detail')).code, 0);
});

// --- item 6: a hook's own message is scrubbed like every other ---------------------
test("hooks: a secret a hook quotes in its own exception is scrubbed from the 'hook' error", LIMIT, async () => {
  const W = fresh();
  W.init3({ apiBaseUrl: base, commonBaseUrl: base, subDomain: 'demo' });
  const SECRET = 'tk-7f3a9c2e5b81';
  const FRESH = 'tk-new-0d44e1a7';
  const HEADER = 'hdr-55aa66bb77cc';
  const remove = W.use({
    onRequest(ctx) {
      ctx.data.token = FRESH;
      ctx.header['X-Token'] = HEADER;
      throw new Error(`refusing ${SECRET} (now ${FRESH}, header ${HEADER}, sent as ${encodeURIComponent(SECRET)})`);
    },
  });
  const e = await W.userDetail(SECRET).then(() => null, (x) => x);
  remove();
  assert.equal(e.kind, 'hook');
  for (const s of [SECRET, FRESH, HEADER]) {
    assert.ok(!e.message.includes(s), e.message);
    assert.ok(!e.errMsg.includes(s), e.errMsg);
    assert.ok(!String(e.stack).includes(s), 'stack');
  }
  W.use({
    onResponse() {
      throw new Error(`after the answer: ${SECRET}`);
    },
  });
  const e2 = await W.userDetail(SECRET).then(() => null, (x) => x);
  assert.equal(e2.kind, 'hook');
  assert.ok(!e2.message.includes(SECRET), e2.message);
});

// --- item 7: the element count of a call is bounded ---------------------------------
test('a call of more than 100,000 array items and object members is refused as argument, before the core', LIMIT, async () => {
  const W = fresh();
  W.init3({ apiBaseUrl: base, commonBaseUrl: base, subDomain: 'demo' });
  await W.ready;
  const STATS = Symbol.for('apifm-wasm.stats');
  const before = W[STATS]().wasmMemoryBytes;
  for (const make of [
    () => [Array.from({ length: 1e6 }, () => ({}))],
    () => [Array.from({ length: 100001 }, () => 1)],
    () => [{ list: Array.from({ length: 50001 }, () => ({ a: 1 })) }],
  ]) {
    const e = await W.pingtuanSets(...make()).then(() => null, (x) => x);
    assert.equal(e && e.kind, 'argument');
    assert.match(e.message, /too many items: a call may carry at most 100,000/);
  }
  assert.equal(W[STATS]().wasmMemoryBytes, before);
  assert.deepEqual(hits, []);
  // Just under the limit: read by the core and sent as usual.
  assert.equal((await W.jsonSet({ type: 'x', content: Array.from({ length: 99990 }, (_, i) => i) })).code, 0);
  assert.equal(hits.length, 1);
  assert.throws(() => W.init3({ header: Object.fromEntries(Array.from({ length: 100001 }, (_, i) => [`x-${i}`, '1'])) }), (x) => x.kind === 'config');
});

// --- item 8: remnants -------------------------------------------------------------
test('platform: a request the platform never answers settles at the configured timeout, not after it', LIMIT, async (t) => {
  const W = fresh();
  global.wx = shimLib.fakeWx({ hold: true });
  try {
    W.init3({ subDomain: 'demo', transport: 'wx', timeout: 300 });
    await W.ready;
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const p = W.shopSubdetail(1);
    let settled = null;
    p.then(() => { settled = 'resolved'; }, (e) => { settled = e.kind; });
    await new Promise((r) => setImmediate(r));
    t.mock.timers.tick(299);
    await new Promise((r) => setImmediate(r));
    assert.equal(settled, null);
    t.mock.timers.tick(1);
    await new Promise((r) => setImmediate(r));
    assert.equal(settled, 'timeout');
  } finally {
    t.mock.timers.reset();
    delete global.wx;
  }
});

test("platform: a response whose fields throw when read rejects the call; nothing escapes into the platform's callback", LIMIT, async () => {
  const W = fresh();
  const escaped = [];
  const poisoned = (what) => new Proxy({}, { get(_, k) { throw new Error(`${what}.${String(k)} cannot be read`); } });
  let answer;
  // request and upload alike: the answer is given from the platform's side, and anything it throws is caught there
  const answering = (o) => {
    setImmediate(() => {
      try {
        answer(o);
      } catch (e) {
        escaped.push(e.message);
      }
    });
    return { abort() {} };
  };
  global.wx = { request: answering, uploadFile: answering, getStorageSync: () => '' };
  try {
    W.init3({ subDomain: 'demo', transport: 'wx' });
    const cases = [
      (o) => o.success(poisoned('res')),
      (o) => o.success({ get statusCode() { throw new Error('statusCode'); }, data: {} }),
      (o) => o.success({ statusCode: 200, get data() { throw new Error('data'); } }),
      (o) => o.fail(poisoned('err')),
      (o) => o.fail({ get errMsg() { throw new Error('errMsg'); } }),
    ];
    for (const c of cases) {
      answer = c;
      assert.equal(await kindOf(W.shopSubdetail(1)), 'response', String(c));
      assert.equal(await kindOf(W.uploadFile('t', 'wxfile://a.png')), 'response', `upload ${c}`);
    }
    assert.deepEqual(escaped, []);
  } finally {
    delete global.wx;
  }
});

test('init3/init2 refuse a base URL the URL parser refuses (an invalid punycode label)', () => {
  const W = fresh();
  for (const key of ['apiBaseUrl', 'commonBaseUrl', 'cmsBaseUrl', 'ossBaseUrl']) {
    assert.throws(() => W.init3({ [key]: 'https://xn--api-it120-cc.evil', subDomain: 'demo' }), (e) => e.kind === 'config' && e.param === key, key);
  }
  assert.throws(() => W.init2('https://xn--api-it120-cc.evil', 'demo'), (e) => e.kind === 'config');
  W.init3({ apiBaseUrl: 'https://xn--fiqs8s.com', subDomain: 'demo' }); // valid punycode is fine
  W.init3({ apiBaseUrl: base, subDomain: 'demo' });
});
