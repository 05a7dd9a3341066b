// Taro 3.6 (React 18, webpack 5) with apifm-wasm, built by the real toolchain
// (tests/frameworks/taro3: every @tarojs/* at 3.6.40, webpack 5.78.0,
// versions pinned by its package-lock.json) for weapp and h5 with
// `plugins: ['apifm-wasm/taro']`, without it and with apifm-wxapi: the checks
// of lib/taro-suite.js, as for Taro 4. Here besides: apifm-wasm/webpack (the
// plugin uni-app Vue 2 uses) in a real webpack 5 compile.
// Needs pkg/ built (node tools/build-pkg.js). Run: node --test tests/frameworks/
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { filesOf } = require('./lib/project.js');
const { WASM_PATH, sameBytes } = require('./lib/cases.js');
const { taroSuite } = require('./lib/taro-suite.js');

const DIR = path.join(__dirname, 'taro3');
const { installed } = taroSuite({ name: 'taro3', dir: DIR });

test('apifm-wasm/webpack in a real webpack 5 compile: the mini-program builds for a mini-program target, the .wasm.br as an asset', async () => {
  const webpack = require(path.join(DIR, 'node_modules', 'webpack'));
  const plugin = require(path.join(installed, 'webpack.js'));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'apifm-webpack5-'));
  try {
    fs.mkdirSync(path.join(tmp, 'node_modules'));
    for (const name of ['apifm-wasm', 'apifm-uniapp']) fs.symlinkSync(installed, path.join(tmp, 'node_modules', name), 'dir');
    fs.writeFileSync(path.join(tmp, 'a.js'), "import WXAPI from 'apifm-wasm';\nglobalThis.WXAPI = WXAPI; // used: a package without side effects is otherwise dropped\n");
    fs.writeFileSync(path.join(tmp, 'b.js'), "import WXAPI from 'apifm-uniapp';\nglobalThis.WXAPI = WXAPI;\n");
    const compile = (options) => new Promise((resolve, reject) => {
      const out = path.join(tmp, `out-${options.platform}`);
      webpack({
        mode: 'production', context: tmp, entry: { a: './a.js', b: './b.js' }, output: { path: out },
        optimization: { minimize: false, concatenateModules: false }, plugins: [plugin(options)],
      }, (err, stats) => {
        if (err || stats.hasErrors()) return reject(err || new Error(stats.toString('errors-only')));
        const json = stats.toJson({ modules: true, chunks: true, chunkModules: true });
        const files = ['a', 'b'].map((n) => json.chunks.find((c) => c.names.includes(n)).modules.map((m) => path.basename(m.identifier.split('!').pop())).filter((f) => f.endsWith('.mjs')));
        return resolve({ files, assets: filesOf(out).filter((f) => /\.wasm/.test(f)), out });
      });
    });
    const mp = await compile({ platform: 'mp-weixin' });
    assert.deepEqual(mp.files, [['miniprogram.mjs'], ['uniapp-miniprogram.mjs']]);
    assert.deepEqual(mp.assets, [WASM_PATH]);
    assert.ok(sameBytes(path.join(mp.out, WASM_PATH), path.join(installed, 'miniprogram_dist', 'apifm_wasm_bg.wasm.br')));
    const h5 = await compile({ platform: 'h5' });
    assert.deepEqual(h5.files, [['web.mjs'], ['uniapp.mjs']]);
    assert.deepEqual(h5.assets, []);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
