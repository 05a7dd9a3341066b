// The fault cases of tests/js/faults.test.js, run in a child process so that
// the test can check that nothing is left behind: after the last case this
// process must exit on its own (no timer, socket or listener keeps it alive).
//   node tests/js/lib/fault-cases.js fetch <backend url>   real HTTP (fetch transport)
//   node tests/js/lib/fault-cases.js wx                    a simulated `wx` (no I/O)
// Prints one JSON line per case ({name, ms, ok, value | error}) and a last
// line {done, unhandled}. Each case races a timer: a hang is reported as
// {hung: true}, never waited for.
'use strict';
const path = require('path');
const net = require('net');

const ROOT = path.join(__dirname, '..', '..', '..');
const [, , mode, backendUrl] = process.argv;
const BOUND = 5000; // ms: longer than any case needs

const unhandled = [];
process.on('unhandledRejection', (e) => unhandled.push(`${e && e.name}: ${e && e.message}`));

const out = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);

/** Runs one case: settles within BOUND or is reported as hung. */
async function run(name, start) {
  const t0 = Date.now();
  let timer;
  const hang = new Promise((resolve) => {
    timer = setTimeout(() => resolve({ hung: true }), BOUND);
  });
  let p;
  try {
    p = Promise.resolve(start()).then((value) => ({ ok: true, value }), (e) => ({ ok: false, e }));
  } catch (e) {
    p = Promise.resolve({ ok: false, e, sync: true });
  }
  const r = await Promise.race([p, hang]);
  clearTimeout(timer);
  const res = { name, ms: Date.now() - t0 };
  if (r.hung) res.hung = true;
  else if (r.ok) res.value = summary(r.value);
  else {
    const e = r.e;
    res.error = { isWXAPIError: e instanceof WXAPIError, name: e && e.name, kind: e && e.kind, status: e && e.status, errMsg: e && e.errMsg, message: e && e.message, method: e && e.method, sync: !!r.sync, causeType: e && e.cause !== undefined ? Object.prototype.toString.call(e.cause) : undefined, cause: e && e.cause && typeof e.cause === 'object' && !(e.cause instanceof Error) ? e.cause : undefined };
  }
  out(res);
}
function summary(v) {
  if (!v || typeof v !== 'object') return v;
  const s = { code: v.code, msg: v.msg };
  if (Array.isArray(v.data)) s.dataLength = v.data.length;
  else s.data = v.data;
  s.bytes = JSON.stringify(v).length;
  return s;
}

const WXAPI = require(path.join(ROOT, 'pkg'));
const { WXAPIError } = WXAPI;

/** A port nothing listens on (bound, then closed). */
function closedPort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function fetchCases() {
  const base = backendUrl;
  const config = { apiBaseUrl: base, commonBaseUrl: `${base}/common`, cmsBaseUrl: `${base}/cms`, subDomain: 'demo', timeout: 60000 };
  // Uploads go to {api}/demo/dfs/upload/file; this wrapper points that path
  // at a fault route of the backend (still real HTTP, multipart body and all).
  const realFetch = globalThis.fetch;
  let uploadFault = null;
  globalThis.fetch = (url, init) => {
    const u = String(url);
    if (uploadFault && u === `${base}/demo/dfs/upload/file`) return realFetch(`${base}/__fault/${uploadFault}`, init);
    return realFetch(url, init);
  };
  WXAPI.init3(config);
  const raw = (kind) => WXAPI.request(`${base}/__fault/${kind}`, false, 'get');

  const refused = await closedPort();
  WXAPI.init3({ apiBaseUrl: `http://127.0.0.1:${refused}` });
  await run('connection refused', () => WXAPI.goodsDetail(1));
  WXAPI.init3(config);
  await run('reset mid-body', () => raw('reset'));
  await run('never answers, withOptions({timeout: 300})', () => WXAPI.withOptions({ timeout: 300 }).request(`${base}/__fault/hang`, false, 'get'));
  WXAPI.init3({ timeout: 300 });
  await run('never answers, init3({timeout: 300})', () => raw('hang'));
  await run('never answers, POST through a method, init3({timeout: 300})', () => WXAPI.withOptions({}).request(`${base}/__fault/hang`, false, 'post', { token: 't' }));
  WXAPI.init3({ timeout: 60000 });
  await run('HTTP 500 with a JSON body', () => raw('http500'));
  await run('HTML body (200)', () => raw('html'));
  await run('empty body (200)', () => raw('empty'));
  await run('502 with an HTML body', () => raw('http502'));
  await run('truncated JSON', () => raw('truncated'));
  await run('slow drip', () => raw('drip'));
  await run('multi-megabyte body', () => raw('big'));
  await run('unknown route: 404 with an empty body', () => raw('no-such-fault'));
  const upload = (fault) => {
    uploadFault = fault;
    return WXAPI.uploadFile('token-demo', Buffer.from('PNG bytes'), 24);
  };
  await run('upload, JSON answer', () => upload(null));
  await run('upload, non-JSON body (200)', () => upload('html'));
  await run('upload, empty body (200)', () => upload('empty'));
  await run('upload, 502 with an HTML body', () => upload('http502'));
  await run('upload, reset mid-body', () => upload('reset'));
  WXAPI.init3({ timeout: 300 });
  await run('upload, never answers, init3({timeout: 300})', () => upload('hang'));
  WXAPI.init3({ timeout: 60000 });
  await run('after the faults, a normal call', () => WXAPI.goodsDetail(101));
  globalThis.fetch = realFetch;
}

async function wxCases() {
  // The next answer of the fake wx, per case.
  let behave = null;
  const later = (f) => setTimeout(f, 5);
  global.wx = {
    request(opts) {
      const b = behave;
      later(() => b(opts));
      return { abort() {} };
    },
    uploadFile(opts) {
      const b = behave;
      later(() => b(opts));
      return { abort() {} };
    },
    getStorageSync: () => '',
  };
  WXAPI.init('demo');
  const failWith = (err) => (o) => o.fail(err);
  const succeed = (res) => (o) => o.success(res);
  const netFail = { errMsg: 'request:fail 网络连接失败', errno: 600001 };
  behave = failWith(netFail);
  await run('wx: request fail (network)', () => WXAPI.goodsDetail(1));
  behave = failWith({ errMsg: 'request:fail timeout', errno: 5 });
  await run('wx: request fail (timeout)', () => WXAPI.goodsDetail(1));
  behave = succeed({ statusCode: 500, data: { code: 500, msg: '服务器内部错误' } });
  await run('wx: HTTP 500 with a JSON body', () => WXAPI.goodsDetail(1));
  behave = succeed({ statusCode: 200, data: '<html><body>维护中</body></html>' });
  await run('wx: HTML body (200)', () => WXAPI.goodsDetail(1));
  behave = succeed({ statusCode: 200, data: '' });
  await run('wx: empty body (200)', () => WXAPI.goodsDetail(1));
  behave = succeed({ statusCode: 502, data: '<h1>502 Bad Gateway</h1>' });
  await run('wx: 502 with an HTML body', () => WXAPI.goodsDetail(1));
  behave = succeed({ statusCode: 200, data: '{"code":0,"data":{"a":' });
  await run('wx: truncated JSON', () => WXAPI.goodsDetail(1));
  behave = succeed({ statusCode: 200, data: '<html>upload failed</html>' });
  await run('wx: uploadFile, non-JSON data', () => WXAPI.uploadFile('token-demo', 'wxfile://tmp/a.png'));
  behave = succeed({ statusCode: 200, data: '{"code":0,"data":{"url":"https://x/a.png"}}' });
  await run('wx: uploadFile, JSON data', () => WXAPI.uploadFile('token-demo', 'wxfile://tmp/a.png'));
  behave = failWith({ errMsg: 'uploadFile:fail 网络连接失败', errno: 600001 });
  await run('wx: uploadFile fail (network)', () => WXAPI.uploadFile('token-demo', 'wxfile://tmp/a.png'));
}

(mode === 'wx' ? wxCases() : fetchCases()).then(
  () => {
    // Let late callbacks (a rejection nobody handled) show up before the report.
    setImmediate(() => out({ done: true, unhandled, at: Date.now() }));
  },
  (e) => out({ done: true, crashed: String(e && e.stack), unhandled }),
);
