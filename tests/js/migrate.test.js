// `npx apifm-wasm migrate` (migrate/, docs/migration.md) on a small fixture
// project of each kind (tests/js/fixtures/migrate/): native mini-program
// (apifm-wxapi), uni-app with Vite (apifm-uniapp), Taro 4 (apifm-wxapi),
// Vite H5, webpack H5 and Node (apifm-webapi). For each: the dry run prints
// the diff and changes nothing; --write applies it; a second run has nothing
// to do; the call sites that meet documented differences are reported with
// file:line; and the project, built and run, sends the same requests after
// the migration as before it (the vendor SDK before, this package after).
//
// How each is built and run (no framework toolchain is installed here: the
// framework builds are emulated, which the docs of this test state):
//   - "installing": node_modules/<name> is the vendor package (before) or
//     this package (after, as npm would install the alias or apifm-wasm);
//   - mini-program: the project itself in the simulated WeChat runtime
//     (tests/miniprogram/sim.js), the package copied as "构建npm" copies it;
//   - uni-app: its vite.config.js evaluated (vite and the uni plugin are
//     stand-ins), and esbuild bundles src/main.js resolving each import as
//     the config's apifm-wasm plugin does for mp-weixin (plus the wasm it
//     emits); the bundle runs in the simulated runtime with `uni`;
//   - Taro: config/index.js evaluated (defineConfig a stand-in), each plugin
//     it names loaded and called with a Taro-like context for a weapp build;
//     esbuild bundles src/app.js with the webpack aliases the plugin set; the
//     bundle runs in the simulated WeChat;
//   - Vite, webpack H5: esbuild bundles the entry for the browser (as Vite or
//     webpack would: the `browser` builds) and the page runs in headless
//     Chromium against the backend;
//   - Node: node runs the script.
// Needs pkg/ built (node tools/build-pkg.js).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync, spawn } = require('child_process');
const { pathToFileURL } = require('url');
const esbuild = require('esbuild');
const { startBackend } = require('../server/backend.js');
const { createMiniProgram } = require('../miniprogram/sim.js');
const { waitFor } = require('../miniprogram/common.js');

const ROOT = path.join(__dirname, '..', '..');
const PKG = path.join(ROOT, 'pkg');
const BIN = path.join(PKG, 'bin', 'apifm-wasm.js');
const FIXTURES = path.join(__dirname, 'fixtures', 'migrate');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'apifm-migrate-'));
const GIT_ENV = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };

const SITE = path.join(tmp, 'site'); // the H5 pages, served by the backend under /static/
let backend;
let browser = null;
test.before(async () => {
  assert.ok(fs.existsSync(BIN), 'pkg/ is not built: run node tools/build-pkg.js');
  fs.mkdirSync(SITE);
  backend = await startBackend({ port: 0, quiet: true, staticDir: SITE });
});
test.after(async () => {
  if (browser) await browser.close();
  if (backend) await backend.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function git(dir, ...args) {
  const r = spawnSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** The fixture copied to a fresh folder, committed in a git repository of its own. */
function project(kind) {
  const dir = path.join(tmp, `${kind}-${Math.random().toString(36).slice(2, 8)}`);
  fs.cpSync(path.join(FIXTURES, kind), dir, { recursive: true });
  fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n');
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'the project');
  return dir;
}

/** What `npm install` would put in node_modules for the project's package.json: the vendor's own package, or this one. */
function install(dir) {
  const nm = path.join(dir, 'node_modules');
  fs.rmSync(nm, { recursive: true, force: true });
  fs.mkdirSync(nm);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const deps = { ...pkg.devDependencies, ...pkg.dependencies };
  for (const [name, spec] of Object.entries(deps)) {
    if (name === 'apifm-wasm' || /^npm:apifm-wasm@/.test(spec)) fs.symlinkSync(PKG, path.join(nm, name), 'dir');
    else if (/^apifm-/.test(name)) fs.symlinkSync(path.join(ROOT, 'node_modules', name), path.join(nm, name), 'dir');
  }
  // The framework modules a config imports, as stand-ins.
  const stub = (name, main) => {
    const d = path.join(nm, ...name.split('/'));
    fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(path.join(d, 'package.json'), JSON.stringify({ name, version: '0.0.0', main: 'index.js' }));
    fs.writeFileSync(path.join(d, 'index.js'), main);
  };
  if (deps.vite) stub('vite', 'exports.defineConfig = (c) => c;');
  if (deps['@dcloudio/vite-plugin-uni']) stub('@dcloudio/vite-plugin-uni', "exports.default = () => ({ name: 'uni' });");
  if (deps['@tarojs/cli']) stub('@tarojs/cli', 'exports.defineConfig = (c) => c;');
  return deps;
}

function migrate(dir, ...args) {
  const r = spawnSync(process.execPath, [BIN, 'migrate', ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A snapshot of the project's files (not node_modules, not .git). */
function files(dir) {
  const out = {};
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === '.git') continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** The requests a run sent, comparable across SDKs and in any order. */
const wire = (records) => records.map((r) => `${r.method} ${r.host || ''}${r.path}?${r.query} [${r.contentType.split(';')[0]}] ${r.body}`).sort();

function runNode(file, cwd) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], { cwd, env: { ...process.env, APIFM_API: backend.url, NODE_ENV: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs `code` (a CommonJS bundle) in the simulated runtime; resolves once `n` requests were answered. */
async function inSimulator(platform, code, assets, n) {
  const before = backend.requests.length;
  const mp = createMiniProgram({ backend, platform, npm: {}, files: { 'bundle.js': code, ...assets } });
  try {
    mp.require('./bundle.js');
    await waitFor(() => backend.requests.length - before >= n && !mp.pending().requests && !mp.pending().callbacks, 30000, `${n} requests`);
    assert.deepEqual(mp.errors.map((e) => String((e.error && e.error.message) || e.error)), []);
    ran.wasm = mp.wasmLoads.some((l) => l.ok);
    return { sent: backend.requests.slice(before), logs: mp.logs };
  } finally {
    await mp.close();
  }
}

// --- how each kind is built and run ---------------------------------------------
const RUN = {
  async miniprogram(dir) {
    const deps = install(dir);
    const name = Object.keys(deps).find((d) => /^apifm-/.test(d));
    const before = backend.requests.length;
    const mp = createMiniProgram({ backend, app: dir, npm: { [name]: fs.realpathSync(path.join(dir, 'node_modules', name)) } });
    try {
      mp.launch();
      mp.openPage('pages/index/index');
      await waitFor(() => backend.requests.length - before >= 3 && !mp.pending().requests && !mp.pending().callbacks, 30000, 'the page\'s requests');
      assert.deepEqual(mp.errors.map((e) => String((e.error && e.error.message) || e.error)), []);
      ran.wasm = mp.wasmLoads.some((l) => l.ok);
      return backend.requests.slice(before);
    } finally {
      await mp.close();
    }
  },

  async uniapp(dir) {
    install(dir);
    const configFile = path.join(dir, 'vite.config.js');
    delete require.cache[configFile];
    process.env.UNI_PLATFORM = 'mp-weixin';
    let plugins;
    try {
      plugins = require(configFile).plugins.flat();
    } finally {
      delete process.env.UNI_PLATFORM;
    }
    const ours = plugins.find((p) => p && p.name === 'apifm-wasm');
    const assets = {};
    if (ours) {
      process.env.UNI_PLATFORM = 'mp-weixin';
      try {
        ours.configResolved({ root: dir });
      } finally {
        delete process.env.UNI_PLATFORM;
      }
      ours.generateBundle.call({ emitFile: (f) => (assets[f.fileName] = f.source) });
    }
    const r = await esbuild.build({
      entryPoints: [path.join(dir, 'src', 'main.js')], bundle: true, format: 'cjs', platform: 'neutral', mainFields: ['module', 'main'], write: false, logLevel: 'error', absWorkingDir: dir,
      plugins: [{ name: 'vite-config', setup(build) {
        build.onResolve({ filter: /^[^./]/ }, (args) => {
          const to = ours && ours.resolveId(args.path);
          return to ? { path: to } : undefined;
        });
      } }],
    });
    return (await inSimulator('uni', r.outputFiles[0].text, assets, 3)).sent;
  },

  async taro(dir) {
    install(dir);
    const configFile = path.join(dir, 'config', 'index.js');
    // Taro's config is an ES module: a copy with .mjs, so Node reads it as one.
    const copy = path.join(dir, 'config', `index-${Math.random().toString(36).slice(2)}.mjs`);
    fs.copyFileSync(configFile, copy);
    const configure = (await import(pathToFileURL(copy).href)).default;
    fs.rmSync(copy);
    const config = typeof configure === 'function' ? await configure((a, b) => ({ ...a, ...b }), { command: 'build', mode: 'production' }) : configure;
    const aliases = {};
    let emitted = null;
    process.env.TARO_ENV = 'weapp';
    try {
      for (const entry of config.plugins || []) {
        const [name, options] = Array.isArray(entry) ? entry : [entry, undefined];
        const plugin = require(require.resolve(name, { paths: [dir] }));
        const chain = {
          resolve: { alias: { set: (k, v) => { aliases[k] = v; return chain.resolve.alias; } } },
          plugin: (id) => ({ use: (Cls, args) => (emitted = { id, family: args[0] }) }),
        };
        plugin({ runOpts: { options: {} }, paths: { appPath: dir }, modifyWebpackChain: (f) => f({ chain }) }, options);
      }
    } finally {
      delete process.env.TARO_ENV;
    }
    const assets = {};
    if (emitted) {
      const { wasmFiles } = require(path.join(PKG, 'plugin-common.cjs'));
      for (const f of wasmFiles(emitted.family)) assets[f.fileName] = f.source;
    }
    const r = await esbuild.build({
      entryPoints: [path.join(dir, 'src', 'app.js')], bundle: true, format: 'cjs', platform: 'neutral', mainFields: ['module', 'main'], write: false, logLevel: 'error', absWorkingDir: dir,
      plugins: [{ name: 'webpack-alias', setup(build) {
        // webpack: a key ending in $ matches the bare name only.
        build.onResolve({ filter: /^[^./]/ }, (args) => (aliases[`${args.path}$`] ? { path: aliases[`${args.path}$`] } : undefined));
      } }],
    });
    return (await inSimulator('wx', r.outputFiles[0].text, assets, 2)).sent;
  },

  async vite(dir) {
    return h5(dir, path.join(dir, 'src', 'main.js'), 3);
  },

  async webpack(dir) {
    return h5(dir, path.join(dir, 'src', 'index.js'), 2);
  },

  async node(dir) {
    install(dir);
    const before = backend.requests.length;
    const r = await runNode(path.join(dir, 'export-goods.js'), dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^goods 0 0$/m);
    ran.wasm = fs.realpathSync(path.join(dir, 'node_modules', JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).dependencies['apifm-wasm'] ? 'apifm-wasm' : 'apifm-webapi')) === fs.realpathSync(PKG);
    return backend.requests.slice(before);
  },
};

async function h5(dir, entry, n) {
  install(dir);
  const run = `run-${Math.random().toString(36).slice(2, 8)}`;
  fs.mkdirSync(path.join(SITE, run));
  await esbuild.build({ entryPoints: [entry], bundle: true, format: 'iife', platform: 'browser', outfile: path.join(SITE, run, 'bundle.js'), logLevel: 'error', absWorkingDir: dir });
  fs.writeFileSync(path.join(SITE, run, 'index.html'), `<!doctype html><script>window.APIFM_API = location.origin</script><script src="bundle.js"></script>`);
  if (!browser) {
    const { chromium } = require('playwright-core');
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  }
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors = [];
    const logs = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => logs.push(m.text()));
    const before = backend.requests.length;
    await page.goto(`${backend.url}/static/${run}/index.html`);
    await waitFor(() => logs.some((l) => /^home /.test(l)) || errors.length, 30000, 'the page\'s calls');
    assert.deepEqual(errors, []);
    assert.ok(logs.some((l) => /^home 0(,0)+$/.test(l)), logs.join('\n'));
    ran.wasm = fs.readFileSync(path.join(SITE, run, 'bundle.js'), 'utf8').includes('the wasm core failed to load'); // this package's shim is in the bundle
    const sent = backend.requests.slice(before).filter((r) => !r.path.startsWith('/static/'));
    assert.equal(sent.length, n, JSON.stringify(sent));
    return sent;
  } finally {
    await context.close();
  }
}

// What each fixture's migration is to do, and the call sites it is to report.
const EXPECT = {
  miniprogram: {
    label: 'native mini-program',
    changed: ['package.json'],
    package: { 'apifm-wxapi': 'npm:apifm-wasm@^0.1.0' },
    sites: [['pages/index/index.js:8', /query\.shopId is read after WXAPI\.goods\(query\)/], ['pages/index/index.js:14', /goodsDetail\(\) leaves out argument 1 \(id\)/]],
  },
  uniapp: {
    label: 'uni-app (Vue 3, Vite)',
    changed: ['package.json', 'vite.config.js'],
    package: { 'apifm-uniapp': 'npm:apifm-wasm@^0.1.0' },
    contains: { 'vite.config.js': ["const apifmWasm = require('apifm-wasm/vite')", 'plugins: [uni(), apifmWasm()]'] },
    sites: [['src/pages/index/index.vue:13', /getLocation\(\): on failure apifm-wasm shows no toast/]],
  },
  taro: {
    label: 'Taro 4',
    changed: ['config/index.js', 'package.json'],
    package: { 'apifm-wxapi': 'npm:apifm-wasm@^0.1.0' },
    contains: { 'config/index.js': ["plugins: ['apifm-wasm/taro'],"] },
    sites: [['src/app.js:7', /http:\/\/192\.168\.1\.20:8080: apifm-wasm refuses http:\/\/ off loopback/]],
  },
  vite: {
    label: 'Vite H5',
    changed: ['package.json', 'src/api.js'],
    package: { 'apifm-wasm': '^0.1.0' },
    contains: { 'src/api.js': ["import WXAPI from 'apifm-wasm/webapi'", "import { goodsDetail } from 'apifm-wasm/webapi'"] },
    sites: [['src/api.js:22', /WXAPI\.request\.defaults: apifm-wasm\/webapi's request is axios-like, without defaults/]],
  },
  webpack: {
    label: 'webpack H5',
    changed: ['package.json', 'src/index.js'],
    package: { 'apifm-wasm': '^0.1.0' },
    contains: { 'src/index.js': ["const WXAPI = require('apifm-wasm/webapi')"] },
    sites: [],
  },
  node: {
    label: 'Node',
    changed: ['export-goods.js', 'package.json'],
    package: { 'apifm-wasm': '^0.1.0' },
    contains: { 'export-goods.js': ["require('apifm-wasm/webapi')"] },
    sites: [
      ['export-goods.js:14', /payVariableUrl\('http:\/\/pay\.example\.com\/notify', …\): an http:\/\/ URL off loopback is refused/],
      ['export-goods.js:19', /goodsDetail\(\) leaves out argument 1 \(id\)/], // apifm-webapi's table (pkg/webapi-node.mjs)
    ],
  },
};

const outputs = {};
const ran = { wasm: false }; // whether the last run used this package (its wasm core), not the vendor SDK
for (const [kind, expect] of Object.entries(EXPECT)) {
  test(`${kind}: migrate prints the plan, --write applies it, a second run has nothing to do, and the project sends the same requests`, async () => {
    const dir = project(kind);
    const before = await RUN[kind](dir);
    assert.ok(before.length >= 2, `${kind}: the vendor SDK sent ${before.length} requests`);
    assert.equal(ran.wasm, false, 'before: the vendor SDK ran');
    const original = files(dir);

    const dry = migrate(dir);
    assert.equal(dry.code, 0, dry.err);
    outputs[kind] = dry.out;
    assert.match(dry.out, new RegExp(`project: ${expect.label.replace(/[()]/g, '\\$&')} `));
    for (const f of expect.changed) assert.match(dry.out, new RegExp(`^--- a/${f}$`, 'm'), `the dry run shows the diff of ${f}`);
    assert.match(dry.out, /Dry run: nothing was written/);
    assert.deepEqual(files(dir), original, 'the dry run changed nothing');
    // The call sites, each with file:line, in the order found.
    const reported = [...dry.out.matchAll(/^ {2}(\S+:\d+) {2}(.*)$/gm)].map((m) => [m[1], m[2]]);
    assert.equal(reported.length, expect.sites.length, dry.out);
    expect.sites.forEach(([where, what], i) => {
      assert.equal(reported[i][0], where);
      assert.match(reported[i][1], what);
    });

    const applied = migrate(dir, '--write');
    assert.equal(applied.code, 0, applied.err);
    const after = files(dir);
    assert.deepEqual(Object.keys(after).filter((f) => after[f] !== original[f]).sort(), expect.changed.slice().sort());
    const pkg = JSON.parse(after['package.json']);
    for (const [name, spec] of Object.entries(expect.package)) assert.equal({ ...pkg.devDependencies, ...pkg.dependencies }[name], spec);
    for (const vendor of ['apifm-wxapi', 'apifm-webapi', 'apifm-uniapp']) {
      const spec = { ...pkg.devDependencies, ...pkg.dependencies }[vendor];
      assert.ok(spec === undefined || /^npm:apifm-wasm@/.test(spec), `${vendor}: ${spec}`);
    }
    for (const [f, lines] of Object.entries(expect.contains || {})) for (const l of lines) assert.ok(after[f].includes(l), `${f} has ${l}\n${after[f]}`);
    assert.equal(git(dir, 'status', '--porcelain', '--', '.').trim().split('\n').length, expect.changed.length);

    // Idempotent: nothing more to do, and --write again changes nothing.
    const again = migrate(dir, '--force');
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /Nothing to change: the project is already migrated\./);
    assert.doesNotMatch(again.out, /^--- a\//m);
    assert.equal(migrate(dir, '--write', '--force').code, 0);
    assert.deepEqual(files(dir), after);

    // Built and run after the migration: the same requests as with the vendor SDK.
    const now = await RUN[kind](dir);
    assert.equal(ran.wasm, true, 'after: apifm-wasm ran');
    assert.deepEqual(wire(now), wire(before));
  });
}

test('--write refuses a git work tree with uncommitted changes, unless --force', () => {
  const dir = project('node');
  fs.appendFileSync(path.join(dir, 'export-goods.js'), '// an edit not committed\n');
  const original = files(dir);
  const refused = migrate(dir, '--write');
  assert.equal(refused.code, 1);
  assert.match(refused.err, /the git work tree has uncommitted changes:\n {2}M export-goods\.js\ncommit or stash them first .*or pass --force/);
  assert.deepEqual(files(dir), original, 'nothing written');
  // The dry run still shows the plan.
  assert.equal(migrate(dir).code, 0);
  const forced = migrate(dir, '--write', '--force');
  assert.equal(forced.code, 0, forced.err);
  assert.match(files(dir)['export-goods.js'], /require\('apifm-wasm\/webapi'\)/);
});

test('a config it does not understand is left alone and said so; the rest is migrated', () => {
  const dir = project('uniapp');
  fs.writeFileSync(path.join(dir, 'vite.config.js'), "const base = require('./vite.base.js')\nmodule.exports = base\n");
  git(dir, 'commit', '-qam', 'a shared config');
  const r = migrate(dir, '--write');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /! vite\.config\.js left alone \(no single `plugins: \[\.\.\.\]` array found\): add apifmWasm\(\) from apifm-wasm\/vite to its plugins yourself/);
  assert.equal(fs.readFileSync(path.join(dir, 'vite.config.js'), 'utf8'), "const base = require('./vite.base.js')\nmodule.exports = base\n");
  assert.match(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'), /"apifm-uniapp": "npm:apifm-wasm@\^0\.1\.0"/);
});

test('no vendor SDK: nothing to migrate (exit 1); no package.json: said so; --help; an unknown option: usage (exit 2)', () => {
  const empty = path.join(tmp, 'empty');
  fs.mkdirSync(empty);
  const none = migrate(empty);
  assert.equal(none.code, 1);
  assert.match(none.err, /no package\.json in/);
  fs.writeFileSync(path.join(empty, 'package.json'), '{"name":"x","dependencies":{"left-pad":"1.0.0"}}\n');
  const nothing = migrate(empty);
  assert.equal(nothing.code, 1);
  assert.match(nothing.err, /no apifm-wxapi, apifm-webapi or apifm-uniapp in package\.json: nothing to migrate/);
  const help = migrate(empty, '--help');
  assert.equal(help.code, 0);
  assert.match(help.out, /^usage: apifm-wasm migrate \[dir\] \[--write\] \[--force\]/);
  const bad = migrate(empty, '--wirte');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /unknown option --wirte/);
});

test('the outputs of the dry runs (for the record)', { skip: !process.env.MIGRATE_PRINT }, () => {
  for (const [kind, out] of Object.entries(outputs)) process.stdout.write(`# ---- ${kind}\n${out.replace(/^/gm, '# ')}\n`);
});
