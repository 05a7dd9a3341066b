// A page whose Content-Security-Policy does not allow WebAssembly
// (`script-src 'self'`, common in H5 shops): every call fails with a
// WXAPIError that says so and names 'wasm-unsafe-eval'; with
// `script-src 'self' 'wasm-unsafe-eval'` (the policy docs/platforms.md
// gives) the same page works. Served with the CSP header over HTTP on
// 127.0.0.1, in headless Chromium.
// Needs pkg/ built (node tools/build-pkg.js). Run: node --test tests/browser/csp.test.js
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const http = require('http');
const { chromium } = require('playwright-core');

const ROOT = path.join(__dirname, '..', '..');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];

// The documented policy is the one docs/platforms.md gives (its csp-policy snippet), with the
// page's own origin in connect-src where the doc lists API工厂's hosts (this page calls itself).
const documented = /^Content-Security-Policy: (.+)$/m.exec(fs.readFileSync(path.join(ROOT, 'docs', 'platforms.md'), 'utf8'))[1];
const POLICIES = {
  strict: "default-src 'self'; script-src 'self'",
  documented,
};

// The pages: the ES module build and the <script> build, each making one call.
const PAGES = {
  'module.html': `<!doctype html><script type="module" src="/module.js"></script>`,
  'script.html': `<!doctype html><script src="/pkg/apifm-wasm.min.js"></script><script src="/script.js"></script>`,
};
const SCRIPTS = {
  // (no inline script: the policy refuses those too)
  'module.js': `import WXAPI from '/pkg/web.mjs';
WXAPI.init3({ apiBaseUrl: location.origin, subDomain: 'csp' });
WXAPI.goodsDetail(7).then((r) => { window.__result = { code: r.code }; }, (e) => { window.__result = { kind: e.kind, message: e.message, name: e.name }; });`,
  'script.js': `WXAPI.init3({ apiBaseUrl: location.origin, subDomain: 'csp' });
WXAPI.goodsDetail(7).then(function (r) { window.__result = { code: r.code }; }, function (e) { window.__result = { kind: e.kind, message: e.message, name: e.name }; });`,
};

let server;
let origin;
let browser;
const sent = [];
test.before(async () => {
  assert.ok(fs.existsSync(path.join(ROOT, 'pkg', 'web.mjs')), 'pkg/ is not built: run node tools/build-pkg.js');
  server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const policy = POLICIES[url.searchParams.get('policy')] || POLICIES.strict;
    const name = url.pathname.slice(1);
    if (PAGES[name]) {
      res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Security-Policy': policy });
      res.end(PAGES[name]);
    } else if (SCRIPTS[name]) {
      res.writeHead(200, { 'Content-Type': 'text/javascript' });
      res.end(SCRIPTS[name]);
    } else if (url.pathname.startsWith('/pkg/')) {
      const file = path.join(ROOT, 'pkg', path.basename(url.pathname));
      res.writeHead(200, { 'Content-Type': 'text/javascript' });
      res.end(fs.readFileSync(file));
    } else if (url.pathname.startsWith('/csp/')) {
      sent.push(`${req.method} ${url.pathname}${url.search}`);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ code: 0, msg: 'success', data: { basicInfo: { id: 7 } } }));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
});

test.after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
});

async function visit(page, policy) {
  const context = await browser.newContext();
  try {
    const p = await context.newPage();
    const violations = [];
    p.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const before = sent.length;
    await p.goto(`${origin}/${page}?policy=${policy}`);
    const result = await p.waitForFunction(() => window.__result).then((h) => h.jsonValue());
    return { result, sent: sent.slice(before), violations };
  } finally {
    await context.close();
  }
}

for (const page of Object.keys(PAGES)) {
  test(`${page}: script-src 'self' refuses the wasm, and the call's error says so and names 'wasm-unsafe-eval'`, async () => {
    const { result, sent: requests } = await visit(page, 'strict');
    assert.equal(result.name, 'WXAPIError', JSON.stringify(result));
    assert.equal(result.kind, 'unsupported');
    assert.match(result.message, /^WXAPI\.goodsDetail: /);
    assert.match(result.message, /Content-Security-Policy does not allow WebAssembly/);
    assert.match(result.message, /add 'wasm-unsafe-eval' to its script-src/);
    assert.deepEqual(requests, [], 'nothing is sent');
  });

  test(`${page}: with 'wasm-unsafe-eval' (the documented policy) the same page works`, async () => {
    const { result, sent: requests } = await visit(page, 'documented');
    assert.deepEqual(result, { code: 0 });
    assert.deepEqual(requests, ['GET /csp/shop/goods/detail?id=7&token=']);
  });
}
