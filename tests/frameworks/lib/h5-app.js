// Runs a built H5 app (a framework's output folder with index.html) in
// headless Chromium and reports what it did. Framework-neutral.
//
//   const { runH5 } = require('../lib/h5-app.js');
//   const r = await runH5(outDir, { backend, until: (text) => text.includes('"apifm"') });
//   r.requests       // the page's requests to other hosts, in the order sent:
//                    // [{method, url, contentType, body, headers, type}] (headers: all Chromium
//                    // sent; type: Chromium's resource type, 'xhr' or 'fetch')
//   r.consoleErrors  // console.error messages and failed loads of the page
//   r.pageErrors     // uncaught errors and unhandled rejections
//   r.text           // document.body.innerText once settled
//
// The folder is served on 127.0.0.1 (a port of its own; .wasm as
// application/wasm). Every http(s) request of the page to a non-loopback
// host (api.it120.cc, common.apifm.com, cms.apifm.com, or anything else) is
// routed to the local test backend's /__host/<host><path>?<query>
// (tests/server/backend.js), which answers and records it; nothing leaves
// the machine. A host `<kind>.faults.test` is answered by the backend's fault
// route /__fault/<kind> (html, http500, http502, …); `hang.faults.test` is
// never answered (and not counted as in flight: the page's own timeout or
// abort ends it). Settled: no API request in flight for options.quietMs (300),
// and options.until(text) (if given) holds — or options.timeout (20000)
// passed (then `settled` is false).
//
// Options: backend (required), path ('/' by default: index.html), until,
// quietMs, timeout, screenshot (a .png path to save once settled).
// CHROMIUM overrides /usr/bin/chromium.
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.svg': 'image/svg+xml', '.ico': 'image/x-icon', '.ttf': 'font/ttf', '.woff': 'font/woff', '.woff2': 'font/woff2',
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A static server for dir on 127.0.0.1 (port 0). */
function serve(dir) {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://127.0.0.1');
    let file = path.join(root, decodeURIComponent(u.pathname));
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403);
      return res.end();
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) {
      res.writeHead(404);
      return res.end('not found');
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store' });
    return res.end(fs.readFileSync(file));
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${server.address().port}` }));
  });
}

let browserPromise = null; // one Chromium per process, closed at exit by closeBrowser()

function browser() {
  if (!browserPromise) browserPromise = chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  return browserPromise;
}

/** Closes the shared Chromium (call it in test.after). */
async function closeBrowser() {
  if (!browserPromise) return;
  const b = await browserPromise;
  browserPromise = null;
  await b.close();
}

async function runH5(outDir, options = {}) {
  const { backend } = options;
  if (!backend) throw new TypeError('runH5: options.backend is required (tests/server/backend.js)');
  if (!fs.existsSync(path.join(outDir, 'index.html'))) throw new Error(`${outDir}: no index.html`);
  const { server, origin } = await serve(outDir);
  const requests = [];
  const consoleErrors = [];
  const pageErrors = [];
  let inFlight = 0;
  let lastActivity = Date.now();
  const b = await browser();
  const context = await b.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, serviceWorkers: 'block' });
  try {
    // Any host but the app's own goes to the backend, which records it.
    const loopback = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;
    await context.route((url) => /^https?:$/.test(url.protocol) && !loopback.test(url.hostname), async (route) => {
      const req = route.request();
      const u = new URL(req.url());
      const headers = req.headers();
      requests.push({ method: req.method(), url: req.url(), contentType: headers['content-type'] || '', body: req.postData() || '', headers, type: req.resourceType() });
      const fault = /^([a-z0-9]+)\.faults\.test$/.exec(u.hostname);
      if (fault && fault[1] === 'hang') return; // left unanswered
      inFlight++;
      lastActivity = Date.now();
      try {
        const to = fault ? `${backend.url}/__fault/${fault[1]}` : `${backend.url}/__host/${u.host}${u.pathname}${u.search}`;
        const response = await route.fetch({ url: to, maxRedirects: 0 });
        await route.fulfill({ response });
      } catch (e) {
        consoleErrors.push(`route ${u.href}: ${e.message}`);
        await route.abort().catch(() => {});
      } finally {
        inFlight--;
        lastActivity = Date.now();
      }
    });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(e.stack || e.message));
    page.on('requestfailed', (r) => consoleErrors.push(`request failed: ${r.url()} ${r.failure() ? r.failure().errorText : ''}`));
    page.on('response', (r) => {
      if (r.status() >= 400) consoleErrors.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    await page.goto(origin + (options.path || '/'), { waitUntil: 'load' });
    const deadline = Date.now() + (options.timeout || 20000);
    const quietMs = options.quietMs === undefined ? 300 : options.quietMs;
    let settled = false;
    let text = '';
    while (Date.now() < deadline) {
      await sleep(50);
      if (inFlight || Date.now() - lastActivity < quietMs) continue;
      text = await page.evaluate(() => document.body.innerText);
      if (options.until && !options.until(text)) continue;
      settled = true;
      break;
    }
    text = await page.evaluate(() => document.body.innerText);
    if (options.screenshot) {
      fs.mkdirSync(path.dirname(options.screenshot), { recursive: true });
      await page.screenshot({ path: options.screenshot, fullPage: true });
    }
    return { settled, requests, consoleErrors, pageErrors, text };
  } finally {
    await context.close();
    await new Promise((r) => server.close(() => r()));
  }
}

module.exports = { runH5, closeBrowser };
