// Errors a developer can read (docs/errors.md, "Where an error points"):
// an unhandled WXAPIError in Node prints a few lines naming the class, the
// kind, the method and the caller's file:line — not the SDK's source; the
// class is named WXAPIError in every build; a call's error starts at the
// caller's line (Node, and a bundler's development build, not a production
// one); the minified mini-program build ships its source map beside it.
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');
const { spawnSync, spawn } = require('child_process');

const PKG = path.join(__dirname, '..', '..', 'pkg');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apifm-debuggable-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

let server;
let badGateway; // an origin answering 502 with an HTML body (kind 'http')
let refused; // an origin nothing listens on (kind 'network', as offline)
test.before(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    res.writeHead(502, { 'Content-Type': 'text/html' });
    res.end('<html>bad gateway</html>');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  badGateway = `http://127.0.0.1:${server.address().port}`;
  const closed = http.createServer();
  await new Promise((r) => closed.listen(0, '127.0.0.1', r));
  refused = `http://127.0.0.1:${closed.address().port}`;
  await new Promise((r) => closed.close(r));
});
test.after(() => server.close());

/** Runs `source` as file `name` in a fresh Node (asynchronously: the test's server answers meanwhile). */
function run(name, source, env) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, source.replace(/PKG/g, JSON.stringify(PKG).slice(1, -1)));
  const childEnv = { ...process.env, ...env };
  if (!env || !('NODE_ENV' in env)) delete childEnv.NODE_ENV;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], { env: childEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    // How Node names the file in a stack: an ES module by its URL.
    const where = file.endsWith('.mjs') ? require('url').pathToFileURL(file).href : file;
    child.on('close', (code) => resolve({ file: where, code, stdout, stderr }));
  });
}

/** The line (1-based) of `marker` in the script. */
const lineOf = (source, marker) => source.split('\n').findIndex((l) => l.includes(marker)) + 1;

function assertReadable(r, { kind, method, line }) {
  const bytes = Buffer.byteLength(r.stderr);
  assert.notEqual(r.code, 0, 'the unhandled rejection ends the process');
  assert.ok(bytes < 2048, `stderr is ${bytes} bytes:\n${r.stderr.slice(0, 3000)}`);
  assert.match(r.stderr, /^WXAPIError: WXAPI\./m, r.stderr);
  assert.doesNotMatch(r.stderr, /\w \[WXAPIError\]/, 'the class prints as WXAPIError, not a minified name');
  assert.match(r.stderr, new RegExp(`kind: '${kind}'`), r.stderr);
  assert.match(r.stderr, new RegExp(`WXAPI\\.${method}: `), r.stderr);
  assert.ok(r.stderr.split('\n').every((l) => l.length < 400), `a line of stderr is ${Math.max(...r.stderr.split('\n').map((l) => l.length))} characters`);
  if (line) {
    // The stack's first frame is the caller's call; Node prints that line of the caller over the error.
    const first = r.stderr.split('\n').find((l) => /^\s+at /.test(l));
    assert.ok(first.includes(`${r.file}:${line}:`), `first frame ${first}, expected ${r.file}:${line}\n${r.stderr}`);
    assert.ok(r.stderr.startsWith(`${r.file}:${line}\n`), r.stderr);
  }
}

test('CommonJS, offline: an unhandled rejection prints a short stderr naming WXAPIError, the kind, the method and the caller\'s line', async () => {
  const src = `const WXAPI = require('PKG/index.js');
WXAPI.init3({ apiBaseUrl: '${refused}', subDomain: 'demo' });
function loadGoods() {
  WXAPI.goodsDetail(123).then((res) => console.log(res.code)); // CALL
}
loadGoods();
`;
  const r = await run('offline.js', src);
  assertReadable(r, { kind: 'network', method: 'goodsDetail', line: lineOf(src, '// CALL') });
  assert.match(r.stderr, /ECONNREFUSED/);
});

test('ES module, HTTP 502: the same, from index.mjs', async () => {
  const src = `import { init3, goodsDetail } from 'PKG/index.mjs';
init3({ apiBaseUrl: '${badGateway}', subDomain: 'demo' });
await goodsDetail(5); // CALL
`;
  const r = await run('gateway.mjs', src);
  assertReadable(r, { kind: 'http', method: 'goodsDetail', line: lineOf(src, '// CALL') });
});

test('apifm-wasm/webapi (CommonJS): an argument refused before any request points at the caller', async () => {
  const src = `const WXAPI = require('PKG/webapi-node.js');
WXAPI.init('demo');
WXAPI.goodsDetail(); // CALL
`;
  const r = await run('argument.js', src);
  assertReadable(r, { kind: 'argument', method: 'goodsDetail', line: lineOf(src, '// CALL') });
});

test('a config error thrown by init3 starts at the caller\'s line', async () => {
  const src = `const WXAPI = require('PKG/index.js');
WXAPI.init3({ timeout: -5 }); // CALL
`;
  const r = await run('config.js', src);
  assertReadable(r, { kind: 'config', method: 'init3' });
  const first = r.stderr.split('\n').find((l) => /^\s+at /.test(l));
  assert.ok(first.includes(`${r.file}:${lineOf(src, '// CALL')}:`), r.stderr);
});

test('with NODE_ENV=production no site is taken, and stderr is still short and names the class', async () => {
  const src = `const WXAPI = require('PKG/index.js');
WXAPI.init3({ apiBaseUrl: '${badGateway}', subDomain: 'demo' });
WXAPI.goodsDetail(1);
`;
  const r = await run('production.js', src, { NODE_ENV: 'production' });
  assertReadable(r, { kind: 'http', method: 'goodsDetail' });
  assert.ok(!r.stderr.includes(`${r.file}:3`), 'production: the stack is the SDK\'s own');
});

test('a caught error: instanceof, the stack starts at the call, also after retries and through hooks', async () => {
  const src = `const WXAPI = require('PKG/index.js');
const { WXAPIError } = WXAPI;
WXAPI.init3({ apiBaseUrl: '${badGateway}', subDomain: 'demo', retry: { retries: 1, backoff: 0 } });
let seen = null;
WXAPI.use({ onError(ctx, err) { seen = err; } });
async function main() {
  const out = {};
  try {
    await WXAPI.goodsDetail(7); // CALL
  } catch (e) {
    out.instance = e instanceof WXAPIError && e instanceof Error;
    out.native = require('util').types.isNativeError(e);
    out.sameAsHook = seen === e;
    out.kind = e.kind;
    out.name = e.name;
    out.ctor = e.constructor.name;
    out.first = e.stack.split('\\n')[1];
    out.header = e.stack.split('\\n')[0];
    out.message = e.message;
  }
  console.log(JSON.stringify(out));
}
main();
`;
  const r = await run('caught.js', src);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.instance, true);
  assert.equal(out.native, true, 'a native error (util.types.isNativeError)');
  assert.equal(out.sameAsHook, true, 'the hooks see the error the call rejects with');
  assert.equal(out.kind, 'http');
  assert.equal(out.name, 'WXAPIError');
  assert.equal(out.ctor, 'WXAPIError');
  assert.equal(out.header, `WXAPIError: ${out.message}`);
  assert.ok(out.first.includes(`${r.file}:${lineOf(src, '// CALL')}:`), out.first);
});

test('the class is named WXAPIError in every build', async () => {
  const src = `const cjs = require('PKG/index.js');
const mp = require('PKG/miniprogram_dist/index.js');
Promise.all(['index.mjs', 'web.mjs', 'miniprogram.mjs', 'webapi-web.mjs', 'uniapp.mjs'].map((f) => import('PKG/' + f))).then((ms) => {
  console.log(JSON.stringify([cjs.WXAPIError.name, mp.WXAPIError.name, ...ms.map((m) => m.WXAPIError.name)]));
});
`;
  const r = await run('names.js', src);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), Array(7).fill('WXAPIError'));
  const script = fs.readFileSync(path.join(PKG, 'apifm-wasm.min.js'), 'utf8');
  const vm = require('vm');
  const ctx = vm.createContext({});
  vm.runInContext(script, ctx);
  assert.equal(vm.runInContext('WXAPI.WXAPIError.name', ctx), 'WXAPIError');
});

test('the Node builds are readable: no line longer than 1,000 characters but the packed method table', () => {
  for (const f of ['index.js', 'index.mjs', 'webapi-node.js', 'webapi-node.mjs']) {
    const lines = fs.readFileSync(path.join(PKG, f), 'utf8').split('\n');
    const long = lines.filter((l) => l.length > 1000 && !/^\s*(const|var|let) (names|rows|flags) = /.test(l) && !/m\(engine, "/.test(l));
    assert.deepEqual(long.map((l) => l.slice(0, 80)), [], f);
    assert.ok(lines.length > 1000, `${f}: ${lines.length} lines`);
  }
});

test('a bundler\'s development build takes the call\'s site; its production build does not', () => {
  const esbuild = require('esbuild');
  const entry = path.join(dir, 'h5.mjs');
  fs.writeFileSync(entry, `import { init3, goodsDetail } from ${JSON.stringify(path.join(PKG, 'web.mjs'))};
init3({ apiBaseUrl: '${refused}', subDomain: 'demo' });
function loadGoods() {
  return goodsDetail(1);
}
loadGoods().catch((e) => console.log(JSON.stringify({ kind: e.kind, first: e.stack.split('\\n')[1] })));
`);
  const out = {};
  for (const mode of ['development', 'production']) {
    const outfile = path.join(dir, `h5-${mode}.mjs`);
    esbuild.buildSync({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'neutral', outfile, define: { 'process.env.NODE_ENV': JSON.stringify(mode) }, logLevel: 'error' });
    const r = spawnSync(process.execPath, [outfile], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    out[mode] = JSON.parse(r.stdout);
  }
  assert.equal(out.development.kind, 'network');
  assert.match(out.development.first, /at loadGoods /);
  assert.equal(out.production.kind, 'network');
  assert.doesNotMatch(out.production.first, /at loadGoods /);
  // web.mjs leaves process.env.NODE_ENV to the app's bundler.
  assert.ok(fs.readFileSync(path.join(PKG, 'web.mjs'), 'utf8').includes('process.env.NODE_ENV === "development"'));
});

/** Decodes a source map's mappings: [generatedLine][...] of {col, source, line, column}. */
function decodeMappings(mappings) {
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const lines = [];
  let source = 0;
  let line = 0;
  let column = 0;
  for (const text of mappings.split(';')) {
    const segs = [];
    let col = 0;
    for (const seg of text.split(',')) {
      if (!seg) continue;
      const vals = [];
      let v = 0;
      let shift = 0;
      for (const ch of seg) {
        const d = B64.indexOf(ch);
        v += (d & 31) << shift;
        if (d & 32) shift += 5;
        else {
          vals.push(v & 1 ? -(v >> 1) : v >> 1);
          v = 0;
          shift = 0;
        }
      }
      col += vals[0];
      if (vals.length >= 4) {
        source += vals[1];
        line += vals[2];
        column += vals[3];
        segs.push({ col, source, line, column });
      }
    }
    lines.push(segs);
  }
  return lines;
}

test('the minified mini-program build ships its source map beside miniprogram_dist/ (not in it)', () => {
  assert.deepEqual(fs.readdirSync(path.join(PKG, 'miniprogram_dist')).sort(), ['apifm_wasm_bg.wasm.br', 'index.js']);
  const code = fs.readFileSync(path.join(PKG, 'miniprogram_dist', 'index.js'), 'utf8');
  const map = JSON.parse(fs.readFileSync(path.join(PKG, 'maps', 'miniprogram_dist', 'index.js.map'), 'utf8'));
  assert.equal(map.version, 3);
  assert.ok(map.sources.includes('apifm-wasm/js-shim/errors.js'), map.sources.join(' '));
  assert.equal(map.sourcesContent.length, map.sources.length);
  // Where the minified code says 'no fetch in mini-programs', the map points at that line of loaders/miniprogram.js.
  const needle = 'no fetch in mini-programs';
  const at = code.indexOf(needle);
  const before = code.slice(0, at).split('\n');
  const gLine = before.length - 1;
  const gCol = before[before.length - 1].length;
  const seg = decodeMappings(map.mappings)[gLine].filter((s) => s.col <= gCol).pop();
  assert.equal(map.sources[seg.source], 'apifm-wasm/js-shim/loaders/miniprogram.js');
  assert.ok(map.sourcesContent[seg.source].split('\n')[seg.line].includes(needle));
});
