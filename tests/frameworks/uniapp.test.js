// uni-app (Vue 3 + Vite) with apifm-wasm, built by the real toolchain
// (tests/frameworks/uniapp: versions pinned by its package-lock.json) for
// mp-weixin and h5 in four variants chosen by APIFM_VARIANT (vite.config.js):
//   plugin  plugins: [uni(), apifmWasm()]       (the documented set-up)
//   none    plugins: [uni()]                    (a user who skips the plugin)
//   vendor  apifm-uniapp aliased as apifm-wasm  (the baseline)
//   surface apifm-wasm/uniapp aliased as apifm-wasm, with the plugin
//           (apifm-uniapp's surface: the same requests as the vendor's)
// The checks every uni-app project gets (builds, the simulated mini-program,
// Chromium, requests identical to the vendor's, uni-app interceptors,
// common/vendor.js size) are lib/uniapp-suite.js's; here: the Vite plugin
// itself, a plain Vite app, and what the main entry makes of uni.request's
// answers in H5 (src/pages/faults/faults.vue).
// Each variant is built once (4–15 s each); the results are shared by the
// tests. A summary line per case is printed at the end.
// Needs pkg/ built (node tools/build-pkg.js). Run: node --test tests/frameworks/
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { build, filesOf, carriesWasm, ROOT } = require('./lib/project.js');
const { WASM_PATH, sameBytes } = require('./lib/cases.js');
const { runH5 } = require('./lib/h5-app.js');
const { uniappSuite, INTERCEPTOR } = require('./lib/uniapp-suite.js');

const DIR = path.join(__dirname, 'uniapp');
const INSTALLED = path.join(DIR, 'node_modules', 'apifm-wasm');

const suite = uniappSuite({
  name: 'uniapp',
  dir: DIR,
  pluginName: 'apifm-wasm/vite',
  pluginVariants: ['surface'],
  buildOf: (target, variant, outDir) => ({ command: target === 'h5' ? ['uni', 'build', '--outDir', outDir] : ['uni', 'build', '-p', target, '--outDir', outDir] }),
});
const { built } = suite;

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

// --- uni.request in H5, as apifm-wasm uses it ----------------------------------
// In a uni-app H5 build the main entry sends through uni.request too (uni-app's
// XMLHttpRequest, not fetch): what it answers must be read as fetch's answers
// are. The faults page (src/pages/faults/faults.vue) of the plugin build.
test('h5 plugin: through uni.request, a JSON body at any status resolves, a non-JSON body or HTTP error rejects, timeout and abort end the call; a Blob upload by fetch', async () => {
  const out = await built('h5', 'plugin');
  const backend = suite.backend();
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
  // json, http500, http502, html, timeout (hang); the aborted call's request (hang again) may not
  // reach the network at all: its task is aborted as soon as the call is, right after uni.request.
  const hosts = requests.map((x) => new URL(x.url).host);
  assert.deepEqual(hosts.slice(0, 5), ['api.it120.cc', 'http500.faults.test', 'http502.faults.test', 'html.faults.test', 'hang.faults.test'], `requests: ${requests.map((x) => x.url)}`);
  assert.ok(requests.length === 5 || (requests.length === 6 && hosts[5] === 'hang.faults.test'), `requests: ${requests.map((x) => x.url)}`);
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
