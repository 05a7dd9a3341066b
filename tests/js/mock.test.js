// The mock backend as users run it (docs/mock.md): `apifm-wasm mock` from the
// BUILT package (pkg/bin/apifm-wasm.js), spawned on an ephemeral port of
// 127.0.0.1, and called through the built SDK with the init3 snippet it prints.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { isDeepStrictEqual } = require('util');
const lib = require('./lib/conformance.js');

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'pkg', 'bin', 'apifm-wasm.js');
const { examples } = require('../../spec/responses.json');
const { routes } = require('../../mock/routes.json');
const WXAPI = require(path.join(ROOT, 'pkg'));

/** Starts the built CLI; `ready` resolves with its URL once the start-up text is out. */
function startCli(args = []) {
  const child = spawn(process.execPath, [BIN, 'mock', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const cli = { child, out: '', err: '' };
  child.stderr.on('data', (c) => { cli.err += c; });
  cli.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  cli.ready = new Promise((resolve, reject) => {
    child.stdout.on('data', (c) => {
      cli.out += c;
      const m = /mock backend: (http:\/\/\S+)/.exec(cli.out);
      if (m && cli.out.includes('Ctrl+C')) resolve(m[1]);
    });
    cli.exited.then(({ code }) => reject(new Error(`the mock exited (${code}): ${cli.err}`)));
  });
  cli.stop = () => {
    child.kill('SIGTERM');
    return cli.exited;
  };
  return cli;
}
const runCli = (args) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 10000 });
/** The init3({…}) snippet the CLI printed, applied to an entry's SDK (the main one by default) as a user pastes it. */
function applySnippet(out, sdk = WXAPI) {
  const snippet = /^ {2}WXAPI\.init3\(\{[\s\S]*?^ {2}\}\)$/m.exec(out);
  assert.ok(snippet, `no init3 snippet in:\n${out}`);
  new Function('WXAPI', snippet[0])(sdk); // eslint-disable-line no-new-func
}
async function until(check, what) {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(check(), what);
}

/** `actual` has every key of `expected`, recursively, with values of the same JSON type (an array may be empty). */
function assertShape(actual, expected, where) {
  if (expected === null || expected === undefined) return;
  const type = (v) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
  assert.equal(type(actual), type(expected), `${where}: ${JSON.stringify(actual)}`);
  if (Array.isArray(expected)) {
    if (expected.length) actual.forEach((x, i) => assertShape(x, expected[0], `${where}[${i}]`));
  } else if (type(expected) === 'object') {
    for (const k of Object.keys(expected)) assertShape(actual[k], expected[k], `${where}.${k}`);
  }
}
const DOCUMENTED = Object.values(examples);
const wellFormed = (res, where) => {
  if (DOCUMENTED.some((x) => isDeepStrictEqual(res, x))) return; // as documented, even without msg or data
  assert.equal(typeof res.code, 'number', `${where}: ${JSON.stringify(res)}`);
  assert.equal(typeof res.msg, 'string', `${where}: ${JSON.stringify(res)}`);
  assert.ok('data' in res, `${where}: no data in ${JSON.stringify(res)}`);
};

const rows = fs.readFileSync(path.join(ROOT, 'spec', 'reference.jsonl'), 'utf8').trim().split('\n').slice(1).map((l) => JSON.parse(l));
const rowOf = (name) => rows.find((r) => r.name === name);

let cli;
let url;
test.before(async () => {
  cli = startCli(['--quiet']);
  url = await cli.ready;
  applySnippet(cli.out);
});
test.after(() => cli && cli.stop());

test('the CLI prints its URL and the init3 snippet, logs a line per request, and stops on SIGTERM', async (t) => {
  const c = startCli();
  t.after(() => c.child.kill()); // a failed assertion must not leave it running
  const base = await c.ready;
  assert.match(base, /^http:\/\/127\.0\.0\.1:\d+$/);
  for (const line of [`apiBaseUrl: '${base}'`, `commonBaseUrl: '${base}/common'`, `cmsBaseUrl: '${base}/cms'`, `ossBaseUrl: '${base}/oss'`, "subDomain: 'demo'", '不校验合法域名']) {
    assert.ok(c.out.includes(line), `start-up text lacks ${line}:\n${c.out}`);
  }
  // the coverage line: every route of every surface, those with a documented example (30: cmsPage's has one on both its paths)
  const documented = require('../../mock/server.js').ROUTES.filter((r) => r.example).length;
  assert.equal(documented, 30);
  assert.ok(c.out.includes(`${routes.length} endpoints: ${documented} with the example documented`), c.out);
  const res = await (await fetch(`${base}/demo/shop/goods/detail?id=101&token=`)).json();
  assert.equal(res.data.basicInfo.name, '有机红富士苹果 5斤装');
  await fetch(`${base}/demo/shopping-cart/info?token=nope`);
  await until(() => /GET \/demo\/shopping-cart\/info shippingCarInfo token=nope → 2000/.test(c.out), `no log line:\n${c.out}`);
  assert.match(c.out, /\d\d:\d\d:\d\d GET \/demo\/shop\/goods\/detail goodsDetail\(\+1\) id=101 → 0\n/);
  assert.deepEqual(await c.stop(), { code: 0, signal: null });
});

test('--quiet: the start-up text only', async () => {
  await WXAPI.goodsDetail(101);
  assert.doesNotMatch(cli.out, /goodsDetail/);
});

test('usage errors, an unreadable or malformed --data file, a port in use: a message and a non-zero exit', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apifm-mock-'));
  try {
    fs.writeFileSync(path.join(dir, 'bad.json'), '{ "goods": [ ');
    fs.writeFileSync(path.join(dir, 'odd.json'), '{ "goodz": [] }');
    const port = new URL(url).port;
    for (const [args, status, why] of [
      [['serve'], 2, /unknown command serve/],
      [['mock', '--prot', '1'], 2, /unknown option --prot/],
      [['mock', '--port', 'x'], 2, /not a port number/],
      [['mock', '--port'], 2, /--port needs a value/],
      [['mock', '--data', path.join(dir, 'none.json')], 1, /cannot read/],
      [['mock', '--data', path.join(dir, 'bad.json')], 1, /is not JSON/],
      [['mock', '--port', '0', '--data', path.join(dir, 'odd.json')], 1, /unknown key "goodz"/],
      [['mock', '--port', port], 1, new RegExp(`port ${port} is in use`)],
    ]) {
      const r = runCli(args);
      assert.equal(r.status, status, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, why, args.join(' '));
    }
    const help = runCli(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /usage: apifm-wasm mock \[--port 8080\] \[--host 127\.0\.0\.1\] \[--data file\.json\] \[--quiet\]/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** A plausible argument for each required parameter of a method, with the token of a live session. */
function argsFor(name, token) {
  return rowOf(name).params.map((p) => {
    if ('default' in p) return undefined;
    if (p.name === 'token') return token;
    if (p.name === 'goodsIdArray') return [101, 102];
    if (p.name === 'data') return { token, goodsId: 101, id: 101 };
    return /^(id|goodsId)$/.test(p.name) ? 101 : 1;
  });
}

test('every documented method answers its documented example — or, where the shop answers, a record of the same shape', async () => {
  const token = (await WXAPI.login_wx('any-code')).data.token;
  assert.equal((await WXAPI.shippingCarInfoAddItem(token, 101, 1)).code, 0);
  let verbatim = 0;
  for (const [name, example] of Object.entries(examples)) {
    const res = await WXAPI[name](...argsFor(name, token));
    assertShape(res, example, name);
    if (Array.isArray(example.data)) assert.ok(res.data.length, `${name}: an empty list`);
    try {
      assert.deepEqual(res, example);
      verbatim++;
    } catch (_) {
      assert.equal(res.code, 0, name); // a shop record: shaped as the example, its own values
    }
  }
  process.stdout.write(`# documented methods: ${Object.keys(examples).length}, ${verbatim} answered verbatim, the rest by the shop\n`);
  assert.ok(verbatim >= 15, `${verbatim}`);
});

// Every method of every surface (docs/mock.md): the main entry's table
// (apifm-wxapi's), apifm-webapi's and apifm-uniapp's, each called through
// its own entry of the built package pointed at the mock with the printed
// init3 snippet. Each must reach a route (no 404 'no such endpoint': on the
// webapi entry a 404 rejects, as with axios) and answer {code, msg, data}.
const readRows = (file) => fs.readFileSync(path.join(ROOT, 'spec', file), 'utf8').trim().split('\n').slice(1).map((l) => JSON.parse(l));
const SURFACES = [
  ['main', 'reference.jsonl', async () => WXAPI],
  ['webapi', 'reference-webapi.jsonl', async () => require(path.join(ROOT, 'pkg', 'webapi-node.js'))],
  ['uniapp', 'reference-uniapp.jsonl', async () => (await import(path.join(ROOT, 'pkg', 'uniapp.mjs'))).default],
];
const covered = {};

for (const [surface, file, load] of SURFACES) {
  test(`every endpoint of the ${surface} surface answers a well-formed {code, msg, data} through its entry`, async () => {
    const sdk = await load();
    applySnippet(cli.out, sdk);
    if (surface === 'uniapp') sdk.init3({ transport: 'fetch' }); // no uni in Node
    const surfaceRows = readRows(file);
    const token = (await WXAPI.login_wx('any-code')).data.token;
    const counts = { sdk: 0, direct: 0, skipped: [] };
    const routed = (res, where) => {
      wellFormed(res, where);
      assert.doesNotMatch(String(res.msg), /no such API工厂 endpoint/, `${surface} ${where}: the mock has no route`);
    };
    for (const row of surfaceRows) {
      if (row.kind === 'url') {
        // The captcha image URL: the mock answers it too.
        routed(await (await fetch(sdk[row.name]('k'))).json(), row.name);
        counts.direct++;
        continue;
      }
      if (row.kind === 'wx.compressImage' || row.name === 'payVariableUrl') {
        counts.skipped.push(row.name); // no request (a platform API) / a URL the caller chooses
        continue;
      }
      const fixed = /^https:\/\/(jdvop|dfs)\.apifm\.com(.*)$/.exec(row.url);
      if (fixed) {
        // Hosts the SDK cannot be pointed at: their paths, on the mock's API and file hosts.
        const p = `${fixed[1] === 'dfs' ? '/oss' : ''}${fixed[2].replace('{mch}', '42')}`;
        routed(await (await fetch(url + p, { method: 'POST' })).json(), `${row.name} ${p}`);
        counts.direct++;
        continue;
      }
      const kinds = lib.paramKinds(row);
      let res;
      for (const v of lib.vectorsFor(row)) {
        const args = v.make().map((a, i) => (kinds[i] === 'file' ? Buffer.from('PNG') : kinds[i] === 'object' && row.objectUpload ? { ...a, tempFilePath: Buffer.from('PNG') } : a));
        if (row.params[0] && row.params[0].name === 'token') args[0] = token;
        try {
          res = await sdk[row.name](...args);
          break;
        } catch (e) {
          if (e.kind !== 'argument') throw new Error(`${surface} ${row.name} ${v.label}: ${e.message}`);
        }
      }
      assert.ok(res, `${surface} ${row.name}: every argument vector was refused`);
      routed(res, row.name);
      counts.sdk++;
    }
    covered[surface] = surfaceRows.length - counts.skipped.length;
    process.stdout.write(`# ${surface} surface: ${counts.sdk} methods through the SDK, ${counts.direct} by their path, skipped ${counts.skipped.join(', ')}\n`);
    assert.equal(counts.sdk + counts.direct + counts.skipped.length, surfaceRows.length);
  });
}

test('the routes are the union of the three surfaces\' endpoints', () => {
  // each route names the methods that reach it; every method of every surface that sends a request is named by one
  const named = new Set(routes.flatMap((r) => r[3].split(',')));
  for (const [surface, file] of SURFACES) {
    const missing = readRows(file).filter((r) => r.url && r.name !== 'payVariableUrl' && !named.has(r.name)).map((r) => r.name);
    assert.deepEqual(missing, [], surface);
  }
  process.stdout.write(`# mock routes: ${routes.length}; methods answered: ${Object.entries(covered).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
});

test('login → cart → order, end to end from the built package', async () => {
  const login = await WXAPI.login_mobile('13800000000', '123456', 'dev-1', 'node');
  assert.deepEqual(login, { code: 0, msg: 'success', data: { token: 'token-demo', uid: 7 } });
  const { token } = login.data;
  assert.equal((await WXAPI.login_mobile('13800000000', 'wrong', 'd', 'n')).code, 700);
  assert.equal((await WXAPI.checkToken(token)).code, 0);
  assert.equal((await WXAPI.userDetail(token)).data.base.nick, '测试用户');
  assert.equal((await WXAPI.shippingCarInfoRemoveAll(token)).code, 0);
  assert.deepEqual((await WXAPI.goods({ page: 1, pageSize: 20 })).data.map((g) => g.id), [101, 102, 103, 104]);
  assert.deepEqual((await WXAPI.goodsv2({ categoryId: 2 })).data.result.map((g) => g.id), [102, 103]);
  assert.equal((await WXAPI.goodsDetail(102)).data.basicInfo.minPrice, 88);

  assert.deepEqual(await WXAPI.shippingCarInfo(token), { code: 700, msg: '暂无数据', data: null });
  assert.equal((await WXAPI.shippingCarInfoAddItem(token, 101, 2)).data.number, 2);
  let cart = (await WXAPI.shippingCarInfoAddItem(token, 102, 1)).data;
  assert.deepEqual([cart.number, cart.price], [3, 167.8]);
  const key = (id) => cart.items.find((i) => i.goodsId === id).key;
  cart = (await WXAPI.shippingCarInfoModifyNumber(token, key(102), 3)).data;
  assert.equal(cart.price, 343.8);
  cart = (await WXAPI.shippingCartSelected(token, key(101), false)).data;
  assert.equal(cart.price, 264);
  cart = (await WXAPI.shippingCarInfoRemoveItem(token, key(102))).data;
  assert.deepEqual(cart.items.map((i) => [i.goodsId, i.number]), [[101, 2]]);

  const goodsJsonStr = JSON.stringify([{ goodsId: 101, number: 2 }]);
  assert.deepEqual((await WXAPI.orderCreate({ token, goodsJsonStr, calculate: true })).data, { amountTotle: 79.8, amountReal: 79.8, amountLogistics: 0, goodsNumber: 2 });
  const listed = await WXAPI.orderList({ token });
  const before = listed.code === 0 ? listed.data.totalRow : 0;
  const order = (await WXAPI.orderCreate({ token, goodsJsonStr, remark: '尽快发货' })).data;
  assert.deepEqual([order.status, order.amountReal, order.remark], [0, 79.8, '尽快发货']);
  assert.equal((await WXAPI.shippingCarInfo(token)).code, 700, 'the ordered goods left the cart');
  assert.equal((await WXAPI.orderList({ token })).data.totalRow, before + 1);
  assert.equal((await WXAPI.orderDetail(token, order.id)).data.goods[0].goodsId, 101);
  const balance = (await WXAPI.userAmount(token)).data.balance;
  assert.equal((await WXAPI.orderPay(token, order.id)).code, 0);
  assert.equal((await WXAPI.userAmount(token)).data.balance, Math.round((balance - 79.8) * 100) / 100);
  assert.equal((await WXAPI.orderDetail(token, order.id)).data.orderInfo.statusStr, '待发货');
  assert.equal((await WXAPI.orderPay(token, order.id)).code, 10002, 'paid once only');
  const second = (await WXAPI.orderCreate({ token, goodsJsonStr: JSON.stringify([{ goodsId: 104, number: 1 }]) })).data;
  assert.equal((await WXAPI.orderClose(token, second.id)).code, 0);
  assert.equal((await WXAPI.orderList({ token, status: -1 })).data.orderList[0].id, second.id);
  assert.equal((await WXAPI.orderStatistics(token)).data.count_id_close, 1);
  assert.equal((await WXAPI.orderDetail(token, 1)).code, 700);
  assert.equal((await WXAPI.orderCreate({ token, goodsJsonStr: '[{' })).code, 300);

  // Another user: own cart, own orders; a session ends with loginout.
  const alice = (await WXAPI.register_username({ username: 'alice', pwd: 'pw', autoLogin: true })).data.token;
  assert.equal((await WXAPI.register_username({ username: 'alice', pwd: 'pw' })).code, 10001);
  assert.equal((await WXAPI.login_username({ username: 'alice', pwd: 'pw' })).data.token, alice);
  assert.equal((await WXAPI.orderList({ token: alice })).code, 700);
  assert.equal((await WXAPI.loginout(alice)).code, 0);
  assert.equal((await WXAPI.checkToken(alice)).code, 2000);
  assert.equal((await WXAPI.authorize({ code: 'wx-login-code' })).data.token, 'token-demo');
});

test('a token check: 2000 where an endpoint needs a token and has none that is live', async () => {
  for (const call of [() => WXAPI.shippingCarInfo('dead'), () => WXAPI.userDetail(''), () => WXAPI.orderList({ token: 'dead' }), () => WXAPI.goodsRebate('dead', 101), () => WXAPI.scoreExchange('dead', 1)]) {
    assert.deepEqual(await call(), { code: 2000, msg: '登录已过期', data: null });
  }
  assert.equal((await WXAPI.goodsDetail(101, 'dead')).code, 0, 'an optional token is not checked');
});

test('over HTTP: a bad JSON body is 400, an unknown path 404, preflights and CORS headers for an H5 page elsewhere', async () => {
  const bad = await fetch(`${url}/demo/order/list`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"token":' });
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).code, 400);
  const json = await (await fetch(`${url}/demo/order/list`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"token":"token-demo","status":-1}' })).json();
  assert.equal(json.code, 0, 'a JSON body is read as the form would be');
  const unknown = await fetch(`${url}/demo/no/such/api`);
  assert.equal(unknown.status, 404);
  assert.deepEqual(await unknown.json(), { code: 404, msg: '没有这个接口 / no such API工厂 endpoint: GET /demo/no/such/api', data: null });
  const origin = 'http://localhost:5173';
  const pre = await fetch(`${url}/demo/shopping-cart/add`, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,x-shop' } });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get('access-control-allow-origin'), origin);
  assert.equal(pre.headers.get('access-control-allow-headers'), 'content-type,x-shop');
  assert.match(pre.headers.get('access-control-allow-methods'), /POST/);
  const get = await fetch(`${url}/common/demo/banner/list`, { headers: { Origin: origin } });
  assert.equal(get.headers.get('access-control-allow-origin'), origin);
  const pic = await fetch(`${url}/static/img/apple.svg`);
  assert.deepEqual([pic.status, pic.headers.get('content-type')], [200, 'image/svg+xml']);
});

test('--data: catalogue records replaced and added, config merged, users added, fixed responses by method and by path', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apifm-mock-'));
  const file = path.join(dir, 'shop.json');
  fs.writeFileSync(file, JSON.stringify({
    goods: [{ id: 101, name: '改名的苹果', minPrice: 1 }, { id: 201, name: '新品', minPrice: 9.9, categoryId: 1, stores: 5 }],
    config: { mallName: '我的店' },
    users: [{ id: 8, nick: 'Bob', mobile: '13900000000', pwd: 'pw', token: 'token-bob' }],
    responses: { siteStatistics: { code: 0, msg: 'success', data: { fixed: true } }, '/shop/goods/category/all': { code: 700, msg: '暂无数据' } },
  }));
  const own = startCli(['--quiet', '--data', file]);
  try {
    await own.ready;
    applySnippet(own.out);
    assert.deepEqual((await WXAPI.goods({})).data.map((g) => g.id), [101, 102, 103, 104, 201]);
    const apple = (await WXAPI.goodsDetail(101)).data.basicInfo;
    assert.deepEqual([apple.name, apple.minPrice, apple.originalPrice], ['改名的苹果', 1, 59]);
    assert.equal((await WXAPI.queryConfigValue('mallName')).data.value, '我的店');
    assert.equal((await WXAPI.queryConfigValue('shopNotice')).data.value, '欢迎光临');
    const bob = (await WXAPI.login_mobile('13900000000', 'pw', 'd', 'n')).data.token;
    assert.equal((await WXAPI.shippingCarInfoAddItem(bob, 201, 2)).data.price, 19.8);
    assert.deepEqual(await WXAPI.siteStatistics(), { code: 0, msg: 'success', data: { fixed: true } });
    assert.deepEqual(await WXAPI.goodsCategory(), { code: 700, msg: '暂无数据' });
  } finally {
    await own.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    applySnippet(cli.out);
  }
});
