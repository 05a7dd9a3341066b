// An HTTP status outside 2xx with a JSON body, on each surface, against its
// vendor SDK (docs/errors.md, "Which surface rejects a status outside 2xx"):
//   - main entry vs apifm-wxapi, both over a recording `wx`: resolves with the body;
//   - apifm-wasm/uniapp vs apifm-uniapp, both over a recording `uni`: resolves with the body;
//   - apifm-wasm/webapi vs apifm-webapi (axios): rejects; every method is
//     compared in tests/js/webapi-conformance.test.js, and here over real
//     HTTP on 127.0.0.1 with the Node fetch transport.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('http');
const path = require('path');
const lib = require('./lib/conformance.js');

const CALLS = [
  ['goodsDetail', [101]],
  ['orderCreate', [{ token: 'tk', goodsJsonStr: '[{"goodsId":1,"number":1}]' }]],
  ['shippingCarInfo', ['tk']],
];
const ANSWERS = [
  [500, { code: 500, msg: '服务器内部错误' }],
  [404, { code: 404, msg: 'not found' }],
  [401, { code: 2000, msg: '登录已过期' }],
];

/** A recording platform object whose request answers `answer` (statusCode and data) through success, as wx/uni do. */
function answering(answer) {
  return {
    request(opts) {
      setTimeout(() => opts.success({ statusCode: answer.status, data: answer.data, header: {} }), 0);
      return { abort() {} };
    },
    getStorageSync: () => '',
  };
}

async function outcome(p) {
  try {
    return { ok: true, value: await p };
  } catch (e) {
    return { ok: false, kind: e.kind, status: e.status, response: e.response };
  }
}

test('main entry and apifm-wasm/uniapp: a JSON body with a status outside 2xx resolves, as apifm-wxapi and apifm-uniapp do', async () => {
  const answer = { status: 200, data: null };
  global.wx = answering(answer);
  global.uni = answering(answer);
  try {
    const wxapi = lib.loadReference();
    delete require.cache[require.resolve('apifm-uniapp')];
    const uniapp = require('apifm-uniapp'); // eslint-disable-line global-require
    const main = require(path.join(lib.ROOT, 'pkg'));
    main.init3({ transport: 'wx' });
    const surface = (await import(path.join(lib.ROOT, 'pkg', 'uniapp.mjs'))).default;
    for (const sdk of [wxapi, uniapp, main, surface]) sdk.init('demo');
    for (const [status, data] of ANSWERS) {
      answer.status = status;
      answer.data = data;
      for (const [name, args] of CALLS) {
        const theirs = await outcome(wxapi[name](...args));
        assert.deepEqual(theirs, { ok: true, value: data }, `apifm-wxapi ${name} ${status}`);
        assert.deepEqual(await outcome(main[name](...args)), theirs, `main ${name} ${status}`);
        const vendor = await outcome(uniapp[name](...args));
        assert.deepEqual(vendor, { ok: true, value: data }, `apifm-uniapp ${name} ${status}`);
        assert.deepEqual(await outcome(surface[name](...args)), vendor, `uniapp ${name} ${status}`);
      }
    }
  } finally {
    delete global.wx;
    delete global.uni;
  }
});

test('apifm-wasm/webapi over real HTTP: a status outside 2xx rejects with kind http, the status and the parsed body in err.response; 2xx resolves', async () => {
  const server = http.createServer((req, res) => {
    const status = Number(/\/status\/(\d+)/.exec(req.url)[1]);
    if (/text/.test(req.url)) {
      res.writeHead(status, { 'Content-Type': 'text/html' });
      return res.end('<h1>Bad Gateway</h1>');
    }
    res.writeHead(status, { 'Content-Type': 'application/json' });
    return res.end(JSON.stringify({ code: status === 200 ? 0 : status, msg: `status ${status}` }));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  try {
    const webapi = require(path.join(lib.ROOT, 'pkg', 'webapi-node.js'));
    const main = require(path.join(lib.ROOT, 'pkg'));
    webapi.init('demo');
    main.init3({ transport: 'fetch' }); // the test above set 'wx'
    const seen = [];
    const id = webapi.request.interceptors.response.use(null, (e) => {
      seen.push(e.response.status);
      return Promise.reject(e);
    });
    for (const status of [400, 401, 403, 404, 500, 503]) {
      const e = await outcome(webapi.request.get(`${base}/status/${status}`));
      assert.deepEqual(e, { ok: false, kind: 'http', status, response: { status, data: { code: status, msg: `status ${status}` } } });
      const x = await outcome(webapi.requestX(`${base}/status/${status}`, false, 'post', { a: 1 }));
      assert.equal(x.kind, 'http');
      // the main entry keeps apifm-wxapi's behaviour: the JSON body resolves
      assert.deepEqual(await outcome(main.request(`${base}/status/${status}`, false, 'get', {})), { ok: true, value: { code: status, msg: `status ${status}` } });
    }
    assert.deepEqual(await outcome(webapi.request.get(`${base}/status/502/text`)), { ok: false, kind: 'http', status: 502, response: { status: 502, data: '<h1>Bad Gateway</h1>' } });
    assert.deepEqual(await outcome(webapi.request.get(`${base}/status/200`)), { ok: true, value: { code: 0, msg: 'status 200' } });
    assert.deepEqual(seen, [400, 400, 401, 401, 403, 403, 404, 404, 500, 500, 503, 503, 502]);
    webapi.request.interceptors.response.eject(id);
    // the error's text carries no body, and says where the answer is
    const e = await webapi.request.get(`${base}/status/404`).catch((err) => err);
    assert.equal(e.name, 'WXAPIError');
    assert.equal(e.errMsg, 'Request failed with status code 404');
    assert.match(e.message, /HTTP 404.*err\.response/);
  } finally {
    await new Promise((r) => server.close(r));
  }
});
