// init3({header}) is checked at init3: a header no platform can send, or one
// that frames the request (Transfer-Encoding, Upgrade, Connection, Host…),
// throws kind 'config' there, and the calls after it keep the previous
// headers — instead of every later request failing as 'network'.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('path');
const { startBackend } = require('../server/backend.js');
const { fakeWx } = require('./lib/shim.js');

const WXAPI = require(path.join(__dirname, '..', '..', 'pkg'));

test('init3({header}) refuses unsendable and owned headers at init3; later calls still go out with the previous ones', async () => {
  const backend = await startBackend();
  try {
    WXAPI.init3({ apiBaseUrl: backend.url, subDomain: 'demo', header: { 'X-Shop': 'a1' } });
    for (const header of [{ 'Transfer-Encoding': 'chunked' }, { Upgrade: 'h2c' }, { connection: 'close' }, { Host: 'evil' },
      { 'X-A': 'a\u0001b' }, { 'X-A': '中文' }, { 'Proxy-Authorization': 'x' }, { 'Sec-Fetch-Site': 'none' }]) {
      assert.throws(() => WXAPI.init3({ header }), (e) => e.name === 'WXAPIError' && e.kind === 'config' && e.param === 'header', JSON.stringify(header));
    }
    const res = await WXAPI.goodsDetail(101);
    assert.equal(res.code, 0);
    const [r] = backend.requests;
    assert.equal(r.headers['x-shop'], 'a1');
    assert.equal(r.headers['transfer-encoding'], undefined);
  } finally {
    await backend.close();
  }
});

test('init3: an unknown option is ignored with one warning naming the near key; ossBaseUrl moves the file/QR host', async () => {
  const warnings = [];
  const saved = console.warn;
  console.warn = (m) => warnings.push(String(m));
  try {
    WXAPI.init3({ apiBaseURL: 'https://typo.example', subDomain: 'demo', extraThing: 1 });
    WXAPI.init3({ apiBaseURL: 'https://typo.example' }); // once per key
  } finally {
    console.warn = saved;
  }
  assert.deepEqual(warnings, [
    "WXAPI.init3: unknown option 'apiBaseURL' ignored (did you mean 'apiBaseUrl'?)",
    "WXAPI.init3: unknown option 'extraThing' ignored",
  ]);
  const seen = [];
  WXAPI.init3({ ossBaseUrl: 'https://files.example.com', request: (...a) => { seen.push(a); return Promise.resolve({ code: 0 }); } });
  await WXAPI.wxaQrcode({ scene: 'a=1' });
  await WXAPI.commonQrcode({ content: 'x' });
  assert.deepEqual(seen.map((a) => a[0]), ['https://files.example.com/demo/qrcode/wxa/unlimit', 'https://files.example.com/demo/qrcode/content']);
  assert.throws(() => WXAPI.init3({ ossBaseUrl: 'http://files.example.com' }), (e) => e.kind === 'config' && e.param === 'ossBaseUrl');
  WXAPI.init3({ request: null, ossBaseUrl: 'https://oss.apifm.com' });
});

test('a stored shopIds value nested too deeply rejects with a WXAPIError, not an EncodeError', async () => {
  let deep = [];
  for (let i = 0; i < 40; i++) deep = [deep];
  const saved = global.wx;
  global.wx = fakeWx({ answer: () => assert.fail('nothing may be sent'), storage: { shopIds: deep } });
  try {
    WXAPI.init3({ transport: 'wx', subDomain: 'demo' });
    const e = await WXAPI.goods({ page: 1 }).then(() => assert.fail('resolved'), (x) => x);
    assert.deepEqual([e.name, e.kind, e.method, e.param], ['WXAPIError', 'argument', 'goods', 'shopIds']);
    assert.match(e.message, /the stored shopIds value nests too deeply/);
  } finally {
    global.wx = saved;
    WXAPI.init3({ transport: 'fetch' });
  }
});
