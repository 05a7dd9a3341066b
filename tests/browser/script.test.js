// The <script src> build (pkg/apifm-wasm.min.js, the package's unpkg/jsdelivr
// file): a plain HTML page with no bundler and no module script gets a global
// WXAPI that works against the local backend, and the file needs nothing
// beside it (the wasm is inside).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');
const { startBackend } = require('../server/backend.js');

const ROOT = path.join(__dirname, '..', '..');
const FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];

test('<script src="apifm-wasm.min.js">: a global WXAPI, calls reach the backend, nothing else is fetched', async () => {
  const pj = JSON.parse(fs.readFileSync(path.join(ROOT, 'pkg', 'package.json'), 'utf8'));
  assert.equal(pj.unpkg, 'apifm-wasm.min.js');
  assert.equal(pj.jsdelivr, 'apifm-wasm.min.js');
  // The page and the script alone in a folder: the file needs nothing beside it.
  const site = fs.mkdtempSync(path.join(os.tmpdir(), 'apifm-script-'));
  fs.copyFileSync(path.join(ROOT, 'pkg', 'apifm-wasm.min.js'), path.join(site, 'apifm-wasm.min.js'));
  fs.writeFileSync(path.join(site, 'index.html'), `<!doctype html><meta charset="utf-8">
<script src="apifm-wasm.min.js"></script>
<script>
  var api = new URLSearchParams(location.search).get('api');
  WXAPI.init3({ apiBaseUrl: api, commonBaseUrl: api + '/common', subDomain: 'demo' });
  Promise.all([WXAPI.goodsDetail(101), WXAPI.banners({ type: 'index' }), WXAPI.goodsDetail({ id: 1 }).catch(function (e) { return e.kind; })])
    .then(function (r) { window.result = { name: r[0].data.basicInfo.name, banners: r[1].data.length, bad: r[2], err: typeof WXAPI.WXAPIError }; },
          function (e) { window.result = { error: String(e) }; });
</script>`);
  const backend = await startBackend({ staticDir: site, quiet: true });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: FLAGS });
  try {
    const page = await browser.newPage();
    const errors = [];
    const fetched = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    await page.goto(`${backend.url}/static/index.html?api=${encodeURIComponent(backend.url)}`);
    await page.waitForFunction(() => window.result, null, { timeout: 10000 });
    const result = await page.evaluate(() => window.result);
    assert.deepEqual(result, { name: '有机红富士苹果 5斤装', banners: 2, bad: 'argument', err: 'function' });
    assert.deepEqual(errors, []);
    assert.deepEqual(fetched.filter((p) => p.startsWith('/static/')), ['/static/index.html', '/static/apifm-wasm.min.js']);
    assert.deepEqual(backend.requests.map((r) => r.path).filter((p) => p !== '/favicon.ico').sort(), ['/common/demo/banner/list', '/demo/shop/goods/detail']);
  } finally {
    await browser.close();
    await backend.close();
  }
});
