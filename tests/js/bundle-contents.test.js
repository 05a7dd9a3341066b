// What each mini-program build carries: only what a mini-program runs. No
// fetch transport, no browser loader or the inflater of its wasm, no Node
// code, no wasm inside (a mini-program reads the .wasm.br of its code
// package). Read from the build's own module list: the source map of
// miniprogram_dist/index.js, and for the ES module builds the plugins resolve
// to (miniprogram.mjs, uniapp-miniprogram.mjs) the same entries bundled again
// as tools/build-pkg.js does.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const ROOT = path.join(__dirname, '..', '..');
const SHIM = path.join(ROOT, 'js-shim');

// Modules no mini-program runs, and why each would have come in.
const BANNED = {
  'js-shim/transports/fetch.js': 'the fetch transport (browsers, Node)',
  'js-shim/detect.js': 'the transport picker with fetch (entries of browsers and Node)',
  'js-shim/loaders/browser.js': 'the browser loader',
  'js-shim/inflate.js': "the browser build's inflater",
  'js-shim/entries/web.js': 'the runtime of web.mjs (decided at the first call)',
  'js-shim/entries/node-load.js': 'the Node loader',
  'js-shim/entries/node-cjs.js': 'the Node runtime',
  'js-shim/entries/node-esm.js': 'the Node runtime',
  'pkg/apifm_wasm_bg.mjs': 'the wasm in base64 (browser builds carry it)',
};

function check(name, inputs) {
  const found = inputs.map((f) => f.replace(/^apifm-wasm\//, '')).filter((f) => BANNED[f]);
  assert.deepEqual(found.map((f) => `${f}: ${BANNED[f]}`), [], `${name} carries what mini-programs do not run`);
  // and what it must carry: the mini-program loader with its messages
  assert.ok(inputs.some((f) => /js-shim\/loaders\/miniprogram\.js$/.test(f)), `${name} has the mini-program loader`);
}

test('pkg/miniprogram_dist/index.js carries only what mini-programs run (its source map)', () => {
  const map = JSON.parse(fs.readFileSync(path.join(ROOT, 'pkg', 'maps', 'miniprogram_dist', 'index.js.map'), 'utf8'));
  check('miniprogram_dist/index.js', map.sources);
});

for (const [out, entry, engine] of [
  ['miniprogram.mjs', 'methods.js', 'miniprogram.js'],
  ['uniapp-miniprogram.mjs', path.join('uniapp', 'methods.js'), 'uniapp-miniprogram.js'],
]) {
  test(`pkg/${out} carries only what mini-programs run (its entries bundled again)`, () => {
    const r = esbuild.buildSync({
      entryPoints: [path.join(SHIM, entry)], bundle: true, write: false, metafile: true, format: 'esm', platform: 'neutral', target: 'es2017',
      absWorkingDir: ROOT, outfile: path.join(ROOT, 'out.mjs'), logLevel: 'silent', external: ['apifm-glue'],
      alias: { 'apifm-engine': path.join(SHIM, 'entries', engine), 'apifm-wasm-module': path.join(ROOT, 'pkg', 'apifm_wasm_bg.mjs') },
    });
    check(out, Object.keys(r.metafile.inputs));
  });
}

test('the check sees a build that carries them (web.mjs)', () => {
  const r = esbuild.buildSync({
    entryPoints: [path.join(SHIM, 'methods.js')], bundle: true, write: false, metafile: true, format: 'esm', platform: 'browser', target: 'es2019',
    absWorkingDir: ROOT, outfile: path.join(ROOT, 'out.mjs'), logLevel: 'silent', external: ['apifm-glue'],
    alias: { 'apifm-engine': path.join(SHIM, 'entries', 'web.js'), 'apifm-wasm-module': path.join(ROOT, 'pkg', 'apifm_wasm_bg.mjs') },
  });
  assert.throws(() => check('web.mjs', Object.keys(r.metafile.inputs)), /fetch\.js: the fetch transport/);
});
