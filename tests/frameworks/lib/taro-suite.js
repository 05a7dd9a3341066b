// The checks every Taro test project gets (tests/frameworks/taro: Taro 4;
// tests/frameworks/taro3: Taro 3.6; React 18 and webpack 5 both), built by
// the real toolchain for weapp and h5, in three variants chosen by
// APIFM_VARIANT (config/index.js):
//   plugin  plugins: ['apifm-wasm/taro']        (the documented set-up)
//   none    no plugin                           (a user who skips it)
//   vendor  apifm-wxapi aliased as apifm-wasm   (the baseline)
// The page (src/pages/index/index.jsx) imports WXAPI from 'apifm-wasm' and
// in useLoad calls init('demo'), goodsDetail(101), banners({type: 'index'}),
// scoreSign(token) and shippingCarInfoAddItem(token, …), one after the
// other, and renders (and logs) a line `APIFM_RESULTS [...]` with what each
// answered, or err.name / err.kind / err.message.
//   - weapp outputs run in the strict simulated WeChat runtime
//     (lib/mp-app.js): the app registers, the page loads, and with the plugin
//     its calls reach wx.request exactly as the vendor SDK's do (also in a
//     `--watch` build, with Taro's prebundle); without it the app still
//     starts and the calls reject with kind 'unsupported'.
//   - h5 outputs run in headless Chromium against the local backend
//     (lib/h5-app.js). apifm-wxapi itself fails there (`wx is not defined`),
//     so apifm-wasm's requests are compared with what the backend received
//     from the weapp runs (the vendor SDK's, and ours).
// Each variant is built once (8–15 s each); the results are shared by the
// tests. A summary line per case is printed at the end.
//
//   taroSuite({ name: 'taro3', dir: path.join(__dirname, 'taro3') });
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { ensureInstalled, installPackage, build, buildInfo, filesOf, carriesWasm, ROOT } = require('./project.js');
const { runMiniProgram } = require('./mp-app.js');
const { createCases, assertUnsupported, assertPluginWasm, WASM_PATH, VARIANTS, seconds, sameBytes } = require('./cases.js');
const { runH5, closeBrowser } = require('./h5-app.js');
const { startBackend } = require('../../server/backend.js');

const SHOTS = path.join(ROOT, 'out', 'frameworks');
const CALLS = ['goodsDetail', 'banners', 'scoreSign', 'shippingCarInfoAddItem'];
const MARK = 'APIFM_RESULTS ';
const JS_GROWTH = 32 * 1024; // the most the output's JS may grow over the vendor SDK's with the plugin

/**
 * Defines the tests of one Taro project.
 * @param {{name: string, dir: string}} project  summary prefix and project folder
 */
function taroSuite({ name, dir }) {
  const DIR = dir;
  const INSTALLED = path.join(DIR, 'node_modules', 'apifm-wasm');
  let backend;
  let install = null;
  const cases = createCases(name);
  const { note, once } = cases;

  const wasmIn = (dir) => filesOf(dir).filter((f) => /\.wasm(\.br)?$/.test(f));
  /** What the backend recorded, without the non-enumerable headers. */
  const wire = () => backend.requests.map((r) => ({ ...r }));

  /** The page's results ({call: outcome}) from a string value `APIFM_RESULTS [...]` anywhere in v. */
  function resultsIn(v) {
    if (typeof v === 'string') {
      const i = v.indexOf(MARK);
      if (i < 0) return null;
      const list = JSON.parse(v.slice(i + MARK.length).split('\n')[0]);
      return Object.fromEntries(list.map((o) => [o.name, o]));
    }
    if (v && typeof v === 'object') {
      for (const x of Object.values(v)) {
        const r = resultsIn(x);
        if (r) return r;
      }
    }
    return null;
  }

  // --- builds and runs, each done once ------------------------------------------

  function built(target, variant) {
    return once(`build ${target} ${variant}`, async () => {
      const outDir = `dist/${variant}-${target}`;
      try {
        const out = await build(DIR, { command: ['taro', 'build', '--type', target], env: { APIFM_VARIANT: variant, APIFM_OUT_DIR: outDir }, outDir });
        note(target, variant, { built: `yes (${seconds(buildInfo(out).ms)})` });
        return out;
      } catch (e) {
        note(target, variant, { built: 'NO' });
        throw e;
      }
    });
  }

  /** Runs a weapp output in the simulator; adds what the backend received (wire). */
  async function runWeapp(out, key) {
    backend.reset();
    try {
      const r = await runMiniProgram(out, { backend, until: (data) => !!resultsIn(data) });
      const [target, variant] = key.split(' ');
      note(target, variant, { started: 'yes' });
      return { ...r, results: resultsIn(r.pageData), wire: wire() };
    } catch (e) {
      const [target, variant] = key.split(' ');
      note(target, variant, { started: `NO (${e.message.split('\n')[0].slice(0, 120)})` });
      throw e;
    }
  }

  function ranWeapp(variant) {
    return once(`run weapp ${variant}`, async () => runWeapp(await built('weapp', variant), `weapp ${variant}`));
  }

  function ranH5(variant) {
    return once(`run h5 ${variant}`, async () => {
      const out = await built('h5', variant);
      backend.reset();
      const r = await runH5(out, { backend, until: (text) => text.includes(MARK), screenshot: path.join(SHOTS, `taro-h5-${variant}.png`) });
      const results = resultsIn(r.text);
      note('h5', variant, { started: results ? 'yes' : 'NO' });
      return { ...r, results, wire: wire() };
    });
  }

  /**
   * `taro build --type weapp --watch` (development mode, Taro's prebundle of
   * node_modules on): resolves once the first compilation is written and the
   * watcher has been stopped.
   */
  function watchBuild(variant) {
    return once(`watch weapp ${variant}`, () => new Promise((resolve, reject) => {
      const outDir = `dist/watch-${variant}-weapp`;
      const out = path.join(DIR, outDir);
      fs.rmSync(out, { recursive: true, force: true });
      // A fresh prebundle: its cache would keep a copy of an earlier apifm-wasm.
      fs.rmSync(path.join(DIR, 'node_modules', '.taro'), { recursive: true, force: true });
      const t0 = Date.now();
      const child = spawn(path.join(DIR, 'node_modules', '.bin', 'taro'), ['build', '--type', 'weapp', '--watch'], {
        cwd: DIR,
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', APIFM_VARIANT: variant, APIFM_OUT_DIR: outDir },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true, // its own process group, stopped as one below
      });
      let log = '';
      let lastOutput = Date.now();
      let compiled = false;
      const onData = (c) => {
        log += c;
        lastOutput = Date.now();
        if (/Compiled successfully/.test(log)) compiled = true;
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      const signal = (name) => {
        try {
          process.kill(-child.pid, name);
        } catch (_) {
          // already gone
        }
      };
      const stop = () => {
        signal('SIGTERM');
        setTimeout(() => signal('SIGKILL'), 5000).unref();
      };
      const deadline = Date.now() + 4 * 60 * 1000;
      const timer = setInterval(() => {
        const done = compiled && /Watching/.test(log) && fs.existsSync(path.join(out, 'app.js')) && Date.now() - lastOutput > 2000;
        if (!done && Date.now() < deadline && child.exitCode === null) return;
        clearInterval(timer);
        const ms = Date.now() - t0 - 2000; // written, less the quiet time waited for
        stop();
        child.once('exit', () => {
          if (done) resolve({ out, ms, log });
          else reject(new Error(`taro build --watch did not finish a compilation:\n${log}`));
        });
        if (child.exitCode !== null) child.emit('exit');
      }, 100);
    }));
  }

  test.before(async () => {
    assert.ok(fs.existsSync(path.join(ROOT, 'pkg', 'taro.js')), 'pkg/ is not built (or has no plugins): run node tools/build-pkg.js');
    install = ensureInstalled(DIR);
    installPackage(DIR);
    backend = await startBackend({ quiet: true });
  });

  test.after(async () => {
    await closeBrowser();
    if (backend) await backend.close();
    cases.print(install, [['weapp', VARIANTS], ['weapp-watch', ['plugin']], ['h5', VARIANTS]]);
  });

  // --- the plugin itself (no Taro build) -------------------------------------------
  test(`${name} apifm-wasm/taro: Taro finds it, options are checked, weapp/qq/tt get the alias and the wasm, other targets nothing`, () => {
    // Taro resolves plugins with the `resolve` package (no `exports`): a real file at the package root.
    const resolve = require(path.join(DIR, 'node_modules', 'resolve'));
    assert.equal(resolve.sync('apifm-wasm/taro', { basedir: DIR, extensions: ['.js', '.ts'] }), path.join(INSTALLED, 'taro.js'));
    const exp = JSON.parse(fs.readFileSync(path.join(INSTALLED, 'package.json'), 'utf8')).exports['./taro'];
    assert.deepEqual(exp, { types: './taro.d.ts', default: './taro.js' });
    const plugin = require(path.join(INSTALLED, 'taro.js'));
    assert.equal(typeof plugin, 'function');
    assert.equal(plugin.default, plugin);

    const Chain = require(path.join(DIR, 'node_modules', 'webpack-chain'));
    const apply = (target, options) => {
      const hooks = [];
      plugin({ modifyWebpackChain: (fn) => hooks.push(fn), runOpts: { options: { platform: target } } }, options);
      const chain = new Chain();
      const saved = process.env.TARO_ENV;
      process.env.TARO_ENV = target;
      try {
        for (const fn of hooks) fn({ chain });
      } finally {
        if (saved === undefined) delete process.env.TARO_ENV;
        else process.env.TARO_ENV = saved;
      }
      return chain;
    };
    for (const target of ['weapp', 'qq', 'tt']) {
      const chain = apply(target);
      assert.equal(chain.resolve.alias.get('apifm-wasm$'), path.join(INSTALLED, 'miniprogram.mjs'), target);
      assert.ok(fs.existsSync(chain.resolve.alias.get('apifm-wasm$')));
      assert.deepEqual(Object.keys(chain.resolve.alias.entries()), ['apifm-wasm$'], `${target}: only the bare import`);
      assert.ok(chain.plugins.has('apifm-wasm'), target);
    }
    for (const target of ['h5', 'alipay', 'swan', 'jd', 'rn', 'harmony-hybrid']) {
      const chain = apply(target);
      assert.equal(chain.resolve.alias.get('apifm-wasm$'), undefined, target);
      assert.ok(!chain.plugins.has('apifm-wasm'), target);
    }
    assert.throws(() => apply('weapp', { plain: true }), /unknown option 'plain'/);
    assert.throws(() => apply('weapp', 'plainWasm'), /options must be an object/);
    assert.throws(() => apply('weapp', { plainWasm: 'yes' }), /plainWasm must be true or false/);
    assert.doesNotThrow(() => apply('weapp', { plainWasm: true }));
  });

  test(`${name} apifm-wasm/taro: the wasm goes into the compiler that writes the mini-program (TaroMiniPlugin), not into others`, async () => {
    const webpack = require(path.join(DIR, 'node_modules', 'webpack'));
    const Chain = require(path.join(DIR, 'node_modules', 'webpack-chain'));
    const plugin = require(path.join(INSTALLED, 'taro.js'));
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'apifm-taro-plugin-'));
    try {
      fs.writeFileSync(path.join(tmp, 'entry.js'), 'module.exports = 1;\n');
      const compile = (options, withMiniPlugin) => {
        const hooks = [];
        plugin({ modifyWebpackChain: (fn) => hooks.push(fn) }, options);
        const chain = new Chain();
        const saved = process.env.TARO_ENV;
        process.env.TARO_ENV = 'weapp';
        try {
          for (const fn of hooks) fn({ chain });
        } finally {
          if (saved === undefined) delete process.env.TARO_ENV;
          else process.env.TARO_ENV = saved;
        }
        const config = chain.toConfig();
        // A stand-in of @tarojs/webpack5-runner's plugin, recognised by its name.
        const TaroMiniPlugin = class TaroMiniPlugin { apply() {} };
        if (withMiniPlugin) config.plugins.unshift(new TaroMiniPlugin());
        const out = path.join(tmp, `out-${withMiniPlugin}-${!!(options && options.plainWasm)}`);
        return new Promise((resolve, reject) => {
          webpack({ ...config, mode: 'production', context: tmp, entry: './entry.js', output: { path: out } }, (err, stats) => {
            if (err || stats.hasErrors()) return reject(err || new Error(stats.toString('errors-only')));
            return resolve(out);
          });
        });
      };
      const main = await compile(undefined, true);
      assert.deepEqual(wasmIn(main), [WASM_PATH]);
      assert.ok(sameBytes(path.join(main, WASM_PATH), path.join(INSTALLED, 'miniprogram_dist', 'apifm_wasm_bg.wasm.br')));
      const plain = await compile({ plainWasm: true }, true);
      assert.deepEqual(wasmIn(plain), ['apifm-wasm/apifm_wasm_bg.wasm', WASM_PATH]);
      assert.ok(sameBytes(path.join(plain, 'apifm-wasm/apifm_wasm_bg.wasm'), path.join(INSTALLED, 'apifm_wasm_bg.wasm')));
      // e.g. the module-federation remote Taro's prebundle compiles in watch mode
      const other = await compile(undefined, false);
      assert.deepEqual(wasmIn(other), []);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  test(`${name} taro.d.ts: type-checks alone, in a Taro config (defineConfig, IPluginContext) and with require (node16)`, () => {
    const tsc = path.join(ROOT, 'node_modules', '.bin', 'tsc');
    const check = (cwd, args) => {
      const r = spawnSync(tsc, ['--noEmit', '--strict', '--target', 'es2020', ...args], { cwd, encoding: 'utf8' });
      assert.equal(r.status, 0, `tsc ${args.join(' ')}:\n${r.stdout}${r.stderr}`);
    };
    check(ROOT, [path.join(INSTALLED, 'taro.d.ts')]); // the declarations alone, not skipped as a library
    check(DIR, ['--skipLibCheck', '--module', 'esnext', '--moduleResolution', 'bundler', 'types/config.ts']);
    check(DIR, ['--skipLibCheck', '--module', 'node16', '--moduleResolution', 'node16', 'types/require.cts']);
  });

  // --- weapp ----------------------------------------------------------------------
  test(`${name} weapp: every variant builds; the .wasm.br is in the output only with the plugin`, async () => {
    for (const variant of VARIANTS) {
      const out = await built('weapp', variant);
      for (const f of ['app.js', 'app.json', 'runtime.js', 'taro.js', 'vendors.js', 'pages/index/index.js']) assert.ok(fs.existsSync(path.join(out, f)), `${variant}: no ${f}`);
      const wasm = wasmIn(out);
      if (variant === 'plugin') {
        note('weapp', variant, { wasm: assertPluginWasm(assert, out, INSTALLED, wasm) });
      } else if (variant === 'none') {
        assert.ok(!wasm.includes(WASM_PATH), `${variant}: wasm files ${wasm}`);
        // What webpack itself makes of the browser build, if anything (a hashed plain .wasm).
        const extra = wasm.map((f) => `${f} ${fs.statSync(path.join(out, f)).size} B`).join(', ');
        note('weapp', variant, { wasm: extra ? `no ${WASM_PATH}; webpack's asset ${extra}` : 'none' });
      } else {
        assert.deepEqual(wasm, [], `${variant}: wasm files ${wasm}`);
        note('weapp', variant, { wasm: 'none' });
      }
    }
  });

  test(`${name} weapp vendor (baseline): the app starts and the page's calls reach wx.request`, async () => {
    const r = await ranWeapp('vendor');
    assert.ok(r.settled, 'the page did not settle');
    assert.deepEqual(r.errors, []);
    assert.ok(r.results, `no results in the page data: ${JSON.stringify(r.pageData)}`);
    for (const name of CALLS) assert.equal(r.results[name].code, 0, `${name}: ${JSON.stringify(r.results[name])}`);
    assert.equal(r.requests.length, CALLS.length);
    assert.equal(r.wire.length, CALLS.length);
    note('weapp', 'vendor', { identical: '(baseline)' });
  });

  /** The checks of a weapp output built with the plugin, against the vendor's run. */
  function assertLikeVendor(r, vendor) {
    assert.deepEqual(r.errors, [], 'uncaught errors or unhandled rejections');
    assert.deepEqual(r.logs.filter((l) => l.level === 'error'), []);
    assert.ok(r.results, `the page's useLoad did not finish: ${JSON.stringify(r.pageData)}`);
    for (const name of CALLS) assert.equal(r.results[name].code, 0, `${name}: ${JSON.stringify(r.results[name])}`);
    // The wasm came from where the plugin put it.
    const loaded = r.wasmLoads.filter((l) => l.ok);
    assert.deepEqual(loaded.map((l) => l.path), [`/${WASM_PATH}`], `wasm loads: ${JSON.stringify(r.wasmLoads)}`);
    // Request by request: url, method, data, header and nothing else (no timeout…).
    assert.equal(r.requests.length, vendor.requests.length);
    r.requests.forEach((req, i) => assert.deepEqual(req, vendor.requests[i], `request ${i + 1} (${CALLS[i]})`));
    // And what reached the backend.
    assert.deepEqual(r.wire, vendor.wire);
  }

  test(`${name} weapp plugin: the app starts, the page's calls reach wx.request exactly as the vendor SDK's, no errors`, async () => {
    const vendor = await ranWeapp('vendor');
    const r = await ranWeapp('plugin');
    note('weapp', 'plugin', { identical: 'NO' });
    assertLikeVendor(r, vendor);
    note('weapp', 'plugin', { identical: `yes (${r.requests.length} of ${vendor.requests.length})` });
  });

  // What the SDK costs the main package (WeChat: 2 MiB): the JS of the whole
  // output (Taro puts a package one page uses into that page's chunk, not
  // vendors.js) with apifm-wasm against the same app's with the vendor SDK.
  // With the plugin: the mini-program shim in place of apifm-wxapi (the
  // .wasm.br beside it); the browser build would add the wasm module and its
  // loader. JS_GROWTH is the budget.
  test(`${name} weapp: the mini-program's JS grows by the shim only over the vendor SDK's (≤ ${JS_GROWTH} B)`, async () => {
    const jsOf = (out) => filesOf(out).filter((f) => f.endsWith('.js')).reduce((n, f) => n + fs.statSync(path.join(out, f)).size, 0);
    const vendor = jsOf(await built('weapp', 'vendor'));
    for (const variant of ['plugin', 'none']) {
      const ours = jsOf(await built('weapp', variant));
      note('weapp', variant, { js: `${ours} B (${ours - vendor >= 0 ? '+' : ''}${ours - vendor} B over the vendor SDK's)` });
      if (variant === 'plugin') assert.ok(ours - vendor <= JS_GROWTH, `the output's JS is ${ours} B, ${ours - vendor} B over the vendor's ${vendor} B`);
    }
    note('weapp', 'vendor', { js: `${vendor} B` });
    const out = await built('weapp', 'plugin');
    assert.equal(carriesWasm(out), null, "the browser's wasm module is in the mini-program");
    for (const f of filesOf(out).filter((x) => x.endsWith('.js'))) assert.ok(!fs.readFileSync(path.join(out, f), 'utf8').includes('DecompressionStream'), `the browser loader is in ${f}`);
  });

  test(`${name} weapp plugin, taro build --watch (development, prebundle): the same`, async () => {
    const vendor = await ranWeapp('vendor');
    note('weapp-watch', 'plugin', { built: 'NO', identical: 'NO' });
    const w = await watchBuild('plugin');
    note('weapp-watch', 'plugin', { built: `yes (first compilation written ${seconds(w.ms)} after start)` });
    assert.match(w.log, /Prebundle dependencies/, 'Taro did not prebundle (the case this test is for)');
    assert.deepEqual(wasmIn(w.out), [WASM_PATH], 'the wasm only where the runtime looks (none under prebundle/)');
    assert.ok(sameBytes(path.join(w.out, WASM_PATH), path.join(INSTALLED, 'miniprogram_dist', 'apifm_wasm_bg.wasm.br')));
    note('weapp-watch', 'plugin', { wasm: `${WASM_PATH} ${fs.statSync(path.join(w.out, WASM_PATH)).size} B (= package's)` });
    const r = await runWeapp(w.out, 'weapp-watch plugin');
    assertLikeVendor(r, vendor);
    note('weapp-watch', 'plugin', { identical: `yes (${r.requests.length} of ${vendor.requests.length})` });
  });

  test(`${name} weapp none: the app starts; the calls reject with kind unsupported, naming the plugin; nothing is sent`, async () => {
    const out = await built('weapp', 'none');
    note('weapp', 'none', { identical: 'n/a (no request: unsupported)' });
    // A `new URL(wasm, import.meta.url)` in the browser build would make webpack
    // add `__webpack_require__.b = document.baseURI || self.location.href` to
    // runtime.js, which app.js runs before App(): the whole app dead. The
    // browser build carries its wasm in a module instead; this keeps it so.
    const runtime = fs.readFileSync(path.join(out, 'runtime.js'), 'utf8');
    assert.doesNotMatch(runtime, /document\.baseURI/, 'runtime.js reads document.baseURI at load (a new URL(…, import.meta.url) in the browser build)');
    const r = await runWeapp(out, 'weapp none');
    assertUnsupported(assert, r, r.results, CALLS, 'apifm-wasm/taro');
  });

  // --- h5 -------------------------------------------------------------------------
  test(`${name} h5: every variant builds; the wasm is inside the JS bundle (apifm-wasm) or absent (vendor); the plugin changes nothing`, async () => {
    for (const variant of VARIANTS) {
      const out = await built('h5', variant);
      assert.ok(fs.existsSync(path.join(out, 'index.html')), `${variant}: no index.html`);
      assert.deepEqual(wasmIn(out), [], `${variant}: wasm files`);
      if (variant === 'vendor') {
        assert.equal(carriesWasm(out), null);
        note('h5', variant, { wasm: 'none' });
      } else {
        const where = carriesWasm(out);
        assert.ok(where, `${variant}: the bundle does not carry the package's wasm`);
        note('h5', variant, { wasm: `in ${where} (the package's ${fs.statSync(path.join(INSTALLED, 'apifm_wasm_bg.wasm')).size} B wasm, deflated, base64)` });
      }
    }
    const withPlugin = await built('h5', 'plugin');
    const without = await built('h5', 'none');
    const files = filesOf(withPlugin);
    assert.deepEqual(files, filesOf(without));
    for (const f of files) assert.ok(sameBytes(path.join(withPlugin, f), path.join(without, f)), `${f} differs with the plugin`);
  });

  test(`${name} h5 vendor (baseline): apifm-wxapi fails on Taro H5 (wx is not defined), nothing is sent`, async () => {
    const r = await ranH5('vendor');
    assert.ok(r.settled, `the page did not settle: ${r.text}`);
    assert.ok(r.results, `the page did not finish: ${r.text}`);
    for (const name of CALLS) {
      assert.equal(r.results[name].ok, false, name);
      assert.match(r.results[name].message, /wx is not defined/, `${name}: ${JSON.stringify(r.results[name])}`);
    }
    assert.deepEqual(r.requests, []);
    note('h5', 'vendor', { started: 'yes (every call: ReferenceError wx is not defined)', identical: '(fails: no request)' });
  });

  for (const variant of ['plugin', 'none']) {
    test(`${name} h5 ${variant}: works through fetch; the backend gets what it gets from weapp (vendor SDK and ours); no console or page errors`, async () => {
      const vendorWeapp = await ranWeapp('vendor');
      const r = await ranH5(variant);
      note('h5', variant, { identical: 'NO' });
      assert.deepEqual(r.pageErrors, []);
      assert.deepEqual(r.consoleErrors, []);
      assert.ok(r.results, `the page did not finish: ${r.text}`);
      for (const name of CALLS) assert.equal(r.results[name].code, 0, `${name}: ${JSON.stringify(r.results[name])}`);
      assert.equal(r.requests.length, CALLS.length);
      // Method, host, path, query, content type and body, request by request.
      assert.deepEqual(r.wire, vendorWeapp.wire);
      const ours = await ranWeapp('plugin').catch(() => null);
      if (ours) assert.deepEqual(r.wire, ours.wire);
      note('h5', variant, { identical: `yes, with the vendor's on weapp (${r.wire.length} of ${vendorWeapp.wire.length})` });
    });
  }
  return { built, ranWeapp, ranH5, installed: INSTALLED, backend: () => backend, note };
}

module.exports = { taroSuite, CALLS };
