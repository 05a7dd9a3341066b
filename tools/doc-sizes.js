#!/usr/bin/env node
// Writes the sizes the docs state from `make bench`'s output (out/bench.json),
// between <!-- sizes:NAME --> and <!-- /sizes:NAME --> marks:
//   pkg-template/README.md  sizes:readme-zh, sizes:readme-en (the Sizes tables)
//   README.md                sizes:script (the <script> build, in a sentence)
//   docs/platforms.md        sizes:miniprogram (what a mini-program's main package holds)
// Usage: node tools/doc-sizes.js            (after make bench: reads out/bench.json)
//        node tools/doc-sizes.js --measure  (measures pkg/ as make bench does: bench/sizes.js)
//        node tools/doc-sizes.js --check    (fails when a doc's region differs from what it would write)
// The docs test (tests/js/docs.test.js) checks the stated numbers against the
// current build within 3 %, the slack of the byte budgets.
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');

function load() {
  if (process.argv.includes('--measure')) {
    const { shipped, h5Bytes } = require('../bench/sizes.js');
    return { shipped: shipped(), h5: h5Bytes() };
  }
  const file = path.join(ROOT, 'out', 'bench.json');
  if (!fs.existsSync(file)) {
    process.stderr.write('doc-sizes: no out/bench.json: run `make bench` first (or pass --measure)\n');
    process.exit(2);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** The numbers the docs use, from bench output ({shipped: [{name, ours}], h5: {name: sizes}}). */
function figures(bench) {
  const row = (name) => {
    const r = bench.shipped.find((x) => x.name.trim() === name);
    if (!r) throw new Error(`doc-sizes: bench output has no row '${name}' (run make bench with this tree)`);
    return r.ours;
  };
  const h5 = (name) => {
    if (!bench.h5[name]) throw new Error(`doc-sizes: bench output has no H5 app '${name}'`);
    return bench.h5[name];
  };
  return {
    mp: row('mini-program (index.js + .wasm.br)'),
    mpJs: row('of which mini-program JS'),
    mpBr: row('of which mini-program .wasm.br'),
    wasm: row('of which .wasm'),
    script: row('<script> (apifm-wasm.min.js, the wasm inside)'),
    whole: h5('whole SDK (default import: init + goodsDetail)'),
    five: h5('five named imports'),
  };
}

const kb = (n) => `${Math.round(n / 1024)} KB`;
const bytes = (n) => n.toLocaleString('en');

/** Each region's text. */
function regions(f) {
  return {
    'readme-zh': [
      '| 目标 | 原始 | gzip |',
      '|---|---|---|',
      `| 小程序（\`miniprogram_dist/\`：index.js + \`.wasm.br\`，进入代码包） | 约 ${kb(f.mp.raw)} | — |`,
      `| H5 应用打包后（Vite/esbuild，默认导入整个 WXAPI；wasm 在其中） | 约 ${kb(f.whole.raw)} | 约 ${kb(f.whole.gzip)} |`,
      `| H5 应用打包后（只导入 5 个具名方法） | 约 ${kb(f.five.raw)} | 约 ${kb(f.five.gzip)} |`,
      `| \`<script>\`（\`apifm-wasm.min.js\`） | 约 ${kb(f.script.raw)} | 约 ${kb(f.script.gzip)} |`,
    ].join('\n'),
    'readme-en': [
      '| target | raw | gzip |',
      '|---|---|---|',
      `| mini-program (\`miniprogram_dist/\`: index.js + \`.wasm.br\`, what enters the code package) | ≈${kb(f.mp.raw)} | — |`,
      `| H5 app bundled (Vite/esbuild, the whole WXAPI by default import; the wasm inside) | ≈${kb(f.whole.raw)} | ≈${kb(f.whole.gzip)} |`,
      `| H5 app bundled (five named imports) | ≈${kb(f.five.raw)} | ≈${kb(f.five.gzip)} |`,
      `| \`<script>\` (\`apifm-wasm.min.js\`) | ≈${kb(f.script.raw)} | ≈${kb(f.script.gzip)} |`,
    ].join('\n'),
    script: `约 ${kb(f.script.raw)}，gzip ${kb(f.script.gzip)}`,
    miniprogram: [
      '| file in the app (main package) | bytes |',
      '|---|---|',
      `| \`miniprogram_npm/apifm-wasm/index.js\` | ${bytes(f.mpJs.raw)} |`,
      `| \`miniprogram_npm/apifm-wasm/apifm_wasm_bg.wasm.br\` | ${bytes(f.mpBr.raw)} |`,
      `| **total** | **${bytes(f.mp.raw)}** (about ${(f.mp.raw / (2 * 1024 * 1024) * 100).toFixed(1)} % of the 2 MB main package) |`,
      `| (the plain \`.wasm\` instead of the \`.br\` would be) | ${bytes(f.wasm.raw)} → total ${bytes(f.mpJs.raw + f.wasm.raw)} |`,
    ].join('\n'),
  };
}

const FILES = { 'readme-zh': 'pkg-template/README.md', 'readme-en': 'pkg-template/README.md', script: 'README.md', miniprogram: 'docs/platforms.md' };

function main() {
  const text = regions(figures(load()));
  const check = process.argv.includes('--check');
  const stale = [];
  for (const file of [...new Set(Object.values(FILES))]) {
    const p = path.join(ROOT, file);
    let doc = fs.readFileSync(p, 'utf8');
    for (const [name, f] of Object.entries(FILES)) {
      if (f !== file) continue;
      const re = new RegExp(`(<!-- sizes:${name} -->)([\\s\\S]*?)(<!-- /sizes:${name} -->)`);
      const m = re.exec(doc);
      if (!m) throw new Error(`doc-sizes: ${file} has no <!-- sizes:${name} --> region`);
      const inline = !m[2].includes('\n');
      const body = inline ? text[name] : `\n${text[name]}\n`;
      doc = doc.replace(re, (_, a, __, b) => `${a}${body}${b}`);
    }
    if (doc !== fs.readFileSync(p, 'utf8')) {
      if (check) stale.push(file);
      else fs.writeFileSync(p, doc);
    }
  }
  if (stale.length) {
    process.stderr.write(`doc-sizes: stale: ${stale.join(', ')}\n`);
    process.exit(1);
  }
  process.stdout.write(`${check ? 'checked' : 'wrote'} the sizes of ${[...new Set(Object.values(FILES))].join(', ')}\n`);
}

if (require.main === module) main();
module.exports = { figures, regions, FILES };
