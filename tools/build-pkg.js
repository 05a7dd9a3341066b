#!/usr/bin/env node
// Builds pkg/: the npm package, every target from one wasm.
//   1. cargo (nightly, -Zbuild-std, target-cpu=mvp): an MVP-only module that
//      iOS WeChat accepts, with panics compiled to a bare abort.
//   2. wasm-bindgen --target bundler: its _bg.js glue is used as generated
//      (js-shim/core.js); each runtime's loader instantiates the wasm itself.
//   3. only function and memory exports kept (iOS WXWebAssembly), then
//      wasm-opt -Oz (binaryen >= 110 from npm; Debian's 108 breaks the table).
//   4. esbuild bundles the shim per target; the MVP scan and the externref
//      table check run on the result.
// Usage: node tools/build-pkg.js   (tools/setup.sh installs the toolchain)
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const ROOT = path.join(__dirname, '..');
const TARGET = path.join(ROOT, 'target');
const BUILD = path.join(TARGET, 'pkg-build');
const PKG = path.join(ROOT, 'pkg');
const NAME = 'apifm_wasm';

function run(cmd, args, env) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    process.stderr.write(`build-pkg: ${cmd} ${args.join(' ')} failed\n`);
    process.exit(1);
  }
}
const t0 = Date.now();
const step = (what) => process.stdout.write(`[build-pkg] ${what} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);

// 1. the wasm
step('cargo build (nightly, build-std, MVP)');
// The standard library's `alloc` and `core` (built here from source) at
// opt-level 3, our crates at "z" (Cargo.toml): their small helpers (RawVec
// growth, layouts, str searching) get inlined, which makes the wasm both
// faster (−14 % of its time per call) and smaller (−0.4 KB gzip) than at
// "z" (docs/performance.md). Given here rather than in Cargo.toml, where
// every native build would warn that no package of its graph is named so.
const STD_OPT = ['--config', 'profile.release.package.alloc.opt-level=3', '--config', 'profile.release.package.core.opt-level=3'];
run('cargo', ['+nightly', 'build', '--release', '--locked', '--target', 'wasm32-unknown-unknown', '-p', 'apifm-wasm', '-Zbuild-std=std,panic_abort', ...STD_OPT], {
  RUSTFLAGS: '-C target-cpu=mvp -C target-feature=+mutable-globals -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none -D warnings',
  CARGO_TARGET_DIR: path.join(TARGET, 'mvp'),
});
const raw = path.join(TARGET, 'mvp', 'wasm32-unknown-unknown', 'release', `${NAME}.wasm`);

// 2. the glue: wasm-bindgen's bundler target, used as generated. Its
// apifm_wasm_bg.js is a plain module (the exported functions and
// __wbg_set_wasm); js-shim/core.js imports it and each loader instantiates
// the _bg.wasm itself. Checked, never edited: it must not touch a platform
// global, since it runs at module load in every runtime.
step('wasm-bindgen');
fs.rmSync(BUILD, { recursive: true, force: true });
fs.mkdirSync(BUILD, { recursive: true });
run('wasm-bindgen', ['--target', 'bundler', '--no-typescript', '--out-dir', BUILD, raw]);
const glueFile = path.join(BUILD, `${NAME}_bg.js`);
const glue = fs.readFileSync(glueFile, 'utf8');
for (const banned of ['import.meta', 'fetch(', 'WebAssembly', 'new URL(', 'TextEncoder', 'TextDecoder', 'document', 'window', 'require(']) {
  if (glue.includes(banned)) {
    process.stderr.write(`build-pkg: wasm-bindgen's glue uses ${banned} (a string crossed the boundary?): src/lib.rs must export numbers only\n`);
    process.exit(1);
  }
}
if (!/export function __wbg_set_wasm\(/.test(glue)) {
  process.stderr.write('build-pkg: the wasm-bindgen glue has an unexpected shape (is wasm-bindgen-cli the pinned version?)\n');
  process.exit(1);
}

// 3. exports iOS accepts (functions and memory), then wasm-opt
step('exports, wasm-opt');
const bindgenWasm = path.join(BUILD, `${NAME}_bg.wasm`);
const { filterExports, shipped, WASM_OPT } = require('./wasm-exports.js');
fs.writeFileSync(bindgenWasm, filterExports(fs.readFileSync(bindgenWasm), shipped).bytes);
const wasmOpt = path.join(ROOT, 'node_modules', '.bin', 'wasm-opt');
const optimized = path.join(BUILD, `${NAME}_bg.opt.wasm`);
// --low-memory-unused: the first KB of memory is never touched (the linker
// puts the 1 MB stack first, growing down from 1 MB, and the data above it),
// so constant offsets fold into loads and stores (−0.4 KB); --converge runs
// the passes until nothing shrinks; --flatten --rereloop and -Oz again
// rebuild each function's control flow, which -Oz then writes smaller
// (−0.4 KB). tools/size-profile.js uses the same flags.
run(wasmOpt, [bindgenWasm, ...WASM_OPT, '--mvp-features', '--enable-mutable-globals',
  '--strip-debug', '--strip-producers', '--strip-target-features', '-o', optimized]);

// 4. bundles
step('esbuild');
fs.rmSync(PKG, { recursive: true, force: true });
fs.mkdirSync(path.join(PKG, 'miniprogram_dist'), { recursive: true });
fs.copyFileSync(optimized, path.join(PKG, `${NAME}_bg.wasm`));
// The wasm artefacts first (the <script> build bundles the browser one).
// Mini-programs get the wasm brotli-compressed only (docs/platforms.md): the
// main package is capped at 2 MB and WXWebAssembly reads .wasm.br from base
// library 2.14.0; older ones use the plain .wasm at the package root.
const wasmBytes = fs.readFileSync(optimized);
const brotli = zlib.brotliCompressSync(wasmBytes, { params: {
  [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
  [zlib.constants.BROTLI_PARAM_SIZE_HINT]: wasmBytes.length,
} });
if (!zlib.brotliDecompressSync(brotli).equals(wasmBytes)) {
  process.stderr.write('build-pkg: the .wasm.br does not decompress to the .wasm\n');
  process.exit(1);
}
fs.writeFileSync(path.join(PKG, 'miniprogram_dist', `${NAME}_bg.wasm.br`), brotli);
// The browser build imports the wasm as a module of its own, deflated
// (js-shim/loaders/browser.js, js-shim/inflate.js).
const deflated = zlib.deflateRawSync(wasmBytes, { level: 9, memLevel: 9 });
if (!zlib.inflateRawSync(deflated).equals(wasmBytes)) {
  process.stderr.write('build-pkg: the deflated wasm does not inflate to the .wasm\n');
  process.exit(1);
}
fs.writeFileSync(path.join(PKG, `${NAME}_bg.mjs`), `// apifm-wasm's wasm core: ${wasmBytes.length} bytes, deflated (raw), base64\n`
  + `export const size = ${wasmBytes.length};\nexport default "${deflated.toString('base64')}";\n`);

const esbuild = require('esbuild');
const shim = path.join(ROOT, 'js-shim');
const common = {
  bundle: true,
  minify: !process.env.APIFM_DEBUG_BUILD, // APIFM_DEBUG_BUILD=1: readable bundles for profiling
  keepNames: false,
  legalComments: 'none',
  // 'apifm-wasm-module': the wasm deflated in base64 (written above), bundled
  // into each browser build that loads it (js-shim/loaders/browser.js).
  alias: { 'apifm-glue': glueFile, 'apifm-wasm-module': path.join(PKG, `${NAME}_bg.mjs`) },
  // Left for the app's bundler to replace (js-shim/errors.js devBuild()):
  // esbuild would otherwise write its own guess into the browser builds.
  define: { 'process.env.NODE_ENV': 'process.env.NODE_ENV' },
  logLevel: 'warning',
};
// Every build's entry is js-shim/methods.js (one export per method, the
// WXAPI object as the default) or, for CommonJS and the <script> build,
// js-shim/all.js (the WXAPI object only, from packed strings; the footer
// makes it `module.exports`); 'apifm-engine' is the engine of the build's
// runtime.
const methods = path.join(shim, 'methods.js');
const cjs = path.join(shim, 'all.js');
const webapiMethods = path.join(shim, 'webapi', 'methods.js');
const webapiAll = path.join(shim, 'webapi', 'all.js');
const cjsFooter = { js: 'module.exports=module.exports.default;' };
const engine = (file) => ({ ...common.alias, 'apifm-engine': path.join(shim, 'entries', file) });
// The ES module builds are read by the app's bundler, which minifies them
// again: their whitespace stays, since minifying it would drop the
// /* @__PURE__ */ marks that let the bundler drop unused methods.
const esm = { minify: false, minifyIdentifiers: !process.env.APIFM_DEBUG_BUILD, minifySyntax: !process.env.APIFM_DEBUG_BUILD };
// The browser and mini-program builds (not Node's, kept readable) shorten the
// shim's own property names, those its stages call each other through (the
// call record, the loader, route, queue and dedupe objects, a transport's
// declaration, a runtime's): −1.3 KB raw, −0.2…0.26 KB gzip each. Only names that no platform
// API, app object, JSON text or public surface (index.d.ts, hooks' ctx,
// WXAPIError) uses, and that the shim never reads by a string: esbuild
// renames every `.name` and `name:` spelled so in the bundle, a global's
// method too (`random` would break Math.random, `now` Date.now).
const INTERNAL_PROPS = ['refused', 'cancelAttempt', 'onCancel', 'enqueue', 'audience', 'defaultTimeout', 'gated', 'repick',
  'shares', 'defer', 'failure', 'prepared', 'retryPolicy', 'hookRetried', 'settled', 'unwatch', 'answer', 'settle', 'slots',
  'setMax', 'lead', 'gate', 'slot', 'spec', 'sent', 'glue', 'track', 'core', 'start', 'step', 'run', 'enter', 'leave', 'limit',
  'check', 'startSoon', 'hooks', 'timer', 'calls', 'watch', 'release', 'listen', 'before', 'after', 'reply', 'ctx', 'sync', 'style', 'surface',
  'methods', 'main', 'load', 'debug', 'storage'];
const shortProps = process.env.APIFM_DEBUG_BUILD ? {} : { mangleProps: new RegExp(`^(${INTERNAL_PROPS.join('|')})$`) };
// The Node builds are not minified at all: an error's stack frames and the
// source line Node prints over an uncaught error are the shim's own code
// (one minified line was 48 KB on stderr); their size is not shipped to a
// browser or a code package.
const node = { minify: false };
// The browser ES builds are parsed by every bundler an H5 shop uses, webpack 4
// (vue-cli 4) included, whose parser (acorn 6) reads nothing past ES2019: no
// `?.`, `??` or import.meta may reach them (esbuild lowers or refuses them).
const WEBPACK4 = 'es2019';
const builds = [
  { entryPoints: [cjs], outfile: path.join(PKG, 'index.js'), platform: 'node', format: 'cjs', target: 'node18', alias: engine('node-cjs.js'), footer: cjsFooter, ...node },
  { entryPoints: [methods], outfile: path.join(PKG, 'index.mjs'), platform: 'node', format: 'esm', target: 'node18', alias: engine('node-esm.js'), ...node },
  { entryPoints: [methods], outfile: path.join(PKG, 'web.mjs'), platform: 'browser', format: 'esm', target: WEBPACK4, alias: engine('web.js'), ...esm, ...shortProps },
  // Minified (the code package is capped); its source map ships beside
  // miniprogram_dist/, not in it (devtools copies that folder whole).
  { entryPoints: [cjs], outfile: path.join(PKG, 'miniprogram_dist', 'index.js'), platform: 'neutral', format: 'cjs', target: 'es2017', alias: engine('miniprogram.js'), footer: cjsFooter, sourcemap: 'external', ...shortProps },
  // The same mini-program build as an ES module with named exports: what the
  // uni-app/Vite and Taro plugins (plugins/) make `apifm-wasm` resolve to.
  { entryPoints: [methods], outfile: path.join(PKG, 'miniprogram.mjs'), platform: 'neutral', format: 'esm', target: 'es2017', alias: engine('miniprogram.js'), ...esm, ...shortProps },
  // apifm-wasm/webapi (apifm-webapi's surface): the same core and shim, its
  // own rows (js-shim/webapi/) and an engine with apifm-webapi's encoding style.
  // No root file may be named webapi.<ext>: webpack 4 (no `exports`) tries
  // `apifm-wasm/webapi` as a file first, and must reach the webapi/ stub
  // (pkg-template/webapi/package.json) that points at the browser build.
  { entryPoints: [webapiAll], outfile: path.join(PKG, 'webapi-node.js'), platform: 'node', format: 'cjs', target: 'node18', alias: engine('webapi-node-cjs.js'), footer: cjsFooter, ...node },
  { entryPoints: [webapiMethods], outfile: path.join(PKG, 'webapi-node.mjs'), platform: 'node', format: 'esm', target: 'node18', alias: engine('webapi-node-esm.js'), ...node },
  { entryPoints: [webapiMethods], outfile: path.join(PKG, 'webapi-web.mjs'), platform: 'browser', format: 'esm', target: WEBPACK4, alias: engine('webapi-web.js'), ...esm, ...shortProps },
  // apifm-wasm/uniapp (apifm-uniapp's surface, over uni.request): one ES
  // module for uni-app's mini-program and H5 builds (the runtime is picked at
  // the first call, as web.mjs does).
  { entryPoints: [path.join(shim, 'uniapp', 'methods.js')], outfile: path.join(PKG, 'uniapp.mjs'), platform: 'neutral', format: 'esm', target: 'es2017', alias: engine('uniapp.js'), ...esm, ...shortProps },
  // The same surface over the mini-program runtime only: what the uni-app
  // plugin makes apifm-wasm/uniapp resolve to in mini-program builds.
  { entryPoints: [path.join(shim, 'uniapp', 'methods.js')], outfile: path.join(PKG, 'uniapp-miniprogram.mjs'), platform: 'neutral', format: 'esm', target: 'es2017', alias: engine('uniapp-miniprogram.js'), ...esm, ...shortProps },
  // The command line (`npx apifm-wasm mock`): the mock backend with its
  // routes and the documented examples inside (mock/, docs/mock.md).
  { entryPoints: [path.join(ROOT, 'mock', 'cli.js')], outfile: path.join(PKG, 'bin', 'apifm-wasm.js'), platform: 'node', format: 'cjs', target: 'node18', charset: 'utf8' },
];
for (const b of builds) esbuild.buildSync({ ...common, ...b });
// The mini-program build's source map names its sources by their path in
// this repository (their text is inside it: sourcesContent).
function placeMap(from, to) {
  const map = JSON.parse(fs.readFileSync(from, 'utf8'));
  map.sources = map.sources.map((s) => `apifm-wasm/${path.relative(ROOT, path.resolve(path.dirname(from), s)).split(path.sep).join('/')}`);
  fs.rmSync(from);
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.writeFileSync(to, JSON.stringify(map));
}
placeMap(path.join(PKG, 'miniprogram_dist', 'index.js.map'), path.join(PKG, 'maps', 'miniprogram_dist', 'index.js.map'));

// <script src="…/apifm-wasm.min.js">: the browser build as one classic
// script with the wasm inside, defining the global WXAPI (no bundler, no
// second file: a CDN serves it as it is).
const script = {
  entryPoints: [cjs], outfile: path.join(PKG, 'apifm-wasm.min.js'), platform: 'browser', format: 'iife', target: 'es2017',
  globalName: 'WXAPI', footer: { js: 'WXAPI=WXAPI.default;' }, minify: true, alias: engine('web.js'), ...shortProps,
};
esbuild.build({ ...common, ...script }).then(finish, (e) => {
  process.stderr.write(`build-pkg: the <script> build failed: ${e && e.message}\n`);
  process.exit(1);
});

function finish() {
  // package metadata, and the per-subpath stubs (webapi/package.json,
  // uniapp/package.json: browser/module/main fields one level up) that
  // bundlers without `exports` support (webpack 4) resolve subpaths through
  const template = path.join(ROOT, 'pkg-template');
  // (pkg-template/types/ holds the hand-written TypeScript the generator
  // fills into the .d.ts files: not shipped)
  fs.cpSync(template, PKG, { recursive: true, filter: (f) => f !== path.join(template, 'types') });
  fs.copyFileSync(path.join(ROOT, 'LICENSE'), path.join(PKG, 'LICENSE'));
  fs.copyFileSync(path.join(ROOT, 'CHANGELOG.md'), path.join(PKG, 'CHANGELOG.md'));
  // The user documentation travels with the package (the README links to it).
  fs.mkdirSync(path.join(PKG, 'docs'));
  for (const f of ['frameworks.md', 'platforms.md', 'migration.md', 'compat.md', 'errors.md', 'api.md', 'mock.md', 'hooks.md']) {
    fs.copyFileSync(path.join(ROOT, 'docs', f), path.join(PKG, 'docs', f));
  }
  // The framework plugins (apifm-wasm/vite, apifm-wasm/taro) ship as they are.
  const plugins = path.join(ROOT, 'plugins');
  for (const f of fs.readdirSync(plugins)) fs.copyFileSync(path.join(plugins, f), path.join(PKG, f));
  fs.chmodSync(path.join(PKG, 'bin', 'apifm-wasm.js'), 0o755);

  // 5. checks on the shipped wasm
  step('checks');
  run(process.execPath, [path.join(ROOT, 'tests', 'tools', 'mvp-scan.js'), path.join(PKG, `${NAME}_bg.wasm`)]);
  step('done');
}
