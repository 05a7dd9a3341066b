// An H5 page written for apifm-webapi (requestX, an array of objects, a
// nested object, jssdkSign, goodsDetail), run in headless Chromium against
// the local backend twice: bundled with the vendor's apifm-webapi (axios,
// qs), and unchanged on apifm-wasm installed under the alias name
// (`npm install apifm-webapi@npm:apifm-wasm`, here from the packed tarball)
// with the one esbuild alias line of docs/migration.md. Both must put the
// same requests on the wire and show the same results.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const esbuild = require('esbuild');
const { chromium } = require('playwright-core');
const { startBackend } = require('../server/backend.js');

const ROOT = path.join(__dirname, '..', '..');
const FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];

// The page's code, as an apifm-webapi user writes it.
const PAGE = `import WXAPI from 'apifm-webapi'

const api = new URLSearchParams(location.search).get('api')
WXAPI.init2(api, 'demo')
WXAPI.timeout(20000)
Promise.all([
  WXAPI.requestX('/shop/goods/list', true, 'post', { page: 1, categoryId: [3, 4], filter: { nameLike: '苹果 & 梨' } }),
  WXAPI.requestX('/shop/goods/list/v2', true, 'get', { ids: [101, 102], q: 'a b+c' }),
  WXAPI.shippingCarInfoAddItem('token-demo', 101, 2, [{ optionId: 1, optionValueId: 3 }, { optionId: 2, optionValueId: 5 }]),
  WXAPI.jssdkSign(location.href.split('#')[0]),
  WXAPI.goodsDetail(101),
]).then(function (r) {
  window.result = r.map(function (x) { return [x.code, x.data && (x.data.basicInfo ? x.data.basicInfo.name : x.data.path || null)] })
}, function (e) { window.result = { error: String(e) } })
`;

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

async function bundle(app, outfile, options) {
  await esbuild.build({ entryPoints: [path.join(app, 'main.js')], outfile, bundle: true, format: 'iife', platform: 'browser', target: 'es2020', logLevel: 'error', absWorkingDir: app, ...options });
}

// One page address for both runs (jssdkSign sends it): the bundle behind it is swapped.
async function visit(browser, backend, site, bundleFile) {
  fs.copyFileSync(bundleFile, path.join(site, 'bundle.js'));
  backend.reset();
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${backend.url}/static/index.html?api=${encodeURIComponent(backend.url)}`);
  await page.waitForFunction(() => window.result, null, { timeout: 15000 });
  const result = await page.evaluate(() => window.result);
  await page.close();
  assert.deepEqual(errors, []);
  // The requests the page sent to the API, in a stable order (they run in parallel).
  const wire = backend.requests.filter((r) => !r.path.startsWith('/static/') && r.path !== '/favicon.ico')
    .map((r) => ({ method: r.method, path: r.path, query: r.query, body: r.body, contentType: r.method === 'GET' ? '' : r.contentType, token: r.headers['x-token'] || null }))
    .sort((a, b) => (a.path + a.query).localeCompare(b.path + b.query));
  return { result, wire };
}

test('an apifm-webapi H5 page runs unchanged on the npm alias with one bundler alias line: same requests, same results as the vendor SDK', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apifm-webapi-h5-'));
  const app = path.join(dir, 'app');
  const site = path.join(dir, 'site');
  fs.mkdirSync(app);
  fs.mkdirSync(site);
  const packed = JSON.parse(run('npm', ['pack', path.join(ROOT, 'pkg'), '--json', '--pack-destination', dir], ROOT))[0].filename;
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'h5-app', private: true, version: '1.0.0' }));
  run('npm', ['install', '--no-package-lock', '--offline', `apifm-webapi@file:${path.join(dir, packed)}`], app);
  fs.writeFileSync(path.join(app, 'main.js'), PAGE);
  // The vendor's own package (a dev dependency), for the reference run.
  const vendor = require.resolve('apifm-webapi');
  await bundle(app, path.join(dir, 'vendor.js'), { plugins: [{ name: 'vendor', setup(b) { b.onResolve({ filter: /^apifm-webapi$/ }, () => ({ path: vendor })); } }] });
  // The documented alias line (docs/migration.md): nothing else changes.
  await bundle(app, path.join(dir, 'ours.js'), { alias: { 'apifm-webapi': 'apifm-webapi/webapi' } });
  fs.writeFileSync(path.join(site, 'index.html'), '<!doctype html><meta charset="utf-8"><script src="bundle.js"></script>');
  assert.doesNotMatch(fs.readFileSync(path.join(dir, 'ours.js'), 'utf8'), /XMLHttpRequest/, 'no axios in the bundle');

  const backend = await startBackend({ staticDir: site, quiet: true });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: FLAGS });
  try {
    const theirs = await visit(browser, backend, site, path.join(dir, 'vendor.js'));
    const ours = await visit(browser, backend, site, path.join(dir, 'ours.js'));
    assert.equal(theirs.wire.length, 5);
    assert.deepEqual(ours.wire, theirs.wire);
    assert.deepEqual(ours.result, theirs.result);
    assert.equal(ours.result[4][1], '有机红富士苹果 5斤装');
    const cart = ours.wire.find((w) => w.path === '/demo/shopping-cart/add');
    assert.match(cart.body, /sku%5B1%5D%5BoptionValueId%5D=5/); // qs: sku[1][optionValueId]=5
    const sign = ours.wire.find((w) => w.path === '/demo/wx/jssdk/sign');
    assert.equal(new URLSearchParams(sign.body).get('url'), `${backend.url}/static/index.html?api=${encodeURIComponent(backend.url)}`);
  } finally {
    await browser.close();
    await backend.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
