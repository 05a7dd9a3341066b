// Every code snippet of the READMEs and the shipped docs is extracted and
// run, so that none can rot. A snippet runs as the `<!-- run: MODE … -->`
// line above its fence says, or by its language (js: node, html, sh); a
// snippet with neither fails the test. Calls go to the local test backend
// (the package's mock plus recording, tests/server/backend.js): in Node, a
// preloaded script sends fetch() for the API工厂 hosts (and the mock's
// documented http://127.0.0.1:8080) there; mini-program snippets run in the
// simulated WeChat runtime (tests/miniprogram/sim.js), whose wx.request goes
// there too.
//
// Modes:
//   node [page] [stubs=wx,localStorage] [probe] [no-request] [offline] [expect=unhandled] [file=…]
//        in a fresh Node with the package installed in node_modules (also
//        under its vendor aliases): exits 0 (or, with expect=unhandled,
//        with an unhandled rejection), and its calls reach the backend.
//        `WXAPI` is required first when the snippet uses it without
//        defining it; probe: a goodsDetail call is made after the snippet
//        (a config snippet proves it works); offline: the hosts point at a
//        closed port.
//   miniprogram [npm=NAME] [layout=packageA]  in a page's onLoad in the
//        simulated WeChat (`this` is the page), package installed by
//        "构建npm" (under NAME).
//   html   the page's scripts in Node, the CDN file mapped to the package's.
//   sh     npm install/uninstall against the packed tarball, npx apifm-wasm …
//          with the installed command (a mock is started on a free port,
//          then stopped with SIGTERM).
//   vite-config / taro-config   the config evaluated (framework modules
//          stubbed), its apifm-wasm plugin found and asked to resolve
//          `apifm-wasm` for a WeChat build: the mini-program build.
//   vue-config  the vue.config.js evaluated: its configureWebpack plugins hold
//          the package's webpack plugin, a webpack plugin object.
//   bundler-alias   each alias line (esbuild, Vite, webpack) applied with
//          that bundler's matching rule to an apifm-webapi page bundled by
//          esbuild: the page gets apifm-webapi's surface and sends its call.
//   project-config  the file's paths exist in the installed package.
//   mock-data [file=…]  the shipped mock started with it: its records and fixed answers are served.
//   mock-log   the log line the shipped mock prints for the same call.
//   csp-policy  the policy tests/browser/csp.test.js serves (it reads it from here).
//   output     the stderr of the snippet before (expect=unhandled), paths and ports aside.
//   tsc-class  the declared class type-checks against index.d.ts's WXAPIError both ways.
//   make       the Makefile has the targets (repository commands, not run here).
// Needs pkg/ built (node tools/build-pkg.js).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, spawnSync } = require('child_process');
const { startBackend } = require('../server/backend.js');

const ROOT = path.join(__dirname, '..', '..');
const PKG = path.join(ROOT, 'pkg');
const DOCS = ['README.md', 'pkg-template/README.md', ...['frameworks', 'platforms', 'migration', 'compat', 'errors', 'mock', 'hooks'].map((d) => `docs/${d}.md`)];
const ALIASES = ['apifm-wasm', 'apifm-wxapi', 'apifm-webapi', 'apifm-uniapp']; // how the docs install the package
const BOUND = 60000; // a snippet that has not finished by then hangs

/** The fenced blocks of a markdown file, with the run line above each. */
function blocks(file) {
  const lines = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\w*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const indent = open[1].length;
    let j = i + 1;
    while (j < lines.length && !/^\s*```\s*$/.test(lines[j])) j++;
    const code = lines.slice(i + 1, j).map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length))).join('\n');
    let k = i - 1;
    while (k >= 0 && !lines[k].trim()) k--;
    const run = k >= 0 ? /^\s*<!-- run: ([\w-]+)((?: [^\s>]+)*) -->\s*$/.exec(lines[k]) : null;
    const opts = {};
    if (run) for (const o of run[2].trim().split(/\s+/).filter(Boolean)) {
      const [key, value] = o.split('=');
      opts[key] = value === undefined ? true : value;
    }
    out.push({ file, line: i + 1, lang: open[2], code, mode: run ? run[1] : { js: 'node', html: 'html', sh: 'sh' }[open[2]], opts });
    i = j;
  }
  return out;
}

// --- the shared set-up ------------------------------------------------------
let backend;
let work; // a project with the package installed (symlinks) and the run helpers
let closedPort;
let tarball = null;
test.before(async () => {
  assert.ok(fs.existsSync(path.join(PKG, 'index.js')), 'pkg/ is not built: run node tools/build-pkg.js');
  backend = await startBackend({ port: 0, quiet: true });
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'apifm-snippets-'));
  fs.mkdirSync(path.join(work, 'node_modules'));
  for (const name of ALIASES) fs.symlinkSync(PKG, path.join(work, 'node_modules', name), 'dir');
  // The framework modules a config imports, as small stand-ins.
  const stub = (name, main) => {
    const dir = path.join(work, 'node_modules', ...name.split('/'));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '0.0.0', main: 'index.js' }));
    fs.writeFileSync(path.join(dir, 'index.js'), main);
  };
  stub('vite', 'exports.defineConfig = (c) => c;');
  stub('@dcloudio/vite-plugin-uni', "exports.default = () => ({ name: 'uni' });");
  stub('@tarojs/cli', 'exports.defineConfig = (c) => c;');
  const net = require('net');
  closedPort = await new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
  fs.writeFileSync(path.join(work, 'prelude.cjs'), PRELUDE);
});
test.after(async () => {
  if (backend) await backend.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

// Preloaded into every Node snippet: fetch() of the API工厂 hosts goes to the
// backend (or, offline, to a closed port); stand-ins for platform globals.
const PRELUDE = `'use strict';
const target = process.env.SNIPPET_TARGET;
const offline = process.env.SNIPPET_OFFLINE === '1';
const HOSTS = ['api.it120.cc', 'common.apifm.com', 'cms.apifm.com', 'oss.apifm.com'];
const real = globalThis.fetch;
globalThis.fetch = function (input, init) {
  let url = typeof input === 'string' ? input : input && input.url;
  const m = /^https:\\/\\/([^/]+)(\\/.*)?$/.exec(url);
  if (m && HOSTS.includes(m[1])) url = target + '/__host/' + m[1] + (m[2] || '');
  else if (url.startsWith('http://127.0.0.1:8080')) url = target + url.slice('http://127.0.0.1:8080'.length);
  return real.call(this, typeof input === 'string' ? url : new Request(url, input), init);
};
const stubs = (process.env.SNIPPET_STUBS || '').split(',');
if (stubs.includes('wx')) {
  const store = new Map();
  globalThis.wx = {
    getStorageSync: (k) => (store.has(k) ? store.get(k) : ''),
    setStorageSync: (k, v) => store.set(k, v),
    showToast: () => {},
    login: (o) => o.success({ code: 'code-demo' }),
  };
}
if (stubs.includes('localStorage')) {
  const store = new Map();
  globalThis.localStorage = { getItem: (k) => (store.has(k) ? store.get(k) : null), setItem: (k, v) => store.set(k, String(v)), removeItem: (k) => store.delete(k) };
}
`;

function runNode(file, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', path.join(work, 'prelude.cjs'), file], { cwd: work, env: { ...process.env, NODE_ENV: '', ...env } });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), BOUND);
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

const isEsm = (code) => /^\s*(import|export)\s/m.test(code) || /^(?!\s*\/\/).*\bawait\b/m.test(code.replace(/async function[\s\S]*?\n\}/g, ''));
const usesWXAPI = (code) => /\bWXAPI\b/.test(code);
const definesWXAPI = (code) => /(const|let|var|import)\s+(\{[^}]*\}|WXAPI)\b[^\n]*\bWXAPI\b|import WXAPI\b|const WXAPI\b/.test(code);
let outputs = {}; // file -> stderr of its last expect=unhandled snippet (for `output`)

// --- the modes -----------------------------------------------------------------
const MODES = {
  async node(b) {
    let code = b.code;
    const esm = isEsm(code);
    if (usesWXAPI(code) && !definesWXAPI(code)) code = `${esm ? "import WXAPI from 'apifm-wasm'" : "const WXAPI = require('apifm-wasm')"}\n${code}`;
    if (b.opts.probe) code += `\n;WXAPI.goodsDetail(101).then((r) => { if (r.code !== 0) throw new Error('probe: code ' + r.code) })\n`;
    if (b.opts.page) code = `const page = { data: {}, setData(d) { Object.assign(this.data, d) } };\n(function () {\n${code}\n}).call(page)\n`;
    const name = b.opts.file || `snippet-${b.line}.${esm ? 'mjs' : 'cjs'}`;
    const file = path.join(work, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, code);
    const before = backend.requests.length;
    const r = await runNode(file, {
      SNIPPET_TARGET: b.opts.offline ? `http://127.0.0.1:${closedPort}` : backend.url,
      SNIPPET_OFFLINE: b.opts.offline ? '1' : '0',
      SNIPPET_STUBS: b.opts.stubs || '',
      APIFM_TOKEN: 'token-demo',
    });
    assert.notEqual(r.signal, 'SIGKILL', `${name} did not finish within ${BOUND} ms`);
    if (b.opts.expect === 'unhandled') {
      assert.notEqual(r.code, 0, 'the snippet was to end with an unhandled rejection');
      outputs[b.file] = { stderr: r.stderr, file };
      return;
    }
    assert.equal(r.code, 0, `exit ${r.code}\n${r.stderr}`);
    assert.doesNotMatch(r.stderr, /\b(TypeError|ReferenceError|SyntaxError|Unhandled|WXAPIError:)/, r.stderr);
    if (!b.opts['no-request'] && !b.opts.offline) assert.ok(backend.requests.length > before, 'the snippet sent no request');
  },

  async miniprogram(b) {
    const { createMiniProgram } = require('../miniprogram/sim.js');
    const name = b.opts.npm || 'apifm-wasm';
    const layout = b.opts.layout ? `${b.opts.layout}/` : '';
    let code = b.code;
    const requirePath = layout ? `/${layout}miniprogram_npm/${name}/index` : name;
    if (!definesWXAPI(code)) code = `const WXAPI = require(${JSON.stringify(requirePath)})\n${code}`;
    // A call of its own after a config-only snippet, so that the wasm is loaded from where the config says.
    const probe = /\.then\(|await /.test(b.code) ? '' : '\n;this.probe = WXAPI.goodsDetail(101)';
    const files = { [`${layout}pages/doc/doc.js`]: `Page({ onLoad() {\n${code}${probe}\n} })\n` };
    const npm = layout ? {} : { [name]: PKG };
    if (layout) for (const f of fs.readdirSync(path.join(PKG, 'miniprogram_dist'))) files[`${layout}miniprogram_npm/${name}/${f}`] = fs.readFileSync(path.join(PKG, 'miniprogram_dist', f));
    const before = backend.requests.length;
    const mp = createMiniProgram({ backend, npm, files });
    try {
      const page = mp.openPage(`${layout}pages/doc/doc`);
      const { waitFor } = require('../miniprogram/common.js');
      await waitFor(() => backend.requests.length > before && !mp.pending().requests && !mp.pending().callbacks, BOUND, 'the snippet\'s request');
      if (page && page.probe) {
        const r = await page.probe;
        assert.equal(typeof r.code, 'number');
      }
      assert.deepEqual(mp.errors.map((e) => String(e.error && e.error.message || e.error)), []);
      assert.ok(mp.wasmLoads.some((l) => l.ok), 'the wasm was loaded');
    } finally {
      await mp.close();
    }
  },

  async html(b) {
    // The page's scripts in order, in one Node process: <script src> of the CDN file is the package's own.
    const scripts = [...b.code.matchAll(/<script(?:\s+src="([^"]+)")?\s*>([\s\S]*?)<\/script>/g)].map((m) => {
      if (!m[1]) return m[2];
      assert.match(m[1], /^https:\/\/(unpkg\.com|cdn\.jsdelivr\.net\/npm)\/apifm-wasm(@[^/]+)?\/apifm-wasm\.min\.js$/, m[1]);
      return fs.readFileSync(path.join(PKG, 'apifm-wasm.min.js'), 'utf8');
    });
    assert.ok(scripts.length >= 2, 'a page with the SDK and a script using it');
    const file = path.join(work, `page-${b.line}.cjs`);
    fs.writeFileSync(file, `const vm = require('vm');\n${scripts.map((s) => `vm.runInThisContext(${JSON.stringify(s)});`).join('\n')}\n`);
    const before = backend.requests.length;
    const r = await runNode(file, { SNIPPET_TARGET: backend.url });
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /Error/, r.stderr);
    assert.ok(backend.requests.length > before, 'the page sent no request');
  },

  async sh(b) {
    const commands = b.code.split('\n').map((l) => l.replace(/(^|\s+)#.*$/, '').trim()).filter(Boolean);
    for (const line of commands) {
      for (const cmd of line.split('&&').map((c) => c.trim())) await shell(cmd, b);
    }
  },

  async make(b) {
    const makefile = fs.readFileSync(path.join(ROOT, 'Makefile'), 'utf8');
    for (const line of b.code.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter(Boolean)) {
      const m = /^make (\S+)$/.exec(line);
      assert.ok(m, `not a make command: ${line}`);
      assert.match(makefile, new RegExp(`^${m[1]}:`, 'm'), `no target ${m[1]}`);
    }
  },

  async 'vite-config'(b) {
    const file = path.join(work, `vite.config.${b.line}.cjs`);
    fs.writeFileSync(file, `${b.code}\n;const c = module.exports; const p = c.plugins.flat().find((x) => x && x.name === 'apifm-wasm');
if (!p) throw new Error('no apifm-wasm plugin in ' + JSON.stringify(c.plugins.map((x) => x && x.name)));
if (p.configResolved) p.configResolved({ root: ${JSON.stringify(work)} });
const r = p.resolveId('apifm-wasm');
console.log(JSON.stringify({ resolved: r && (r.id || r) }));
`);
    const r = spawnSync(process.execPath, [file], { cwd: work, encoding: 'utf8', env: { ...process.env, UNI_PLATFORM: 'mp-weixin' } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(JSON.parse(r.stdout).resolved, /miniprogram\.mjs$/);
  },

  async 'vue-config'(b) {
    const file = path.join(work, `vue.config.${b.line}.cjs`);
    fs.writeFileSync(file, `${b.code}
;const c = module.exports;
const { ApifmWasmWebpackPlugin } = require('apifm-wasm/webpack');
const p = ((c.configureWebpack || {}).plugins || []).find((x) => x instanceof ApifmWasmWebpackPlugin);
if (!p || typeof p.apply !== 'function') throw new Error('no apifm-wasm/webpack plugin in configureWebpack.plugins');
console.log(JSON.stringify({ plugin: p.constructor.name }));
`);
    const r = spawnSync(process.execPath, [file], { cwd: work, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).plugin, 'ApifmWasmWebpackPlugin');
  },

  async 'taro-config'(b) {
    const file = path.join(work, `taro.config.${b.line}.mjs`);
    fs.writeFileSync(file, `const defineConfig = (c) => c;\n${b.code.replace(/\/\/ …\n/g, '')}\n`);
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', `
import config from ${JSON.stringify(file)};
import { createRequire } from 'module';
const require = createRequire(${JSON.stringify(path.join(work, 'x.js'))});
const names = config.plugins.map((p) => (Array.isArray(p) ? p[0] : p));
if (!names.includes('apifm-wasm/taro')) throw new Error('no apifm-wasm/taro plugin');
const plugin = require('apifm-wasm/taro');
// Taro calls a plugin with its context: for a WeChat build it adds a resolve alias and emits the wasm.
let alias = null;
const chain = { resolve: { alias: { set: (k, v) => { alias = alias || {}; alias[k] = v; return chain.resolve.alias; } } }, plugin: () => ({ use: () => ({}) }) };
process.env.TARO_ENV = 'weapp';
plugin({ runOpts: { options: {} }, paths: { appPath: ${JSON.stringify(work)} }, modifyWebpackChain: (f) => f({ chain }), onBuildFinish: () => {}, onBuildComplete: () => {} }, {});
console.log(JSON.stringify({ plugin: typeof plugin }));
`], { cwd: work, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout.trim().split('\n').pop()).plugin, 'function');
  },

  async 'bundler-alias'(b) {
    // Each alias of the block, written in its bundler's config, applied by that bundler's rule.
    const esbuildAlias = /alias:\s*(\{[^}]*\})\s*$/m.exec(b.code.split('\n\n')[0]);
    const vite = /resolve:\s*\{\s*alias:\s*(\[[\s\S]*?\])\s*\}/.exec(b.code);
    const webpack = /resolve:\s*\{\s*alias:\s*(\{[^}]*\})\s*\}/.exec(b.code);
    assert.ok(esbuildAlias && vite && webpack, 'the esbuild, Vite and webpack lines');
    const evaluate = (text) => new Function(`return (${text})`)(); // eslint-disable-line no-new-func
    const rules = {
      esbuild: (spec) => evaluate(esbuildAlias[1])[spec], // esbuild: a key matches the package name and its subpaths (only the name is asked here)
      vite: (spec) => {
        for (const { find, replacement } of evaluate(vite[1])) if (find instanceof RegExp ? find.test(spec) : spec === find || spec.startsWith(`${find}/`)) return spec.replace(find, replacement);
        return undefined;
      },
      webpack: (spec) => {
        for (const [k, v] of Object.entries(evaluate(webpack[1]))) if (k.endsWith('$') ? spec === k.slice(0, -1) : spec === k || spec.startsWith(`${k}/`)) return k.endsWith('$') ? v : spec.replace(k, v);
        return undefined;
      },
    };
    const esbuild = require('esbuild');
    const entry = path.join(work, 'webapi-page.js');
    fs.writeFileSync(entry, "import WXAPI from 'apifm-webapi'\nWXAPI.init('demo')\nWXAPI.request.interceptors.request.use((c) => c)\nWXAPI.requestX('/shop/goods/detail', true, 'get', { id: 101 }).then((r) => console.log(JSON.stringify({ code: r.code, webapi: typeof WXAPI.jssdkSign })))\n");
    for (const [bundler, rule] of Object.entries(rules)) {
      // The subpath the alias leads to must be left alone (Vite's regex and webpack's $ are there for that).
      assert.equal(rule('apifm-webapi/webapi') === undefined || rule('apifm-webapi/webapi') === 'apifm-webapi/webapi', true, `${bundler}: apifm-webapi/webapi is rewritten`);
      const outfile = path.join(work, `webapi-${bundler}.mjs`);
      await esbuild.build({
        entryPoints: [entry], bundle: true, format: 'esm', platform: 'browser', outfile, absWorkingDir: work, logLevel: 'error',
        plugins: [{ name: bundler, setup(build) {
          build.onResolve({ filter: /^apifm-webapi(\/.*)?$/ }, (args) => {
            const to = rule(args.path);
            return to && to !== args.path ? build.resolve(to, { kind: args.kind, resolveDir: args.resolveDir }) : undefined;
          });
        } }],
      });
      const before = backend.requests.length;
      const r = await runNode(outfile, { SNIPPET_TARGET: backend.url });
      assert.equal(r.code, 0, `${bundler}: ${r.stderr}`);
      assert.deepEqual(JSON.parse(r.stdout), { code: 0, webapi: 'function' }, bundler);
      assert.ok(backend.requests.length > before);
    }
  },

  async 'project-config'(b) {
    const cfg = JSON.parse(b.code);
    for (const entry of cfg.packOptions.include) {
      const m = /^miniprogram_npm\/apifm-wasm\/(.+)$/.exec(entry.value);
      assert.ok(m, entry.value);
      assert.ok(fs.existsSync(path.join(PKG, 'miniprogram_dist', m[1])), `${m[1]} is not what 构建npm copies`);
    }
  },

  async 'mock-data'(b) {
    const data = JSON.parse(b.code);
    const file = path.join(work, b.opts.file || 'data.json');
    fs.writeFileSync(file, b.code);
    const mock = await startCli(['mock', '--port', '0', '--quiet', '--data', file]);
    try {
      const get = async (p, body) => (await fetch(`${mock.url}${p}`, body ? { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body } : undefined)).json();
      for (const [key, answer] of Object.entries(data.responses || {})) {
        const r = key.startsWith('/') ? await get(`/demo${key}`) : null;
        if (r) assert.deepEqual(r, answer, key);
      }
      if (data.responses && data.responses.siteStatistics) assert.deepEqual(await get('/common/demo/site/statistics'), data.responses.siteStatistics);
      for (const g of data.goods || []) {
        const r = await get(`/demo/shop/goods/detail?id=${g.id}`);
        assert.equal(r.code, 0, `goods ${g.id}`);
        assert.equal(r.data.basicInfo.name, g.name);
      }
    } finally {
      await mock.stop();
    }
  },

  async 'mock-log'(b) {
    const mock = await startCli(['mock', '--port', '0']);
    try {
      const line = b.code.trim();
      const m = /^\d\d:\d\d:\d\d (\w+) (\S+) (\w+)\S* (.*) → (\d+)$/.exec(line);
      assert.ok(m, line);
      const [, verb, p, , fieldsText] = m;
      const fields = Object.fromEntries(fieldsText.split(' ').map((kv) => kv.split('=')));
      await fetch(`${mock.url}${p}`, { method: verb, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
      await mock.waitFor((out) => out.includes(` ${verb} ${p} `));
      const logged = mock.stdout.split('\n').find((l) => l.includes(` ${verb} ${p} `));
      assert.equal(logged.replace(/^\d\d:\d\d:\d\d/, 'HH:MM:SS'), line.replace(/^\d\d:\d\d:\d\d/, 'HH:MM:SS'));
    } finally {
      await mock.stop();
    }
  },

  async 'csp-policy'(b) {
    assert.match(b.code, /^Content-Security-Policy: /);
    const csp = fs.readFileSync(path.join(ROOT, 'tests', 'browser', 'csp.test.js'), 'utf8');
    assert.match(csp, /docs', 'platforms\.md'/, 'tests/browser/csp.test.js serves the policy of docs/platforms.md');
  },

  async output(b) {
    const ran = outputs[b.file];
    assert.ok(ran, 'an expect=unhandled snippet runs before this one');
    const dir = path.dirname(ran.file);
    const norm = (s) => s.split(dir).join('/app/scripts').replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:8080').replace(/:\d+:\d+\)/g, ':L:C)');
    const actual = norm(ran.stderr).split('\n');
    let at = 0;
    for (const want of norm(b.code).split('\n')) {
      if (want.trim() === '…' || want.trim() === '') continue;
      const i = actual.findIndex((l, k) => k >= at && l.trimEnd() === want.trimEnd());
      assert.ok(i >= 0, `not printed (in order): ${want}\n--- printed:\n${ran.stderr}`);
      at = i + 1;
    }
  },

  async 'tsc-class'(b) {
    const ts = require('typescript');
    const file = path.join(work, `errors-doc-${b.line}.ts`);
    fs.writeFileSync(file, `import { WXAPIError } from 'apifm-wasm'
declare ${b.code.replace(/^class WXAPIError\b/m, 'class DocError')}
declare const ours: WXAPIError
declare const doc: DocError
const a: DocError = ours
const c: WXAPIError = doc
export { a, c }
`);
    const program = ts.createProgram([file], { strict: true, noEmit: true, moduleResolution: ts.ModuleResolutionKind.Node10, module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, lib: ['lib.es2022.d.ts'], types: [] });
    const diags = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    assert.deepEqual(diags, []);
  },
};

/** Runs a command of an sh snippet: npm against the packed tarball, npx with the installed package. */
async function shell(cmd, b) {
  const words = cmd.split(/\s+/);
  if (words[0] === 'npm' && (words[1] === 'install' || words[1] === 'uninstall')) {
    const proj = shProject();
    const specs = words.slice(2).filter((w) => !w.startsWith('-'));
    assert.ok(specs.length, cmd);
    if (words[1] === 'uninstall') {
      const r = spawnSync('npm', ['uninstall', '--no-audit', '--no-fund', ...specs], { cwd: proj, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return;
    }
    // apifm-wasm, or VENDOR@npm:apifm-wasm (the alias): installed from this build's tarball.
    const local = specs.map((s) => {
      const m = /^(?:(apifm-(?:wxapi|webapi|uniapp))@npm:)?apifm-wasm$/.exec(s);
      assert.ok(m, `an install of something else than this package: ${s}`);
      return `${m[1] || 'apifm-wasm'}@file:${packed()}`;
    });
    const r = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund', ...local], { cwd: proj, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    for (const s of specs) {
      const name = s.split('@npm:')[0];
      const meta = JSON.parse(fs.readFileSync(path.join(proj, 'node_modules', name, 'package.json'), 'utf8'));
      assert.equal(meta.name, 'apifm-wasm', `${name} is this package`);
    }
    return;
  }
  if (words[0] === 'npx' && words[1] === 'apifm-wasm') {
    const proj = shProject();
    if (!fs.existsSync(path.join(proj, 'node_modules', '.bin', 'apifm-wasm'))) await shell('npm install apifm-wasm', b);
    const args = words.slice(2);
    if (args[0] === 'mock') {
      // A free port instead of the documented one; files the doc wrote (a --data file) are in the project.
      const i = args.indexOf('--port');
      if (i >= 0) args[i + 1] = '0';
      else args.push('--port', '0');
      const d = args.indexOf('--data');
      if (d >= 0) {
        // The file is the doc's own: its mock-data block with file=NAME.
        const data = blocks(b.file).find((x) => x.mode === 'mock-data' && x.opts.file === args[d + 1]);
        assert.ok(data, `${args[d + 1]}: the doc has no mock-data block with file=${args[d + 1]}`);
        fs.writeFileSync(path.join(proj, args[d + 1]), data.code);
      }
      const mock = await startCli(args, proj);
      try {
        const r = await (await fetch(`${mock.url}/demo/shop/goods/detail?id=101`)).json();
        assert.equal(typeof r.code, 'number');
      } finally {
        await mock.stop();
      }
      return;
    }
    // In a project (fixture=NAME: a copy of tests/js/fixtures/migrate/NAME, committed in a git repository of its own).
    const cwd = b.opts.fixture ? fixtureCopy(b) : proj;
    const r = spawnSync(path.join(proj, 'node_modules', '.bin', 'apifm-wasm'), args, { cwd, encoding: 'utf8' });
    assert.equal(r.status, 0, `${cmd}: ${r.stderr}`);
    if (args[0] === 'migrate' && !args.includes('--write')) assert.match(r.stdout, /^--- a\/package\.json$/m, r.stdout);
    if (args[0] === 'migrate' && args.includes('--write')) assert.match(r.stdout, /^Written: /m, r.stdout);
    return;
  }
  assert.fail(`a command the snippet test does not know how to run: ${cmd}`);
}

const copies = new Map();
function fixtureCopy(b) {
  const key = `${b.file}:${b.line}`;
  if (!copies.has(key)) {
    const dir = path.join(work, `fixture-${b.line}`);
    fs.cpSync(path.join(__dirname, 'fixtures', 'migrate', b.opts.fixture), dir, { recursive: true });
    const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
    for (const args of [['init', '-q'], ['add', '-A'], ['commit', '-qm', 'the project']]) assert.equal(spawnSync('git', args, { cwd: dir, env }).status, 0);
    copies.set(key, dir);
  }
  return copies.get(key);
}

let shDir = null;
function shProject() {
  if (!shDir) {
    shDir = path.join(work, 'sh');
    fs.mkdirSync(shDir);
    fs.writeFileSync(path.join(shDir, 'package.json'), JSON.stringify({ name: 'docs-app', version: '1.0.0', private: true }));
  }
  return shDir;
}

function packed() {
  if (!tarball) {
    const r = spawnSync('npm', ['pack', PKG, '--json', '--pack-destination', work], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    tarball = path.join(work, JSON.parse(r.stdout)[0].filename);
  }
  return tarball;
}

/** The package's command (pkg/bin) started with `args`; resolves once it prints its URL. */
function startCli(args, cwd) {
  return new Promise((resolve, reject) => {
    const bin = cwd ? path.join(cwd, 'node_modules', '.bin', 'apifm-wasm') : path.join(PKG, 'bin', 'apifm-wasm.js');
    const child = spawn(cwd ? bin : process.execPath, cwd ? args : [bin, ...args], { cwd: cwd || work });
    const state = { stdout: '', url: null };
    const waiters = [];
    child.stdout.on('data', (d) => {
      state.stdout += d;
      const m = /mock backend: (http:\/\/\S+)/.exec(state.stdout);
      if (m && !state.url) {
        state.url = m[1];
        resolve({
          url: state.url,
          get stdout() { return state.stdout; },
          waitFor: (check) => new Promise((ok) => (check(state.stdout) ? ok() : waiters.push({ check, ok }))),
          stop: () => new Promise((ok) => {
            child.on('close', (code, signal) => ok({ code, signal }));
            child.kill('SIGTERM');
          }),
        });
      }
      for (const w of waiters.splice(0)) (w.check(state.stdout) ? w.ok() : waiters.push(w));
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      if (!state.url) reject(new Error(`apifm-wasm ${args.join(' ')} exited ${code}: ${stderr}`));
    });
  });
}

// --- one test per snippet ----------------------------------------------------
for (const file of DOCS) {
  for (const b of blocks(file)) {
    test(`${file}:${b.line} (${b.mode || 'no run line'}${Object.keys(b.opts).length ? ` ${Object.entries(b.opts).map(([k, v]) => (v === true ? k : `${k}=${v}`)).join(' ')}` : ''})`, async () => {
      assert.ok(b.mode, 'a snippet with no <!-- run: … --> line and a language the test cannot run: say how to run it');
      assert.ok(MODES[b.mode], `unknown mode ${b.mode}`);
      await MODES[b.mode](b);
    });
  }
}

test('every doc has its snippets found (a fence the parser missed would go unrun)', () => {
  for (const file of DOCS) {
    const fences = (fs.readFileSync(path.join(ROOT, file), 'utf8').match(/^\s*```/gm) || []).length;
    assert.equal(fences, blocks(file).length * 2, file);
  }
});
