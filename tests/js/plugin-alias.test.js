// The framework plugins (pkg/vite.cjs, pkg/taro.js) and the npm alias
// route: after `npm install apifm-wxapi@npm:apifm-wasm`, an app's
// `import WXAPI from 'apifm-wxapi'` must get the mini-program build exactly
// as `import WXAPI from 'apifm-wasm'` does (without it a uni-app or Taro
// mini-program gets the browser build and every call fails). The vendor's
// own apifm-wxapi, and other names, are left alone.
// Projects are made in a temporary folder: node_modules/apifm-wxapi is the
// built package (the alias) or the real apifm-wxapi (the vendor).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.join(__dirname, '..', '..');
const PKG = path.join(ROOT, 'pkg');
const VENDOR = path.dirname(require.resolve('apifm-wxapi/package.json'));
const ENTRY = path.join(PKG, 'miniprogram.mjs');
const UNIAPP = path.join(PKG, 'uniapp.mjs');
const UNIAPP_MP = path.join(PKG, 'uniapp-miniprogram.mjs');
const UNIAPP_VENDOR = path.dirname(require.resolve('apifm-uniapp/package.json'));

let tmp;
test.before(() => {
  assert.ok(fs.existsSync(path.join(PKG, 'vite.cjs')), 'pkg/ is not built: run node tools/build-pkg.js');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'apifm-alias-'));
});
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A project folder whose node_modules holds `modules` ({name: folder}) as symlinks. */
function project(name, modules) {
  const dir = path.join(tmp, name);
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  for (const [mod, target] of Object.entries(modules)) fs.symlinkSync(target, path.join(dir, 'node_modules', mod), 'dir');
  return dir;
}

function withEnv(key, value, fn) {
  const saved = process.env[key];
  process.env[key] = value;
  try {
    return fn();
  } finally {
    if (saved === undefined) delete process.env[key];
    else process.env[key] = saved;
  }
}

/** The vite plugin's answer for each specifier, in a project at `root` built for `platform`. */
function viteResolves(root, platform, specifiers) {
  const apifmWasm = require(path.join(PKG, 'vite.cjs'));
  return withEnv('UNI_PLATFORM', platform, () => {
    const plugin = apifmWasm();
    plugin.configResolved({ root });
    return specifiers.map((s) => plugin.resolveId(s));
  });
}

/** The aliases the Taro plugin sets in a project at `root` built for `target` (a minimal webpack-chain). */
function taroAliases(root, target) {
  const plugin = require(path.join(PKG, 'taro.js'));
  const aliases = {};
  const chain = {
    resolve: { alias: { set: (k, v) => { aliases[k] = v; } } },
    plugin: () => ({ use: () => undefined }),
  };
  const hooks = [];
  plugin({ modifyWebpackChain: (fn) => hooks.push(fn), paths: { appPath: root } });
  withEnv('TARO_ENV', target, () => hooks.forEach((fn) => fn({ chain })));
  return aliases;
}

test('vite plugin: apifm-wxapi installed as an npm alias of apifm-wasm resolves to the mini-program build', () => {
  const root = project('vite-alias', { 'apifm-wxapi': PKG });
  assert.deepEqual(viteResolves(root, 'mp-weixin', ['apifm-wxapi', 'apifm-wasm', 'apifm-wxapi/index.js', 'apifm-uniapp', 'vue']),
    [ENTRY, ENTRY, null, null, null]);
  // H5 and other targets: left to the bundler, alias or not.
  assert.deepEqual(viteResolves(root, 'h5', ['apifm-wxapi', 'apifm-wasm']), [null, null]);
});

test('vite plugin: the vendor\'s own apifm-wxapi, or none installed, is left alone', () => {
  const vendor = project('vite-vendor', { 'apifm-wxapi': VENDOR });
  assert.deepEqual(viteResolves(vendor, 'mp-weixin', ['apifm-wxapi', 'apifm-wasm']), [null, ENTRY]);
  const empty = project('vite-empty', {});
  assert.deepEqual(viteResolves(empty, 'mp-toutiao', ['apifm-wxapi', 'apifm-wasm']), [null, ENTRY]);
});

test('vite plugin: apifm-uniapp installed as an npm alias of apifm-wasm resolves to apifm-wasm/uniapp (its surface) on every target', () => {
  const root = project('vite-uniapp-alias', { 'apifm-uniapp': PKG });
  for (const [platform, file] of [['mp-weixin', UNIAPP_MP], ['mp-toutiao', UNIAPP_MP], ['h5', UNIAPP], ['app', UNIAPP]]) {
    assert.deepEqual(viteResolves(root, platform, ['apifm-uniapp', 'apifm-uniapp/uniapp', 'apifm-wxapi']), [file, null, null], platform);
  }
  assert.ok(fs.existsSync(UNIAPP) && fs.existsSync(UNIAPP_MP));
  // the vendor's own apifm-uniapp is left alone
  const vendor = project('vite-uniapp-vendor', { 'apifm-uniapp': UNIAPP_VENDOR });
  assert.deepEqual(viteResolves(vendor, 'h5', ['apifm-uniapp']), [null]);
  assert.deepEqual(viteResolves(vendor, 'mp-weixin', ['apifm-uniapp', 'apifm-wasm']), [null, ENTRY]);
});

test('vite plugin: apifm-wasm/uniapp gets its mini-program build (no browser loader, no wasm chunk) on mini-program targets only', () => {
  const root = project('vite-uniapp-surface', {});
  assert.deepEqual(viteResolves(root, 'mp-weixin', ['apifm-wasm/uniapp', 'apifm-wasm/webapi']), [UNIAPP_MP, null]);
  assert.deepEqual(viteResolves(root, 'h5', ['apifm-wasm/uniapp']), [null]);
  const code = fs.readFileSync(UNIAPP_MP, 'utf8');
  assert.ok(!code.includes('apifm_wasm_bg.mjs') && !code.includes('DecompressionStream'), 'the mini-program build imports the browser wasm module');
  assert.ok(fs.readFileSync(UNIAPP, 'utf8').includes('DecompressionStream'), 'the browser loader is not in uniapp.mjs');
});

test('taro plugin: an npm alias of apifm-wasm under apifm-wxapi gets the same alias as apifm-wasm', () => {
  const root = project('taro-alias', { 'apifm-wxapi': PKG });
  assert.deepEqual(taroAliases(root, 'weapp'), { 'apifm-wasm$': ENTRY, 'apifm-wxapi$': ENTRY });
  assert.deepEqual(taroAliases(root, 'h5'), {});
  const vendor = project('taro-vendor', { 'apifm-wxapi': VENDOR });
  assert.deepEqual(taroAliases(vendor, 'tt'), { 'apifm-wasm$': ENTRY });
  // apifm-uniapp is uni-app's SDK: the Taro plugin does not map it
  const uni = project('taro-uniapp-alias', { 'apifm-uniapp': PKG });
  assert.deepEqual(taroAliases(uni, 'weapp'), { 'apifm-wasm$': ENTRY });
});
