// Whichever entry a bundler picks, in whatever runtime: nothing happens at
// module load, and in a mini-program each entry loads the wasm by code-package
// path and uses wx.request (issue: uni-app and Taro bundle web.mjs into
// mini-programs). Also: the first config starts the load after its own task
// (overlapping the app's start-up), config is order-independent before the
// first call (wasmPath after init, a wasmPath while or after a load failed),
// and each call made while the wasm loads uses the config in force when it
// was made.
// Run: node --test tests/miniprogram/   (after node tools/build-pkg.js)
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const esbuild = require('esbuild');
const { toHost } = require('./sim.js');
const { fixture, within, rejection } = require('./common.js');

const PKG = path.join(__dirname, '..', '..', 'pkg');
const BR = fs.readFileSync(path.join(PKG, 'miniprogram_dist', 'apifm_wasm_bg.wasm.br'));
const fx = fixture();

/** A package ES module as a bundler's CommonJS output would carry it (what uni-app/Taro put in vendor.js). */
function asCommonJS(file) {
  const platform = file === 'index.mjs' || file === 'webapi-node.mjs' ? 'node' : 'neutral'; // the Node builds
  return esbuild.buildSync({ entryPoints: [path.join(PKG, file)], bundle: true, format: 'cjs', platform, write: false, logLevel: 'silent' }).outputFiles[0].text;
}

const PLATFORM_NAMES = ['TextEncoder', 'TextDecoder', 'document', 'window', 'self', 'location', 'navigator', 'URL', 'URLSearchParams',
  'fetch', 'Blob', 'FormData', 'AbortController', 'WebAssembly', 'WXWebAssembly', 'TTWebAssembly', 'MyWebAssembly',
  'wx', 'tt', 'my', 'uni', 'localStorage', 'process', 'Buffer', 'require', 'getApp', 'App', 'Page'];

for (const file of ['index.js', 'index.mjs', 'web.mjs', 'miniprogram.mjs', 'miniprogram_dist/index.js', 'apifm-wasm.min.js', 'webapi-node.js', 'webapi-node.mjs', 'webapi-web.mjs', 'uniapp.mjs', 'uniapp-miniprogram.mjs']) {
  test(`loading ${file} touches no platform global (every one is a recording getter)`, () => {
    const touched = [];
    const ctx = vm.createContext({});
    for (const name of PLATFORM_NAMES) {
      Object.defineProperty(ctx, name, { configurable: true, get() { touched.push(name); return undefined; } });
    }
    let WXAPI;
    if (file.endsWith('.min.js')) {
      // the <script> build: a classic script that defines the global WXAPI
      vm.runInContext(fs.readFileSync(path.join(PKG, file), 'utf8'), ctx);
      WXAPI = ctx.WXAPI;
    } else {
      const code = file.endsWith('.mjs') ? asCommonJS(file) : fs.readFileSync(path.join(PKG, file), 'utf8');
      const mod = { exports: {} };
      // The Node builds require('fs')/('path') at the top: hand them over without counting them.
      const req = (m) => require(m);
      vm.runInContext(`(function (module, exports, require, __dirname, __filename) {${code}\n})`, ctx)(mod, mod.exports, req, path.dirname(path.join(PKG, file)), path.join(PKG, file));
      WXAPI = mod.exports.default || mod.exports;
    }
    assert.deepEqual(touched, [], `${file} read ${touched.join(', ')} at module load`);
    assert.equal(typeof WXAPI.goodsDetail, 'function');
    assert.deepEqual(touched, []);
  });
}

/** A strict WeChat code package with `file` of the package bundled in as /vendor.js (no miniprogram_npm). */
function bundledApp(file, extra) {
  return fx.sim({ npm: {}, files: { '/vendor.js': asCommonJS(file), ...extra } });
}

for (const file of ['web.mjs', 'miniprogram.mjs', 'uniapp.mjs', 'uniapp-miniprogram.mjs']) {
  test(`${file} bundled into a WeChat app: the wasm from /apifm-wasm/ (where the plugins put it), calls through wx.request`, async () => {
    const mp = bundledApp(file, { '/apifm-wasm/apifm_wasm_bg.wasm.br': BR });
    assert.equal(mp.evaluate('typeof WebAssembly + typeof fetch + typeof URL + typeof TextEncoder'), 'undefined'.repeat(4));
    const WXAPI = mp.require('/vendor.js').default;
    WXAPI.init('demo');
    const res = toHost(await within(WXAPI.goodsDetail(101), 3000, file));
    assert.equal(res.data.basicInfo.id, 101);
    assert.deepEqual(mp.wasmLoads.map((l) => [l.path, l.ok]), [
      ['/miniprogram_npm/apifm-wasm/apifm_wasm_bg.wasm.br', false], ['/miniprogram_npm/apifm-wasm/apifm_wasm_bg.wasm', false],
      ['/apifm-wasm/apifm_wasm_bg.wasm.br', true],
    ]);
    assert.equal(mp.network.length, 1);
    assert.match(mp.network[0].url, /^https:\/\/api\.it120\.cc\/demo\/shop\/goods\/detail\?id=101/);
    assert.deepEqual(mp.errors, []);
  });

  test(`${file} bundled into a WeChat app without the wasm: the app starts, each call rejects with kind unsupported saying what to add`, async () => {
    const mp = bundledApp(file, {});
    const WXAPI = mp.require('/vendor.js').default; // module load: nothing thrown
    WXAPI.init('demo');
    const e = await rejection(WXAPI.goodsDetail(101), 'no wasm', 2000);
    assert.deepEqual([e.name, e.kind, e.method], ['WXAPIError', 'unsupported', 'goodsDetail']);
    assert.match(e.message, /apifm-wasm\/vite/);
    assert.match(e.message, /apifm-wasm\/taro/);
    const e2 = await rejection(WXAPI.banners({ type: 'index' }), 'again', 2000);
    assert.equal(e2.method, 'banners'); // each call names itself
    assert.equal(mp.network.length, 0);
    assert.deepEqual(mp.errors, []);
  });
}

test('web.mjs in a browser-like runtime still takes the browser path (WebAssembly present, no wx.request)', async () => {
  // The WeChat JS-SDK in an H5 page defines `wx` without request(): not a mini-program.
  const code = asCommonJS('web.mjs');
  const mod = { exports: {} };
  const fetched = [];
  const ctx = vm.createContext({ WebAssembly, wx: { config() {} }, fetch: (u) => { fetched.push(String(u)); return Promise.reject(new Error('offline')); }, URL, console });
  vm.runInContext(`(function (module, exports) {${code}\n})`, ctx)(mod, mod.exports);
  const WXAPI = mod.exports.default;
  WXAPI.init3({ subDomain: 'demo', wasmPath: 'https://cdn.example/apifm_wasm_bg.wasm' });
  const e = await rejection(WXAPI.goodsDetail(1), 'browser path', 2000);
  assert.equal(e.kind, 'unsupported');
  assert.match(e.message, /on browser/);
  assert.deepEqual([...new Set(fetched)], ['https://cdn.example/apifm_wasm_bg.wasm']); // streaming, then the bytes fallback
});

test('init() then init3({wasmPath}) in the same task: the wasmPath is what loads (the load starts after the task)', async () => {
  const files = { '/lib/apifm.wasm.br': BR };
  const mp = fx.sim({ files });
  const WXAPI = mp.require('apifm-wasm');
  WXAPI.init('demo');
  WXAPI.init3({ wasmPath: '/lib/apifm.wasm.br' });
  assert.deepEqual(mp.wasmLoads, [], 'config loads nothing in its own task');
  assert.equal(toHost(await within(WXAPI.goodsDetail(101), 3000, 'wasmPath after init')).code, 0);
  assert.deepEqual(mp.wasmLoads, [{ path: '/lib/apifm.wasm.br', ok: true }]);
});

test('the first config starts loading the wasm after its task: a call made later finds it loaded and goes out at once', async () => {
  const mp = fx.sim();
  const WXAPI = mp.require('apifm-wasm');
  WXAPI.init('demo'); // an app's onLaunch
  assert.deepEqual(mp.wasmLoads, []);
  await new Promise((r) => setTimeout(r, 0)); // the next task of the app's start-up
  assert.equal(mp.wasmLoads.length, 1, 'the config started the load, no call or ready() did');
  await WXAPI.ready; // the rest of the app's start-up (ready() joins the load under way)
  assert.deepEqual(mp.wasmLoads.map((l) => l.ok), [true], 'loaded before any call, once');
  // The first page's call: built at once, its request handed to wx.request
  // before the call returns (no load to wait for).
  const requests = () => mp.calls.filter((c) => c.api === 'request').length;
  const p = WXAPI.goodsDetail(101);
  assert.equal(requests(), 1, 'wx.request was called before the call returned');
  assert.equal(toHost(await within(p, 3000, 'first call')).code, 0);
  assert.equal(mp.wasmLoads.length, 1, 'one load');
});

test('a wasmPath given while the default load is under way: it is tried before anything fails, and calls made meanwhile succeed', async () => {
  const mp = fx.sim({ npm: {}, files: { '/vendor.js': asCommonJS('miniprogram.mjs'), '/sub/apifm_wasm_bg.wasm.br': BR } });
  const WXAPI = mp.require('/vendor.js').default;
  WXAPI.init('demo');
  await new Promise((r) => setTimeout(r, 0)); // the load of the default paths has started
  assert.ok(mp.wasmLoads.length > 0, 'the config started a load');
  WXAPI.init3({ wasmPath: '/sub/apifm_wasm_bg.wasm.br' }); // a later config names the file
  const call = WXAPI.goodsDetail(101);
  assert.equal(toHost(await within(call, 3000, 'call made while the default path failed')).code, 0);
  const loads = mp.wasmLoads.map((l) => [l.path, l.ok]);
  assert.deepEqual(loads.slice(-1), [['/sub/apifm_wasm_bg.wasm.br', true]]);
  assert.ok(loads.slice(0, -1).every(([, ok]) => !ok), 'the default paths failed first');
});

test('a wasmPath given after a failed load is tried by the next call', async () => {
  const mp = fx.sim({ npm: {}, files: { '/vendor.js': asCommonJS('miniprogram.mjs') } });
  const WXAPI = mp.require('/vendor.js').default;
  WXAPI.init('demo');
  const e = await rejection(WXAPI.goodsDetail(101), 'no wasm yet', 2000);
  assert.equal(e.kind, 'unsupported');
  mp.writeFile('/sub/apifm_wasm_bg.wasm.br', BR);
  WXAPI.init3({ wasmPath: '/sub/apifm_wasm_bg.wasm.br' });
  assert.equal(toHost(await within(WXAPI.goodsDetail(101), 3000, 'after wasmPath')).code, 0);
  assert.deepEqual(mp.wasmLoads.slice(-1), [{ path: '/sub/apifm_wasm_bg.wasm.br', ok: true }]);
});

test('calls made while the wasm loads use the config in force when each was made', async () => {
  const mp = fx.sim();
  const WXAPI = mp.require('apifm-wasm');
  WXAPI.init('shopA');
  const a = WXAPI.goodsDetail(1);
  WXAPI.init('shopB');
  const b = WXAPI.goodsDetail(2);
  WXAPI.init('bad/sub'); // refused: fails only the calls made after it
  const c = rejection(WXAPI.goodsDetail(3), 'c', 3000);
  WXAPI.init('shopC');
  const d = WXAPI.goodsDetail(4);
  await within(a, 3000, 'a');
  await within(b, 3000, 'b');
  const e = await c;
  assert.equal(e.kind, 'config');
  await within(d, 3000, 'd');
  assert.deepEqual(mp.network.map((n) => n.url.replace(/\?.*/, '')), [
    'https://api.it120.cc/shopA/shop/goods/detail',
    'https://api.it120.cc/shopB/shop/goods/detail',
    'https://api.it120.cc/shopC/shop/goods/detail',
  ]);
});

test('graphValidateCodeUrl on the first line of an app (wasm not loaded yet) returns the URL the core builds once loaded', async () => {
  const setups = [
    (W) => W.init('demo'),
    (W) => W.init2('https://x.example.com/base/', 's1'),
    (W) => W.init3({ apiBaseUrl: 'https://y.example.com:8443', subDomain: 'a.b_c-d~' }),
    (W) => { W.init('first'); W.init3({ apiBaseUrl: 'https://z.example.com' }); }, // keeps the subDomain
  ];
  const keys = ['k', "!'()*~-._ a&b=c#d?中", 12.5, '😀', '', 0];
  for (const setup of setups) {
    const mp = fx.sim();
    const WXAPI = mp.require('apifm-wasm');
    setup(WXAPI);
    const before = keys.map((k) => WXAPI.graphValidateCodeUrl(k));
    assert.deepEqual(mp.wasmLoads.filter((l) => l.ok), [], 'answered before the wasm loaded');
    const random = WXAPI.graphValidateCodeUrl();
    assert.match(random, /\/verification\/pic\/get\?key=0\.\d+$/);
    await WXAPI.ready;
    assert.deepEqual(before, keys.map((k) => WXAPI.graphValidateCodeUrl(k)), setup.toString());
  }
});

test('graphValidateCodeUrl before the wasm loads, with a config the core must judge: the "still loading" error, no guess', async () => {
  const mp = fx.sim();
  const WXAPI = mp.require('apifm-wasm');
  WXAPI.init3({ subDomain: 'demo', apiBaseUrl: 'http://127.0.0.1:8080' });
  assert.throws(() => WXAPI.graphValidateCodeUrl('k'), { kind: 'unsupported', message: /still loading: await WXAPI\.ready/ });
  await WXAPI.ready;
  assert.equal(WXAPI.graphValidateCodeUrl('k'), 'http://127.0.0.1:8080/demo/verification/pic/get?key=k');
  const mp2 = fx.sim();
  const W2 = mp2.require('apifm-wasm');
  assert.throws(() => W2.graphValidateCodeUrl('k'), { kind: 'unsupported' }, 'no subDomain yet');
});

test('after a failed load, the calls name their method and a synchronous call says the load failed', async () => {
  const mp = fx.sim({ npm: {}, files: { '/vendor.js': asCommonJS('miniprogram.mjs') } });
  const WXAPI = mp.require('/vendor.js').default;
  WXAPI.init3({ subDomain: 'demo', apiBaseUrl: 'http://127.0.0.1:9' }); // unsure: only the core may build its URL
  const e = await rejection(WXAPI.orderList({ token: 't' }), 'no wasm', 2000);
  assert.deepEqual([e.kind, e.method], ['unsupported', 'orderList']);
  assert.throws(() => WXAPI.graphValidateCodeUrl('k'), (x) => x.kind === 'unsupported' && x.method === 'graphValidateCodeUrl' && /failed to load on miniprogram: WXWebAssembly\.instantiate found no wasm/.test(x.message));
  await rejection(WXAPI.ready, 'ready', 2000).then((x) => assert.match(x.message, /failed to load/));
});
