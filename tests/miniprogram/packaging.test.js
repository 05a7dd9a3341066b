// What the package ships to mini-programs (pkg/miniprogram_dist, copied by
// devtools "构建npm" to miniprogram_npm/apifm-wasm/) and how it finds its wasm:
// the brotli-compressed .wasm.br by default on base libraries that read it
// (WeChat >= 2.14.0), the plain .wasm on older ones (copied by the app from
// the package root), init3({wasmPath}) for subpackages / a custom
// miniprogramRoot, and a clear error instead of a hang (docs/platforms.md).
// Run: node --test tests/miniprogram/   (after node tools/build-pkg.js)
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { toHost } = require('./sim.js');
const { fixture, within, rejection } = require('./common.js');

const PKG = path.join(__dirname, '..', '..', 'pkg');
const DIST = path.join(PKG, 'miniprogram_dist');
const DIR = '/miniprogram_npm/apifm-wasm/';
const fx = fixture();

test('miniprogram_dist holds the bundle and the brotli-compressed wasm only, within the size budget', () => {
  const meta = JSON.parse(fs.readFileSync(path.join(PKG, 'package.json'), 'utf8'));
  assert.equal(meta.miniprogram, 'miniprogram_dist');
  assert.deepEqual(fs.readdirSync(DIST).sort(), ['apifm_wasm_bg.wasm.br', 'index.js']);
  const wasm = fs.readFileSync(path.join(PKG, 'apifm_wasm_bg.wasm'));
  const br = fs.readFileSync(path.join(DIST, 'apifm_wasm_bg.wasm.br'));
  assert.ok(zlib.brotliDecompressSync(br).equals(wasm), 'the .wasm.br is the package root .wasm, compressed');
  const js = fs.statSync(path.join(DIST, 'index.js')).size;
  // Budget: what the mini-program's (2 MB) main package pays for the SDK.
  // The table rows are JS strings (one per method, so bundlers can drop
  // them), no longer wasm data: the wasm is code, which brotli shrinks less.
  assert.ok(br.length < wasm.length * 0.45, `brotli ${br.length} vs ${wasm.length}`);
  assert.ok(br.length + js < 120 * 1024, `miniprogram_dist is ${br.length + js} bytes`);
  process.stdout.write(`# miniprogram_dist: index.js ${js} B + apifm_wasm_bg.wasm.br ${br.length} B = ${js + br.length} B `
    + `(the plain .wasm would be ${wasm.length} B)\n`);
});

test('WeChat >= 2.14.0 loads the .wasm.br from miniprogram_npm/apifm-wasm/', async () => {
  for (const sdkVersion of ['2.14.0', '2.25.3', '3.7.0']) {
    const mp = fx.sim({ sdkVersion });
    const WXAPI = mp.require('apifm-wasm');
    WXAPI.init('demo');
    assert.equal(toHost(await within(WXAPI.goodsDetail(101), 3000, sdkVersion)).code, 0);
    assert.deepEqual(mp.wasmLoads, [{ path: `${DIR}apifm_wasm_bg.wasm.br`, ok: true }], sdkVersion);
  }
});

test('WeChat 2.13.x (WXWebAssembly without .wasm.br): a clear error, then the copied plain .wasm is used', async () => {
  const mp = fx.sim({ sdkVersion: '2.13.2' });
  assert.equal(mp.brotli, false);
  assert.equal(mp.evaluate('typeof WXWebAssembly + typeof wx.getAppBaseInfo'), 'objectundefined');
  const WXAPI = mp.require('apifm-wasm');
  WXAPI.init('demo');
  const e = await rejection(WXAPI.goodsDetail(101), 'no brotli', 1000);
  assert.deepEqual([e.name, e.kind], ['WXAPIError', 'unsupported']);
  assert.match(e.message, /^WXAPI\.goodsDetail: .*WXWebAssembly\.instantiate found no wasm at \/miniprogram_npm\/apifm-wasm\/apifm_wasm_bg\.wasm \(/);
  assert.match(e.message, /base library 2\.13\.2 cannot read \.wasm\.br \(needs >= 2\.14\.0\); .*copy node_modules\/apifm-wasm\/apifm_wasm_bg\.wasm \(.*\) into the code package/);
  assert.match(e.message, /Taro: add \['apifm-wasm\/taro', \{ plainWasm: true \}\]/);
  assert.equal(fx.backend.requests.length, 0);
  // the app copies the plain .wasm (shipped at the package root) next to the bundle: the next call loads it
  mp.writeFile(`${DIR}apifm_wasm_bg.wasm`, fs.readFileSync(path.join(PKG, 'apifm_wasm_bg.wasm')));
  assert.equal(toHost(await within(WXAPI.goodsDetail(101), 3000, 'after copying')).code, 0);
  const ALIAS = DIR.replace('/apifm-wasm/', '/apifm-wxapi/');
  assert.deepEqual(mp.wasmLoads.map((l) => [l.path, l.ok]), [[`${DIR}apifm_wasm_bg.wasm`, false], ['/apifm-wasm/apifm_wasm_bg.wasm', false], [`${ALIAS}apifm_wasm_bg.wasm`, false], [`${DIR}apifm_wasm_bg.wasm`, true]]);

  // an explicit .wasm.br path on such a base library: tried, then the .wasm beside it
  const mp2 = fx.sim({ sdkVersion: '2.13.0', files: { '/lib/apifm_wasm_bg.wasm': fs.readFileSync(path.join(PKG, 'apifm_wasm_bg.wasm')) } });
  const W2 = mp2.require('apifm-wasm');
  W2.init3({ subDomain: 'demo', wasmPath: '/lib/apifm_wasm_bg.wasm.br' });
  assert.equal(toHost(await within(W2.goodsDetail(102), 3000, 'br then wasm')).code, 0);
  assert.deepEqual(mp2.wasmLoads.map((l) => [l.path, l.ok]), [['/lib/apifm_wasm_bg.wasm.br', false], ['/lib/apifm_wasm_bg.wasm', true]]);
});

test('installed under the old name (npm install apifm-wxapi@npm:apifm-wasm): found in miniprogram_npm/apifm-wxapi/ with no config', async () => {
  const files = {};
  for (const f of fs.readdirSync(DIST)) files[`/miniprogram_npm/apifm-wxapi/${f}`] = fs.readFileSync(path.join(DIST, f));
  files['/pages/index/index.js'] = `
    const WXAPI = require('apifm-wxapi'); // the old name, unchanged code
    WXAPI.init('demo');
    module.exports = { first: WXAPI.goodsDetail(101) };`;
  const mp = fx.sim({ npm: {}, files });
  const page = mp.require('/pages/index/index.js');
  assert.equal(toHost(await within(page.first, 3000, 'alias')).code, 0);
  assert.deepEqual(mp.wasmLoads.map((l) => [l.path, l.ok]), [
    [`${DIR}apifm_wasm_bg.wasm.br`, false], [`${DIR}apifm_wasm_bg.wasm`, false],
    ['/apifm-wasm/apifm_wasm_bg.wasm.br', false], ['/apifm-wasm/apifm_wasm_bg.wasm', false],
    ['/miniprogram_npm/apifm-wxapi/apifm_wasm_bg.wasm.br', true],
  ]);
});

test('subpackage / custom miniprogramRoot: init3({wasmPath}) points at the package; the README .wasm form also works', async () => {
  // "构建npm" with the package.json in a subpackage puts the package under that subpackage
  const files = {};
  for (const f of fs.readdirSync(DIST)) files[`/packageA/miniprogram_npm/apifm-wasm/${f}`] = fs.readFileSync(path.join(DIST, f));
  files['/packageA/pages/list/list.js'] = `
    const WXAPI = require('apifm-wasm'); // resolves packageA/miniprogram_npm/apifm-wasm
    WXAPI.init3({ subDomain: 'demo', wasmPath: '/packageA/miniprogram_npm/apifm-wasm/apifm_wasm_bg.wasm.br' });
    module.exports = { WXAPI, first: WXAPI.goodsDetail(101) };`;
  const mp = fx.sim({ npm: {}, files });
  const page = mp.require('/packageA/pages/list/list.js');
  assert.equal(toHost(await within(page.first, 3000, 'subpackage')).data.basicInfo.id, 101);
  assert.deepEqual(mp.wasmLoads, [{ path: '/packageA/miniprogram_npm/apifm-wasm/apifm_wasm_bg.wasm.br', ok: true }]);

  // without wasmPath the default path is wrong here: a clear error, no hang, and the hint
  const mp2 = fx.sim({ npm: {}, files: { ...files, '/packageA/pages/list/list.js': "module.exports = require('apifm-wasm');" } });
  const W2 = mp2.require('/packageA/pages/list/list.js');
  W2.init('demo');
  const e = await rejection(W2.goodsDetail(101), 'default path in a subpackage', 1000);
  assert.equal(e.kind, 'unsupported');
  assert.match(e.message, /found no wasm at \/miniprogram_npm\/apifm-wasm\/apifm_wasm_bg\.wasm\.br \(.*no such file.*\), nor \/miniprogram_npm\/apifm-wasm\/apifm_wasm_bg\.wasm \(/);
  assert.match(e.message, /or copy node_modules\/apifm-wasm\/miniprogram_dist\/apifm_wasm_bg\.wasm\.br \(under the name the package is installed as: node_modules\/apifm-uniapp\/miniprogram_dist\/apifm_wasm_bg\.wasm\.br after npm install apifm-uniapp@npm:apifm-wasm, .*\) into the code package and pass init3\(\{ wasmPath \}\)/);
  // a native mini-program (no uni-app, not bundled by webpack): devtools' "构建npm" is named first
  assert.match(e.message, /; native mini-program: run devtools "构建npm" \(Tools > Build npm\); Taro: add 'apifm-wasm\/taro'/);
  // the path as the README writes it (.wasm): the .wasm.br beside it is used
  W2.init3({ wasmPath: '/packageA/miniprogram_npm/apifm-wasm/apifm_wasm_bg.wasm' });
  assert.equal(toHost(await within(W2.goodsDetail(103), 3000, 'README path')).data.basicInfo.id, 103);
  assert.deepEqual(mp2.wasmLoads.slice(-2).map((l) => [l.path, l.ok]), [
    ['/packageA/miniprogram_npm/apifm-wasm/apifm_wasm_bg.wasm', false],
    ['/packageA/miniprogram_npm/apifm-wasm/apifm_wasm_bg.wasm.br', true],
  ]);
});

test('init3({ wasmPath }) of a URL (set for the H5 build of the same app) is not for WXWebAssembly: the package folder is used', async () => {
  for (const wasmPath of ['https://cdn.example.com/apifm_wasm_bg.wasm', 'http://127.0.0.1:1/apifm_wasm_bg.wasm', 'blob:https://shop.example.com/0f1e']) {
    const mp = fx.sim({});
    const WXAPI = mp.require('apifm-wasm');
    WXAPI.init3({ subDomain: 'demo', wasmPath });
    assert.equal(toHost(await within(WXAPI.goodsDetail(101), 3000, wasmPath)).data.basicInfo.id, 101, wasmPath);
    assert.deepEqual(mp.wasmLoads, [{ path: `${DIR}apifm_wasm_bg.wasm.br`, ok: true }], wasmPath);
  }
});
