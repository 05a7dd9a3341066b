// The browser loader's routes to the wasm (js-shim/loaders/browser.js), each
// in a fresh headless-Chromium page with the platform features it must do
// without taken away before the package loads: base64 decoded by
// Uint8Array.fromBase64, by atob, or by hand; the wasm inflated by
// DecompressionStream, or by js-shim/inflate.js; compiled with or without
// WebAssembly.instantiateStreaming. Every route must load the same core and
// send the same request to the local backend.
// Needs pkg/ built (node tools/build-pkg.js). Run: node --test tests/browser/
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');
const { startBackend } = require('../server/backend.js');

const ROOT = path.join(__dirname, '..', '..');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];

// What each route removes, and the calls the page must see made (or not).
const ROUTES = {
  'every native feature': [],
  'no Uint8Array.fromBase64 (atob)': ['Uint8Array.fromBase64'],
  'no fromBase64, no atob (by hand)': ['Uint8Array.fromBase64', 'atob'],
  'no DecompressionStream (inflate.js)': ['DecompressionStream'],
  'no instantiateStreaming': ['WebAssembly.instantiateStreaming'],
  'nothing native at all': ['Uint8Array.fromBase64', 'atob', 'DecompressionStream', 'WebAssembly.instantiateStreaming'],
};

// Counts the uses of each feature the page keeps, and deletes the others.
function prepare(removed) {
  window.__used = {};
  const spy = (owner, key, label) => {
    const f = owner[key];
    if (typeof f !== 'function') return;
    owner[key] = function (...args) {
      window.__used[label] = (window.__used[label] || 0) + 1;
      return new.target ? Reflect.construct(f, args) : f.apply(this, args);
    };
  };
  spy(Uint8Array, 'fromBase64', 'Uint8Array.fromBase64');
  spy(window, 'atob', 'atob');
  spy(window, 'DecompressionStream', 'DecompressionStream');
  spy(WebAssembly, 'instantiateStreaming', 'WebAssembly.instantiateStreaming');
  for (const name of removed) {
    const [a, b] = name.split('.');
    if (b) delete window[a][b];
    else delete window[a];
  }
}

// An unbundled page (a CDN, a dev server) must find the whole SDK, wasm
// included, in the one module it imports: a second module would be found
// only after the first is parsed, one round trip later.
test('the browser builds import no other module: the wasm is inside them', () => {
  const carried = /export default "([A-Za-z0-9+/=]+)"/.exec(fs.readFileSync(path.join(ROOT, 'pkg', 'apifm_wasm_bg.mjs'), 'utf8'))[1];
  for (const file of ['web.mjs', 'webapi-web.mjs', 'uniapp.mjs']) {
    const code = fs.readFileSync(path.join(ROOT, 'pkg', file), 'utf8');
    assert.deepEqual(code.match(/^\s*(import|export)\b[^;]*\bfrom\s*["'][^"']+["']/gm) || [], [], `${file} imports another module`);
    assert.ok(code.includes(carried), `${file} does not carry the wasm`);
  }
});

let backend;
let browser;
let site;
test.before(async () => {
  assert.ok(fs.existsSync(path.join(ROOT, 'pkg', 'web.mjs')), 'pkg/ is not built: run node tools/build-pkg.js');
  site = fs.mkdtempSync(path.join(os.tmpdir(), 'apifm-loader-test-'));
  fs.writeFileSync(path.join(site, 'loader.html'), `<!doctype html><script type="module">
    import WXAPI from '/pkg/web.mjs';
    WXAPI.init3({ apiBaseUrl: location.origin, subDomain: 'loader' });
    WXAPI.goodsDetail(7).then((r) => { window.__result = r; }, (e) => { window.__result = { error: e.kind + ': ' + e.message }; });
  </script>`);
  // init3({ wasmPath }) as a uni-app or Taro app sets it for its mini-program build (a .wasm.br in the
  // code package), and as a page sets it to fetch the plain .wasm itself.
  for (const [name, wasmPath] of [['br', '/pkg/miniprogram_dist/apifm_wasm_bg.wasm.br'], ['plain', '/pkg/apifm_wasm_bg.wasm']]) {
    fs.writeFileSync(path.join(site, `wasmpath-${name}.html`), `<!doctype html><script type="module">
      import WXAPI from '/pkg/web.mjs';
      WXAPI.init3({ apiBaseUrl: location.origin, subDomain: 'loader', wasmPath: '${wasmPath}' });
      WXAPI.goodsDetail(7).then((r) => { window.__result = r; }, (e) => { window.__result = { error: e.kind + ': ' + e.message }; });
    </script>`);
  }
  backend = await startBackend({ port: 0, staticDir: site, quiet: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
});

test.after(async () => {
  if (browser) await browser.close();
  if (backend) await backend.close();
  if (site) fs.rmSync(site, { recursive: true, force: true });
});

for (const [route, removed] of Object.entries(ROUTES)) {
  test(`browser loader: ${route}`, async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.addInitScript(prepare, removed);
      const before = backend.requests.length;
      await page.goto(`${backend.url}/static/loader.html`);
      const result = await page.waitForFunction(() => window.__result).then((h) => h.jsonValue());
      assert.deepEqual(errors, []);
      assert.equal(result.error, undefined, result.error);
      assert.equal(typeof result.code, 'number', JSON.stringify(result)); // the mock's answer (700: no such goods)
      const sent = backend.requests.slice(before).filter((r) => r.path.startsWith('/loader/'));
      assert.deepEqual(sent.map((r) => `${r.method} ${r.path}?${r.query}`), ['GET /loader/shop/goods/detail?id=7&token=']);
      // The route taken is the one the page left open: the first native
      // decoder present, native inflating only where DecompressionStream is.
      const used = await page.evaluate(() => window.__used);
      const has = (f) => !removed.includes(f);
      const decoder = has('Uint8Array.fromBase64') ? 'Uint8Array.fromBase64' : has('atob') ? 'atob' : null;
      for (const f of ['Uint8Array.fromBase64', 'atob']) assert.equal(Boolean(used[f]), f === decoder, `${f} used: ${used[f] || 0}`);
      assert.equal(Boolean(used.DecompressionStream), has('DecompressionStream'));
      assert.equal(Boolean(used['WebAssembly.instantiateStreaming']), has('DecompressionStream') && has('WebAssembly.instantiateStreaming'));
    } finally {
      await context.close();
    }
  });
}

// A .wasm.br is a mini-program's file (WXWebAssembly reads brotli by code-package path): a browser
// would get its bytes still compressed, so it keeps to the wasm it carries; a plain .wasm URL is fetched.
for (const [name, fetched] of [['br', null], ['plain', '/pkg/apifm_wasm_bg.wasm']]) {
  test(`browser loader: init3({ wasmPath }) of a ${name === 'br' ? '.wasm.br (not fetched: the wasm in web.mjs is used)' : 'plain .wasm (fetched)'}`, async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const loads = [];
      page.on('request', (r) => { if (/\.wasm(\.br)?$/.test(new URL(r.url()).pathname)) loads.push(new URL(r.url()).pathname); });
      await page.goto(`${backend.url}/static/wasmpath-${name}.html`);
      const result = await page.waitForFunction(() => window.__result).then((h) => h.jsonValue());
      assert.equal(result.error, undefined, result.error);
      assert.equal(typeof result.code, 'number', JSON.stringify(result));
      assert.deepEqual(loads, fetched ? [fetched] : []);
    } finally {
      await context.close();
    }
  });
}
