// The byte counts of `make bench` (bench/run.js): what each target ships, and
// what tiny H5 apps bundle to. Also read by tools/doc-sizes.js, which writes
// the sizes the docs state from `make bench`'s output (or measures them the
// same way with --measure), and by the docs test that keeps them true.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');

const ROOT = path.join(__dirname, '..');
const PKG = path.join(ROOT, 'pkg');
const REF_FILE = path.join(path.dirname(require.resolve('apifm-wxapi/package.json')), 'miniprogram_dist', 'index.js');

const sizes = (buf) => ({
  raw: buf.length,
  gzip: zlib.gzipSync(buf, { level: 9 }).length,
  brotli: zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});
const sumSizes = (files) => files.map((f) => sizes(fs.readFileSync(f))).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }));

/** Shipped bytes per target, against the reference's miniprogram_dist/index.js. */
function shipped() {
  const ref = sizes(fs.readFileSync(REF_FILE));
  const targets = {
    'mini-program (index.js + .wasm.br)': [path.join(PKG, 'miniprogram_dist', 'index.js'), path.join(PKG, 'miniprogram_dist', 'apifm_wasm_bg.wasm.br')],
    'ESM browser (web.mjs, the wasm inside)': [path.join(PKG, 'web.mjs')],
    'Node CJS (index.js + wasm)': [path.join(PKG, 'index.js'), path.join(PKG, 'apifm_wasm_bg.wasm')],
    '<script> (apifm-wasm.min.js, the wasm inside)': [path.join(PKG, 'apifm-wasm.min.js')],
  };
  const rows = Object.entries(targets).map(([name, files]) => ({ name, ours: sumSizes(files), ref }));
  rows.push({ name: '  of which .wasm', ours: sizes(fs.readFileSync(path.join(PKG, 'apifm_wasm_bg.wasm'))), ref: null });
  rows.push({ name: '  of which the browser build\'s wasm (deflated, base64: apifm_wasm_bg.mjs)', ours: sizes(fs.readFileSync(path.join(PKG, 'apifm_wasm_bg.mjs'))), ref: null });
  rows.push({ name: '  of which mini-program JS', ours: sizes(fs.readFileSync(path.join(PKG, 'miniprogram_dist', 'index.js'))), ref: null });
  rows.push({ name: '  of which mini-program .wasm.br', ours: sizes(fs.readFileSync(path.join(PKG, 'miniprogram_dist', 'apifm_wasm_bg.wasm.br'))), ref: null });
  return rows;
}

// Three tiny apps bundled for the browser (esbuild, minified, tree-shaking):
// the whole SDK through the default export, five named imports, and the same
// calls with apifm-webapi (+ axios + qs) — the H5 SDK users have today.
function h5Bytes() {
  const esbuild = require('esbuild');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apifm-h5-bytes-'));
  const apps = {
    'whole SDK (default import: init + goodsDetail)': `import WXAPI from ${JSON.stringify(path.join(PKG, 'web.mjs'))}; WXAPI.init('demo'); WXAPI.goodsDetail(1).then((r) => console.log(r));`,
    'five named imports': `import { init, goodsDetail, banners, goods, shippingCarInfo } from ${JSON.stringify(path.join(PKG, 'web.mjs'))}; init('demo'); Promise.all([goodsDetail(1), banners({ type: 'index' }), goods({ page: 1 }), shippingCarInfo('t')]).then((r) => console.log(r));`,
    'apifm-webapi + axios + qs (init + goodsDetail)': "import WXAPI from 'apifm-webapi'; WXAPI.init('demo'); WXAPI.goodsDetail(1).then((r) => console.log(r));",
  };
  const out = {};
  try {
    for (const [name, code] of Object.entries(apps)) {
      const entry = path.join(dir, 'entry.js');
      fs.writeFileSync(entry, code);
      const r = esbuild.buildSync({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2020', write: false, nodePaths: [path.join(ROOT, 'node_modules')], logLevel: 'silent' });
      out[name] = sizes(Buffer.from(r.outputFiles[0].contents));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

module.exports = { sizes, shipped, h5Bytes, REF_FILE };
