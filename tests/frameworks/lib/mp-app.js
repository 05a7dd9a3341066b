// Runs a built mini-program (a framework's output folder: app.js, app.json,
// pages/…, common/vendor.js…) in the strict simulated runtime
// (tests/miniprogram/sim.js: no WebAssembly, TextEncoder, TextDecoder,
// fetch, URL, window or document; WXWebAssembly by code-package path only)
// and reports what it did. Framework-neutral: it plays WeChat, not uni-app
// or Taro — the app registers itself with App(), its first page with Page()
// or Component(), as the real client expects.
//
//   const { runMiniProgram } = require('../lib/mp-app.js');
//   const r = await runMiniProgram(outDir, { backend });   // backend: tests/server/backend.js
//   r.requests   // every wx.request call's options as the app passed them
//                // ({url, method, data, header, …any extra such as timeout}; callbacks left out)
//   r.pageData   // the first page's data (what setData made of it)
//   r.errors     // [{where, message}]: uncaught errors and unhandled rejections in the app
//   r.logs       // [{level, text}]: the app's console
//   r.wasmLoads  // [{path, ok}]: every WXWebAssembly.instantiate(path)
//
// Steps: copy outDir as the code package; launch (app.js, then App's
// onLaunch/onShow; throws when App() was not registered, with the app's
// errors); open the first page of app.json (or options.route) with its
// lifecycle (onLoad(query), onShow, ready/onReady); wait until no request or
// callback is pending, no new request was made for options.quietMs and
// options.until(pageData) (if given) holds — or options.timeout passed
// (then `settled` is false); close the simulator.
//
// Options: backend (required: where every non-loopback URL goes), platform
// ('wx' default; see sim.js), route, query, until, quietMs (300), timeout
// (15000), sim (more createMiniProgram options, e.g. sdkVersion).
'use strict';
const fs = require('fs');
const path = require('path');
const { createMiniProgram, toHost } = require('../../miniprogram/sim.js');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function describe(error) {
  if (error && typeof error === 'object' && typeof error.stack === 'string') return error.stack;
  try {
    return typeof error === 'string' ? error : JSON.stringify(toHost(error));
  } catch (_) {
    return String(error);
  }
}

async function runMiniProgram(outDir, options = {}) {
  if (!options.backend) throw new TypeError('runMiniProgram: options.backend is required (tests/server/backend.js)');
  const appJson = JSON.parse(fs.readFileSync(path.join(outDir, 'app.json'), 'utf8'));
  const route = options.route || (appJson.pages && appJson.pages[0]);
  if (!route) throw new Error(`${outDir}: app.json has no pages`);
  const mp = createMiniProgram({ backend: options.backend, platform: options.platform || 'wx', app: outDir, npm: {}, ...options.sim });
  const report = () => ({
    requests: mp.calls.filter((c) => c.api === 'request').map((c) => c.options),
    uploads: mp.calls.filter((c) => c.api === 'uploadFile').map((c) => c.options),
    errors: mp.errors.map((e) => ({ where: e.where, message: describe(e.error) })),
    logs: mp.logs.slice(),
    wasmLoads: mp.wasmLoads.map((l) => ({ ...l })),
  });
  try {
    try {
      mp.launch();
    } catch (e) {
      const r = report();
      const err = new Error(`the app did not start (App() ${mp.global.getApp && mp.global.getApp() ? 'registered, but launching threw' : 'was never registered'}): ${describe(e)}${r.errors.length ? `\nerrors:\n${r.errors.map((x) => `  ${x.where}: ${x.message}`).join('\n')}` : ''}`);
      err.report = r;
      throw err;
    }
    const page = mp.openPage(route, options.query || {});
    const deadline = Date.now() + (options.timeout || 15000);
    const quietMs = options.quietMs === undefined ? 300 : options.quietMs;
    let seen = -1;
    let quietSince = Date.now();
    let settled = false;
    while (Date.now() < deadline) {
      await sleep(25);
      const p = mp.pending();
      if (mp.calls.length !== seen || p.requests || p.callbacks) {
        seen = mp.calls.length;
        quietSince = Date.now();
        continue;
      }
      if (Date.now() - quietSince < quietMs) continue;
      if (options.until && !options.until(toHost(page.data))) continue;
      settled = true;
      break;
    }
    return { route, settled, pageData: toHost(page.data), ...report() };
  } finally {
    await mp.close();
  }
}

module.exports = { runMiniProgram };
