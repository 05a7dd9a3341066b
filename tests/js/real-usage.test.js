// Real usage: the SDK calls of public open-source apps written against the
// vendor SDKs, replayed call by call against the reference and apifm-wasm
// under the conformance harness (recording platform, no I/O). Every call
// must send what the vendor sends, logged in and logged out (token '').
//
// The corpus (tests/js/real-usage/corpus.jsonl) is our own extraction from
// these public repositories: for each call site, the method and its
// arguments evaluated with stand-in values chosen by what the expression
// reads — a token from storage is a string, ids from page options are
// digit strings, ids from backend data are numbers, `list.join()` is a
// comma-joined id list, a local `const postData = {…}` is its object:
//   apifm-wxapi:  EastWorld/wechat-app-mall (the vendor's flagship mall, a
//                 maintained fork), gooking/apifm-wxapi-demo, gooking/bread,
//                 gooking/moments
//   apifm-uniapp: gooking/uni-app-mall, gooking/recycle
//   apifm-webapi: gooking/vueMinishop
// Calls are grouped by source file and replayed in file order (a page's
// sequence: init, login, reads, writes).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const lib = require('./lib/conformance.js');

const corpus = fs.readFileSync(path.join(__dirname, 'real-usage', 'corpus.jsonl'), 'utf8')
  .split('\n').filter(Boolean).map((l) => JSON.parse(l));
const decode = (v) => JSON.parse(JSON.stringify(v), (k, x) => (x && x.$undefined === true ? undefined : x));
const loggedOut = (v) => JSON.parse(JSON.stringify(v).replace(/"TOKEN-1"/g, '""'));

const log = [];
const storage = { shopIds: '', xtoken: '' };
global.wx = lib.recordingPlatform(log, storage);
// uni-app's getLocation helper (apifm-uniapp's own, no request) shows a loading toast around uni.getLocation
global.uni = { ...lib.recordingPlatform(log, storage), showLoading() {}, hideLoading() {}, getSystemInfoSync: () => ({ uniPlatform: 'mp-weixin', platform: 'devtools' }), getLocation: (opts) => log.push({ api: 'getLocation', opts }) };
const wireOf = lib.platformWireOf(log);

const { fresh } = require('./lib/shim.js');
const ours = require(path.join(lib.ROOT, 'pkg'));
let uniSurface = null;
test.before(async () => {
  uniSurface = (await import(path.join(lib.ROOT, 'pkg', 'uniapp.mjs'))).default;
  await uniSurface.ready;
});

// Main-entry requests that differ from apifm-uniapp's by design (docs/compat.md, apifm-uniapp U1).
const UNI_MAIN_DIFFERS = new Set(['cpsJdGoodsShotUrlSite', 'userAttendantUpdatePosition', 'activityVoteInfoJoinDetail']);
// apifm-uniapp exports the main entry has not (U2: apifm-wasm/uniapp has them); an app calling them imports apifm-wasm/uniapp.
const UNI_ONLY = new Set(['wxpayQH5', 'bindWxmpOpenid', 'authorization', 'jssdkSign', 'stripeWebPay', 'joycityPointsGoodsDetail',
  'joycityPointsCanApplyAfterSale', 'joycityPointsSearchAfsApplyReasonList', 'joycityPointsSearchAfsOrderDetail', 'getLocation']);

/** The calls of one app grouped by source file, in line order. */
function pages(app) {
  const byFile = new Map();
  for (const c of corpus.filter((x) => x.app === app)) {
    const file = c.at.slice(0, c.at.lastIndexOf(':'));
    if (!byFile.has(file)) byFile.set(file, []);
    byFile.get(file).push(c);
  }
  for (const calls of byFile.values()) calls.sort((a, b) => Number(a.at.split(':').pop()) - Number(b.at.split(':').pop()));
  return byFile;
}

const totals = { calls: 0, compared: 0, referenceThrows: 0 };

/** Replays `calls` on the reference and on each of ours, comparing each call's wire. */
async function replay(calls, ref, mine, label) {
  for (const variant of [(a) => a, loggedOut]) {
    for (const c of calls) {
      totals.calls++;
      const args = () => decode(variant(c.args));
      const log0 = console.log;
      console.log = () => {}; // apifm-uniapp's getLocation logs what it got
      const theirs = await wireOf(ref, c.method, args()).finally(() => { console.log = log0; });
      for (const [name, pkg] of mine) {
        if (name === 'main' && label === 'apifm-uniapp' && (UNI_MAIN_DIFFERS.has(c.method) || UNI_ONLY.has(c.method))) continue;
        const got = await wireOf(pkg, c.method, args());
        const where = `${c.app} ${c.at} ${c.method}(${JSON.stringify(args()).slice(1, -1)}) [${name}]`;
        if (theirs.wire.length === 0 && theirs.error) {
          // the reference throws before sending (a bug of its own): ours sends nothing either
          totals.referenceThrows++;
          if (process.env.REAL_USAGE_VERBOSE) process.stderr.write(`reference throws: ${where}: ${theirs.error}\n`);
          assert.deepEqual(got.wire, [], `${where}: the reference threw ${theirs.error}, ours sent`);
          continue;
        }
        assert.equal(got.error, undefined, `${where}: rejected — ${got.error && got.error.message}`);
        assert.deepEqual(got.wire, lib.fixed(c.method, theirs.wire), where);
        assert.deepEqual(got.options, theirs.options, `${where}: platform options`);
        totals.compared++;
      }
    }
  }
}

const apps = [...new Set(corpus.map((c) => c.app))];
for (const app of apps.filter((a) => corpus.find((c) => c.app === a).sdk === 'apifm-wxapi')) {
  for (const [file, calls] of pages(app)) {
    test(`real usage (apifm-wxapi): ${app} ${file}`, async () => {
      const ref = fresh('apifm-wxapi');
      ours.init3({ transport: 'wx' });
      for (const p of [ref, ours]) { p.init(lib.SUB); p.setMerchantId(lib.MCH); }
      await replay(calls, ref, [['main', ours]], 'apifm-wxapi');
    });
  }
}

for (const app of apps.filter((a) => corpus.find((c) => c.app === a).sdk === 'apifm-uniapp')) {
  for (const [file, calls] of pages(app)) {
    test(`real usage (apifm-uniapp): ${app} ${file}`, async () => {
      const ref = fresh('apifm-uniapp');
      ours.init3({ transport: 'uni' });
      for (const p of [ref, ours, uniSurface]) { p.init(lib.SUB); p.setMerchantId(lib.MCH); }
      await replay(calls, ref, [['apifm-wasm/uniapp', uniSurface], ['main', ours]], 'apifm-uniapp');
    });
  }
}

// apifm-webapi (axios in a browser): the reference under a recording axios
// adapter, apifm-wasm/webapi under a recording fetch.
const webapiCalls = corpus.filter((c) => c.sdk === 'apifm-webapi');
if (webapiCalls.length) {
  test('real usage (apifm-webapi): gooking/vueMinishop, every call site', async () => {
    delete global.wx; // an H5 page: no mini-program platform object
    delete global.uni;
    const { ref, ours: web, refLog, fetchLog } = lib.webapiPair();
    for (const p of [ref, web]) { p.init(lib.SUB); p.setMerchantId(lib.MCH); }
    for (const variant of [(a) => a, loggedOut]) {
      for (const c of webapiCalls) {
        totals.calls++;
        const run = async (pkg) => { try { await pkg[c.method](...decode(variant(c.args))); } catch (e) { return e; } return undefined; };
        const refError = await run(ref);
        const theirs = lib.takeRecords(refLog);
        const error = await run(web);
        const mine = lib.takeRecords(fetchLog);
        const where = `${c.app} ${c.at} ${c.method} [apifm-wasm/webapi]`;
        if (!theirs.length && refError) { totals.referenceThrows++; assert.deepEqual(mine, [], where); continue; }
        assert.equal(error, undefined, `${where}: rejected — ${error && error.message}`);
        assert.deepEqual(mine, lib.fixed(c.method, theirs), where);
        totals.compared++;
      }
    }
  });
}

test('the corpus is what the header says, and every call was compared', (t) => {
  assert.deepEqual(apps.sort(), ['EastWorld/wechat-app-mall', 'gooking/apifm-wxapi-demo', 'gooking/bread', 'gooking/moments',
    'gooking/recycle', 'gooking/uni-app-mall', 'gooking/vueMinishop']);
  assert.ok(corpus.length >= 900, `${corpus.length} call sites`);
  assert.equal(totals.calls, corpus.length * 2);
  assert.ok(totals.compared > totals.calls, `${totals.compared} comparisons`); // uni-app calls compare two entries
  t.diagnostic(`real usage: ${apps.length} apps, ${corpus.length} call sites, ${new Set(corpus.map((c) => c.sdk + c.method + JSON.stringify(c.args))).size} distinct patterns, `
    + `${new Set(corpus.map((c) => c.method)).size} methods; ${totals.compared} comparisons, ${totals.referenceThrows} calls the reference itself throws on`);
});
