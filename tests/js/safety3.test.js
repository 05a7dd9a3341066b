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

const ENTRY = require.resolve(path.join(ROOT, 'pkg'));
const WEBAPI = require.resolve(path.join(ROOT, 'pkg', 'webapi.js'));
const SAFE = JSON.parse(fs.readFileSync(path.join(ROOT, 'spec', 'retry-safe.json'), 'utf8'));
const READS = new Set(Object.keys(SAFE.reads));
const readJsonl = (f) => fs.readFileSync(path.join(ROOT, f), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('//')).map((l) => JSON.parse(l));
const uniappReference = readJsonl('spec/reference-uniapp.jsonl').slice(1);
const kindOf = (p) => p.then(() => 'resolved', (e) => e.kind);

/** A fresh copy of a built entry (each has its own engine and config). */
function fresh(entry = ENTRY) {
  delete require.cache[entry];
  delete global.wx;
  return require(entry);
}

// --- a server that records every request and answers as told ---------------------
let behave = 'ok'; // 'ok' | 'drop' (destroys the socket) | 'hang' (never answers)
const hits = []; // 'VERB /path'
let server;
let base;
test.before(async () => {
  server = http.createServer((req, res) => {
    hits.push(`${req.method} ${new URL(req.url, 'http://x').pathname}`);
    req.resume();
    if (behave === 'drop') return req.socket.destroy();
    if (behave === 'hang') return undefined;
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

test('retry-safe list: the generated rows carry R exactly for the listed methods, on every surface', () => {
  for (const file of ['js-shim/all.js', 'js-shim/webapi/all.js', 'js-shim/uniapp/all.js']) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    const names = JSON.parse(/const names = ("[^"]*")/.exec(text)[1]).split(',');
    const flags = JSON.parse(/const flags = ("[^"]*")/.exec(text)[1]).split(',');
    assert.equal(names.length, flags.length, file);
    const marked = names.filter((n, i) => flags[i].split(' ').includes('R'));
    assert.deepEqual(marked.filter((n) => !READS.has(n)), [], file);
    assert.deepEqual(names.filter((n, i) => READS.has(n) && !flags[i].split(' ').includes('R')), [], file);
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

test('retries: with init3({retry: {retries: 2}}), every such method is sent exactly once when the connection drops; a read is sent 3 times', async () => {
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

test('retries: every GET that is not a read, and the named writes, are sent once when the answer times out', async () => {
  const W = fresh();
  W.init3({ apiBaseUrl: base, commonBaseUrl: base, cmsBaseUrl: base, ossBaseUrl: base, subDomain: 'demo', merchantId: '42', timeout: 150, retry: { retries: 2, backoff: 0 } });
  behave = 'hang';
  const rows = reference.filter((r) => local(r) && (SAFE.notReads[r.name] || NAMED.includes(r.name)));
  assert.ok(rows.length >= 30, `${rows.length} methods`);
  assert.deepEqual(await sendEach(W, rows, 1), []);
  assert.deepEqual(await sendEach(W, reference.filter((r) => r.name === 'shopSubdetail'), 3), []);
});

test('retries: on the platform transport, a failing wx.request of such a method is made once', async () => {
  const W = fresh();
  let made = 0;
  global.wx = {
    request(o) {
      made++;
      setImmediate(() => o.fail({ errMsg: 'request:fail net::ERR_CONNECTION_RESET' }));
      return { abort() {} };
    },
    getStorageSync: () => '',
  };
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

test('retries: the apifm-webapi surface sends its own rows of such methods once, and requestX once', async () => {
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

test('dedupe: only reads share a request; identical calls of a method that counts are each sent', async () => {
  const W = fresh();
  W.init3({ apiBaseUrl: base, subDomain: 'demo', dedupe: true });
  await Promise.all([W.uniqueId(1), W.uniqueId(1), W.goodsDetail(7), W.goodsDetail(7)]);
  assert.equal(hits.length, 4);
  hits.length = 0;
  await Promise.all([W.shopSubdetail(7), W.shopSubdetail(7)]);
  assert.equal(hits.length, 1);
});
