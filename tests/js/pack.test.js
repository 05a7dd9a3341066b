// The npm tarball: `npm pack` of pkg/ installs into a fresh project and works
// from every entry — require (CJS), import (ESM), TypeScript, and the
// mini-program folder — with the package.json fields a user's tools read.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const ROOT = path.join(__dirname, '..', '..');
const PKG = path.join(ROOT, 'pkg');
let dir;
let tarball;

function run(cmd, args, cwd, input) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', input, env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

test.before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apifm-pack-'));
  const out = JSON.parse(run('npm', ['pack', PKG, '--json', '--pack-destination', dir], ROOT));
  tarball = path.join(dir, out[0].filename);
  fs.mkdirSync(path.join(dir, 'app'));
  fs.writeFileSync(path.join(dir, 'app', 'package.json'), JSON.stringify({ name: 'app', private: true, version: '1.0.0' }));
  run('npm', ['install', '--no-package-lock', '--offline', tarball], path.join(dir, 'app'));
});
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('the tarball alone lets a user install, configure and debug: its README, changelog and docs', () => {
  const installed = path.join(dir, 'app', 'node_modules', 'apifm-wasm');
  const readme = fs.readFileSync(path.join(installed, 'README.md'), 'utf8');
  // install, a quick start per runtime and framework, support, sizes, differences, in Chinese and English
  for (const must of ['npm install apifm-wasm', "require('apifm-wasm')", "import WXAPI from 'apifm-wasm'", 'apifm-wasm/vite', "plugins: ['apifm-wasm/taro']",
    'apifm-wasm.min.js', 'Node.js ≥ 18', '支付宝小程序主线程', '不支持', '## 大小 / Sizes', '## 与 apifm-wxapi 的不同', '## English', 'apifm-wxapi@npm:apifm-wasm']) {
    assert.ok(readme.includes(must), `the packed README lacks ${JSON.stringify(must)}`);
  }
  assert.ok(readme.length > 3000, 'the packed README is the user README, not a pointer');
  // every docs/… and CHANGELOG.md it names is in the tarball
  const named = [...new Set(readme.match(/(docs\/[\w-]+\.md|CHANGELOG\.md)/g))];
  assert.ok(named.length >= 7, named.join(', '));
  for (const f of named) assert.ok(fs.existsSync(path.join(installed, f)), `${f} is named by the README but not shipped`);
  assert.match(fs.readFileSync(path.join(installed, 'CHANGELOG.md'), 'utf8'), /## Version policy[\s\S]*make regen/);
});

test('package.json has the fields tools read', () => {
  const pj = JSON.parse(fs.readFileSync(path.join(dir, 'app', 'node_modules', 'apifm-wasm', 'package.json'), 'utf8'));
  assert.equal(pj.main, 'index.js');
  assert.equal(pj.module, 'web.mjs');
  assert.equal(pj.types, 'index.d.ts');
  assert.equal(pj.miniprogram, 'miniprogram_dist');
  assert.equal(pj.sideEffects, false);
  assert.equal(pj.engines.node, '>=18');
  assert.deepEqual(pj.exports['.'].node, { import: './index.mjs', require: './index.js' });
  assert.equal(pj.exports['.'].browser, './web.mjs');
  assert.equal(pj.exports['.'].types, './index.d.ts');
  for (const f of ['index.js', 'index.mjs', 'web.mjs', 'index.d.ts', 'apifm_wasm_bg.wasm', 'miniprogram_dist/index.js', 'miniprogram_dist/apifm_wasm_bg.wasm.br', 'README.md', 'LICENSE']) {
    assert.ok(fs.existsSync(path.join(dir, 'app', 'node_modules', 'apifm-wasm', f)), f);
  }
});

test('the tarball holds only the files whitelist', () => {
  const listing = JSON.parse(run('npm', ['pack', PKG, '--dry-run', '--json'], ROOT))[0].files.map((f) => f.path).sort();
  assert.deepEqual(listing, ['CHANGELOG.md', 'LICENSE', 'README.md', 'apifm-wasm.min.js', 'apifm_wasm_bg.mjs', 'apifm_wasm_bg.wasm', 'bin/apifm-wasm.js',
    'docs/api.md', 'docs/compat.md', 'docs/errors.md', 'docs/frameworks.md', 'docs/hooks.md', 'docs/migration.md', 'docs/mock.md', 'docs/platforms.md', 'index.d.ts', 'index.js', 'index.mjs', 'maps/miniprogram_dist/index.js.map', 'miniprogram.mjs',
    'miniprogram_dist/apifm_wasm_bg.wasm.br', 'miniprogram_dist/index.js', 'package.json', 'plugin-common.cjs',
    'taro.d.ts', 'taro.js', 'uniapp-miniprogram.mjs', 'uniapp.d.ts', 'uniapp.mjs', 'uniapp/package.json', 'vite.cjs', 'vite.d.ts', 'vite.mjs', 'web.mjs', 'webapi-node.js', 'webapi-node.mjs', 'webapi-web.mjs', 'webapi.d.ts', 'webapi/package.json', 'webpack.d.ts', 'webpack.js']);
  process.stdout.write(`# tarball ${path.basename(tarball)}: ${fs.statSync(tarball).size} bytes\n`);
});

test('the installed package has the apifm-wasm command: `npx apifm-wasm mock` (docs/mock.md)', () => {
  const pj = JSON.parse(fs.readFileSync(path.join(dir, 'app', 'node_modules', 'apifm-wasm', 'package.json'), 'utf8'));
  assert.deepEqual(pj.bin, { 'apifm-wasm': 'bin/apifm-wasm.js' });
  const bin = path.join(dir, 'app', 'node_modules', '.bin', 'apifm-wasm');
  assert.ok(fs.existsSync(bin), 'npm linked no node_modules/.bin/apifm-wasm');
  assert.match(run(bin, ['--help'], path.join(dir, 'app')), /usage: apifm-wasm mock/);
});

const probe = `
  WXAPI.init('demo');
  const seen = [];
  WXAPI.init3({ request: (...a) => { seen.push(a); return Promise.resolve({ code: 0 }); } });
  WXAPI.goodsDetail(7).then((r) => {
    console.log(JSON.stringify({ r, seen, n: Object.keys(WXAPI).length, url: WXAPI.graphValidateCodeUrl('k') }));
  });
`;
const expected = { r: { code: 0 }, seen: [['/shop/goods/detail', true, 'get', { id: 7, token: '' }]], n: 973, url: 'https://api.it120.cc/demo/verification/pic/get?key=k' };

test('require() (CommonJS) from the installed package', () => {
  const out = run(process.execPath, ['-e', `const WXAPI = require('apifm-wasm');${probe}`], path.join(dir, 'app'));
  assert.deepEqual(JSON.parse(out), expected);
});

test('import (ESM, Node) — default and named exports', () => {
  fs.writeFileSync(path.join(dir, 'app', 'esm.mjs'), `import WXAPI, { goodsDetail, init } from 'apifm-wasm';\nif (goodsDetail !== WXAPI.goodsDetail || init !== WXAPI.init) throw new Error('named exports differ');\n${probe}`);
  const out = run(process.execPath, ['esm.mjs'], path.join(dir, 'app'));
  assert.deepEqual(JSON.parse(out), expected);
});

test('TypeScript resolves the types of the installed package', () => {
  fs.writeFileSync(path.join(dir, 'app', 'use.ts'), [
    "import WXAPI, { type ApiResult } from 'apifm-wasm';",
    "WXAPI.init('demo');",
    'const p: Promise<ApiResult> = WXAPI.goodsDetail(1);',
    "// @ts-expect-error missing id",
    'WXAPI.goodsDetail();',
    'void p;',
  ].join('\n'));
  fs.writeFileSync(path.join(dir, 'app', 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2020', lib: ['es2020', 'dom'], types: [] }, files: ['use.ts'] }));
  run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], path.join(dir, 'app'));
});

// apifm-webapi's surface (docs/migration.md): apifm-wasm/webapi from CommonJS, ESM and TypeScript;
// installed under the alias name apifm-webapi, the main entry keeps apifm-wxapi's surface and
// apifm-webapi/webapi is apifm-webapi's (what the one bundler alias line points to).
const webProbe = (from) => `
  WXAPI.init('demo');
  globalThis.fetch = async (url, init) => { console.log(JSON.stringify({ url, body: init.body, requestX: typeof WXAPI.requestX, from: '${from}' })); return new Response('{"code":0}'); };
  WXAPI.orderCreate({ token: 't', sku: [{ optionId: 1 }] });
`;
const webWire = { url: 'https://api.it120.cc/demo/order/create', body: 'token=t&sku%5B0%5D%5BoptionId%5D=1', requestX: 'function' };

test('apifm-wasm/webapi: require, import and TypeScript from the installed package', () => {
  const app = path.join(dir, 'app');
  assert.deepEqual(JSON.parse(run(process.execPath, ['-e', `const WXAPI = require('apifm-wasm/webapi');${webProbe('cjs')}`], app)), { ...webWire, from: 'cjs' });
  fs.writeFileSync(path.join(app, 'web.mjs'), `import WXAPI, { jssdkSign, requestX } from 'apifm-wasm/webapi';\nif (jssdkSign !== WXAPI.jssdkSign || requestX !== WXAPI.requestX) throw new Error('named exports differ');\n${webProbe('esm')}`);
  assert.deepEqual(JSON.parse(run(process.execPath, ['web.mjs'], app)), { ...webWire, from: 'esm' });
  fs.writeFileSync(path.join(app, 'web.ts'), "import WXAPI, { type ApiResult } from 'apifm-wasm/webapi';\nconst p: Promise<ApiResult> = WXAPI.requestX('/x', true, 'get', {});\nvoid WXAPI.request.interceptors.request.use((c) => c);\nvoid p;\n");
  fs.writeFileSync(path.join(app, 'tsconfig.web.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2020', lib: ['es2020', 'dom'], types: [] }, files: ['web.ts'] }));
  run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.web.json'], app);
});

test('apifm-wasm/uniapp: import from the installed package sends over uni.request with apifm-uniapp\'s options', () => {
  const app = path.join(dir, 'app');
  fs.writeFileSync(path.join(app, 'uni.mjs'), `globalThis.uni = { request: (o) => { console.log(JSON.stringify({ url: o.url, method: o.method, data: o.data, header: o.header })); o.success({ statusCode: 200, data: { code: 0 } }); }, getStorageSync: () => '' };
import WXAPI, { jssdkSign } from 'apifm-wasm/uniapp';
if (jssdkSign !== WXAPI.jssdkSign) throw new Error('named exports differ');
WXAPI.init('demo');
await WXAPI.cpsJdGoodsShotUrlSite({ token: 't' });
`);
  assert.deepEqual(JSON.parse(run(process.execPath, ['uni.mjs'], app)), { url: 'https://api.it120.cc/demo/cpsJdGoods/shotUrl/site', method: 'post', data: { token: 't' }, header: { 'Content-Type': 'application/x-www-form-urlencoded' } });
});

test('installed as apifm-webapi (npm alias): the main entry is apifm-wxapi\'s surface, apifm-webapi/webapi is apifm-webapi\'s', () => {
  const alias = path.join(dir, 'alias');
  fs.mkdirSync(alias);
  fs.writeFileSync(path.join(alias, 'package.json'), JSON.stringify({ name: 'alias-app', private: true, version: '1.0.0' }));
  run('npm', ['install', '--no-package-lock', '--offline', `apifm-webapi@file:${tarball}`], alias);
  const main = run(process.execPath, ['-e', "const W = require('apifm-webapi'); console.log(JSON.stringify([typeof W.requestX, typeof W.request, typeof W.jssdkSign]))"], alias);
  assert.deepEqual(JSON.parse(main), ['undefined', 'function', 'undefined']);
  assert.deepEqual(JSON.parse(run(process.execPath, ['-e', `const WXAPI = require('apifm-webapi/webapi');${webProbe('alias')}`], alias)), { ...webWire, from: 'alias' });
});

// Bundlers that ignore the exports map (webpack 4, so vue-cli 4 and uni-app's
// Vue 2 toolchain) resolve `apifm-wasm/<sub>` by its old rules: the FILE
// <sub> with each of resolve.extensions first, then the DIRECTORY <sub> and
// its package.json's main fields (browser, module, main for the web). So no
// root file may be named <sub>.<ext> unless it is the right build, and each
// subpath has a stub package.json whose fields name the build exports names.
// (The real webpack 4/5, Vite and esbuild resolutions: tests/frameworks/vuecli4.test.js, vuecli5.test.js, tests/js/resolve.test.js.)
const LEGACY_EXTENSIONS = ['.wasm', '.mjs', '.js', '.json', '.jsx', '.vue', '.cjs', '.ts', '.tsx']; // webpack 4's default, vue-cli's, and more
test('subpaths resolve to their browser build without the exports map: per-subpath stubs, no shadowing root file', () => {
  const installed = path.join(dir, 'app', 'node_modules', 'apifm-wasm');
  const pj = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
  const exportsOf = (sub) => pj.exports[`./${sub}`];
  for (const [sub, browser, main] of [['webapi', 'webapi-web.mjs', 'webapi-node.js'], ['uniapp', 'uniapp.mjs', 'uniapp.mjs']]) {
    // what a legacy resolver finds as a file: nothing, or the browser build itself
    for (const ext of LEGACY_EXTENSIONS) {
      const f = `${sub}${ext}`;
      if (fs.existsSync(path.join(installed, f))) assert.equal(f, browser, `${f} would shadow ${sub}/package.json under webpack 4`);
    }
    const stub = JSON.parse(fs.readFileSync(path.join(installed, sub, 'package.json'), 'utf8'));
    assert.equal(path.join(sub, stub.browser), browser, `${sub}/package.json browser`);
    assert.equal(path.join(sub, stub.module), browser, `${sub}/package.json module`);
    assert.equal(path.join(sub, stub.main), main, `${sub}/package.json main`);
    assert.equal(path.join(sub, stub.types), exportsOf(sub).types.slice(2));
    // the exports map agrees: browser bundlers get the same file
    const e = exportsOf(sub);
    assert.equal((e.browser || e.default).slice(2), browser);
    assert.deepEqual(fs.readdirSync(path.join(installed, sub)), ['package.json']);
  }
  assert.deepEqual([pj.browser, pj.module, pj.exports['.'].browser], ['web.mjs', 'web.mjs', './web.mjs']);
  // The Node builds (import.meta.url, node:fs) are only where Node looks.
  assert.deepEqual(pj.exports['./webapi'].node, { import: './webapi-node.mjs', require: './webapi-node.js' });
  // What the browser builds may not hold: webpack 4's parser (acorn 6) stops at ES2019.
  for (const f of ['web.mjs', 'webapi-web.mjs', 'uniapp.mjs']) {
    const code = fs.readFileSync(path.join(installed, f), 'utf8');
    assert.doesNotMatch(code, /import\.meta|node:|\?\?|\?\.[A-Za-z_$[(]/, f);
  }
});

test('the mini-program folder is self-contained', () => {
  const mp = path.join(dir, 'app', 'node_modules', 'apifm-wasm', 'miniprogram_dist');
  assert.deepEqual(fs.readdirSync(mp).sort(), ['apifm_wasm_bg.wasm.br', 'index.js']);
  const code = fs.readFileSync(path.join(mp, 'index.js'), 'utf8');
  // (the one `require('apifm-wasm/webpack')` is text: the vue.config.js line the unsupported message names)
  assert.doesNotMatch(code, /\brequire\((?!["']\.)(?!'apifm-wasm\/webpack'\))/, 'no require of outside modules');
  assert.doesNotMatch(code, /import\.meta/);
  // The code-package folders it looks in: "构建npm", the framework plugins, the old name.
  for (const dir of ['/miniprogram_npm/apifm-wasm/', '/apifm-wasm/', '/miniprogram_npm/apifm-wxapi/']) assert.ok(code.includes(`"${dir}"`), dir);
  assert.match(code, /"apifm_wasm_bg\.wasm"/);
});
