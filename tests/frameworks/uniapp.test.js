// uni-app (Vue 3 + Vite) with apifm-wasm, built by the real toolchain
// (tests/frameworks/uniapp: versions pinned by its package-lock.json) for
// mp-weixin and h5, in four variants chosen by APIFM_VARIANT:
//   plugin  plugins: [uni(), apifmWasm()]       (the documented set-up)
//   none    plugins: [uni()]                    (a user who skips the plugin)
//   vendor  apifm-uniapp aliased as apifm-wasm  (the baseline)
//   surface apifm-wasm/uniapp aliased as apifm-wasm, with the plugin
//           (apifm-uniapp's surface: the same requests as the vendor's)
// The page (src/pages/index/index.vue) imports WXAPI from 'apifm-wasm' and in
// onLoad calls init('demo'), goodsDetail(101), banners({type: 'index'}),
// shippingCarInfoAddItem(token, …), orderCreate({token, …}) and
// uploadFile(token, file), one after the other, and renders what they
// answered (or err.kind / err.message). The app (src/main.js,
// src/interceptors.js) adds uni-app interceptors for request and uploadFile
// that add a header and count `complete`; the page renders the counts too.
//   - mp-weixin outputs run in the strict simulated WeChat runtime
//     (lib/mp-app.js): the app registers, the page loads, and with the plugin
//     its calls reach wx.request / wx.uploadFile exactly as the vendor SDK's
//     do; without it the app still starts and the calls reject with kind
//     'unsupported'.
//   - h5 outputs run in headless Chromium against the local backend
//     (lib/h5-app.js): the same requests as the vendor SDK's, no errors.
//   - both: the app's uni-app interceptors see every call of either entry
//     (apifm-wasm, apifm-wasm/uniapp) as they see the vendor's: the header
//     they add reaches the backend, and `complete` runs once a call.
// Each variant is built once (4–15 s each); the results are shared by the
// tests. A summary line per case is printed at the end.
// Needs pkg/ built (node tools/build-pkg.js). Run: node --test tests/frameworks/
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { ensureInstalled, installPackage, build, buildInfo, filesOf, carriesWasm, ROOT } = require('./lib/project.js');
const { runMiniProgram } = require('./lib/mp-app.js');
const { createCases, assertUnsupported, assertPluginWasm, WASM_PATH, VARIANTS, sameBytes } = require('./lib/cases.js');
const { runH5, closeBrowser } = require('./lib/h5-app.js');
const { startBackend } = require('../server/backend.js');

const DIR = path.join(__dirname, 'uniapp');
const INSTALLED = path.join(DIR, 'node_modules', 'apifm-wasm');
const SHOTS = path.join(ROOT, 'out', 'frameworks');
const CALLS = ['goodsDetail', 'banners', 'shippingCarInfoAddItem', 'orderCreate', 'uploadFile'];
const REQUESTS = CALLS.slice(0, 4); // the calls that go through (uni|wx).request; uploadFile goes through uploadFile
// The file the page uploads on mp-weixin (src/pages/index/index.vue), a temp file of the simulated client.
const TEMP_FILES = { 'wxfile://tmp_apifm_upload.png': Buffer.from('apifm-wasm upload') };
const INTERCEPTOR = 'x-apifm-interceptor'; // the header src/interceptors.js adds

let backend;
let install = null;
const cases = createCases('uniapp');
const { note, once } = cases;

// --- builds and runs, each done once ------------------------------------------

function built(target, variant) {
  return once(`build ${target} ${variant}`, async () => {
    const outDir = `dist/${variant}-${target}`;
    const command = target === 'h5' ? ['uni', 'build', '--outDir', outDir] : ['uni', 'build', '-p', target, '--outDir', outDir];
    try {
      const out = await build(DIR, { command, env: { APIFM_VARIANT: variant }, outDir });
      note(target, variant, { built: `yes (${(buildInfo(out).ms / 1000).toFixed(1)} s)` });
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
    const r = await runH5(out, { backend, until: (text) => text.includes('{"apifm"'), screenshot: path.join(SHOTS, `uniapp-h5-${variant}.png`) });
    note('h5', variant, { started: reportIn(r.text) ? 'yes' : 'NO' });
    return { ...r, wire: backend.requests.slice() };
  });
}

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


test.before(async () => {
  assert.ok(fs.existsSync(path.join(ROOT, 'pkg', 'vite.cjs')), 'pkg/ is not built (or has no plugins): run node tools/build-pkg.js');
  install = ensureInstalled(DIR);
  installPackage(DIR);
  backend = await startBackend({ quiet: true });
});

test.after(async () => {
  await closeBrowser();
  if (backend) await backend.close();
  cases.print(install, [['mp-weixin', [...VARIANTS, 'surface']], ['h5', [...VARIANTS, 'surface']]]);
});

// --- the plugin itself (no build) -----------------------------------------------
test('apifm-wasm/vite loads with require and import, and decides by target', async () => {
  const viaRequire = require(path.join(INSTALLED, 'vite.cjs'));
  const viaImport = await import(path.join(INSTALLED, 'vite.mjs'));
  assert.equal(typeof viaRequire, 'function');
  assert.equal(viaImport.default, viaRequire);
  assert.equal(viaImport.apifmWasm, viaRequire);
  assert.equal(viaRequire.default, viaRequire);
  // The package's exports map sends both forms there.
  const exp = JSON.parse(fs.readFileSync(path.join(INSTALLED, 'package.json'), 'utf8')).exports['./vite'];
  assert.deepEqual(exp, { types: './vite.d.ts', import: './vite.mjs', require: './vite.cjs' });

  const emitted = (plugin) => {
    const files = [];
    plugin.generateBundle.call({ emitFile: (f) => files.push(f) }, {}, {});
    return files;
  };
  const saved = process.env.UNI_PLATFORM;
  try {
    delete process.env.UNI_PLATFORM; // plain Vite: nothing
    const plain = viaRequire();
    plain.configResolved({});
    assert.equal(plain.name, 'apifm-wasm');
    assert.equal(plain.enforce, 'pre');
    assert.equal(plain.resolveId('apifm-wasm'), null);
    assert.deepEqual(emitted(plain), []);

    process.env.UNI_PLATFORM = 'mp-weixin';
    const wx = viaRequire();
    wx.configResolved({});
    assert.equal(wx.resolveId('apifm-wasm'), path.join(INSTALLED, 'miniprogram.mjs'));
    assert.ok(fs.existsSync(wx.resolveId('apifm-wasm')));
    for (const other of ['apifm-wasm/vite', 'apifm-wasm/miniprogram.mjs', 'apifm-wxapi', './apifm-wasm', 'apifm-wasm-x']) assert.equal(wx.resolveId(other), null, other);
    const files = emitted(wx);
    assert.deepEqual(files.map((f) => [f.type, f.fileName]), [['asset', WASM_PATH]]);
    assert.ok(Buffer.from(files[0].source).equals(fs.readFileSync(path.join(INSTALLED, 'miniprogram_dist', 'apifm_wasm_bg.wasm.br'))));
    const plainToo = emitted(viaRequire({ plainWasm: true }));
    assert.deepEqual(plainToo.map((f) => f.fileName), [WASM_PATH, 'apifm-wasm/apifm_wasm_bg.wasm']);
    assert.ok(Buffer.from(plainToo[1].source).equals(fs.readFileSync(path.join(INSTALLED, 'apifm_wasm_bg.wasm'))));

    for (const [platform, family] of [['mp-toutiao', 'tt'], ['mp-qq', 'wx'], ['mp-alipay', null], ['h5', null], ['app', null], ['web', null]]) {
      process.env.UNI_PLATFORM = platform;
      const p = viaRequire();
      p.configResolved({});
      assert.equal(p.resolveId('apifm-wasm') !== null, family !== null, platform);
      assert.equal(emitted(p).length, family ? 1 : 0, platform);
    }
    // The option wins over the environment.
    assert.equal(viaRequire({ platform: 'h5' }).resolveId('apifm-wasm'), null);
    delete process.env.UNI_PLATFORM;
    assert.notEqual(viaRequire({ platform: 'mp-weixin' }).resolveId('apifm-wasm'), null);
  } finally {
    if (saved === undefined) delete process.env.UNI_PLATFORM;
    else process.env.UNI_PLATFORM = saved;
  }
  assert.throws(() => viaRequire({ plain: true }), /unknown option 'plain'/);
  assert.throws(() => viaRequire('mp-weixin'), /options must be an object/);
});

test('vite.d.ts: the plugin type-checks in a vite.config.ts (bundler) and with require (node16), against vite\'s own types', () => {
  const tsc = path.join(ROOT, 'node_modules', '.bin', 'tsc');
  const check = (args) => {
    const r = spawnSync(tsc, ['--noEmit', '--strict', '--target', 'es2020', ...args], { cwd: DIR, encoding: 'utf8' });
    assert.equal(r.status, 0, `tsc ${args.join(' ')}:\n${r.stdout}${r.stderr}`);
  };
  check([path.join(INSTALLED, 'vite.d.ts')]); // the declarations alone, not skipped as a library
  check(['--skipLibCheck', '--module', 'esnext', '--moduleResolution', 'bundler', 'types/vite-config.ts']);
  check(['--skipLibCheck', '--module', 'node16', '--moduleResolution', 'node16', 'types/require.cts']);
});

test('a plain Vite app (no uni-app): the plugin changes nothing in the browser build', async () => {
  const outs = {};
  for (const variant of ['plugin', 'none']) {
    outs[variant] = await build(DIR, {
      command: ['vite', 'build', 'plain-vite', '--outDir', `../dist/plain-vite-${variant}`, '--emptyOutDir'],
      env: { APIFM_VARIANT: variant, UNI_PLATFORM: '' },
      outDir: `dist/plain-vite-${variant}`,
    });
  }
  const files = filesOf(outs.plugin);
  assert.deepEqual(files, filesOf(outs.none));
  for (const f of files) assert.ok(sameBytes(path.join(outs.plugin, f), path.join(outs.none, f)), `${f} differs with the plugin`);
  assert.ok(!files.some((f) => /\.wasm$/.test(f)), `a .wasm asset: ${files}`);
  assert.ok(carriesWasm(outs.plugin), 'the bundle does not carry the wasm');
});

// --- mp-weixin ------------------------------------------------------------------
test('mp-weixin: every variant builds; the wasm is in the output only with the plugin', async () => {
  for (const variant of VARIANTS) {
    const out = await built('mp-weixin', variant);
    for (const f of ['app.js', 'app.json', 'common/vendor.js', 'pages/index/index.js']) assert.ok(fs.existsSync(path.join(out, f)), `${variant}: no ${f}`);
    const wasm = filesOf(out).filter((f) => /\.wasm(\.br)?$/.test(f));
    if (variant === 'plugin') {
      note('mp-weixin', variant, { wasm: assertPluginWasm(assert, out, INSTALLED, wasm) });
    } else {
      assert.deepEqual(wasm, [], `${variant}: wasm files ${wasm}`);
      note('mp-weixin', variant, { wasm: 'none' });
    }
  }
});

test('mp-weixin vendor (baseline): the app starts and the page\'s calls reach wx.request', async () => {
  const r = await ranMp('vendor');
  assert.ok(r.settled, 'the page did not settle');
  assert.deepEqual(r.errors, []);
  const report = reportOf(r.pageData);
  assert.ok(report, `no report in the page data: ${JSON.stringify(r.pageData)}`);
  for (const name of CALLS) assert.equal(report[name].code, 0, `${name}: ${JSON.stringify(report[name])}`);
  assert.equal(r.requests.length, REQUESTS.length);
  assert.equal(r.uploads.length, 1);
  note('mp-weixin', 'vendor', { identical: '(baseline)' });
});

// plugin: apifm-wasm; surface: apifm-wasm/uniapp (the page's import aliased to it), with the plugin too.
for (const variant of ['plugin', 'surface']) {
  test(`mp-weixin ${variant}: the app starts, the page's calls reach wx.request exactly as the vendor SDK's, no errors`, async () => {
    const vendor = await ranMp('vendor');
    const r = await ranMp(variant);
    note('mp-weixin', variant, { identical: 'NO' });
    assert.deepEqual(r.errors, [], 'uncaught errors or unhandled rejections');
    assert.deepEqual(r.logs.filter((l) => l.level === 'error'), []);
    const report = reportOf(r.pageData);
    assert.ok(report, `the page's onLoad did not finish: ${JSON.stringify(r.pageData)}`);
    for (const name of CALLS) assert.equal(report[name].code, 0, `${name}: ${JSON.stringify(report[name])}`);
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

test('mp-weixin none: the app starts; the calls reject with kind unsupported, naming the plugin; nothing is sent', async () => {
  const r = await ranMp('none');
  note('mp-weixin', 'none', { identical: 'n/a (no request: unsupported)' });
  assertUnsupported(assert, r, reportOf(r.pageData), CALLS, 'apifm-wasm/vite');
});

// --- h5 -------------------------------------------------------------------------
test('h5: every variant builds; the wasm is inside the JS bundle (apifm-wasm) or absent (vendor), never a separate file', async () => {
  for (const variant of VARIANTS) {
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
      note('h5', variant, { wasm: `in ${where} (the package's ${fs.statSync(path.join(INSTALLED, 'apifm_wasm_bg.wasm')).size} B wasm, deflated, base64)` });
    }
  }
});

test('h5 vendor (baseline): runs in Chromium against the backend', async () => {
  const r = await ranH5('vendor');
  assert.ok(r.settled, `the page did not settle: ${r.text}`);
  assert.deepEqual(r.pageErrors, []);
  const report = reportIn(r.text);
  for (const name of CALLS) assert.equal(report[name].code, 0, `${name}: ${JSON.stringify(report[name])}`);
  assert.equal(r.requests.length, CALLS.length);
  note('h5', 'vendor', { identical: '(baseline)' });
});

for (const variant of ['plugin', 'none', 'surface']) {
  test(`h5 ${variant}: same requests as the vendor SDK's, no console or page errors`, async () => {
    const vendor = await ranH5('vendor');
    const r = await ranH5(variant);
    note('h5', variant, { identical: 'NO' });
    assert.deepEqual(r.pageErrors, []);
    assert.deepEqual(r.consoleErrors, []);
    const report = reportIn(r.text);
    assert.ok(report, `the page did not finish: ${r.text}`);
    for (const name of CALLS) assert.equal(report[name].code, 0, `${name}: ${JSON.stringify(report[name])}`);
    assert.equal(r.requests.length, vendor.requests.length);
    r.requests.forEach((req, i) => assert.deepEqual(h5Wire(req), h5Wire(vendor.requests[i]), `request ${i + 1} (${CALLS[i]})`));
    note('h5', variant, { identical: `yes (${r.requests.length} of ${vendor.requests.length})` });
  });
}

// --- uni-app interceptors (uni.addInterceptor) ---------------------------------
// Whichever entry the page imports — apifm-wasm (plugin on mp-weixin; on H5
// the plugin changes nothing, so 'none' is the same build of the main entry)
// or apifm-wasm/uniapp (surface) — its requests and uploads go through uni's
// object, so the app's interceptors see each one as they see the vendor's:
// the header `invoke` adds reaches the backend, and `complete` runs once per
// call.
function assertIntercepted(report, requests, uploads, wire, what) {
  assert.ok(report, `${what}: the page did not finish`);
  assert.deepEqual(report.interceptor, { request: REQUESTS.length, uploadFile: 1 }, `${what}: interceptor complete counts`);
  for (const [i, h] of requests.entries()) assert.equal(h[INTERCEPTOR], 'request', `${what}: request ${i + 1} (${REQUESTS[i]}) without the interceptor's header`);
  for (const h of uploads) assert.equal(h[INTERCEPTOR], 'uploadFile', `${what}: the upload without the interceptor's header`);
  assert.equal(wire.length, CALLS.length, `${what}: requests at the backend`);
  for (const w of wire) assert.equal(w.headers[INTERCEPTOR], /\/dfs\/upload\/file$/.test(w.path) ? 'uploadFile' : 'request', `${what}: ${w.method} ${w.path} reached the backend without the interceptor's header`);
}
const lower = (header) => Object.fromEntries(Object.entries(header || {}).map(([k, v]) => [k.toLowerCase(), v]));

for (const variant of ['vendor', 'plugin', 'surface']) {
  test(`mp-weixin ${variant}: the app's uni.addInterceptor('request' | 'uploadFile') sees every call; its header reaches the backend`, async () => {
    const r = await ranMp(variant);
    assert.deepEqual(r.errors, []);
    assertIntercepted(pageReport(r.pageData), r.requests.map((o) => lower(o.header)), r.uploads.map((o) => lower(o.header)), r.wire, `mp-weixin ${variant}`);
    note('mp-weixin', variant, { intercepted: `yes (${r.wire.length} of ${CALLS.length})` });
  });
}

test('mp-weixin none: no call, so the interceptors see none', async () => {
  const r = await ranMp('none');
  assert.deepEqual(pageReport(r.pageData).interceptor, { request: 0, uploadFile: 0 });
  assert.deepEqual(r.wire, []);
});

for (const variant of ['vendor', 'plugin', 'none', 'surface']) {
  test(`h5 ${variant}: the app's uni.addInterceptor('request' | 'uploadFile') sees every call; its header reaches the backend`, async () => {
    const r = await ranH5(variant);
    assert.deepEqual(r.pageErrors, []);
    const isUpload = (x) => /\/dfs\/upload\/file$/.test(new URL(x.url).pathname);
    assertIntercepted(h5Report(r.text), r.requests.filter((x) => !isUpload(x)).map((x) => x.headers), r.requests.filter(isUpload).map((x) => x.headers), r.wire, `h5 ${variant}`);
    note('h5', variant, { intercepted: `yes (${r.wire.length} of ${CALLS.length})` });
  });
}

// --- uni.request in H5, as apifm-wasm uses it ----------------------------------
// In a uni-app H5 build the main entry sends through uni.request too (uni-app's
// XMLHttpRequest, not fetch): what it answers must be read as fetch's answers
// are. The faults page (src/pages/faults/faults.vue) of the plugin build.
test('h5 plugin: through uni.request, a JSON body at any status resolves, a non-JSON body or HTTP error rejects, timeout and abort end the call; a Blob upload by fetch', async () => {
  const out = await built('h5', 'plugin');
  backend.reset();
  const r = await runH5(out, { backend, path: '/#/pages/faults/faults', until: (text) => text.includes('{"faults"') });
  assert.deepEqual(r.pageErrors, []);
  const i = r.text.indexOf('{"faults"');
  assert.ok(i >= 0, `the faults page did not finish: ${r.text}`);
  const f = JSON.parse(r.text.slice(i).split('\n')[0]).faults;
  assert.equal(f.json.ok, true, JSON.stringify(f.json));
  assert.equal(f.json.code, 0);
  assert.equal(f.json.data.basicInfo.id, 101);
  assert.deepEqual([f.http500.ok, f.http500.code, f.http500.msg], [true, 500, '服务器内部错误']); // a JSON body resolves at any status, as the vendor's
  assert.deepEqual([f.http502.kind, f.http502.status], ['http', 502], JSON.stringify(f.http502));
  assert.equal(f.html.kind, 'response', JSON.stringify(f.html));
  assert.equal(f.timeout.kind, 'timeout', JSON.stringify(f.timeout));
  assert.equal(f.abort.kind, 'aborted', JSON.stringify(f.abort));
  assert.equal(f.blobUpload.code, 0, JSON.stringify(f.blobUpload));
  // Every request went by uni-app's XMLHttpRequest with init3's header and the interceptor's;
  // the Blob upload, which uni.uploadFile cannot take, by fetch.
  const upload = r.requests.filter((x) => x.url.endsWith('/dfs/upload/file'));
  assert.equal(upload.length, 1);
  assert.equal(upload[0].type, 'fetch');
  assert.match(upload[0].contentType, /^multipart\/form-data; boundary=/);
  const requests = r.requests.filter((x) => x !== upload[0]);
  assert.equal(requests.length, 6, `requests: ${requests.map((x) => x.url)}`);
  for (const x of requests) {
    assert.equal(x.type, 'xhr', `${x.url}: sent by ${x.type}, not uni.request`);
    assert.equal(x.headers['x-shop'], 'faults', x.url);
    assert.equal(x.headers[INTERCEPTOR], 'request', x.url);
  }
  // Chromium's own lines for the 500 and the 502, and the hanging requests the
  // timeout and abort() ended: nothing else went wrong.
  const expected = [
    /^request failed: https:\/\/hang\.faults\.test\//,
    /^HTTP 50[02]: https:\/\/http50[02]\.faults\.test\//,
    /^Failed to load resource: the server responded with a status of 50[02] /,
  ];
  assert.deepEqual(r.consoleErrors.filter((e) => !expected.some((re) => re.test(e))), [], 'console errors');
  // Both hanging requests were sent, and cancelled in the browser: the timeout's (101) and abort()'s (102).
  for (const id of [101, 102]) {
    assert.ok(r.consoleErrors.some((e) => e.startsWith(`request failed: https://hang.faults.test/demo/shop/goods/detail?id=${id}&`) && e.endsWith('net::ERR_ABORTED')), `the request of id ${id} was not cancelled: ${r.consoleErrors}`);
  }
});
