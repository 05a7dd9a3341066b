// Tree-shaking: an app that imports a few methods by name ships only their
// rows (and names); the default WXAPI object still has every method (from
// the packed table, js-shim/all.js). Each
// method is its own export holding its table row (js-shim/methods.js), the
// wasm holds no row, and the ES module builds keep the /* @__PURE__ */
// marks that let any bundler drop the methods an app does not use.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const esbuild = require('esbuild');

const PKG = path.join(__dirname, '..', '..', 'pkg');
const ROW = {
  goodsDetail: '/shop/goods/detail|',
  banners: '/banner/list|',
  cmsArticles: '/cms/news/list|',
  orderCreate: '/order/create|',
};

function bundle(entry, source) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apifm-shake-'));
  const file = path.join(dir, 'app.mjs');
  fs.writeFileSync(file, source.replace('PKG', JSON.stringify(path.join(PKG, entry))));
  const r = esbuild.buildSync({ entryPoints: [file], bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent' });
  fs.rmSync(dir, { recursive: true, force: true });
  return r.outputFiles[0].text;
}

for (const entry of ['web.mjs', 'miniprogram.mjs']) {
  test(`${entry}: two named imports ship two rows; the default object ships all`, () => {
    const named = bundle(entry, "import { init, goodsDetail, banners } from PKG; init('demo'); goodsDetail(1); banners();");
    assert.ok(named.includes(ROW.goodsDetail) && named.includes(ROW.banners), 'the imported rows are in the bundle');
    assert.ok(!named.includes(ROW.cmsArticles) && !named.includes(ROW.orderCreate), 'rows of methods not imported were dropped');
    const whole = bundle(entry, "import WXAPI from PKG; WXAPI.init('demo'); WXAPI.goodsDetail(1);");
    assert.ok(named.length < whole.length * 0.75, `named ${named.length} B vs whole ${whole.length} B`);
  });

  test(`${entry}: the whole-SDK bundle's default object has every method, each sending its own row (the packed table)`, async () => {
    // Run as bundled: nothing loads at import; the calls go to a request function.
    const calls = Object.keys(ROW).map((n) => `WXAPI.${n}(${n === 'orderCreate' ? '{}' : n === 'goodsDetail' ? '1' : ''})`);
    const source = `import WXAPI from PKG; WXAPI.init3({ subDomain: 'demo', request: (url) => Promise.resolve(url) });
      export const count = Object.keys(WXAPI).filter((k) => typeof WXAPI[k] === 'function').length;
      export const urls = () => Promise.all([${calls.join(', ')}]);`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apifm-shake-run-'));
    try {
      const file = path.join(dir, 'whole.mjs');
      fs.writeFileSync(file, bundle(entry, source));
      const m = await import(file);
      assert.ok(m.count >= 969, `${m.count} methods`);
      // The mini-program build loads its wasm through WXWebAssembly only.
      if (entry === 'miniprogram.mjs') return;
      const urls = await m.urls();
      Object.values(ROW).forEach((r, i) => assert.ok(urls[i].endsWith(r.slice(0, -1)), `${urls[i]} sends ${r}`));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('the ES module builds mark every method pure; the wasm holds no table row', () => {
  for (const entry of ['web.mjs', 'miniprogram.mjs', 'index.mjs']) {
    const text = fs.readFileSync(path.join(PKG, entry), 'utf8');
    const marks = text.match(/\/\* @__PURE__ \*\//g) || [];
    assert.ok(marks.length >= 969, `${entry}: ${marks.length} pure marks`);
  }
  const wasm = fs.readFileSync(path.join(PKG, 'apifm_wasm_bg.wasm')).toString('latin1');
  for (const row of Object.values(ROW)) assert.ok(!wasm.includes(row), `the wasm holds ${row}`);
});

test('named methods and the default object share one engine: init() through either configures both', async () => {
  const { default: WXAPI, init, goodsDetail, withOptions } = await import(path.join(PKG, 'index.mjs'));
  assert.equal(goodsDetail, WXAPI.goodsDetail, 'one function per method');
  init('shared-sub');
  let sent;
  WXAPI.init3({ request: (url, needSubDomain, method, data) => { sent = { url, needSubDomain, method, data }; return Promise.resolve({ code: 0 }); } });
  await goodsDetail(7);
  assert.deepEqual(sent, { url: '/shop/goods/detail', needSubDomain: true, method: 'get', data: { id: 7, token: '' } });
  await withOptions({ timeout: 1000 }).goodsDetail(8);
  assert.equal(sent.data.id, 8);
  WXAPI.init3({ request: null });
});
