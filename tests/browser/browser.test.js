// The package in a real browser page: headless Chromium (playwright-core,
// the system /usr/bin/chromium) loads pages served by the local test backend
// that `import WXAPI from '/pkg/web.mjs'`.
//   1. page.html: a small shop page configured with init3 against the backend,
//      calling slice methods at once (before the wasm has loaded); checks the
//      results, the DOM and the backend's recorded requests; screenshot in
//      out/browser/page.png.
//   2. conformance.html: fetch is patched before the package is imported so
//      that requests to the real hosts land on the backend (/__host/<host>/…);
//      the argument vectors of tests/js/lib/conformance.js are replayed and
//      the recorded wire is compared with the reference's (apifm-wxapi run in
//      Node under a recording wx).
// Needs pkg/ built (node tools/build-pkg.js). Run: node --test tests/browser/
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');
const { startBackend } = require('../server/backend.js');
const lib = require('../js/lib/conformance.js');

const ROOT = path.join(__dirname, '..', '..');
const OUT = path.join(ROOT, 'out', 'browser');
const SITE = path.join(OUT, 'site'); // the backend's /static/: the pages + cases.json
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];
const FORM = 'application/x-www-form-urlencoded';
const WAIT_MS = 15000;

const SLICE = ['banners', 'goods', 'goodsDetail', 'goodsCategory', 'shippingCarInfo', 'shippingCarInfoAddItem', 'orderCreate', 'orderList',
  'userDetail', 'login_wx', 'register_simple', 'queryConfigValue', 'cmsArticles', 'pingtuanSets', 'scoreSign', 'kanjiaHelp', 'goodsPriceV2',
  'fetchSubDomainByWxappAppid'];

let backend;
let context;
let profile;
const pageErrors = [];

// --- the reference's wire, computed in Node ------------------------------------
const refLog = [];
const refStorage = { shopIds: '' };
global.wx = lib.recordingPlatform(refLog, refStorage);
const ref = lib.loadReference();

async function referenceWire(name, args, shopIds) {
  refStorage.shopIds = shopIds;
  ref.init(lib.SUB);
  ref.setMerchantId(lib.MCH);
  refLog.length = 0;
  const result = ref[name](...args);
  await new Promise((r) => setImmediate(r));
  const calls = refLog.splice(0);
  for (const c of calls) if (c.opts && typeof c.opts.success === 'function') c.opts.success({ statusCode: 200, data: { code: 0 } });
  if (result && typeof result.then === 'function') await result;
  return lib.fixed(name, calls.map(lib.wireOfCall));
}

/** Only arguments that survive JSON unchanged can be handed to the page. */
function jsonable(args) {
  try {
    assert.deepStrictEqual(JSON.parse(JSON.stringify(args)), args);
    return true;
  } catch (_) {
    return false;
  }
}

/** The conformance cases: every vector of every slice method (goods also with shopIds in storage). */
let skipped = 0;
async function buildCases() {
  const cases = [];
  for (const name of SLICE) {
    const row = lib.reference.find((r) => r.name === name);
    assert.ok(row, `${name} is not in spec/reference.jsonl`);
    for (const vector of lib.vectorsFor(row)) {
      const args = vector.make();
      if (!jsonable(args)) {
        skipped++;
        continue;
      }
      for (const shopIds of row.storage ? ['', '11,12'] : ['']) {
        const expected = await referenceWire(name, vector.make(), shopIds);
        cases.push({ name, label: `${vector.label}${shopIds ? ' shopIds' : ''}`, args, shopIds, expected });
      }
    }
  }
  return cases;
}

/** A backend record in the reference's wire form. */
function wireOfRecord(r) {
  const base = r.host ? `https://${r.host}` : backend.url;
  return { kind: 'request', method: r.method, url: lib.normalizeUrl(base + r.path + (r.query ? `?${r.query}` : '')), body: r.body, contentType: r.contentType };
}

async function openPage(file, ready) {
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${file}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(`${file}: console: ${m.text()}`);
  });
  await page.goto(`${backend.url}/static/${file}`);
  await page.waitForFunction(`window.${ready} !== undefined || window.__pageError !== undefined`, null, { timeout: WAIT_MS });
  const pageError = await page.evaluate('window.__pageError');
  assert.equal(pageError, undefined, `${file} stopped: ${pageError}`);
  return page;
}

let cases;
test.before(async () => {
  assert.ok(fs.existsSync(path.join(ROOT, 'pkg', 'web.mjs')), 'pkg/ is not built: run node tools/build-pkg.js');
  cases = await buildCases();
  fs.rmSync(SITE, { recursive: true, force: true });
  fs.mkdirSync(SITE, { recursive: true });
  for (const f of ['page.html', 'conformance.html']) fs.copyFileSync(path.join(__dirname, f), path.join(SITE, f));
  fs.writeFileSync(path.join(SITE, 'cases.json'), JSON.stringify({
    sub: lib.SUB,
    merchantId: lib.MCH,
    cases: cases.map(({ name, label, args, shopIds }) => ({ name, label, args, shopIds })),
  }));
  backend = await startBackend({ port: 0, staticDir: SITE, quiet: true });
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'apifm-browser-test-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 800, height: 900 } });
});

test.after(async () => {
  if (context) await context.close();
  if (backend) await backend.close();
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
});

// --- 1. the shop page ----------------------------------------------------------
let results;
let records;
let dom;

test('page: slice methods called before the wasm loaded all resolve', async () => {
  backend.reset();
  const page = await openPage('page.html', '__results');
  results = await page.evaluate('window.__results');
  records = backend.requests.map((r) => ({ ...r }));
  dom = await page.evaluate(() => ({
    status: document.getElementById('status').textContent,
    mallName: document.getElementById('mallName').textContent,
    goods: [...document.querySelectorAll('#goods li')].map((li) => li.textContent),
    banners: [...document.querySelectorAll('#banners li')].map((li) => li.textContent),
    detail: document.getElementById('detail').textContent,
    cart: document.getElementById('cart').textContent,
    argumentError: document.getElementById('argumentError').textContent,
  }));
  fs.mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: path.join(OUT, 'page.png'), fullPage: true });
  await page.close();

  assert.equal(results.renderError, undefined);
  for (const k of ['banners', 'goods', 'goodsDetail', 'mallName', 'articles', 'pingtuan', 'cart']) {
    assert.equal(results[k].ok, true, `${k}: ${JSON.stringify(results[k].error)}`);
  }
  const v = (k) => results[k].value;
  assert.deepEqual(v('banners').data.map((b) => b.title), ['双十二 全场满减', '新品咖啡 8 折']);
  assert.equal(v('goods').code, 0);
  assert.deepEqual(v('goods').data.map((g) => g.id), [101, 102, 103, 104]);
  assert.equal(v('goodsDetail').code, 0);
  assert.equal(v('goodsDetail').data.basicInfo.id, 101);
  assert.equal(v('goodsDetail').data.basicInfo.name, '有机红富士苹果 5斤装');
  assert.deepEqual(v('mallName'), { code: 0, msg: 'success', data: { key: 'mallName', value: 'API工厂 演示商城' } });
  assert.deepEqual(v('articles').data.map((a) => a.title), ['如何使用 apifm-wasm', '发货说明']);
  assert.deepEqual(v('pingtuan').data.map((x) => [x.goodsId, x.numberPersion]), [[101, 3], [102, 3]]);
  const cart = v('cart');
  assert.deepEqual(cart.login, { code: 0, msg: 'success', data: { token: 'token-demo', uid: 7 } });
  assert.equal(cart.add.code, 0);
  assert.equal(cart.info.code, 0);
  assert.deepEqual(cart.info.data.items.map((i) => [i.goodsId, i.number]), [[101, 2]]);
  assert.equal(cart.info.data.number, 2);
  assert.equal(cart.info.data.price, 79.8);

  // A synchronous method: refused while the wasm loads, then works.
  assert.equal(results.syncBeforeReady.ok, false);
  assert.equal(results.syncBeforeReady.error.name, 'WXAPIError');
  assert.equal(results.syncBeforeReady.error.kind, 'unsupported');
  assert.equal(results.syncAfterReady, `${backend.url}/demo/verification/pic/get?key=k1`);
});

test('page: the DOM shows the results', () => {
  assert.ok(dom, 'the page did not run');
  assert.equal(dom.status, 'done');
  assert.equal(dom.mallName, 'API工厂 演示商城');
  assert.deepEqual(dom.goods, ['有机红富士苹果 5斤装 ¥39.9', '云南小粒咖啡豆 500g ¥88', '手工红糖 & 姜茶 (12袋) ¥25.5', '五常大米 10kg ¥99']);
  assert.deepEqual(dom.banners, ['双十二 全场满减 → /goods/101', '新品咖啡 8 折 → /goods/102']);
  assert.equal(dom.detail, '有机红富士苹果 5斤装 · ¥39.9 · 脆甜多汁');
  assert.equal(dom.cart, 'token token-demo; 有机红富士苹果 5斤装 × 2; total ¥79.8');
  assert.match(dom.argumentError, /^WXAPIError: WXAPI\.goodsDetail: id is required/);
});

test('page: the backend saw exactly the expected requests', () => {
  assert.ok(records, 'the page did not run');
  const simple = records.map((r) => ({ method: r.method, host: r.host, path: r.path, query: r.query, body: r.body, contentType: r.contentType }));
  const expected = [
    { method: 'GET', path: '/common/demo/banner/list', query: '', body: '' },
    { method: 'POST', path: '/demo/shop/goods/list', query: '', body: 'page=1&pageSize=10&shopId=11%2C12' },
    { method: 'GET', path: '/demo/shop/goods/detail', query: 'id=101&token=', body: '' },
    { method: 'GET', path: '/common/demo/config/value', query: 'key=mallName', body: '' },
    { method: 'POST', path: '/demo/cms/news/list', query: '', body: 'page=1' },
    { method: 'GET', path: '/common/demo/shop/goods/pingtuan/sets', query: 'goodsId=101%2C102', body: '' },
    { method: 'POST', path: '/demo/user/wxapp/login', query: '', body: 'code=code1&type=2' },
    { method: 'POST', path: '/demo/shopping-cart/add', query: '', body: 'token=token-demo&goodsId=101&number=2&sku=&addition=&type=' },
    { method: 'GET', path: '/demo/shopping-cart/info', query: 'token=token-demo&type=', body: '' },
  ].map((r) => ({ ...r, host: null, contentType: FORM }));
  const key = (r) => `${r.method} ${r.path}?${r.query}`;
  assert.deepEqual([...simple].sort((a, b) => key(a).localeCompare(key(b))), [...expected].sort((a, b) => key(a).localeCompare(key(b))));
  // The cart flow is sequential.
  const at = (p) => simple.findIndex((r) => r.path === p);
  assert.ok(at('/demo/user/wxapp/login') < at('/demo/shopping-cart/add'));
  assert.ok(at('/demo/shopping-cart/add') < at('/demo/shopping-cart/info'));
});

test('page: argument errors reject with WXAPIError and send nothing', () => {
  assert.ok(results, 'the page did not run');
  const r = results.argumentError;
  assert.equal(r.ok, false);
  assert.equal(r.error.name, 'WXAPIError');
  assert.equal(r.error.kind, 'argument');
  assert.equal(r.error.method, 'goodsDetail');
  assert.equal(r.error.param, 'id');
  assert.equal(r.error.isWXAPIError, true);
  for (const [k, why] of [['loneSurrogate', /lone UTF-16 surrogate/], ['deepNesting', /nests too deeply/]]) {
    const e = results[k];
    assert.equal(e.ok, false, `${k} resolved`);
    assert.deepEqual([e.error.name, e.error.kind, e.error.isWXAPIError], ['WXAPIError', 'argument', true], k);
    assert.match(e.error.message, why);
  }
  // Nothing was sent for any of them (the exact request list is checked above).
  assert.deepEqual(records.filter((x) => x.path.endsWith('/config/value')).map((x) => x.query), ['key=mallName']);
  assert.deepEqual(records.filter((x) => x.path.endsWith('/banner/list')).map((x) => x.query), ['']);
  const details = records.filter((x) => x.path.endsWith('/shop/goods/detail'));
  assert.deepEqual(details.map((x) => x.query), ['id=101&token='], 'goodsDetail() must not reach the backend');
});

// --- 2. wire conformance in the browser ------------------------------------------
let outcomes;
let wires; // case index -> the backend's records of it, in wire form

test('conformance page: every vector of the slice methods was sent', async () => {
  backend.reset();
  const page = await openPage('conformance.html', '__conformance');
  outcomes = await page.evaluate('window.__conformance');
  await page.close();
  const recs = backend.requests.slice();
  assert.equal(outcomes.length, cases.length);
  wires = [];
  let next = 0;
  for (let i = 0; i < outcomes.length; i++) {
    const o = outcomes[i];
    assert.equal(o.ok, true, `${o.name} ${o.label}: rejected ${JSON.stringify(o.error)}`);
    assert.deepEqual(o.fetches.filter((f) => f.refused), [], `${o.name} ${o.label}: a request was refused`);
    wires.push(recs.slice(next, next + o.fetches.length).map(wireOfRecord));
    next += o.fetches.length;
  }
  assert.equal(next, recs.length, 'the backend saw requests no call accounts for');
  assert.ok(recs.every((r) => r.host !== null), 'a request went to the backend directly instead of a configured host');
  process.stdout.write(`# browser conformance: ${SLICE.length} methods, ${cases.length} calls (${skipped} vectors not JSON-able, skipped), ${recs.length} requests\n`);
});

for (const name of SLICE) {
  test(`conformance (browser): ${name}`, () => {
    assert.ok(wires, 'the conformance page did not run');
    let n = 0;
    cases.forEach((c, i) => {
      if (c.name !== name) return;
      assert.equal(c.expected.length, 1, `${name} ${c.label}: the reference made ${c.expected.length} requests`);
      assert.deepEqual(wires[i], c.expected, `${name} ${c.label} (args ${JSON.stringify(c.args)}, shopIds '${c.shopIds}')`);
      n++;
    });
    assert.ok(n >= 1, `${name}: no vector compared`);
  });
}

test('no page error or console error', () => {
  assert.deepEqual(pageErrors, []);
});
