// The H5 storefront example (examples/h5) built with Vite from the installed
// package, driven in headless Chromium (playwright-core, /usr/bin/chromium):
//   - `npm ci` in examples/h5 when its node_modules is missing or stale (the
//     package is installed from ../../pkg as a packed copy, see .npmrc);
//   - `vite build` (no warnings; the wasm travels inside the JS bundle: no asset, no chunk to find);
//   - the local test backend serves dist/ under /static/ and the API;
//   - home (banners, goods) → detail → add to cart (101 twice, 102 once) →
//     cart (items, count, total): the DOM and the backend's recorded requests;
//   - an init3 the SDK refuses is shown in the page as a WXAPIError;
//   - the same page from the Vite dev server (the package pre-bundled by Vite).
// Screenshots: out/h5/{home,detail,cart,error,dev}.png.
// Needs pkg/ built (node tools/build-pkg.js). Run: node --test tests/h5/
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const path = require('path');
const { chromium } = require('playwright-core');
const { startBackend, parseForm } = require('../server/backend.js');

const ROOT = path.join(__dirname, '..', '..');
const H5 = path.join(ROOT, 'examples', 'h5');
const DIST = path.join(H5, 'dist');
const VITE = path.join(H5, 'node_modules', '.bin', 'vite');
const OUT = path.join(ROOT, 'out', 'h5');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];
const FORM = 'application/x-www-form-urlencoded';
const WAIT_MS = 15000;
const SUB = 'demo';
const TOKEN = 'token-demo';

// --- set-up helpers ---------------------------------------------------------------
function run(cmd, args, timeout) {
  const r = spawnSync(cmd, args, { cwd: H5, encoding: 'utf8', timeout, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  const output = `${r.stdout || ''}${r.stderr || ''}`;
  assert.equal(r.status, 0, `${path.basename(cmd)} ${args.join(' ')} failed (${r.error || `exit ${r.status}`}):\n${output}`);
  return output;
}

const sameFile = (a, b) => fs.existsSync(a) && fs.existsSync(b) && fs.readFileSync(a).equals(fs.readFileSync(b));

/** Why examples/h5/node_modules must be (re)installed, or null when it is up to date. */
function staleReason() {
  const hidden = path.join(H5, 'node_modules', '.package-lock.json');
  if (!fs.existsSync(hidden) || !fs.existsSync(VITE)) return 'node_modules is missing';
  if (fs.statSync(path.join(H5, 'package-lock.json')).mtimeMs > fs.statSync(hidden).mtimeMs) return 'package-lock.json is newer';
  // The package is a packed copy of pkg/: rebuilt since?
  const installed = path.join(H5, 'node_modules', 'apifm-wasm');
  for (const f of ['package.json', 'web.mjs', 'apifm_wasm_bg.wasm']) {
    if (!sameFile(path.join(ROOT, 'pkg', f), path.join(installed, f))) return `node_modules/apifm-wasm/${f} differs from pkg/`;
  }
  return null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** GET/POST on the backend from Node: what the page should show. */
async function api(method, p, body) {
  const r = await fetch(backend.url + p, method === 'GET' ? {} : { method, headers: { 'Content-Type': FORM }, body });
  const json = await r.json();
  assert.equal(json.code, 0, `${method} ${p}: ${JSON.stringify(json)}`);
  return json.data;
}

const yuan = (n) => `¥${Number(n).toFixed(2)}`;
const ms = (t0) => `${Date.now() - t0} ms`;

// --- state shared by the tests ---------------------------------------------------
let backend;
let browser;
let context;
let page;
let expected; // {goods, banners, mallName, nick}: what the backend serves
const problems = []; // console errors, page errors, failed requests
const fetched = []; // every URL the page requested, with status and type
const timings = {};

/** Opens a page that records its problems and requests. */
async function openPage(url, into) {
  const p = await context.newPage();
  p.on('pageerror', (e) => into.push(`pageerror: ${e.message}`));
  p.on('console', (m) => {
    if (m.type() === 'error') into.push(`console: ${m.text()}`);
  });
  p.on('requestfailed', (r) => into.push(`requestfailed: ${r.url()} ${r.failure() && r.failure().errorText}`));
  p.on('response', (r) => {
    if (p === page) fetched.push({ url: r.url(), status: r.status(), type: r.headers()['content-type'] || '' });
  });
  if (!page) page = p;
  await p.goto(url);
  return p;
}

const text = (selector) => page.locator(selector).innerText();
const texts = (selector) => page.locator(selector).allInnerTexts();

/** API requests the backend recorded (static files are not recorded). */
const recorded = (method, p) => backend.requests.filter((r) => r.method === method && r.path === p);

test.before(async () => {
  assert.ok(fs.existsSync(path.join(ROOT, 'pkg', 'web.mjs')), 'pkg/ is not built: run node tools/build-pkg.js');
  fs.mkdirSync(OUT, { recursive: true });

  let t0 = Date.now();
  const reason = staleReason();
  if (reason) {
    run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], 120000);
    timings.install = `${ms(t0)} (${reason})`;
  } else {
    timings.install = 'skipped (up to date)';
  }
  assert.equal(staleReason(), null, 'examples/h5/node_modules is still stale after npm ci');

  t0 = Date.now();
  fs.rmSync(DIST, { recursive: true, force: true });
  const out = run(VITE, ['build'], 60000);
  timings.build = ms(t0);
  // The package must not make Vite complain (Rollup's "(!)" notes, Rolldown/Vite warnings).
  const complaints = out.split('\n').filter((l) => /warn|\(!\)|apifm-wasm|error/i.test(l));
  assert.deepEqual(complaints, [], `vite build printed:\n${out}`);
  const assets = fs.readdirSync(path.join(DIST, 'assets'));
  // The wasm travels inside the JS bundle (base64): nothing for the page to find at run time.
  assert.ok(!assets.some((f) => /\.wasm$|apifm_wasm_bg/.test(f)), `a separate wasm file: ${assets}`);
  const bundle = assets.filter((f) => f.endsWith('.js')).map((f) => fs.readFileSync(path.join(DIST, 'assets', f), 'utf8')).join('');
  const carried = /export default "([A-Za-z0-9+/=]+)"/.exec(fs.readFileSync(path.join(ROOT, 'pkg', 'apifm_wasm_bg.mjs'), 'utf8'))[1];
  assert.ok(bundle.includes(carried), 'the bundle does not carry the wasm');
  assert.ok(fs.existsSync(path.join(DIST, 'index.html')));

  backend = await startBackend({ port: 0, staticDir: DIST, quiet: true });
  // What the page must show, read from the backend itself (before its log is reset).
  const goods = await api('POST', `/${SUB}/shop/goods/list`, '');
  expected = {
    goods: new Map(goods.map((g) => [g.id, g])),
    banners: await api('GET', `/common/${SUB}/banner/list?type=index`),
    mallName: (await api('GET', `/${SUB}/config/value?key=mallName`)).value,
    nick: (await api('GET', `/common/${SUB}/user/detail?token=${TOKEN}`)).base.nick,
  };
  for (const id of [101, 102, 103, 104]) assert.ok(expected.goods.has(id), `the backend has no goods ${id}`);

  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  context = await browser.newContext({ viewport: { width: 420, height: 1000 }, deviceScaleFactor: 1, locale: 'zh-CN' });
  context.setDefaultTimeout(WAIT_MS);
});

test.after(async () => {
  if (browser) await browser.close();
  if (backend) await backend.close();
  process.stderr.write(`[h5] install: ${timings.install}; vite build: ${timings.build}; flow: ${timings.flow || '-'}\n`);
});

// --- 1. the built page, served by the backend --------------------------------------
test('home: banners, the goods with names and prices, login; the wasm comes with the bundle', async () => {
  const t0 = Date.now();
  backend.reset();
  await openPage(`${backend.url}/static/index.html`, problems);

  await page.locator('.goods-card').nth(expected.goods.size - 1).waitFor();
  await page.locator('.banner').nth(expected.banners.length - 1).waitFor();
  await page.waitForFunction((nick) => document.getElementById('user').textContent === `你好，${nick}`, expected.nick);
  await page.waitForFunction((name) => document.getElementById('mallName').textContent === name, expected.mallName);

  assert.deepEqual(await texts('.banner-title'), expected.banners.map((b) => b.title));
  const cards = await page.locator('.goods-card').evaluateAll((els) => els.map((el) => ({
    id: Number(el.dataset.goodsId),
    name: el.querySelector('.goods-name').textContent,
    price: el.querySelector('.price').textContent,
  })));
  assert.deepEqual(cards, [...expected.goods.values()].map((g) => ({ id: g.id, name: g.name, price: yuan(g.minPrice) })));
  // Pictures: the backend's /static/img/… paths, served from dist/img/ (public/).
  await page.waitForFunction(() => [...document.querySelectorAll('.goods-card img')].every((i) => i.complete && i.naturalWidth > 0));
  assert.equal(await page.locator('.pic-fallback').count(), 0);
  assert.equal(await page.locator('#error').isHidden(), true, `error shown: ${await text('#error')}`);
  await page.screenshot({ path: path.join(OUT, 'home.png') });

  // The wasm came with the bundle: no request for it.
  assert.deepEqual(fetched.filter((f) => /\.wasm(\?|$)|apifm_wasm_bg/.test(f.url)), [], JSON.stringify(fetched, null, 1));
  assert.ok(!fetched.some((f) => f.url.includes('/pkg/')), 'the page reached into /pkg/ instead of using dist/');

  // The wire: login_wx, then userDetail and the cart; banners and goods.
  const [login] = recorded('POST', `/${SUB}/user/wxapp/login`);
  assert.ok(login, 'no login request');
  assert.deepEqual(parseForm(login.body), { code: 'h5-demo', type: '2' });
  assert.equal(login.contentType, FORM);
  assert.deepEqual(recorded('GET', `/common/${SUB}/banner/list`).map((r) => parseForm(r.query)), [{ type: 'index' }]);
  assert.deepEqual(recorded('POST', `/${SUB}/shop/goods/list`).map((r) => parseForm(r.body)), [{ page: '1', pageSize: '20' }]);
  assert.deepEqual(recorded('GET', `/common/${SUB}/user/detail`).map((r) => parseForm(r.query).token), [TOKEN]);
  timings.flow = Date.now() - t0;
});

test('detail: clicking a goods card shows its name, price and stock', async () => {
  const t0 = Date.now();
  const g = expected.goods.get(101);
  await page.locator('.goods-card[data-goods-id="101"]').click();
  await page.locator('#detail[data-goods-id="101"]').waitFor();
  assert.equal(await text('.detail-name'), g.name);
  assert.equal(await text('.detail-price'), yuan(g.minPrice));
  assert.match(await text('.detail-meta'), new RegExp(`库存 ${g.stores} 件`));
  assert.equal(await text('#addToCart'), '加入购物车');
  assert.equal(new URL(page.url()).hash, '#/goods/101');
  await page.waitForFunction(() => { const i = document.querySelector('#detail img'); return i && i.complete && i.naturalWidth > 0; });
  await page.screenshot({ path: path.join(OUT, 'detail.png') });

  // The named import goodsDetail sent the same request as WXAPI.goodsDetail would.
  const reqs = recorded('GET', `/${SUB}/shop/goods/detail`);
  assert.equal(reqs.length, 1);
  assert.deepEqual(parseForm(reqs[0].query), { id: '101', token: '' });

  // A sold-out goods cannot be added.
  const soldOut = [...expected.goods.values()].find((x) => x.stores === 0);
  if (soldOut) {
    await page.goto(`${backend.url}/static/index.html#/goods/${soldOut.id}`);
    await page.locator(`#detail[data-goods-id="${soldOut.id}"]`).waitFor();
    assert.equal(await page.locator('#addToCart').isDisabled(), true);
    assert.equal(await text('#addToCart'), '已售罄');
  }
  timings.flow += Date.now() - t0;
});

test('cart: 101 added twice and 102 once → two lines, 3 items, the right total', async () => {
  const t0 = Date.now();
  const badge = (n) => page.waitForFunction((v) => document.getElementById('cartBadge').textContent === v, String(n));
  await page.goto(`${backend.url}/static/index.html#/`);
  await page.waitForFunction((nick) => document.getElementById('user').textContent === `你好，${nick}`, expected.nick);
  await badge(0);
  backend.requests.length = 0; // only this flow's requests from here on

  await page.locator('.goods-card[data-goods-id="101"]').click();
  await page.locator('#detail[data-goods-id="101"]').waitFor();
  await page.locator('#addToCart').click();
  await badge(1);
  await page.locator('#addToCart').click(); // waits until the button is enabled again
  await badge(2);
  await page.locator('.back').click();
  await page.locator('.goods-card[data-goods-id="102"]').click();
  await page.locator('#detail[data-goods-id="102"]').waitFor();
  await page.locator('#addToCart').click();
  await badge(3);

  await page.locator('#cartTab').click();
  await page.locator('#cart[data-loaded="true"]').waitFor();
  const [a, b] = [expected.goods.get(101), expected.goods.get(102)];
  const lines = await page.locator('.cart-item').evaluateAll((els) => els.map((el) => ({
    id: Number(el.dataset.goodsId),
    name: el.querySelector('.cart-name').textContent,
    price: el.querySelector('.cart-line .price').textContent,
    number: el.querySelector('.cart-number').textContent,
    subtotal: el.querySelector('.cart-subtotal').textContent,
  })));
  assert.deepEqual(lines, [
    { id: 101, name: a.name, price: yuan(a.minPrice), number: '× 2', subtotal: yuan(2 * a.minPrice) },
    { id: 102, name: b.name, price: yuan(b.minPrice), number: '× 1', subtotal: yuan(b.minPrice) },
  ]);
  assert.equal(await text('#cartCount'), '3');
  assert.equal(await text('#cartTotal'), yuan(2 * a.minPrice + b.minPrice));
  assert.equal(await text('#cartBadge'), '3');
  assert.equal(await page.locator('#error').isHidden(), true, `error shown: ${await text('#error')}`);
  await page.waitForFunction(() => [...document.querySelectorAll('.cart-item img')].every((i) => i.complete && i.naturalWidth > 0));
  await page.screenshot({ path: path.join(OUT, 'cart.png') });

  // The wire: three form-encoded POSTs to /shopping-cart/add, then the cart.
  const adds = recorded('POST', `/${SUB}/shopping-cart/add`);
  assert.deepEqual(adds.map((r) => r.contentType), [FORM, FORM, FORM]);
  for (const [r, id] of adds.map((r, i) => [r, [101, 101, 102][i]])) {
    assert.ok(r.body.startsWith(`token=${TOKEN}&goodsId=${id}&number=1`), r.body);
    // sku and addition are sent empty, as apifm-wxapi sends them.
    assert.deepEqual(parseForm(r.body), { token: TOKEN, goodsId: String(id), number: '1', sku: '', addition: '', type: '' });
  }
  assert.equal(adds.length, 3);
  const infos = recorded('GET', `/${SUB}/shopping-cart/info`);
  assert.equal(infos.length, 1, 'the cart page reads the cart once');
  assert.deepEqual(parseForm(infos[0].query), { token: TOKEN, type: '' });

  assert.deepEqual(problems, [], 'console errors, page errors or failed requests');
  timings.flow += Date.now() - t0;
});

// --- 2. an error the SDK raises is shown in the page --------------------------------
test('error: a base URL init3 refuses is shown as a WXAPIError (kind config), with no request sent', async () => {
  backend.reset();
  const seen = [];
  const p = await openPage(`${backend.url}/static/index.html?api=${encodeURIComponent('http://example.com')}`, seen);
  await p.locator('#error[data-kind="config"]').waitFor();
  const shown = await p.locator('#error').innerText();
  assert.match(shown, /SDK 错误 \[config\]/);
  assert.match(shown, /WXAPI\.\w+: configuration was refused/);
  assert.match(shown, /apiBaseUrl/);
  await p.waitForFunction(() => document.getElementById('user').textContent === '未登录');
  assert.equal(await p.locator('.goods-card').count(), 0);
  await p.screenshot({ path: path.join(OUT, 'error.png') });
  assert.deepEqual(backend.requests, [], 'no API request may leave the page');
  assert.deepEqual(seen, []);
  await p.close();
});

// --- 3. npm run dev: the Vite dev server ---------------------------------------------
test('dev: the Vite dev server serves the same storefront (package pre-bundled with its wasm)', async () => {
  const port = await freePort();
  // --force: pre-bundle afresh, whatever node_modules/.vite holds from an earlier run.
  const dev = spawn(VITE, ['--host', '127.0.0.1', '--port', String(port), '--strictPort', '--force'], {
    cwd: H5, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  dev.stdout.on('data', (c) => { log += c; });
  dev.stderr.on('data', (c) => { log += c; });
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`vite dev did not start:\n${log}`)), WAIT_MS);
      dev.on('exit', (code) => reject(new Error(`vite dev exited (${code}):\n${log}`)));
      const check = () => (log.includes(`${port}`) ? (clearTimeout(timer), resolve()) : setTimeout(check, 50));
      check();
    });
    backend.reset();
    const seen = [];
    const wasm = [];
    const p = await context.newPage();
    p.on('pageerror', (e) => seen.push(`pageerror: ${e.message}`));
    p.on('console', (m) => { if (m.type() === 'error') seen.push(`console: ${m.text()}`); });
    const modules = [];
    p.on('response', (r) => {
      if (/apifm_wasm_bg/.test(r.url())) wasm.push(r);
      if (r.url().includes('apifm-wasm')) modules.push(r.url());
    });
    await p.goto(`http://127.0.0.1:${port}/?api=${encodeURIComponent(backend.url)}`);
    await p.locator('.goods-card').nth(expected.goods.size - 1).waitFor();
    await p.waitForFunction((nick) => document.getElementById('user').textContent === `你好，${nick}`, expected.nick);
    await p.locator('.goods-card[data-goods-id="104"]').click();
    await p.locator('#detail[data-goods-id="104"]').waitFor();
    assert.equal(await p.locator('.detail-name').innerText(), expected.goods.get(104).name);
    await p.locator('#addToCart').click();
    await p.waitForFunction(() => document.getElementById('cartBadge').textContent === '1');
    await p.screenshot({ path: path.join(OUT, 'dev.png') });
    // Pre-bundling moves web.mjs (and the wasm module it imports) into node_modules/.vite/deps/.
    assert.ok(modules.some((u) => /\/node_modules\/\.vite\/deps\/apifm-wasm\.js/.test(u)), `apifm-wasm was not pre-bundled: ${modules}`);
    assert.deepEqual(wasm.map((r) => r.url()), [], 'no separate wasm request');
    assert.equal(recorded('POST', `/${SUB}/shopping-cart/add`).length, 1);
    assert.deepEqual(seen, []);
    assert.doesNotMatch(log, /warn|error/i, log);
    await p.close();
  } finally {
    dev.kill('SIGTERM');
    await new Promise((r) => (dev.exitCode !== null || dev.signalCode ? r() : dev.once('exit', r)));
  }
});
