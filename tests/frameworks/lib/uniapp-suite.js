// The checks every uni-app test project gets (tests/frameworks/uniapp: Vue 3
// + Vite; tests/frameworks/uniapp-vue2: Vue 2 + vue-cli/webpack 4): its page
// and app are the same in both (src/pages/index/index.vue, src/main.js,
// src/interceptors.js), built for mp-weixin and h5 in the variants
//   plugin  apifm-wasm with the toolchain's plugin (the documented set-up)
//   none    apifm-wasm without it
//   vendor  apifm-uniapp in place of apifm-wasm (the baseline)
//   …       more variants with the plugin (project.pluginVariants: e.g. Vue 3's
//           `surface`, apifm-wasm/uniapp) checked like `plugin`
// The page imports WXAPI from 'apifm-wasm' and in onLoad calls init('demo'),
// goodsDetail(101), banners({type: 'index'}), shippingCarInfoAddItem(token,
// …), orderCreate({token, …}) and uploadFile(token, file), one after the
// other, and renders what they answered (or err.kind / err.message). The app
// adds uni-app interceptors for request and uploadFile that add a header and
// count `complete`; the page renders the counts too.
//   - mp-weixin outputs run in the strict simulated WeChat runtime
//     (lib/mp-app.js): the app registers, the page loads, and with the plugin
//     its calls reach wx.request / wx.uploadFile exactly as the vendor SDK's
//     do, with no browser loader or wasm module in the code package and
//     common/vendor.js within the vendor's plus the shim's size; without it
//     the app still starts and the calls reject with kind 'unsupported',
//     naming the plugin.
//   - h5 outputs run in headless Chromium against the local backend
//     (lib/h5-app.js): the same requests as the vendor SDK's, no errors.
//   - both: the app's uni-app interceptors see every call of apifm-wasm as
//     they see the vendor's: the header they add reaches the backend, and
//     `complete` runs once a call.
// Each variant is built once; the results are shared by the tests. A summary
// line per case is printed at the end.
//
//   const suite = uniappSuite({ name, dir, pluginName, pluginVariants, buildOf });
//   suite.built('h5', 'plugin')   // for a project's own extra tests
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { ensureInstalled, installPackage, build, buildInfo, filesOf, carriesWasm, ROOT, PKG } = require('./project.js');
const { runMiniProgram } = require('./mp-app.js');
const { createCases, assertUnsupported, assertPluginWasm, WASM_PATH, VARIANTS, seconds } = require('./cases.js');
const { runH5, closeBrowser } = require('./h5-app.js');
const { startBackend } = require('../../server/backend.js');

const SHOTS = path.join(ROOT, 'out', 'frameworks');
const CALLS = ['goodsDetail', 'banners', 'shippingCarInfoAddItem', 'orderCreate', 'uploadFile'];
const REQUESTS = CALLS.slice(0, 4); // the calls that go through (uni|wx).request; uploadFile goes through uploadFile
// The file the page uploads on mp-weixin, a temp file of the simulated client.
const TEMP_FILES = { 'wxfile://tmp_apifm_upload.png': Buffer.from('apifm-wasm upload') };
const INTERCEPTOR = 'x-apifm-interceptor'; // the header src/interceptors.js adds
const VENDOR_JS_GROWTH = 32 * 1024; // the most common/vendor.js may grow over the vendor SDK's with the plugin

/** The page's whole report ({apifm: {call: outcome}, interceptor: {request, uploadFile}}) from a mini-program page's data. */
function pageReport(data) {
  for (const v of Object.values(data || {})) {
    if (typeof v === 'string' && v.startsWith('{"apifm"')) return JSON.parse(v);
  }
  return null;
}
const reportOf = (data) => (pageReport(data) || {}).apifm || null;

/** The page's whole report from the H5 page's text. */
function h5Report(text) {
  const i = text.indexOf('{"apifm"');
  if (i < 0) return null;
  return JSON.parse(text.slice(i).split('\n')[0]);
}
const reportIn = (text) => (h5Report(text) || {}).apifm || null;

/**
 * What an H5 request put on the wire: method, URL, content type and body; a
 * multipart upload's random boundary, and the file name uni-app makes up
 * from the time (`file-<ms>`), made comparable.
 */
function h5Wire(x) {
  let { contentType, body } = x;
  const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(contentType);
  if (boundary) {
    contentType = 'multipart/form-data; boundary=(boundary)';
    body = body.split(boundary[1]).join('(boundary)').replace(/filename="file-\d+"/g, 'filename="file-(time)"');
  }
  return { method: x.method, url: x.url, contentType, body };
}

const lower = (header) => Object.fromEntries(Object.entries(header || {}).map(([k, v]) => [k.toLowerCase(), v]));
const isUpload = (p) => /\/dfs\/upload\/file$/.test(p);

/**
 * Every request and upload went through uni-app with the app's interceptors:
 * `complete` ran once a call, the header `invoke` added was on each request
 * (headers: as the platform got them) and reached the backend (wire).
 */
function assertIntercepted(report, requests, uploads, wire, what) {
  assert.ok(report, `${what}: the page did not finish`);
  assert.deepEqual(report.interceptor, { request: REQUESTS.length, uploadFile: 1 }, `${what}: interceptor complete counts`);
  for (const [i, h] of requests.entries()) assert.equal(h[INTERCEPTOR], 'request', `${what}: request ${i + 1} (${REQUESTS[i]}) without the interceptor's header`);
  for (const h of uploads) assert.equal(h[INTERCEPTOR], 'uploadFile', `${what}: the upload without the interceptor's header`);
  assert.equal(wire.length, CALLS.length, `${what}: requests at the backend`);
  for (const w of wire) assert.equal(w.headers[INTERCEPTOR], isUpload(w.path) ? 'uploadFile' : 'request', `${what}: ${w.method} ${w.path} reached the backend without the interceptor's header`);
}

/**
 * Defines the tests of one uni-app project.
 * @param {object} project
 * @param {string} project.name            summary prefix ('uniapp', 'uniapp-vue2')
 * @param {string} project.dir             the project folder
 * @param {string} project.pluginName      what the unsupported message must name ('apifm-wasm/vite', 'apifm-wasm/webpack')
 * @param {string[]} [project.pluginVariants]  variants besides 'plugin' built with the plugin, checked like it
 * @param {(target: string, variant: string, outDir: string) => {command: string[], env?: object}} project.buildOf
 */
function uniappSuite(project) {
  const { name, dir, pluginName, buildOf } = project;
  const extra = project.pluginVariants || [];
  const withPlugin = ['plugin', ...extra];
  const all = [...VARIANTS, ...extra];
  const installed = path.join(dir, 'node_modules', 'apifm-wasm');
  const cases = createCases(name);
  const { note, once } = cases;
  let backend;
  let install = null;

  function built(target, variant) {
    return once(`build ${target} ${variant}`, async () => {
      const outDir = `dist/${variant}-${target}`;
      const { command, env } = buildOf(target, variant, outDir);
      try {
        const out = await build(dir, { command, env: { APIFM_VARIANT: variant, ...env }, outDir });
        note(target, variant, { built: `yes (${seconds(buildInfo(out).ms)})` });
        return out;
      } catch (e) {
        note(target, variant, { built: 'NO' });
        throw e;
      }
    });
  }

  function ranMp(variant) {
    return once(`run mp ${variant}`, async () => {
      const out = await built('mp-weixin', variant);
      backend.reset();
      try {
        const r = await runMiniProgram(out, { backend, until: (data) => !!reportOf(data), sim: { tempFiles: TEMP_FILES } });
        note('mp-weixin', variant, { started: 'yes' });
        return { ...r, wire: backend.requests.slice() };
      } catch (e) {
        note('mp-weixin', variant, { started: 'NO' });
        throw e;
      }
    });
  }

  function ranH5(variant) {
    return once(`run h5 ${variant}`, async () => {
      const out = await built('h5', variant);
      backend.reset();
      const r = await runH5(out, { backend, until: (text) => text.includes('{"apifm"'), screenshot: path.join(SHOTS, `${name}-h5-${variant}.png`) });
      note('h5', variant, { started: reportIn(r.text) ? 'yes' : 'NO' });
      return { ...r, wire: backend.requests.slice() };
    });
  }

  test.before(async () => {
    assert.ok(fs.existsSync(path.join(PKG, 'webpack.js')), 'pkg/ is not built (or has no plugins): run node tools/build-pkg.js');
    install = ensureInstalled(dir);
    installPackage(dir);
    backend = await startBackend({ quiet: true });
  });

  test.after(async () => {
    await closeBrowser();
    if (backend) await backend.close();
    cases.print(install, [['mp-weixin', all], ['h5', all]]);
  });

  // --- mp-weixin ------------------------------------------------------------------
  test(`${name} mp-weixin: every variant builds; the wasm is in the output only with the plugin`, async () => {
    for (const variant of all) {
      const out = await built('mp-weixin', variant);
      for (const f of ['app.js', 'app.json', 'common/vendor.js', 'pages/index/index.js']) assert.ok(fs.existsSync(path.join(out, f)), `${variant}: no ${f}`);
      const wasm = filesOf(out).filter((f) => /\.wasm(\.br)?$/.test(f));
      if (withPlugin.includes(variant)) {
        note('mp-weixin', variant, { wasm: assertPluginWasm(assert, out, installed, wasm) });
      } else {
        assert.deepEqual(wasm, [], `${variant}: wasm files ${wasm}`);
        note('mp-weixin', variant, { wasm: 'none' });
      }
    }
  });

  test(`${name} mp-weixin vendor (baseline): the app starts and the page's calls reach wx.request`, async () => {
    const r = await ranMp('vendor');
    assert.ok(r.settled, 'the page did not settle');
    assert.deepEqual(r.errors, []);
    const report = reportOf(r.pageData);
    assert.ok(report, `no report in the page data: ${JSON.stringify(r.pageData)}`);
    for (const call of CALLS) assert.equal(report[call].code, 0, `${call}: ${JSON.stringify(report[call])}`);
    assert.equal(r.requests.length, REQUESTS.length);
    assert.equal(r.uploads.length, 1);
    note('mp-weixin', 'vendor', { identical: '(baseline)' });
  });

  for (const variant of withPlugin) {
    test(`${name} mp-weixin ${variant}: the app starts, the page's calls reach wx.request exactly as the vendor SDK's, no errors; no browser build in the code package`, async () => {
      const vendor = await ranMp('vendor');
      const r = await ranMp(variant);
      note('mp-weixin', variant, { identical: 'NO' });
      assert.deepEqual(r.errors, [], 'uncaught errors or unhandled rejections');
      assert.deepEqual(r.logs.filter((l) => l.level === 'error'), []);
      const report = reportOf(r.pageData);
      assert.ok(report, `the page's onLoad did not finish: ${JSON.stringify(r.pageData)}`);
      for (const call of CALLS) assert.equal(report[call].code, 0, `${call}: ${JSON.stringify(report[call])}`);
      // The wasm came from where the plugin put it, and the code package carries no browser build of it.
      const out = await built('mp-weixin', variant);
      assert.equal(carriesWasm(out), null, `${variant}: the browser's wasm module is in the mini-program`);
      for (const f of filesOf(out).filter((x) => x.endsWith('.js'))) assert.ok(!fs.readFileSync(path.join(out, f), 'utf8').includes('DecompressionStream'), `${variant}: the browser loader is in ${f}`);
      const loaded = r.wasmLoads.filter((l) => l.ok);
      assert.deepEqual(loaded.map((l) => l.path), [`/${WASM_PATH}`], `wasm loads: ${JSON.stringify(r.wasmLoads)}`);
      // Request by request: url, method, data, header and nothing else (no timeout…); the upload's options too.
      assert.equal(r.requests.length, vendor.requests.length);
      r.requests.forEach((req, i) => assert.deepEqual(req, vendor.requests[i], `request ${i + 1} (${REQUESTS[i]})`));
      assert.deepEqual(r.uploads, vendor.uploads, 'uploadFile');
      const n = r.requests.length + r.uploads.length;
      note('mp-weixin', variant, { identical: `yes (${n} of ${vendor.requests.length + vendor.uploads.length})` });
    });
  }

  // What the SDK costs the main package (WeChat: 2 MiB): common/vendor.js with
  // apifm-wasm against the same app's with the vendor SDK. With the plugin it
  // carries the mini-program shim in place of the vendor SDK (≈25–27 KB more
  // here, the .wasm.br beside it); the browser build (what webpack or Vite
  // takes without the plugin) would add the wasm module and its loader too
  // (≈58 KB more). VENDOR_JS_GROWTH is the budget, ≈20 % over the measured.
  test(`${name} mp-weixin: common/vendor.js grows by the shim only over the vendor SDK's (≤ ${VENDOR_JS_GROWTH} B)`, async () => {
    const size = async (variant) => fs.statSync(path.join(await built('mp-weixin', variant), 'common', 'vendor.js')).size;
    const vendor = await size('vendor');
    for (const variant of all) {
      if (variant === 'vendor') continue;
      const ours = await size(variant);
      note('mp-weixin', variant, { 'vendor.js': `${ours} B (${ours - vendor >= 0 ? '+' : ''}${ours - vendor} B over the vendor SDK's)` });
      if (withPlugin.includes(variant)) assert.ok(ours - vendor <= VENDOR_JS_GROWTH, `${variant}: common/vendor.js ${ours} B, ${ours - vendor} B over the vendor's ${vendor} B`);
    }
    note('mp-weixin', 'vendor', { 'vendor.js': `${vendor} B` });
  });

  test(`${name} mp-weixin none: the app starts; the calls reject with kind unsupported, naming the plugin; nothing is sent`, async () => {
    const r = await ranMp('none');
    note('mp-weixin', 'none', { identical: 'n/a (no request: unsupported)' });
    assertUnsupported(assert, r, reportOf(r.pageData), CALLS, pluginName);
    assert.deepEqual(pageReport(r.pageData).interceptor, { request: 0, uploadFile: 0 });
    assert.deepEqual(r.wire, []);
  });

  // --- h5 -------------------------------------------------------------------------
  test(`${name} h5: every variant builds; the wasm is inside the JS bundle (apifm-wasm) or absent (vendor), never a separate file`, async () => {
    for (const variant of all) {
      const out = await built('h5', variant);
      assert.ok(fs.existsSync(path.join(out, 'index.html')), `${variant}: no index.html`);
      const wasm = filesOf(out).filter((f) => /\.wasm(\.br)?$/.test(f));
      assert.deepEqual(wasm, [], `${variant}: wasm files ${wasm}`);
      if (variant === 'vendor') {
        assert.equal(carriesWasm(out), null);
        note('h5', variant, { wasm: 'none' });
      } else {
        const where = carriesWasm(out);
        assert.ok(where, `${variant}: the bundle does not carry the package's wasm`);
        note('h5', variant, { wasm: `in ${where} (the package's ${fs.statSync(path.join(installed, 'apifm_wasm_bg.wasm')).size} B wasm, deflated, base64)` });
      }
    }
  });

  test(`${name} h5 vendor (baseline): runs in Chromium against the backend`, async () => {
    const r = await ranH5('vendor');
    assert.ok(r.settled, `the page did not settle: ${r.text}`);
    assert.deepEqual(r.pageErrors, []);
    const report = reportIn(r.text);
    for (const call of CALLS) assert.equal(report[call].code, 0, `${call}: ${JSON.stringify(report[call])}`);
    assert.equal(r.requests.length, CALLS.length);
    note('h5', 'vendor', { identical: '(baseline)' });
  });

  for (const variant of all.filter((v) => v !== 'vendor')) {
    test(`${name} h5 ${variant}: same requests as the vendor SDK's, no console or page errors`, async () => {
      const vendor = await ranH5('vendor');
      const r = await ranH5(variant);
      note('h5', variant, { identical: 'NO' });
      assert.deepEqual(r.pageErrors, []);
      assert.deepEqual(r.consoleErrors, []);
      const report = reportIn(r.text);
      assert.ok(report, `the page did not finish: ${r.text}`);
      for (const call of CALLS) assert.equal(report[call].code, 0, `${call}: ${JSON.stringify(report[call])}`);
      assert.equal(r.requests.length, vendor.requests.length);
      r.requests.forEach((req, i) => assert.deepEqual(h5Wire(req), h5Wire(vendor.requests[i]), `request ${i + 1} (${CALLS[i]})`));
      note('h5', variant, { identical: `yes (${r.requests.length} of ${vendor.requests.length})` });
    });
  }

  // --- uni-app interceptors (uni.addInterceptor) ---------------------------------
  // Whichever entry the page imports, its requests and uploads go through
  // uni's object, so the app's interceptors see each one as they see the
  // vendor's. (On H5 the plugin changes nothing for apifm-wasm: 'none' is
  // the same build of the main entry.)
  for (const variant of ['vendor', ...withPlugin]) {
    test(`${name} mp-weixin ${variant}: the app's uni.addInterceptor('request' | 'uploadFile') sees every call; its header reaches the backend`, async () => {
      const r = await ranMp(variant);
      assert.deepEqual(r.errors, []);
      assertIntercepted(pageReport(r.pageData), r.requests.map((o) => lower(o.header)), r.uploads.map((o) => lower(o.header)), r.wire, `mp-weixin ${variant}`);
      note('mp-weixin', variant, { intercepted: `yes (${r.wire.length} of ${CALLS.length})` });
    });
  }

  for (const variant of all) {
    test(`${name} h5 ${variant}: the app's uni.addInterceptor('request' | 'uploadFile') sees every call; its header reaches the backend`, async () => {
      const r = await ranH5(variant);
      assert.deepEqual(r.pageErrors, []);
      const up = (x) => isUpload(new URL(x.url).pathname);
      assertIntercepted(h5Report(r.text), r.requests.filter((x) => !up(x)).map((x) => x.headers), r.requests.filter(up).map((x) => x.headers), r.wire, `h5 ${variant}`);
      note('h5', variant, { intercepted: `yes (${r.wire.length} of ${CALLS.length})` });
    });
  }

  return { built, ranMp, ranH5, installed, backend: () => backend, note };
}

module.exports = { uniappSuite, CALLS, REQUESTS, INTERCEPTOR, TEMP_FILES, pageReport, h5Report, h5Wire };
