// The H5 shop tests of a vue-cli project (tests/frameworks/vuecli4, vuecli5):
// one page written for apifm-webapi (src/shop.js), built by the project's own
// toolchain in three variants (vue.config.js, APIFM_VARIANT):
//   vendor  the vendor SDK apifm-webapi (the baseline)
//   alias   docs/migration.md way one: apifm-wasm installed as apifm-webapi
//           and the documented webpack alias line; the page unchanged
//   import  way two: the page's import is apifm-wasm/webapi
// and run in headless Chromium against the local backend, each variant once,
// in the same run: the switched builds must send exactly the requests the
// vendor SDK sends, in the same order, and report the same outcomes
// (including an HTTP 500 the app sees as a rejection, as with axios).
// Before that, the project's bundler is asked which file every entry of the
// package resolves to (lib/webpack-resolve.js, lib/vite-resolve.js), with and
// without the alias lines.
//
//   const { shopTests } = require('./lib/h5shop.js');
//   shopTests({ name: 'vuecli4', dir, bundler: 'webpack 4 (vue-cli 4)', vite: false });
//
// A summary is printed at the end: install (how, time, size), each resolution,
// each build (time, size of its JS), and whether the requests were identical.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { ensureInstalled, installPackage, build, buildInfo, filesOf, carriesWasm, ROOT } = require('./project.js');
const { runH5, closeBrowser } = require('./h5-app.js');
const { startBackend } = require('../../server/backend.js');

const VARIANTS = ['vendor', 'alias', 'import'];
const ALIAS_NAMES = ['apifm-webapi', 'apifm-uniapp']; // npm install <name>@npm:apifm-wasm
const REQUESTS = ['apifm-wasm', 'apifm-wasm/webapi', 'apifm-wasm/uniapp', 'apifm-webapi', 'apifm-uniapp', 'apifm-webapi/webapi', 'apifm-uniapp/uniapp'];

// What each import must resolve to (folder in node_modules / file): the browser builds only.
const WITHOUT_ALIAS = {
  'apifm-wasm': 'apifm-wasm/web.mjs',
  'apifm-wasm/webapi': 'apifm-wasm/webapi-web.mjs',
  'apifm-wasm/uniapp': 'apifm-wasm/uniapp.mjs',
  'apifm-webapi': 'apifm-webapi/web.mjs', // the main entry without the alias line (docs/migration.md says so)
  'apifm-uniapp': 'apifm-uniapp/web.mjs',
  'apifm-webapi/webapi': 'apifm-webapi/webapi-web.mjs',
  'apifm-uniapp/uniapp': 'apifm-uniapp/uniapp.mjs',
};
const WITH_ALIAS = { ...WITHOUT_ALIAS, 'apifm-webapi': 'apifm-webapi/webapi-web.mjs', 'apifm-uniapp': 'apifm-uniapp/uniapp.mjs' };
// docs/migration.md's lines for webpack (vue-cli's configureWebpack) and Vite
const WEBPACK_ALIAS = { 'apifm-webapi$': 'apifm-webapi/webapi', 'apifm-uniapp$': 'apifm-uniapp/uniapp' };
const VITE_ALIAS = [['^apifm-webapi$', 'apifm-webapi/webapi'], ['^apifm-uniapp$', 'apifm-uniapp/uniapp']];

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/** Size of a folder on disk, in bytes (du). */
function diskSize(dir) {
  const r = spawnSync('du', ['-sk', dir], { encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.split(/\s/)[0]) * 1024 : NaN;
}

/** The built app's JavaScript: raw and gzip bytes (every .js of the output: vue-cli 5 emits a legacy and a module build; the module one is counted). */
function jsSize(out) {
  const js = filesOf(out).filter((f) => f.endsWith('.js') && !/-legacy\./.test(f));
  let raw = 0;
  let gzip = 0;
  for (const f of js) {
    const b = fs.readFileSync(path.join(out, f));
    raw += b.length;
    gzip += zlib.gzipSync(b, { level: 9 }).length;
  }
  return { raw, gzip };
}

/** Ports of 127.0.0.1 (each run serves the app on a port of its own) written the same way, as they are and percent-encoded. */
const samePorts = (text) => String(text).replace(/127\.0\.0\.1(:|%3A|%253A)\d+/g, '127.0.0.1$1PORT');

/** A run's requests to API hosts, in order: verb, URL, body, Content-Type and Accept (the headers apifm-webapi's axios sets). */
function wireOf(r) {
  return r.requests.map((q) => ({ method: q.method, url: samePorts(q.url), body: samePorts(q.body), contentType: q.contentType, accept: q.headers.accept || '' }));
}

function reportIn(text) {
  const i = text.indexOf('{"apifm"');
  if (i < 0) return null;
  return JSON.parse(samePorts(text.slice(i).split('\n')[0])).apifm;
}

/** A copy of the installed package under each npm-alias name (what `npm install apifm-webapi@npm:apifm-wasm` puts there). */
function installAliases(dir, installed) {
  for (const name of ALIAS_NAMES) {
    const dest = path.join(dir, 'node_modules', name);
    fs.rmSync(dest, { recursive: true, force: true });
    fs.cpSync(installed, dest, { recursive: true });
  }
}

function probe(script, dir, input) {
  const r = spawnSync(process.execPath, [path.join(__dirname, script), dir, JSON.stringify(input)], { encoding: 'utf8', timeout: 5 * 60 * 1000, maxBuffer: 16 << 20 });
  if (r.status !== 0) throw new Error(`${script} failed:\n${r.stdout}${r.stderr}`);
  return JSON.parse(r.stdout);
}

/**
 * @param {{name: string, dir: string, bundler: string, vite?: boolean, env?: object}} o
 *   vite: the project also has Vite (its resolution is checked too)
 */
function shopTests(o) {
  const { name, dir } = o;
  const summary = [];
  const memo = new Map();
  const once = (key, fn) => {
    if (!memo.has(key)) memo.set(key, fn());
    return memo.get(key);
  };
  let backend;
  let install;
  let installed;

  test.before(async () => {
    assert.ok(fs.existsSync(path.join(ROOT, 'pkg', 'webapi', 'package.json')), 'pkg/ is not built: run node tools/build-pkg.js');
    install = ensureInstalled(dir);
    installed = installPackage(dir);
    installAliases(dir, installed);
    backend = await startBackend({ quiet: true });
  });

  test.after(async () => {
    await closeBrowser();
    if (backend) await backend.close();
    const how = !install ? '-' : install.how === 'cached' ? 'cached (stamp)' : `${install.how} ${seconds(install.ms)}`;
    const lines = [`${name}: install ${how}, node_modules ${(diskSize(path.join(dir, 'node_modules')) / 1048576).toFixed(0)} MB`, ...summary];
    process.stdout.write(`${lines.map((l) => (l.startsWith(name) ? l : `${name} ${l}`)).join('\n')}\n`);
  });

  function built(variant) {
    return once(`build ${variant}`, async () => {
      const outDir = `dist/${variant}`;
      const out = await build(dir, { command: ['vue-cli-service', 'build', '--dest', outDir], env: { APIFM_VARIANT: variant, ...o.env }, outDir });
      const size = jsSize(out);
      summary.push(`build ${variant.padEnd(6)} | ${seconds(buildInfo(out).ms)} | JS ${kb(size.raw)} (${kb(size.gzip)} gzip)`);
      return out;
    });
  }

  function ran(variant) {
    return once(`run ${variant}`, async () => {
      const out = await built(variant);
      backend.reset();
      const r = await runH5(out, {
        backend, path: `/?backend=${encodeURIComponent(backend.url)}`, until: (text) => text.includes('{"apifm"'),
        screenshot: path.join(ROOT, 'out', 'frameworks', `${name}-${variant}.png`),
      });
      r.report = reportIn(r.text);
      return r;
    });
  }

  test(`${o.bundler}: every entry, and the npm-alias names with the documented alias line, resolve to a browser build`, () => {
    const got = probe('webpack-resolve.js', dir, {
      requests: REQUESTS,
      cases: {
        none: { alias: {} },
        documented: { alias: WEBPACK_ALIAS },
        // a project whose resolve.extensions has no .mjs: the subpaths go through their package.json stubs
        'documented, extensions [.js, .json]': { alias: WEBPACK_ALIAS, extensions: ['.js', '.json'] },
      },
    });
    for (const [label, answers] of Object.entries(got.cases)) {
      summary.push(`resolve webpack ${got.webpack} ${label}: ${Object.entries(answers).map(([k, v]) => `${k} → ${v}`).join(', ')}`);
    }
    assert.deepEqual(got.cases.none, WITHOUT_ALIAS);
    assert.deepEqual(got.cases.documented, WITH_ALIAS);
    assert.deepEqual(got.cases['documented, extensions [.js, .json]'], WITH_ALIAS);
  });

  if (o.vite) {
    test('Vite (the project\'s own): the same imports resolve, and bundle, to the browser builds; no Node build in the bundle', () => {
      const requests = REQUESTS.filter((r) => !/\/(webapi|uniapp)$/.test(r) || r.startsWith('apifm-wasm/'));
      const got = probe('vite-resolve.js', dir, { requests, cases: { none: {}, documented: { alias: VITE_ALIAS } } });
      const pick = (table) => Object.fromEntries(requests.map((r) => [r, table[r]]));
      for (const [label, c] of Object.entries(got.cases)) {
        summary.push(`resolve vite ${got.vite} ${label}: ${Object.entries(c.resolved).map(([k, v]) => `${k} → ${v}`).join(', ')}`);
        assert.deepEqual(c.nodeOnly, [], `${label}: a Node build reached the bundle`);
      }
      assert.deepEqual(got.cases.none.resolved, pick(WITHOUT_ALIAS));
      assert.deepEqual(got.cases.documented.resolved, pick(WITH_ALIAS));
      assert.deepEqual(got.cases.documented.files, [...new Set(Object.values(pick(WITH_ALIAS)))].sort());
    });
  }

  for (const variant of VARIANTS) {
    test(`${variant}: builds with ${o.bundler}${variant === 'vendor' ? '' : ', the browser build of apifm-wasm/webapi inside (wasm included), no Node build'}`, async () => {
      const out = await built(variant);
      const code = filesOf(out).filter((f) => f.endsWith('.js')).map((f) => fs.readFileSync(path.join(out, f), 'utf8')).join('\n');
      if (variant === 'vendor') {
        assert.match(code, /XMLHttpRequest/, 'axios is in the vendor build');
        return;
      }
      assert.ok(carriesWasm(out), 'the wasm is not in the build');
      // jssdkSign is apifm-webapi's (and apifm-uniapp's), not the main entry's:
      // its name in the packed table of the WXAPI object (js-shim/webapi/all.js).
      assert.ok(/\bjssdkSign\b/.test(code), 'apifm-webapi\'s surface (jssdkSign) is not in the build');
      assert.doesNotMatch(code, /XMLHttpRequest/, 'no axios');
      for (const s of ['import.meta', 'node:fs', 'readFileSync']) assert.ok(!code.includes(s), `a Node build reached the bundle (${s})`);
    });
  }

  test('vendor: the page runs on apifm-webapi in Chromium (the baseline)', async () => {
    const r = await ran('vendor');
    assert.ok(r.settled, `the page did not finish:\n${r.text.slice(0, 500)}`);
    assert.deepEqual(r.pageErrors, []);
    assert.ok(r.report, r.text.slice(0, 500));
    assert.equal(r.requests.length, 13);
    const res = r.report.results;
    assert.equal(res.goodsDetail.data.basicInfo.name, '有机红富士苹果 5斤装');
    assert.equal(res.loginMobileV2.data.token, 'token-demo');
    assert.equal(res.userDetail.code, 0);
    assert.equal(res.expiredToken.code, 2000);
    // the one request not to an API host (the backend's own HTTP 500 route, on 127.0.0.1: not in r.requests): axios rejects
    assert.deepEqual([res.http500.ok, res.http500.status, res.http500.body && res.http500.body.code], [false, 500, 500]);
    assert.deepEqual(r.report.seen.failed, [500]);
  });

  for (const variant of ['alias', 'import']) {
    test(`${variant}: the same page on apifm-wasm sends exactly apifm-webapi's requests, in order, and sees the same outcomes`, async () => {
      const theirs = await ran('vendor');
      const ours = await ran(variant);
      let identical = 'NO';
      try {
        assert.ok(ours.settled, `the page did not finish:\n${ours.text.slice(0, 500)}`);
        assert.deepEqual(ours.pageErrors, []);
        assert.deepEqual(wireOf(ours), wireOf(theirs));
        assert.deepEqual(ours.report, theirs.report);
        identical = `yes (${ours.requests.length} requests, ${Object.keys(ours.report.results).length} outcomes)`;
      } finally {
        summary.push(`run ${variant.padEnd(6)} | requests and outcomes identical to vendor: ${identical}`);
      }
    });
  }
}

module.exports = { shopTests, WITHOUT_ALIAS, WITH_ALIAS };
