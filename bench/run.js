#!/usr/bin/env node
// Benchmarks apifm-wasm against the reference apifm-wxapi@26.9.21 in the same
// run and prints one table (and writes out/bench.json):
//   - shipped bytes per target, raw / gzip / brotli;
//   - cold start, load → first request handed to the transport: Node (fresh
//     process per sample) and headless Chromium (fresh page per sample); and
//     the first call an app makes after 50 ms of its own start-up (init at
//     start) → its request;
//   - per-call overhead: calls/s with a transport that answers at once;
//   - memory: wasm linear memory and JS heap after 100,000 calls.
// Timing numbers are printed, never asserted. Usage: make bench
//   BENCH_SAMPLES (default 21), BENCH_CALLS (default 100000), BENCH_ROUNDS
//   (default 5: fresh processes per package for the mini-program transport).
// Measured as shipped apps run: NODE_ENV=production (this process and the
// fresh ones inherit it), so that the Node build stands in for a released
// mini-program. In development builds a call also takes its caller's site for
// readable errors (docs/errors.md, "Where an error points"): run
// `NODE_ENV=development make bench` to see that cost.
'use strict';
if (!process.env.NODE_ENV) process.env.NODE_ENV = 'production';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const ROOT = path.join(__dirname, '..');
const PKG = path.join(ROOT, 'pkg');
const SAMPLES = Number(process.env.BENCH_SAMPLES || 21);
const CALLS = Number(process.env.BENCH_CALLS || 100000);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 5);
const OUT = path.join(ROOT, 'out');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const spread = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return [s[Math.floor(s.length * 0.1)], s[Math.ceil(s.length * 0.9) - 1]];
};

// --- shipped bytes, H5 app bytes: bench/sizes.js (also what the docs state: tools/doc-sizes.js) ---
const { shipped, h5Bytes, REF_FILE } = require('./sizes.js');

// --- cold start in Node -----------------------------------------------------
// 'first': t0 before the package is required, t1 when the first request
// reaches the transport. 'after': the app inits at start-up, its start-up goes
// on for 50 ms (a timer), then its first call: t0 at that call, t1 at its
// request (what the load started by the config saves: docs/performance.md).
function nodeColdStart(which, mode = 'first') {
  const hit = 'const t1 = performance.now(); process.stdout.write(String(t1 - t0));';
  const later = (call) => (mode === 'after' ? `setTimeout(() => { t0 = performance.now(); ${call}; }, 50);` : `${call};`);
  const script = which === 'ours'
    ? `let t0 = performance.now(); const W = require(${JSON.stringify(PKG)}); W.init3({ subDomain: 'demo', request: () => { ${hit} return Promise.resolve({ code: 0 }); } }); ${later('W.goodsDetail(1)')}`
    : `let t0 = performance.now(); global.wx = { request: () => { ${hit} } }; const W = require(${JSON.stringify(REF_FILE)}); W.init('demo'); ${later('W.goodsDetail(1)')}`;
  const xs = [];
  for (let i = 0; i < SAMPLES; i++) {
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    xs.push(Number(r.stdout));
  }
  return xs;
}

// --- headless Chromium over the test backend, serving a folder of pages -------
// `write(site)` puts the pages in a fresh folder (served under /static/, the
// package under /pkg/); `body(browser, url)` measures. null without playwright-core.
async function inChromium(write, body) {
  let chromium;
  try {
    ({ chromium } = require('playwright-core'));
  } catch (_) {
    return null;
  }
  const { startBackend } = require('../tests/server/backend.js');
  const site = fs.mkdtempSync(path.join(os.tmpdir(), 'apifm-bench-'));
  let backend = null;
  let browser = null;
  try {
    write(site);
    backend = await startBackend({ staticDir: site, quiet: true });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'] });
    return await body(browser, backend.url);
  } finally {
    if (browser) await browser.close();
    if (backend) await backend.close();
    fs.rmSync(site, { recursive: true, force: true });
  }
}

// --- cold start in Chromium -------------------------------------------------
function browserColdStart() {
  return inChromium(writeColdStartPages, async (browser, url) => {
    const out = { ours: [], ref: [], oursAfter: [], refAfter: [] };
    for (let i = 0; i < SAMPLES; i++) {
      for (const which of Object.keys(out)) {
        const context = await browser.newContext(); // fresh page, empty cache
        const page = await context.newPage();
        await page.goto(`${url}/static/${which}.html`);
        // __t may be 0: the page's clock is coarse and the reference's first call takes ≈0.1 ms.
        await page.waitForFunction(() => window.__t !== undefined);
        out[which].push(await page.evaluate(() => window.__t));
        await context.close();
      }
    }
    return out;
  });
}

function writeColdStartPages(site) {
  // The reference is CommonJS for mini-programs: bundle it as an ES module for the page.
  require('esbuild').buildSync({ entryPoints: [REF_FILE], bundle: true, format: 'esm', outfile: path.join(site, 'ref.mjs'), logLevel: 'error' });
  // t0 before the import; or, for the *After pages, at the first call made
  // after 50 ms of the app's own start-up (init made at once).
  const page = (load, init, call, after) => `<!doctype html><script type="module">
    let t0 = performance.now();
    ${load}
    ${init}
    ${after ? `setTimeout(() => { t0 = performance.now(); ${call}; }, 50);` : `${call};`}
  </script>`;
  const ours = ["const { default: W } = await import('/pkg/web.mjs');", "W.init3({ subDomain: 'demo', request: () => { window.__t = performance.now() - t0; return Promise.resolve({ code: 0 }); } });", 'W.goodsDetail(1)'];
  const ref = ["window.wx = { request: () => { window.__t = performance.now() - t0; } }; const { default: W } = await import('/static/ref.mjs');", "W.init('demo');", 'W.goodsDetail(1)'];
  fs.writeFileSync(path.join(site, 'ours.html'), page(...ours, false));
  fs.writeFileSync(path.join(site, 'ref.html'), page(...ref, false));
  fs.writeFileSync(path.join(site, 'oursAfter.html'), page(...ours, true));
  fs.writeFileSync(path.join(site, 'refAfter.html'), page(...ref, true));
}

// --- per call in Chromium: ours through init3({request}) vs apifm-webapi -----
// apifm-webapi has no init3({request}): its axios instance gets an adapter
// that answers at once (set on axios' defaults before apifm-webapi creates
// its instance), so both sides pay only their own work per call.
async function browserPerCall() {
  const rounds = await inChromium(writePerCallPages, async (browser, url) => {
    const out = { ours: [], ref: [] };
    for (let i = 0; i < 3; i++) {
      for (const [which, file] of [['ours', 'ours-calls'], ['ref', 'webapi-calls']]) {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(`${url}/static/${file}.html`);
        await page.waitForFunction(() => window.__ready);
        out[which].push(await page.evaluate(() => window.__run()));
        await context.close();
      }
    }
    return out;
  });
  if (!rounds) return null;
  // Each method's median over the fresh pages.
  const med = (xs) => Object.fromEntries(CASES.map(([, name]) => [name, median(xs.map((r) => r[name]))]));
  return { ours: med(rounds.ours), ref: med(rounds.ref) };
}

function writePerCallPages(site) {
  const entry = path.join(site, 'webapi-entry.js');
  fs.writeFileSync(entry, `const axios = require('axios');
    axios.defaults.adapter = (config) => Promise.resolve({ data: { code: 0 }, status: 200, statusText: 'OK', headers: {}, config, request: {} });
    window.W = require('apifm-webapi');`);
  require('esbuild').buildSync({ entryPoints: [entry], bundle: true, format: 'iife', platform: 'browser', outfile: path.join(site, 'webapi.js'), nodePaths: [path.join(ROOT, 'node_modules')], logLevel: 'error' });
  const measure = `
    window.__run = async () => {
      const args = ${ARGS_JS};
      const names = ${JSON.stringify(CASES.map(([, name]) => name))};
      const out = {};
      const run = async (c, n) => { for (let i = 0; i < n; i += 100) { const ps = []; for (let j = 0; j < 100; j++) ps.push(W[names[c]](...JSON.parse(JSON.stringify(args[c])))); await Promise.all(ps); } };
      for (let c = 0; c < names.length; c++) await run(c, 5000); // every case warm before any is timed
      for (let c = 0; c < names.length; c++) {
        const t = performance.now();
        await run(c, 20000);
        out[names[c]] = 20000 / ((performance.now() - t) / 1000);
      }
      return out;
    };`;
  fs.writeFileSync(path.join(site, 'ours-calls.html'), `<!doctype html><script type="module">
    const { default: W } = await import('/pkg/web.mjs');
    const answer = Promise.resolve({ code: 0 });
    W.init3({ subDomain: 'demo', request: () => answer });
    window.W = W;${measure}
    window.__ready = true;
  </script>`);
  fs.writeFileSync(path.join(site, 'webapi-calls.html'), `<!doctype html><script src="/static/webapi.js"></script><script>
    W.init('demo');${measure}
    window.__ready = true;
  </script>`);
}

// --- per-call overhead and memory ---------------------------------------------
const CASES = [
  ['positional GET', 'goodsDetail', () => [123, 'token']],
  ['object POST', 'shippingCarInfoAddItemV2', () => [{ token: 't', goodsId: 1, number: 2 }]],
  ['common host', 'queryConfigValue', () => ['mallName']],
  ['CMS host', 'cmsArticleDetailV3', () => [{ id: 3 }]],
  ['array argument', 'pingtuanSets', () => [[1, 2, 3]]],
];
// Each case's arguments as JS source, for the scripts that run in a fresh process or a page.
const ARGS_JS = JSON.stringify(CASES.map(([, , make]) => make()));

function perCall(which) {
  // Runs in a fresh process so that neither package warms the other's JIT.
  const script = `
    const which = ${JSON.stringify(which)};
    const answer = Promise.resolve({ code: 0 });
    let W;
    if (which === 'ours') {
      W = require(${JSON.stringify(PKG)});
      W.init3({ subDomain: 'demo', request: () => answer });
    } else {
      W = require(${JSON.stringify(REF_FILE)});
      W.init3({ subDomain: 'demo', request: () => answer });
    }
    const cases = ${JSON.stringify(CASES.map(([label, name]) => [label, name]))};
    const args = ${ARGS_JS};
    (async () => {
      const result = {};
      const run = async (c, n) => { for (let i = 0; i < n; i += 100) { const ps = []; for (let j = 0; j < 100; j++) ps.push(W[cases[c][1]](...JSON.parse(JSON.stringify(args[c])))); await Promise.all(ps); } };
      for (let c = 0; c < cases.length; c++) await run(c, 5000); // every case warm before any is timed
      for (let c = 0; c < cases.length; c++) {
        const [label] = cases[c];
        const t = process.hrtime.bigint();
        await run(c, ${Math.max(10000, Math.floor(CALLS / 5))});
        result[label] = ${Math.max(10000, Math.floor(CALLS / 5))} / (Number(process.hrtime.bigint() - t) / 1e9);
      }
      // Memory after ${CALLS} more calls.
      const stats = W[Symbol.for('apifm-wasm.stats')];
      global.gc && global.gc();
      const before = { heap: process.memoryUsage().heapUsed, wasm: stats ? stats().wasmMemoryBytes : null };
      for (let i = 0; i < ${CALLS}; i += 1000) { const ps = []; for (let j = 0; j < 1000; j++) ps.push(W.goodsDetail(i + j, 'token')); await Promise.all(ps); }
      global.gc && global.gc();
      const after = { heap: process.memoryUsage().heapUsed, wasm: stats ? stats().wasmMemoryBytes : null };
      process.stdout.write(JSON.stringify({ rates: result, memory: { before, after } }));
    })();
  `;
  const r = spawnSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

// --- mini-program transport: a fake wx in a fresh process per package -------
// Both packages run against the same fake `wx`: `request` either answers at
// once (in a microtask) or keeps the task for the script to answer later.
function miniProgramFlow(which) {
  const pkg = which === 'ours' ? PKG : REF_FILE;
  const script = `
    const tasks = [];
    let answerNow = true;
    global.wx = {
      request(o) {
        if (answerNow) { Promise.resolve().then(() => o.success({ statusCode: 200, data: { code: 0 } })); return { abort() {} }; }
        tasks.push(o); return { abort() {} };
      },
      getStorageSync: () => '',
    };
    const W = require(${JSON.stringify(pkg)});
    if (${JSON.stringify(which)} === 'ours') W.init3({ subDomain: 'demo', transport: 'wx' }); else W.init('demo');
    const heap = () => { global.gc(); global.gc(); return process.memoryUsage().heapUsed; };
    const cases = ${JSON.stringify(CASES.map(([label, name]) => [label, name]))};
    const args = ${ARGS_JS};
    (async () => {
      const out = { rates: {} };
      // per call, batches of 8 (a page's first screen), answered at once
      const run = async (c, n) => { for (let i = 0; i < n; i += 8) { const ps = []; for (let j = 0; j < 8; j++) ps.push(W[cases[c][1]](...args[c])); await Promise.all(ps); } };
      for (let c = 0; c < cases.length; c++) await run(c, 8000); // every case warm before any is timed
      for (let c = 0; c < cases.length; c++) {
        const [label] = cases[c];
        const t = process.hrtime.bigint();
        await run(c, 40000);
        out.rates[label] = 40000 / (Number(process.hrtime.bigint() - t) / 1e9);
      }
      // 100,000 calls made at once, answered as wx gets them: heap per pending call,
      // time to settle them all, and the heap after settling while the promises are held
      answerNow = false;
      const N = 100000;
      const base = heap();
      const held = [];
      for (let i = 0; i < N; i++) held.push(W.goodsDetail(i + 1, 'token'));
      await new Promise((r) => setImmediate(r));
      out.pendingBytes = (heap() - base) / N;
      const t = process.hrtime.bigint();
      let settled = 0;
      for (const p of held) p.then(() => settled++, () => settled++);
      // wx answers every request it holds, then the next ones as soon as they
      // arrive (microtasks; a macrotask only when nothing new came): the cost
      // measured is the SDKs', not the event loop's.
      while (settled < N) {
        const batch = tasks.splice(0);
        for (const o of batch) o.success({ statusCode: 200, data: { code: 0 } });
        for (let k = 0; k < 8 && !tasks.length && settled < N; k++) await null;
        if (!tasks.length && settled < N) await new Promise((r) => setImmediate(r));
      }
      out.settleMs = Number(process.hrtime.bigint() - t) / 1e6;
      out.heldBytes = (heap() - base) / N;
      process.stdout.write(JSON.stringify(out));
    })();
  `;
  const r = spawnSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

// --- report -------------------------------------------------------------------
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const ratio = (a, b) => (b ? `${(a / b).toFixed(2)}×` : '—');

(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  const result = { date: new Date().toISOString(), node: process.version, samples: SAMPLES, calls: CALLS };
  const lines = [];
  const say = (s) => {
    lines.push(s);
    process.stdout.write(`${s}\n`);
  };

  result.shipped = shipped();
  say('## Shipped bytes (ours vs apifm-wxapi miniprogram_dist/index.js)\n');
  say('| target | ours raw | ours gzip | ours brotli | ref raw | ref gzip | ref brotli | raw ratio | gzip ratio |');
  say('|---|---|---|---|---|---|---|---|---|');
  for (const r of result.shipped) {
    say(`| ${r.name} | ${kb(r.ours.raw)} | ${kb(r.ours.gzip)} | ${kb(r.ours.brotli)} | ${r.ref ? kb(r.ref.raw) : ''} | ${r.ref ? kb(r.ref.gzip) : ''} | ${r.ref ? kb(r.ref.brotli) : ''} | ${r.ref ? ratio(r.ours.raw, r.ref.raw) : ''} | ${r.ref ? ratio(r.ours.gzip, r.ref.gzip) : ''} |`);
  }

  result.h5 = h5Bytes();
  say('\n## H5 app bytes: bundled for the browser (esbuild, minified, tree-shaken)\n');
  say('| app | raw | gzip | brotli | gzip vs apifm-webapi + axios + qs |');
  say('|---|---|---|---|---|');
  const webapi = result.h5['apifm-webapi + axios + qs (init + goodsDetail)'];
  for (const [name, z] of Object.entries(result.h5)) say(`| ${name} | ${kb(z.raw)} | ${kb(z.gzip)} | ${kb(z.brotli)} | ${ratio(z.gzip, webapi.gzip)} |`);

  const node = { ours: nodeColdStart('ours'), ref: nodeColdStart('ref'), oursAfter: nodeColdStart('ours', 'after'), refAfter: nodeColdStart('ref', 'after') };
  const browser = await browserColdStart();
  result.coldStart = { node, browser };
  say(`\n## Cold start: load → first request handed to the transport (${SAMPLES} samples, median [p10–p90], ms)\n`);
  say('| runtime | ours | reference | ratio |');
  say('|---|---|---|---|');
  const fmt = (xs) => `${median(xs).toFixed(2)} [${spread(xs).map((x) => x.toFixed(2)).join('–')}]`;
  const row = (name, a, b) => say(`| ${name} | ${fmt(a)} | ${fmt(b)} | ${ratio(median(a), median(b))} |`);
  row(`Node ${process.version} (fresh process)`, node.ours, node.ref);
  if (browser) row('headless Chromium (fresh page)', browser.ours, browser.ref);
  row(`Node: the first call after 50 ms of app start-up (init at start) → its request`, node.oursAfter, node.refAfter);
  if (browser) row('Chromium: the first call after 50 ms of app start-up (init at start) → its request', browser.oursAfter, browser.refAfter);

  const inBrowser = await browserPerCall();
  if (inBrowser) {
    result.browserPerCall = inBrowser;
    say('\n## Per call in headless Chromium: ours through `init3({request})`, apifm-webapi through axios with an adapter answering at once\n');
    say('| case | method | ours (calls/s) | apifm-webapi (calls/s) | time per call, ours / apifm-webapi |');
    say('|---|---|---|---|---|');
    for (const [label, name] of CASES) {
      say(`| ${label} | \`${name}\` | ${Math.round(inBrowser.ours[name]).toLocaleString('en')} | ${Math.round(inBrowser.ref[name]).toLocaleString('en')} | ${ratio(inBrowser.ref[name], inBrowser.ours[name])} |`);
    }
  }

  const ours = perCall('ours');
  const ref = perCall('ref');
  result.perCall = { ours, ref };
  say('\n## Per-call overhead: calls per second, transport answers at once (higher is better)\n');
  say('| case | method | ours | reference | ours / reference |');
  say('|---|---|---|---|---|');
  for (const [label, name] of CASES) {
    say(`| ${label} | \`${name}\` | ${Math.round(ours.rates[label]).toLocaleString('en')} | ${Math.round(ref.rates[label]).toLocaleString('en')} | ${ratio(ours.rates[label], ref.rates[label])} |`);
  }
  say(`\n## Memory around ${CALLS.toLocaleString('en')} calls (after GC)\n`);
  say('| | wasm linear memory before → after | JS heap before → after |');
  say('|---|---|---|');
  const mem = (m) => `${m.before.wasm === null ? '—' : kb(m.before.wasm)} → ${m.after.wasm === null ? '—' : kb(m.after.wasm)} | ${kb(m.before.heap)} → ${kb(m.after.heap)}`;
  say(`| ours | ${mem(ours.memory)} |`);
  say(`| reference | ${mem(ref.memory)} |`);

  // Each package in ROUNDS fresh processes, interleaved; each figure is the median
  // (one run of 100,000 queued calls swings by ±40 % on a shared machine).
  const runs = { ours: [], ref: [] };
  for (let i = 0; i < ROUNDS; i++) for (const which of ['ours', 'ref']) runs[which].push(miniProgramFlow(which));
  const medianRun = (xs) => ({
    rates: Object.fromEntries(CASES.map(([label]) => [label, median(xs.map((x) => x.rates[label]))])),
    pendingBytes: median(xs.map((x) => x.pendingBytes)),
    settleMs: median(xs.map((x) => x.settleMs)),
    heldBytes: median(xs.map((x) => x.heldBytes)),
  });
  const mp = { ours: medianRun(runs.ours), ref: medianRun(runs.ref), runs };
  result.miniProgram = mp;
  say(`\n## Mini-program transport (a fake \`wx\` answering at once; both packages, median of ${ROUNDS} interleaved fresh processes)\n`);
  say('| case | method | ours (calls/s, batches of 8) | reference | reference / ours |');
  say('|---|---|---|---|---|');
  for (const [label, name] of CASES) {
    say(`| ${label} | \`${name}\` | ${Math.round(mp.ours.rates[label]).toLocaleString('en')} | ${Math.round(mp.ref.rates[label]).toLocaleString('en')} | ${ratio(mp.ref.rates[label], mp.ours.rates[label])} |`);
  }
  say('\n| 100,000 calls made at once | ours | reference | ours / reference |');
  say('|---|---|---|---|');
  say(`| heap per pending call | ${Math.round(mp.ours.pendingBytes)} B | ${Math.round(mp.ref.pendingBytes)} B | ${ratio(mp.ours.pendingBytes, mp.ref.pendingBytes)} |`);
  say(`| settle all (answered as wx gets them; ours: 10 in flight) | ${mp.ours.settleMs.toFixed(0)} ms | ${mp.ref.settleMs.toFixed(0)} ms | ${ratio(mp.ours.settleMs, mp.ref.settleMs)} |`);
  const small = (b) => (Math.abs(b) < 16 ? '≈0 B' : `${Math.round(b)} B`);
  say(`| heap per settled call, promises still held | ${small(mp.ours.heldBytes)} | ${small(mp.ref.heldBytes)} | ${Math.abs(mp.ours.heldBytes) < 16 && Math.abs(mp.ref.heldBytes) < 16 ? 'both ≈0' : ratio(mp.ours.heldBytes, mp.ref.heldBytes)} |`);

  fs.writeFileSync(path.join(OUT, 'bench.json'), JSON.stringify(result, null, 2));
  fs.writeFileSync(path.join(OUT, 'bench.md'), `${lines.join('\n')}\n`);
  process.stdout.write(`\nwrote out/bench.json and out/bench.md\n`);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
