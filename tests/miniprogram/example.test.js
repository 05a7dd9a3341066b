// The example mini-program (examples/miniprogram/) in the simulated WeChat
// runtime: pkg/miniprogram_dist is copied to its miniprogram_npm/apifm-wasm/
// as devtools "构建npm" does, the project folder becomes the code package,
// and the test plays the framework: App onLaunch (WXAPI.init + login), the
// goods page's onLoad/onShow and its "加入购物车" taps, the cart page's
// onShow; it reads the pages' data after setData and the backend's log.
// Run: node --test tests/miniprogram/   (after node tools/build-pkg.js)
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { toHost } = require('./sim.js');
const { fixture, within } = require('./common.js');

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'miniprogram');
const DIST = path.join(__dirname, '..', '..', 'pkg', 'miniprogram_dist');
const fx = fixture();

/** What devtools "构建npm" does for this project: miniprogram_dist -> miniprogram_npm/apifm-wasm. */
function buildNpm() {
  const to = path.join(EXAMPLE, 'miniprogram_npm', 'apifm-wasm');
  fs.rmSync(path.join(EXAMPLE, 'miniprogram_npm'), { recursive: true, force: true });
  fs.mkdirSync(to, { recursive: true });
  for (const f of fs.readdirSync(DIST)) fs.copyFileSync(path.join(DIST, f), path.join(to, f));
}

const readJson = (p) => JSON.parse(fs.readFileSync(path.join(EXAMPLE, p), 'utf8'));

test('the example is a devtools project: config, pages, npm dependency, built artefacts ignored', () => {
  const project = readJson('project.config.json');
  assert.equal(project.compileType, 'miniprogram');
  assert.equal(project.miniprogramRoot, './');
  assert.equal(project.setting.ignoreUploadUnusedFiles, false, 'the .wasm.br is loaded by path: keep it in the upload');
  assert.equal(readJson('package.json').dependencies['apifm-wasm'] !== undefined, true);
  const app = readJson('app.json');
  assert.deepEqual(app.pages, ['pages/index/index', 'pages/cart/cart']);
  assert.deepEqual(app.tabBar.list.map((t) => t.pagePath), app.pages);
  for (const page of app.pages) {
    for (const ext of ['js', 'wxml', 'wxss', 'json']) assert.ok(fs.existsSync(path.join(EXAMPLE, `${page}.${ext}`)), `${page}.${ext}`);
    readJson(`${page}.json`);
  }
  readJson(app.sitemapLocation);
  const ignored = fs.readFileSync(path.join(EXAMPLE, '.gitignore'), 'utf8');
  assert.match(ignored, /^miniprogram_npm\/$/m);
});

/** Bindings of a page's WXML: event handler names and the data roots {{…}} reads (loop variables aside). */
function bindings(wxml) {
  const handlers = [...wxml.matchAll(/\b(?:bind|catch):?[a-z]+="([^"{]+)"/g)].map((m) => m[1]);
  const roots = new Set();
  for (const m of wxml.matchAll(/\{\{([^}]*)\}\}/g)) {
    const expr = m[1].replace(/'[^']*'|"[^"]*"/g, '');
    for (const id of expr.matchAll(/(?<![.\w$])([A-Za-z_$][\w$]*)/g)) {
      if (!['item', 'index', 'true', 'false', 'null', 'undefined'].includes(id[1])) roots.add(id[1]);
    }
  }
  return { handlers, roots: [...roots] };
}

test('the example app in the simulator: launch, goods list, add to cart, cart totals; the backend saw the expected requests', async () => {
  buildNpm();
  const mp = fx.sim({ app: EXAMPLE });
  const { backend } = fx;

  // App: onLaunch calls WXAPI.init('demo') and logs in (wx.login -> WXAPI.login_wx)
  const app = mp.launch();
  assert.equal(await within(app.tokenReady, 3000, 'login'), 'token-demo');
  assert.equal(app.globalData.token, 'token-demo');
  assert.equal(mp.wx.getStorageSync('token'), 'token-demo');
  assert.deepEqual(mp.ui.map((u) => u.api), ['login']);
  assert.deepEqual(mp.wasmLoads, [{ path: '/miniprogram_npm/apifm-wasm/apifm_wasm_bg.wasm.br', ok: true }]);

  // Goods page: onLoad (banners + goods), onShow (cart count)
  const index = mp.createPage('pages/index/index');
  await within(index.onLoad({}), 3000, 'index onLoad');
  await within(index.onShow(), 3000, 'index onShow');
  const data = toHost(index.data);
  assert.equal(data.loading, false);
  assert.equal(data.error, '');
  assert.deepEqual(data.banners.map((b) => b.title), ['双十二 全场满减', '新品咖啡 8 折']);
  assert.deepEqual(data.goods.map((g) => [g.id, g.name, g.price, g.originalPrice, g.soldOut]), [
    [101, '有机红富士苹果 5斤装', '¥39.90', '¥59.00', false],
    [102, '云南小粒咖啡豆 500g', '¥88.00', '¥128.00', false],
    [103, '手工红糖 & 姜茶 (12袋)', '¥25.50', '¥32.00', true],
    [104, '五常大米 10kg', '¥99.00', '¥139.00', false],
  ]);
  assert.equal(data.cartCount, 0);

  // taps on "加入购物车": the event as WeChat builds it from data-id="{{item.id}}"
  const tap = (id) => index.addToCart(mp.toContext({ type: 'tap', currentTarget: { dataset: { id } }, target: { dataset: { id } } }));
  await within(tap(101), 3000, 'add 101');
  await within(tap(101), 3000, 'add 101 again');
  await within(tap(104), 3000, 'add 104');
  await within(tap(103), 3000, 'sold out: nothing sent');
  assert.equal(index.data.cartCount, 3);
  assert.deepEqual(mp.ui.filter((u) => u.api === 'showToast').map((u) => u.options.title), ['已加入购物车', '已加入购物车', '已加入购物车']);
  await within(index.goCart(), 3000, 'goCart');
  assert.deepEqual(mp.ui.pop(), { api: 'switchTab', options: { url: '/pages/cart/cart' } });

  // Cart page: onShow loads the cart
  const cart = mp.createPage('pages/cart/cart');
  await within(cart.onShow(), 3000, 'cart onShow');
  const c = toHost(cart.data);
  assert.deepEqual(c.items.map((i) => [i.goodsId, i.name, i.price, i.number, i.subtotal]), [
    [101, '有机红富士苹果 5斤装', '¥39.90', 2, '¥79.80'],
    [104, '五常大米 10kg', '¥99.00', 1, '¥99.00'],
  ]);
  assert.equal(c.totalNumber, 3);
  assert.equal(c.totalPrice, '¥178.80');
  assert.deepEqual([c.loading, c.empty, c.error], [false, false, '']);
  assert.deepEqual(toHost(mp.evaluate('getCurrentPages().map(function (p) { return p.route; })')), ['pages/index/index', 'pages/cart/cart']);

  // What the backend received, in order (API工厂's hosts, subDomain demo, the token from the login)
  const seen = backend.requests.map((r) => `${r.method} ${r.host}${r.path}`);
  assert.equal(seen[0], 'POST api.it120.cc/demo/user/wxapp/login');
  // banners and goods are sent together (Promise.all): either may arrive first
  assert.deepEqual(seen.slice(1, 3).sort(), ['GET common.apifm.com/demo/banner/list', 'POST api.it120.cc/demo/shop/goods/list']);
  assert.deepEqual(seen.slice(3), [
    'GET api.it120.cc/demo/shopping-cart/info',
    'POST api.it120.cc/demo/shopping-cart/add',
    'POST api.it120.cc/demo/shopping-cart/add',
    'POST api.it120.cc/demo/shopping-cart/add',
    'GET api.it120.cc/demo/shopping-cart/info',
  ]);
  const adds = backend.requests.filter((r) => r.path.endsWith('/shopping-cart/add'));
  for (const r of adds) {
    assert.equal(r.contentType, 'application/x-www-form-urlencoded');
    assert.match(r.body, /(^|&)token=token-demo(&|$)/);
  }
  assert.deepEqual(adds.map((r) => new URLSearchParams(r.body).get('goodsId')), ['101', '101', '104']);

  // The WXML reads only data the pages set, and binds only handlers the pages have
  for (const [page, inst] of [['pages/index/index', index], ['pages/cart/cart', cart]]) {
    const { handlers, roots } = bindings(fs.readFileSync(path.join(EXAMPLE, `${page}.wxml`), 'utf8'));
    for (const h of handlers) assert.equal(typeof inst[h], 'function', `${page}: handler ${h}`);
    for (const r of roots) assert.ok(r in inst.data, `${page}: {{${r}}} is page data`);
  }
  // nothing was logged (no setData warning, no error)
  assert.deepEqual(mp.logs.filter((l) => l.level === 'warn' || l.level === 'error'), []);
});

test("the example's hook: a stale token in storage is answered 2000, the app logs in again and the call is replayed", async () => {
  buildNpm();
  const mp = fx.sim({ app: EXAMPLE });
  mp.wx.setStorageSync('token', 'token-stale');
  const app = mp.launch();
  assert.equal(await within(app.tokenReady, 3000, 'saved token'), 'token-stale');
  fx.backend.reset();
  const cart = mp.createPage('pages/cart/cart');
  await within(cart.onShow(), 3000, 'cart onShow');
  assert.deepEqual([cart.data.error, cart.data.empty], ['', true]);
  assert.equal(app.globalData.token, 'token-demo');
  assert.equal(mp.wx.getStorageSync('token'), 'token-demo');
  const seen = fx.backend.requests.map((r) => `${r.path} ${/token=([^&]*)/.exec(r.query + '&' + r.body)?.[1] || ''}`);
  assert.deepEqual(seen, ['/demo/shopping-cart/info token-stale', '/demo/user/wxapp/login ', '/demo/shopping-cart/info token-demo']);
});

test('the example with a backend error: the goods page shows it instead of hanging', async () => {
  buildNpm();
  const mp = fx.sim({ app: EXAMPLE, wasm: false }); // e.g. a base library without WXWebAssembly
  const app = mp.launch();
  await within(app.tokenReady.catch(() => {}), 3000, 'login fails');
  const index = mp.createPage('pages/index/index');
  await within(index.onLoad({}), 3000, 'onLoad');
  assert.equal(index.data.loading, false);
  assert.match(index.data.error, /^网络异常（unsupported）：.*no WXWebAssembly: WeChat base library >= 2\.13\.0 is required/);
  const cart = mp.createPage('pages/cart/cart');
  await within(cart.onShow(), 3000, 'cart');
  assert.equal(cart.data.error, '网络异常（unsupported）');
  assert.equal(fx.backend.requests.length, 0);
});

test('the example against the mock backend (globalData.mockBaseUrl, `apifm-wasm mock` of the built package)', async () => {
  buildNpm();
  const mock = spawn(process.execPath, [path.join(__dirname, '..', '..', 'pkg', 'bin', 'apifm-wasm.js'), 'mock', '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apifm-example-'));
  try {
    let out = '';
    const url = await within(new Promise((resolve) => mock.stdout.on('data', (c) => {
      out += c;
      const m = /mock backend: (\S+)/.exec(out);
      if (m) resolve(m[1]);
    })), 5000, 'the mock starts');
    // The app as a developer edits it: app.js with the mock's URL.
    fs.cpSync(EXAMPLE, dir, { recursive: true, filter: (f) => !f.includes('node_modules') });
    const appJs = path.join(dir, 'app.js');
    fs.writeFileSync(appJs, fs.readFileSync(appJs, 'utf8').replace("mockBaseUrl: '',", `mockBaseUrl: '${url}',`));
    const mp = fx.sim({ app: dir });
    const app = mp.launch();
    assert.equal(await within(app.tokenReady, 3000, 'login'), 'token-demo');
    const index = mp.createPage('pages/index/index');
    await within(index.onLoad({}), 3000, 'index onLoad');
    assert.equal(index.data.error, '');
    assert.equal(toHost(index.data.goods)[0].pic, `${url}/static/img/apple.svg`, 'pictures from the mock');
    await within(index.addToCart(mp.toContext({ type: 'tap', currentTarget: { dataset: { id: 102 } } })), 3000, 'add 102');
    const cart = mp.createPage('pages/cart/cart');
    await within(cart.onShow(), 3000, 'cart onShow');
    assert.deepEqual([toHost(cart.data).totalNumber, toHost(cart.data).totalPrice], [1, '¥88.00']);
    assert.equal(fx.backend.requests.length, 0, 'nothing reached API工厂 (the test backend)');
  } finally {
    mock.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
