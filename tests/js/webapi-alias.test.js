// An apifm-webapi app switched with the npm alias (apifm-webapi@npm:apifm-wasm)
// but without the bundler alias line gets the main entry (apifm-wxapi's
// surface). apifm-webapi apps start with WXAPI.request.interceptors.request.use(…)
// (its `request` export is its axios instance): that first use throws a
// WXAPIError of kind 'config' naming the alias line, instead of a TypeError
// on `request.interceptors`; with the line, the same app works
// (docs/migration.md).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');
const { spawnSync } = require('child_process');
const esbuild = require('esbuild');

const PKG = path.join(__dirname, '..', '..', 'pkg');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apifm-webapi-alias-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

// The project: node_modules/apifm-webapi is this package (what the npm alias installs).
fs.mkdirSync(path.join(dir, 'node_modules'));
fs.symlinkSync(PKG, path.join(dir, 'node_modules', 'apifm-webapi'), 'dir');

// A page written for apifm-webapi: an X-Token interceptor at start-up, then a call.
const APP = `import WXAPI from 'apifm-webapi'
WXAPI.init('demo')
WXAPI.init2(process.env.API, 'demo')
WXAPI.request.interceptors.request.use((config) => {
  config.headers['X-Token'] = 'tok'
  return config
})
WXAPI.goodsDetail(7).then((res) => console.log(JSON.stringify({ code: res.code })))
`;

let server;
let api;
const seen = [];
test.before(async () => {
  server = http.createServer((req, res) => {
    seen.push({ url: req.url, token: req.headers['x-token'] });
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"code":0,"msg":"success"}');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  api = `http://127.0.0.1:${server.address().port}`;
});
test.after(() => server.close());

function bundleAndRun(name, alias) {
  fs.writeFileSync(path.join(dir, 'app.js'), APP);
  const outfile = path.join(dir, `${name}.mjs`);
  // As Vite or webpack would build it for the browser (the `browser` condition: web.mjs or webapi-web.mjs).
  esbuild.buildSync({ entryPoints: [path.join(dir, 'app.js')], bundle: true, format: 'esm', platform: 'browser', outfile, alias, logLevel: 'error', absWorkingDir: dir });
  return new Promise((resolve) => {
    const { spawn } = require('child_process');
    const child = spawn(process.execPath, [outfile], { env: { ...process.env, API: api } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('without the bundler alias line: the first use of request.interceptors is a WXAPIError of kind config naming the fix', async () => {
  const r = await bundleAndRun('no-alias');
  assert.notEqual(r.code, 0);
  assert.doesNotMatch(r.stderr, /TypeError/);
  assert.match(r.stderr, /WXAPIError: WXAPI\.request: apifm-wasm's main entry is apifm-wxapi's: no interceptors/);
  assert.match(r.stderr, /kind: 'config'/);
  assert.match(r.stderr, /param: 'interceptors'/);
  assert.ok(r.stderr.includes("resolve: { alias: [{ find: /^apifm-webapi$/, replacement: 'apifm-webapi/webapi' }] }"), r.stderr);
  assert.ok(r.stderr.includes("resolve: { alias: { 'apifm-webapi$': 'apifm-webapi/webapi' } }"), r.stderr);
  assert.ok(r.stderr.length < 2048, `${r.stderr.length} bytes`);
});

test('feature detection does not throw: reading request.interceptors is harmless, only use() says it', () => {
  const WXAPI = require(path.join(PKG, 'index.js'));
  assert.equal(typeof WXAPI.request.interceptors, 'object');
  assert.throws(() => WXAPI.request.interceptors.response.use(() => {}), (e) => e instanceof WXAPI.WXAPIError && e.kind === 'config' && e.method === 'request');
  // The surfaces' own request functions are not the main entry's.
  const webapi = require(path.join(PKG, 'webapi-node.js'));
  assert.equal(typeof webapi.request.interceptors.request.use, 'function');
  assert.equal(webapi.requestX.interceptors, undefined);
});

test('with the alias line the same app works: the interceptor runs, the request is sent', async () => {
  const before = seen.length;
  const r = await bundleAndRun('alias', { 'apifm-webapi': 'apifm-webapi/webapi' });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { code: 0 });
  assert.deepEqual(seen.slice(before), [{ url: '/demo/shop/goods/detail?id=7&token=', token: 'tok' }]);
});
