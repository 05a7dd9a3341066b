// init3({header}) is checked at init3: a header no platform can send, or one
// that frames the request (Transfer-Encoding, Upgrade, Connection, Host…),
// throws kind 'config' there, and the calls after it keep the previous
// headers — instead of every later request failing as 'network'.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('path');
const { startBackend } = require('../server/backend.js');

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
