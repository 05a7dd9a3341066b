// uni-app Vue 2 with apifm-wasm, built by the real toolchain
// (tests/frameworks/uniapp-vue2: @dcloudio/* 2.0.2-5000720260410001,
// @vue/cli-service 4.5.19, webpack 4.47.0, vue 2.6.14; versions pinned by its
// package-lock.json) for mp-weixin and h5 in three variants chosen by
// APIFM_VARIANT (vue.config.js):
//   plugin  configureWebpack: { plugins: [require('apifm-wasm/webpack')()] }
//   none    no plugin
//   vendor  apifm-uniapp aliased as apifm-wasm (the baseline)
//   surface apifm-wasm/uniapp aliased as apifm-wasm, with the plugin
//           (apifm-uniapp's surface, through webpack 4's resolution)
// The page and the app are those of the Vue 3 project (src/pages/index/index.vue,
// src/interceptors.js), and so are the checks (lib/uniapp-suite.js: the
// simulated mini-program, Chromium, requests identical to the vendor's,
// uni-app interceptors, common/vendor.js size). Here besides: the webpack
// plugin itself (options, targets, a real webpack 4 compile of the npm-alias
// names), its types, and that it changes nothing in H5.
// Each variant is built once (≈5 s for mp-weixin, ≈15 s for h5).
// Needs pkg/ built (node tools/build-pkg.js). Run: node --test tests/frameworks/
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { filesOf, ROOT } = require('./lib/project.js');
const { WASM_PATH, sameBytes } = require('./lib/cases.js');
const { uniappSuite } = require('./lib/uniapp-suite.js');
const { runMiniProgram } = require('./lib/mp-app.js');

const DIR = path.join(__dirname, 'uniapp-vue2');
const INSTALLED = path.join(DIR, 'node_modules', 'apifm-wasm');

const suite = uniappSuite({
  name: 'uniapp-vue2',
  dir: DIR,
  pluginName: "configureWebpack: { plugins: [require('apifm-wasm/webpack')()] } to vue.config.js",
  pluginVariants: ['surface'],
  buildOf: (target, variant, outDir) => ({
    command: ['vue-cli-service', 'uni-build'],
    env: { NODE_ENV: 'production', UNI_PLATFORM: target, UNI_OUTPUT_DIR: path.join(DIR, outDir) },
  }),
});
const { built } = suite;

// --- the plugin itself ------------------------------------------------------------
function withEnv(key, value, fn) {
  const saved = process.env[key];
  if (value === undefined) delete process.env[key];
  else process.env[key] = value;
  try {
    return fn();
  } finally {
    if (saved === undefined) delete process.env[key];
    else process.env[key] = saved;
  }
}

test('apifm-wasm/webpack: found by require (exports) and as a file at the package root; options are checked', () => {
  const plugin = require(require.resolve('apifm-wasm/webpack', { paths: [DIR] }));
  assert.equal(require.resolve('apifm-wasm/webpack', { paths: [DIR] }), path.join(INSTALLED, 'webpack.js'));
  const exp = JSON.parse(fs.readFileSync(path.join(INSTALLED, 'package.json'), 'utf8')).exports['./webpack'];
  assert.deepEqual(exp, { types: './webpack.d.ts', default: './webpack.js' });
  assert.equal(typeof plugin, 'function');
  assert.equal(plugin.default, plugin);
  assert.equal(plugin.apifmWasmWebpack, plugin);
  assert.equal(typeof plugin().apply, 'function');
  assert.ok(plugin() instanceof plugin.ApifmWasmWebpackPlugin);
  assert.throws(() => plugin({ plain: true }), /unknown option 'plain'/);
  assert.throws(() => plugin('mp-weixin'), /options must be an object/);
  assert.throws(() => plugin({ plainWasm: 'yes' }), /plainWasm must be true or false/);
  assert.throws(() => plugin({ platform: 1 }), /platform must be a target name/);
});

test('webpack.d.ts: type-checks alone, and in a vue.config.ts (bundler) and with require (node16)', () => {
  const tsc = path.join(ROOT, 'node_modules', '.bin', 'tsc');
  const check = (cwd, args) => {
    const r = spawnSync(tsc, ['--noEmit', '--strict', '--target', 'es2020', ...args], { cwd, encoding: 'utf8' });
    assert.equal(r.status, 0, `tsc ${args.join(' ')}:\n${r.stdout}${r.stderr}`);
  };
  check(ROOT, [path.join(INSTALLED, 'webpack.d.ts')]); // the declarations alone, not skipped as a library
  check(DIR, ['--skipLibCheck', '--module', 'esnext', '--moduleResolution', 'bundler', 'types/vue-config.ts']);
  check(DIR, ['--skipLibCheck', '--module', 'node16', '--moduleResolution', 'node16', 'types/require.cts']);
});

/**
 * Compiles `import WXAPI from '<name>'` for each name with the project's own
 * webpack 4 and the plugin, in a folder whose node_modules holds `modules`
 * ({name: folder}, symlinked); resolves to {files: the package files bundled
 * per name, assets: the output's files}.
 */
async function compile(tmp, modules, names, options, alias) {
  const webpack = require(path.join(DIR, 'node_modules', 'webpack'));
  const plugin = require(path.join(INSTALLED, 'webpack.js'));
  const dir = fs.mkdtempSync(path.join(tmp, 'p-'));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  for (const [mod, target] of Object.entries(modules)) fs.symlinkSync(target, path.join(dir, 'node_modules', mod), 'dir');
  const entries = {};
  for (const [i, name] of names.entries()) {
    fs.writeFileSync(path.join(dir, `e${i}.js`), `import WXAPI from '${name}';\nglobalThis.WXAPI = WXAPI; // used: a package without side effects is otherwise dropped\n`);
    entries[`e${i}`] = `./e${i}.js`;
  }
  const out = path.join(dir, 'out');
  const stats = await new Promise((resolve, reject) => {
    webpack({
      mode: 'production', context: dir, entry: entries, output: { path: out },
      resolve: { extensions: ['.mjs', '.js', '.json'], alias: alias || {} }, optimization: { minimize: false, concatenateModules: false }, plugins: [plugin(options)],
    }, (err, s) => (err || s.hasErrors() ? reject(err || new Error(s.toString('errors-only'))) : resolve(s)));
  });
  const json = stats.toJson({ modules: true, chunks: true });
  const files = names.map((_, i) => {
    const chunk = json.chunks.find((c) => c.names.includes(`e${i}`));
    return chunk.modules.map((m) => path.basename(m.identifier.split('!').pop())).filter((n) => !/^e\d+\.js$/.test(n)).sort();
  });
  return { files, assets: filesOf(out) };
}

test('apifm-wasm/webpack in a real webpack 4 compile: each name gets its surface\'s build for the target; the .wasm.br only for mini-programs', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'apifm-webpack4-'));
  try {
    // apifm-wasm itself, and apifm-uniapp / apifm-wxapi installed as npm aliases of it.
    const ours = { 'apifm-wasm': INSTALLED, 'apifm-uniapp': INSTALLED, 'apifm-wxapi': INSTALLED };
    const names = ['apifm-wasm', 'apifm-wasm/uniapp', 'apifm-uniapp', 'apifm-wxapi'];
    const mp = await withEnv('UNI_PLATFORM', 'mp-weixin', () => compile(tmp, ours, names));
    assert.deepEqual(mp.files, [['miniprogram.mjs'], ['uniapp-miniprogram.mjs'], ['uniapp-miniprogram.mjs'], ['miniprogram.mjs']]);
    assert.deepEqual(mp.assets.filter((f) => /\.wasm/.test(f)), [WASM_PATH]);
    assert.ok(sameBytes(path.join(tmp, fs.readdirSync(tmp)[0], 'out', WASM_PATH), path.join(INSTALLED, 'miniprogram_dist', 'apifm_wasm_bg.wasm.br')));
    const plain = await compile(tmp, ours, ['apifm-wasm'], { platform: 'mp-toutiao', plainWasm: true });
    assert.deepEqual(plain.assets.filter((f) => /\.wasm/.test(f)), ['apifm-wasm/apifm_wasm_bg.wasm', WASM_PATH]);
    // H5: the browser builds; apifm-uniapp (the alias) still gets apifm-uniapp's surface, not the main entry webpack 4 would take.
    const h5 = await withEnv('UNI_PLATFORM', 'h5', () => compile(tmp, ours, names));
    assert.deepEqual(h5.files.map((f) => f.filter((x) => x.endsWith('.mjs'))), [['web.mjs'], ['uniapp.mjs'], ['uniapp.mjs'], ['web.mjs']]);
    assert.deepEqual(h5.assets.filter((f) => /\.wasm/.test(f)), []);
    // The project's own alias is applied first: the page's `apifm-wasm` made apifm-uniapp's surface (as the Vue 3 project's `surface` variant).
    const surface = { 'apifm-wasm$': 'apifm-wasm/uniapp' };
    assert.deepEqual((await withEnv('UNI_PLATFORM', 'mp-weixin', () => compile(tmp, ours, ['apifm-wasm'], undefined, surface))).files, [['uniapp-miniprogram.mjs']]);
    assert.deepEqual((await withEnv('UNI_PLATFORM', 'h5', () => compile(tmp, ours, ['apifm-wasm'], undefined, surface))).files, [['uniapp.mjs']]);
    // The vendor SDKs themselves are left alone.
    const vendor = { 'apifm-uniapp': path.dirname(require.resolve('apifm-uniapp/package.json', { paths: [DIR] })) };
    const v = await withEnv('UNI_PLATFORM', 'mp-weixin', () => compile(tmp, vendor, ['apifm-uniapp']));
    assert.deepEqual(v.files, [['index.js']]);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

// --- the project builds -----------------------------------------------------------
test('uniapp-vue2 h5: the plugin changes nothing in the browser build', async () => {
  const withPlugin = await built('h5', 'plugin');
  const without = await built('h5', 'none');
  const files = filesOf(withPlugin);
  assert.deepEqual(files, filesOf(without));
  for (const f of files) assert.ok(sameBytes(path.join(withPlugin, f), path.join(without, f)), `${f} differs with the plugin`);
});

test('uniapp-vue2 mp-weixin none: the message names the vue.config.js line first, and the folder under an alias name', async () => {
  const out = await built('mp-weixin', 'none');
  const backend = suite.backend();
  backend.reset();
  const r = await runMiniProgram(out, { backend, until: (data) => JSON.stringify(data).includes('apifm') });
  const message = JSON.parse(Object.values(r.pageData).find((v) => typeof v === 'string' && v.startsWith('{"apifm"'))).apifm.goodsDetail.message;
  assert.match(message, /; uni-app \(Vue 2, vue-cli or HBuilderX\): add configureWebpack: \{ plugins: \[require\('apifm-wasm\/webpack'\)\(\)\] \} to vue\.config\.js; uni-app \(Vue 3, Vite\)/);
  assert.match(message, /node_modules\/apifm-uniapp\/miniprogram_dist\/apifm_wasm_bg\.wasm\.br after npm install apifm-uniapp@npm:apifm-wasm/);
});
