// Test helpers for the shim's sources without the wasm build:
//   shim(file)  a fresh copy of a js-shim module (bundled by esbuild as the
//               package build does; each call evaluates it anew: no state
//               shared with another test's copy)
//   fakeWx()    one fake mini-program `wx`: request/uploadFile/compressImage
//               record what they get and answer as the test says; storage
//   fresh(file) a fresh load of a CommonJS file (the built package: a WXAPI
//               object of its own, with its own engine)
'use strict';
const path = require('path');
const esbuild = require('esbuild');

const SHIM = path.join(__dirname, '..', '..', '..', 'js-shim');

/**
 * `files`: one module, or several bundled together (they share one copy of
 * what they import, e.g. call.js's Call). shim.with(globals, ...files): the
 * same with `globals` in scope (e.g. TextDecoder: undefined, as on mini-programs).
 */
function shim(...files) {
  return shimWith({}, ...files);
}
function shimWith(globals, ...files) {
  const contents = files.map((f) => `export * from ${JSON.stringify(`./${f}`)};`).join('\n');
  const out = esbuild.buildSync({ stdin: { contents, resolveDir: SHIM, sourcefile: 'shim-test-entry.js' }, bundle: true, format: 'cjs', platform: 'neutral', write: false, logLevel: 'silent' });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', ...Object.keys(globals), out.outputFiles[0].text)(module, module.exports, require, ...Object.values(globals)); // eslint-disable-line no-new-func
  return module.exports;
}
shim.with = shimWith;

/**
 * A fake `wx`. `answer(o, kind)` decides each request's outcome (default: a
 * 200 with {code: 0}, in a microtask); `hold: true` keeps the tasks for the
 * test (`tasks`) to answer. Every options object sent is in `sent`.
 */
function fakeWx({ answer, hold = false, storage = {} } = {}) {
  const wx = {
    sent: [],
    tasks: [],
    aborted: 0,
    storage,
    getStorageSync: (k) => (k in storage ? storage[k] : ''),
    setStorageSync: (k, v) => {
      storage[k] = v;
    },
  };
  const task = (o, kind) => {
    wx.sent.push(Object.assign({ kind }, o));
    const t = { abort: () => {
      wx.aborted++;
      if (o.fail) o.fail({ errMsg: `${kind}:fail abort` });
    } };
    if (hold) wx.tasks.push(o);
    else if (answer) answer(o, kind);
    else Promise.resolve().then(() => o.success({ statusCode: 200, data: kind === 'request' ? { code: 0 } : '{"code":0}' }));
    return t;
  };
  wx.request = (o) => task(o, 'request');
  wx.uploadFile = (o) => task(o, 'uploadFile');
  wx.compressImage = (o) => {
    wx.sent.push(Object.assign({ kind: 'compressImage' }, o));
    Promise.resolve().then(() => o.success({ tempFilePath: `${o.src}.compressed` }));
  };
  return wx;
}

function fresh(file) {
  const resolved = require.resolve(file);
  delete require.cache[resolved];
  return require(resolved); // eslint-disable-line global-require
}

module.exports = { shim, fakeWx, fresh };
