// Every value the types export (index.d.ts: `export declare const/class`,
// the default) is exported at run time by every entry: Node CommonJS
// (require), Node ESM, the browser/bundler build and the mini-program ES
// module — so `import { WXAPIError, ready, withOptions } from 'apifm-wasm'`
// works wherever it type-checks. Importing loads nothing (ready is a thenable).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');

const PKG = path.join(__dirname, '..', '..', 'pkg');
const dts = fs.readFileSync(path.join(PKG, 'index.d.ts'), 'utf8');
const declared = [...dts.matchAll(/^export declare (?:const|class) ([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]);

test('the types declare the runtime names, WXAPIError, ready and withOptions among them', () => {
  assert.ok(declared.length >= 975, `${declared.length} names`);
  for (const n of ['WXAPIError', 'ready', 'withOptions', 'init', 'goodsDetail', 'request']) assert.ok(declared.includes(n), n);
});

for (const file of ['index.mjs', 'web.mjs', 'miniprogram.mjs']) {
  test(`${file}: every declared name is a named export, and the default is the WXAPI object`, async () => {
    const m = await import(pathToFileURL(path.join(PKG, file)).href);
    const missing = declared.filter((n) => !(n in m) || m[n] === undefined);
    assert.deepEqual(missing, []);
    assert.equal(m.WXAPIError, m.default.WXAPIError);
    assert.equal(m.goodsDetail, m.default.goodsDetail);
    assert.equal(typeof m.withOptions({ timeout: 5 }).goodsDetail, 'function');
    assert.equal(typeof m.ready.then, 'function');
  });
}

test('index.js (require): every declared name is a property of the object', () => {
  const W = require(PKG);
  const missing = declared.filter((n) => W[n] === undefined);
  assert.deepEqual(missing, []);
  assert.equal(W.default, W);
});

test('await ready (the named export) loads the core in Node ESM', async () => {
  const m = await import(pathToFileURL(path.join(PKG, 'index.mjs')).href);
  m.init('demo');
  await m.ready;
  assert.equal(m.graphValidateCodeUrl('k'), 'https://api.it120.cc/demo/verification/pic/get?key=k');
  assert.throws(() => m.init('a/b'), m.WXAPIError);
});
