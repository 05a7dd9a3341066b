// apifm-wasm/uniapp's getLocation() in a tree-shaken uni-app H5 build: there
// uni-app's compiler replaces each `uni.<api>` member expression with an
// import of that one function and leaves the global `uni` an empty object.
// Reproduced with esbuild's `define` over the built pkg/uniapp.mjs: the
// helper must call the rewritten functions, never look them up on `uni`.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const esbuild = require('esbuild');

const ROOT = path.join(__dirname, '..', '..');

test('getLocation in a tree-shaken uni-app H5 build calls the rewritten uni.getLocation', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apifm-uni-h5-'));
  const out = path.join(dir, 'page.mjs');
  const define = {};
  for (const api of ['getLocation', 'showLoading', 'hideLoading', 'getSystemInfoSync', 'request', 'uploadFile', 'compressImage', 'getStorageSync']) {
    define[`uni.${api}`] = `globalThis.__uniH5.${api}`;
  }
  await esbuild.build({
    stdin: { contents: `import WXAPI from ${JSON.stringify(path.join(ROOT, 'pkg', 'uniapp.mjs'))};\nexport default WXAPI;\n`, resolveDir: ROOT },
    bundle: true, format: 'esm', platform: 'neutral', outfile: out, define, logLevel: 'error',
  });
  const calls = [];
  globalThis.uni = {}; // uni-h5's global after tree-shaking
  globalThis.__uniH5 = {
    getLocation: (o) => { calls.push('getLocation'); setTimeout(() => { o.success({ longitude: 113.32, latitude: 23.13 }); if (o.complete) o.complete(); }); },
    showLoading: () => calls.push('showLoading'),
    hideLoading: () => calls.push('hideLoading'),
    getSystemInfoSync: () => ({ platform: 'android' }),
  };
  try {
    const WXAPI = (await import(out)).default;
    const where = await WXAPI.getLocation();
    assert.deepEqual(where, { long: 113.32, lat: 23.13 });
    assert.deepEqual(calls, ['showLoading', 'getLocation', 'hideLoading']);
  } finally {
    delete globalThis.uni;
    delete globalThis.__uniH5;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
