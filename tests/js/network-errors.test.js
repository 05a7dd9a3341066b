// A network error says what a user can act on: the cause's code and the host
// (`request:fail fetch failed (ECONNREFUSED 127.0.0.1:PORT)`), not only
// fetch's "fetch failed"; errMsg keeps the platform-style text.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const net = require('net');
const path = require('path');

const WXAPI = require(path.join(__dirname, '..', '..', 'pkg'));

test('connection refused names the code and the host; errMsg stays request:fail …', async () => {
  const port = await new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
  WXAPI.init3({ apiBaseUrl: `http://127.0.0.1:${port}`, subDomain: 'demo' });
  const e = await WXAPI.goodsDetail(1).then(() => assert.fail('resolved'), (x) => x);
  assert.equal(e.kind, 'network');
  assert.match(e.message, new RegExp(`^WXAPI\\.goodsDetail: request:fail fetch failed \\(ECONNREFUSED 127\\.0\\.0\\.1:${port}\\)$`));
  assert.equal(e.errMsg, 'request:fail fetch failed');
});
