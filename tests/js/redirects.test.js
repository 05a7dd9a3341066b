// Redirects on the fetch transport (Node): followed only within the
// request's origin, so a POST body (tokens, passwords) and the init3({header})
// headers never go to another origin; any other redirect rejects with kind
// 'http' and the other server sees nothing.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('http');
const path = require('path');

const WXAPI = require(path.join(__dirname, '..', '..', 'pkg'));

/** A server that records what it got and answers with `answer(req, body)`: [status, headers, body]. */
async function server(answer) {
  const seen = [];
  const s = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, body, headers: req.headers });
      const [status, headers, text] = answer(req, body);
      res.writeHead(status, headers);
      res.end(text);
    });
  });
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  return { seen, url: `http://127.0.0.1:${s.address().port}`, close: () => new Promise((r) => s.close(r)) };
}
const json = (o) => [200, { 'content-type': 'application/json' }, JSON.stringify(o)];

test('a redirect to another origin is not followed: kind http, the other server gets nothing', async () => {
  const other = await server(() => json({ code: 0, stolen: true }));
  const api = await server(() => [307, { location: `${other.url}/collect` }, '']);
  try {
    WXAPI.init3({ apiBaseUrl: api.url, commonBaseUrl: api.url, subDomain: 'demo', header: { 'X-Shop': 's1' } });
    const e = await WXAPI.login_username({ username: 'u', pwd: 'SECRET-PWD' }).then(() => assert.fail('resolved'), (x) => x);
    assert.deepEqual([e.name, e.kind, e.status], ['WXAPIError', 'http', 307]);
    assert.match(e.message, /redirect to http:\/\/127\.0\.0\.1:\d+ not followed/);
    assert.equal(other.seen.length, 0, 'nothing reached the other origin');
    assert.equal(api.seen.length, 1);
  } finally {
    WXAPI.init3({ header: {} });
    await other.close();
    await api.close();
  }
});

test('same-origin redirects are followed: 307 re-sends the POST, 302 turns it into a GET without a body', async () => {
  const api = await server((req) => {
    if (req.url.startsWith('/demo/user/username/login')) return [307, { location: '/moved/login' }, ''];
    if (req.url.startsWith('/moved/login')) return [302, { location: '/final' }, ''];
    return json({ code: 0, at: req.url });
  });
  try {
    WXAPI.init3({ apiBaseUrl: api.url, commonBaseUrl: api.url, subDomain: 'demo' });
    const res = await WXAPI.login_username({ username: 'u', pwd: 'p' });
    assert.deepEqual(res, { code: 0, at: '/final' });
    assert.deepEqual(api.seen.map((r) => [r.method, r.url.replace(/\?.*/, ''), r.body !== '']), [
      ['POST', '/demo/user/username/login', true],
      ['POST', '/moved/login', true],
      ['GET', '/final', false],
    ]);
    assert.equal(api.seen[1].body, api.seen[0].body);
  } finally {
    await api.close();
  }
});

test('a redirect loop ends after 5 hops with kind http', async () => {
  const api = await server((req) => [302, { location: req.url }, '']);
  try {
    WXAPI.init3({ apiBaseUrl: api.url, subDomain: 'demo' });
    const e = await WXAPI.goodsDetail(1).then(() => assert.fail('resolved'), (x) => x);
    assert.equal(e.kind, 'http');
    assert.match(e.message, /more than 5 redirects/);
    assert.equal(api.seen.length, 6);
  } finally {
    await api.close();
  }
});
