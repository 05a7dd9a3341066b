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

test('a response body past maxResponseBytes (default 16 MB) rejects with kind response and stops reading, gzip bombs included', async () => {
  const http = require('http');
  const zlib = require('zlib');
  const bomb = zlib.gzipSync(Buffer.alloc(64 << 20, 0x20)); // 64 MB of spaces, ~64 KB on the wire
  let sentBytes = 0;
  const s = http.createServer((req, res) => {
    if (req.url.includes('/shop/goods/detail')) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(bomb);
    } else if (req.url.includes('/banner/')) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(1 << 20) });
      res.write(' '.repeat(1000));
      sentBytes += 1000; // the rest never comes: refused from the header
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 0, data: 'x'.repeat(5000) }));
    }
  });
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  try {
    const base = `http://127.0.0.1:${s.address().port}`;
    WXAPI.init3({ apiBaseUrl: base, commonBaseUrl: base, cmsBaseUrl: base, subDomain: 'demo' });
    const before = process.memoryUsage().rss;
    const e = await WXAPI.goodsDetail(1).then(() => assert.fail('resolved'), (x) => x);
    assert.deepEqual([e.kind, e.status], ['response', 200]);
    assert.match(e.message, /larger than 16777216 bytes/);
    assert.ok(process.memoryUsage().rss - before < 200 << 20, 'did not inflate the whole bomb into memory');
    WXAPI.init3({ maxResponseBytes: 4096 });
    const e2 = await WXAPI.banners({ type: 'x' }).then(() => assert.fail('resolved'), (x) => x);
    assert.match(e2.message, /larger than 4096 bytes/);
    const e3 = await WXAPI.cmsArticles({}).then(() => assert.fail('resolved'), (x) => x);
    assert.equal(e3.kind, 'response');
    WXAPI.init3({ maxResponseBytes: 1 << 20 });
    assert.equal((await WXAPI.cmsArticles({})).data.length, 5000);
    assert.throws(() => WXAPI.init3({ maxResponseBytes: 0 }), (x) => x.kind === 'config' && x.param === 'maxResponseBytes');
    assert.ok(sentBytes >= 0);
  } finally {
    WXAPI.init3({ maxResponseBytes: 16 << 20 });
    s.closeAllConnections();
    s.close();
  }
});
