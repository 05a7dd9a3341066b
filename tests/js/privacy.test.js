// Privacy: tokens and passwords never appear in an error message we produce
// (message, errMsg, String(err)) — network failures, timeouts, response
// errors (even when the server or the platform echoes the secret), argument
// and config errors — for every method. The raw platform object may keep
// them in `cause` (docs/errors.md). Also redact() itself.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const http = require('http');
const net = require('net');
const path = require('path');

const ROOT = path.join(__dirname, '..', '..');
const TOKEN = 'SECRET-TOKEN-123';
const PASSWORD = 'SECRET-PASS-456';
const SECRETS = [TOKEN, PASSWORD, 'SECRET'];

const WXAPI = require(path.join(ROOT, 'pkg'));
const { WXAPIError } = WXAPI;

/** What an error shows: everything but `cause` and `stack`'s frames. */
function shown(e) {
  return [e.message, e.errMsg, String(e), e.stack.split('\n    at ')[0], JSON.stringify({ ...e, cause: undefined })];
}
function assertClean(e, label) {
  assert.ok(e instanceof WXAPIError, `${label}: ${e && e.name}: ${e && e.message}`);
  for (const text of shown(e)) {
    for (const s of SECRETS) assert.ok(!String(text).includes(s), `${label}: "${s}" shown in ${JSON.stringify(text)}`);
  }
}
async function rejection(p) {
  try {
    await p;
  } catch (e) {
    return e;
  }
  assert.fail('resolved');
  return null;
}

// --- redact() ------------------------------------------------------------------
function loadRedact() {
  return require('./lib/shim.js').shim('errors.js').redact;
}

test('redact() hides the values of token, password, pwd, x-token … keys in every notation', { timeout: 20000 }, () => {
  const redact = loadRedact();
  const cases = {
    'token=SECRET-TOKEN-123': 'token=***',
    'a=1&token=SECRET-TOKEN-123&b=2': 'a=1&token=***&b=2',
    'https://api.it120.cc/demo/user/detail?token=SECRET-TOKEN-123': 'https://api.it120.cc/demo/user/detail?token=***',
    '"token":"SECRET-TOKEN-123"': '"token":"***"',
    '{"code":0,"token": "SECRET TOKEN 123","x":1}': '{"code":0,"token": "***","x":1}',
    "{'token': 'SECRET-TOKEN-123'}": "{'token': '***'}",
    '"token":["SECRET-TOKEN-123"]': '"token":[***]',
    'token = SECRET': 'token = ***',
    'password=SECRET-PASS-456': 'password=***',
    '"password":"SECRET pass phrase"': '"password":"***"',
    'passwd=SECRET': 'passwd=***',
    'pwd=SECRET&pwdNew=SECRET2&oldPwd=SECRET3': 'pwd=***&pwdNew=***&oldPwd=***',
    'x-token: SECRET-TOKEN-123': 'x-token: ***',
    'X-Token:SECRET-TOKEN-123': 'X-Token:***',
    'accessToken=SECRET&refresh_token=SECRET': 'accessToken=***&refresh_token=***',
    'sessionKey=SECRET; session_key=SECRET': 'sessionKey=***; session_key=***',
    'secret=SECRET, sign=SECRET': 'secret=***, sign=***',
    'redirect=https%3A%2F%2Fx%2F%3Ftoken%3DSECRET-TOKEN-123': 'redirect=https%3A%2F%2Fx%2F%3Ftoken%3D***',
    '{"code":0,"data":{"token":"SECRET-TO…': '{"code":0,"data":{"token":"***',
    // Text without a secret value is left alone.
    'token must be a string': 'token must be a string',
    'tokenExpired': 'tokenExpired',
    'HTTP 502 with a non-JSON body (<h1>502 Bad Gateway</h1>…)': 'HTTP 502 with a non-JSON body (<h1>502 Bad Gateway</h1>…)',
  };
  for (const [input, want] of Object.entries(cases)) assert.equal(redact(input), want, input);
  assert.equal(redact(123), '123');
  // Linear time on long input (the key part is bounded).
  const t0 = Date.now();
  redact(`${'token'.repeat(200000)}=x`);
  redact('token='.repeat(200000));
  assert.ok(Date.now() - t0 < 1000, `${Date.now() - t0} ms`);
});

// --- over real HTTP (fetch) ----------------------------------------------------------
let echo; // a server whose error pages echo what it was sent
function closedPort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

test.before(async () => {
  echo = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const u = new URL(req.url, 'http://x');
      const token = u.searchParams.get('token') || new URLSearchParams(body).get('token') || '';
      if (u.pathname.endsWith('/hang')) return undefined;
      if (u.pathname.endsWith('/keyed')) {
        res.writeHead(400, { 'Content-Type': 'text/html' });
        return res.end(`token=${token}&${body} is not valid`);
      }
      if (u.pathname.endsWith('/cut')) {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        return res.end(`<html><body>error: session ${token} has expired</body></html>`); // cut inside the token
      }
      res.writeHead(401, { 'Content-Type': 'text/html' });
      return res.end(`<html>Invalid token ${token}</html>`); // no key= to recognise
    });
  });
  await new Promise((resolve) => echo.listen(0, '127.0.0.1', resolve));
});
test.after(() => new Promise((resolve) => echo.close(resolve)));

test('fetch: network failure, timeout and response errors of calls carrying a token never show it', { timeout: 20000 }, async () => {
  const base = `http://127.0.0.1:${echo.address().port}`;
  const refused = `http://127.0.0.1:${await closedPort()}`;
  const form = { token: TOKEN, password: PASSWORD, page: 1 };
  // Connection refused, the token in the URL and in the form.
  let e = await rejection(WXAPI.request(`${refused}/user/detail?token=${TOKEN}`, false, 'post', form));
  assert.equal(e.kind, 'network');
  assertClean(e, 'refused');
  WXAPI.init3({ apiBaseUrl: refused, commonBaseUrl: refused, cmsBaseUrl: refused, subDomain: 'demo' });
  e = await rejection(WXAPI.userDetail(TOKEN));
  assert.equal(e.kind, 'network');
  assertClean(e, 'refused userDetail');
  // Timeout.
  e = await rejection(WXAPI.withOptions({ timeout: 100 }).request(`${base}/hang?token=${TOKEN}`, false, 'get', form));
  assert.equal(e.kind, 'timeout');
  assertClean(e, 'timeout');
  // Response errors whose body echoes the token: keyed, bare, and cut by the snippet.
  WXAPI.init3({ apiBaseUrl: base, commonBaseUrl: base, cmsBaseUrl: base, subDomain: 'demo' });
  for (const p of ['keyed', 'bare', 'cut']) {
    e = await rejection(WXAPI.request(`${base}/${p}`, false, 'post', form));
    assert.ok(e.kind === 'http' || e.kind === 'response', e.kind);
    assertClean(e, `body ${p}`);
  }
  e = await rejection(WXAPI.userDetail(TOKEN)); // GET …/user/detail?token=…, 401 "Invalid token …"
  assert.equal(e.kind, 'http', `${e.message} ${e.cause && e.cause.cause}`);
  assert.equal(e.status, 401);
  assertClean(e, 'userDetail 401');
  assert.match(e.message, /Invalid token \*\*\*/);
  e = await rejection(WXAPI.uploadFile(TOKEN, Buffer.from('x')));
  assertClean(e, 'uploadFile');
});

test('argument errors for wrong-typed tokens and passwords never show the value', { timeout: 20000 }, async () => {
  const bad = [[TOKEN], { token: TOKEN }, { toString: () => TOKEN }, Symbol(TOKEN), `${TOKEN}\ud800`, () => TOKEN, new Map([[TOKEN, TOKEN]])];
  for (const v of bad) {
    assertClean(await rejection(WXAPI.userDetail(v)), `userDetail(${typeof v})`);
    assertClean(await rejection(WXAPI.login_username({ username: 'u', pwd: v === bad[1] ? { pwd: PASSWORD } : v })), `login_username(${typeof v})`);
    assertClean(await rejection(WXAPI.goodsDetail(v, TOKEN)), `goodsDetail(${typeof v})`);
  }
  assertClean(await rejection(WXAPI.cmsArticles({ token: TOKEN, get password() { throw new Error(`password=${PASSWORD}`); } })), 'throwing getter');
});

test('config errors never show the secret', { timeout: 20000 }, () => {
  const cases = [
    () => WXAPI.init3({ apiBaseUrl: `http://evil.example/?token=${TOKEN}` }),
    () => WXAPI.init3({ apiBaseUrl: `https://user:${PASSWORD}@api.example.com` }),
    () => WXAPI.init(`${TOKEN}/../x`),
    () => WXAPI.setMerchantId({ token: TOKEN }),
    () => WXAPI.init3({ subDomain: 'demo', merchantId: `${TOKEN} ${PASSWORD}` }),
    () => WXAPI.init3({ get subDomain() { throw new Error(`token=${TOKEN}`); } }),
    () => WXAPI.withOptions({ signal: { token: TOKEN } }),
  ];
  for (const [i, f] of cases.entries()) {
    let err;
    try {
      f();
    } catch (e) {
      err = e;
    }
    assert.ok(err, `case ${i} did not throw`);
    assert.equal(err.kind, 'config');
    assertClean(err, `config case ${i}`);
  }
});

// --- every method, on a platform that echoes everything it is given ---------------------
test('every method: a platform fail that echoes the URL, the form and the token is shown without them', { timeout: 20000 }, async (t) => {
  const refs = fs.readFileSync(path.join(ROOT, 'spec', 'reference.jsonl'), 'utf8').split('\n').slice(1).filter((l) => l.trim() && !l.startsWith('//')).map((l) => JSON.parse(l));
  const secretParam = (n) => (/token/i.test(n) ? TOKEN : /pwd|password/i.test(n) ? PASSWORD : undefined);
  let fails = 0;
  global.wx = {
    request(o) {
      setImmediate(() => o.fail({ errMsg: `request:fail ${o.url} ${JSON.stringify(o.data)} ${o.data && o.data.token ? `invalid credential ${o.data.token}` : ''}`, errno: 600001 }));
      return { abort() {} };
    },
    uploadFile(o) {
      setImmediate(() => o.fail({ errMsg: `uploadFile:fail ${o.url} ${JSON.stringify(o.formData)}` }));
      return { abort() {} };
    },
    compressImage(o) {
      setImmediate(() => o.fail({ errMsg: 'compressImage:fail' }));
    },
    getStorageSync: () => '',
  };
  WXAPI.init3({ apiBaseUrl: 'https://api.it120.cc', subDomain: 'demo', transport: 'wx' });
  try {
    let checked = 0;
    let carried = 0;
    for (const row of refs) {
      const named = row.params.map((p) => secretParam(p.name) ?? (p.name === 'tempFilePath' || p.name === 'filePath' ? 'wxfile://a.png' : 1));
      const objects = row.params.map(() => ({ token: TOKEN, pwd: PASSWORD, password: PASSWORD, pwdNew: PASSWORD, pwdOld: PASSWORD, id: 1, tempFilePath: 'wxfile://a.png' }));
      for (const args of [named, objects]) {
        let e;
        try {
          await WXAPI[row.name](...args);
          continue;
        } catch (err) {
          e = err;
        }
        checked++;
        assertClean(e, `${row.name}(${args.map((a) => typeof a).join(', ')}) ${e.kind}`);
        if (e.kind === 'network') {
          fails++;
          if (JSON.stringify(e.cause).includes('SECRET')) carried++;
        }
      }
    }
    t.diagnostic(`${checked} errors checked, ${fails} platform failures, ${carried} of them keep the secret in cause`);
    assert.ok(checked > 1900, `${checked} errors checked`);
    assert.ok(fails > 1000, `${fails} platform failures`);
    // The raw fail object is kept as it came, secrets and all (documented).
    assert.ok(carried > 500, `${carried} causes carry the raw errMsg`);
    // Fields whose values cannot be made into strings (found by the fuzzer):
    // objects in form fields are refused before I/O, naming the field.
    const odd = await rejection(WXAPI.cmsArticles({ token: TOKEN, x: { toString: {} }, y: Object.create(null) }));
    assert.equal(odd.kind, 'argument');
    assert.match(odd.message, /field x holds an object/);
    assertClean(odd, 'unprintable fields');
    // A huge token is taken out as fast as a short one.
    const t0 = Date.now();
    const huge = await rejection(WXAPI.userDetail(`SECRET${'x'.repeat(1e6)}`));
    assert.ok(Date.now() - t0 < 1000, `${Date.now() - t0} ms`);
    assertClean(huge, 'a 1 MB token');
  } finally {
    WXAPI.init3({ transport: 'fetch' });
    delete global.wx;
  }
});

test('method and parameter names are never redacted: scoreSign() says which parameter is missing', async () => {
  const names = Object.keys(WXAPI).filter((k) => /sign|token|pwd|passw/i.test(k) && typeof WXAPI[k] === 'function');
  assert.ok(names.length >= 20, `${names.length} such methods`);
  const e = await rejection(WXAPI.scoreSign());
  assert.equal(e.kind, 'argument');
  assert.equal(e.message, 'WXAPI.scoreSign: token is required');
  for (const name of names) {
    let err;
    try {
      err = await rejection(Promise.resolve().then(() => WXAPI[name]()));
    } catch (_) {
      continue; // a method whose every argument is optional resolves: nothing to check here
    }
    if (!(err instanceof WXAPIError) || err.kind !== 'argument') continue;
    assert.ok(err.message.startsWith(`WXAPI.${name}: `), err.message);
    assert.doesNotMatch(err.message, /^WXAPI\.\w+: \*\*\*/, `${name}: ${err.message}`);
  }
  // a value after a method name's colon is still a value, and still hidden
  assert.equal(WXAPI.WXAPIError && String(new WXAPIError('network', 'login', 'token: abc12345')).includes('abc12345'), false);
});

test('a token echoed percent-encoded, with no key in front, is taken out of the message', async () => {
  const token = 'tok/en+with=special&chars中';
  const server = http.createServer((req, res) => {
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`bad gateway for ${encodeURIComponent(token)}`);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    WXAPI.init3({ apiBaseUrl: `http://127.0.0.1:${server.address().port}`, subDomain: 'demo' });
    const e = await rejection(WXAPI.orderList({ token }));
    assert.equal(e.kind, 'http');
    assert.ok(!e.message.includes(encodeURIComponent(token)), e.message);
    assert.ok(!e.message.includes('tok%2Fen'), e.message);
  } finally {
    server.close();
  }
});
