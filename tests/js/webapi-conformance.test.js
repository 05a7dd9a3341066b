// Conformance of apifm-wasm/webapi with apifm-webapi@26.9.21: for every
// export and several argument vectors each, the built package (its fetch
// transport, recorded) puts on the wire what apifm-webapi does through
// axios 0.24 and qs (a recording axios adapter): verb, URL with query, body,
// content type; for uploads the URL, the text fields and the file parts. And
// how each call settles on an HTTP status outside 2xx (axios rejects, with
// error.response): resolve or reject, and the status and body the rejection carries.
// Deliberate differences (docs/compat.md, apifm-webapi) are applied to the
// reference's wire by `expected()`.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const lib = require('./lib/conformance.js');

const { ref, ours, refLog, fetchLog, answer } = lib.webapiPair();

const rows = lib.webapiReference;
// apifm-webapi calls tt.uploadFile here, a ByteDance mini-program API that H5 has not (it throws there): compared in tests/js/webapi.test.js.
const PLATFORM_ONLY = new Set(['uploadFileV22']);

/** What ours must send: the reference's wire with the deliberate differences of docs/compat.md applied. */
function expected(name, wire, args) {
  return lib.fixed(name, wire).map((w) => {
    if (w.kind !== 'upload') return w;
    // (2) uploadFileV3: the file is the object's tempFilePath, sent as upfile (as apifm-wxapi's; apifm-webapi sends every key as it is)
    if (name === 'uploadFileV3') {
      // (4) and an array or object field goes as its JSON (apifm-webapi: String(value), `1,2,3` or [object Object])
      const data = args[0] || {};
      const json = Object.keys(data).filter((k) => data[k] && typeof data[k] === 'object' && !(data[k] instanceof Blob));
      const fields = w.fields.map((f) => {
        const k = f.slice(0, f.indexOf('='));
        return json.includes(k) ? `${k}=${JSON.stringify(data[k])}` : f;
      });
      return { ...w, fields: fields.sort(), files: w.files.map((f) => (f === 'tempFilePath' ? 'upfile' : f)) };
    }
    // (3) a falsy expireHours is sent as given (apifm-webapi leaves it out)
    const i = lib.webapiReference.find((r) => r.name === name).params.findIndex((p) => p.name === 'expireHours');
    if (i >= 0 && i < args.length && args[i] !== undefined && args[i] !== null && !args[i]) {
      return { ...w, fields: [...w.fields, `expireHours=${args[i]}`].sort() };
    }
    return w;
  });
}

/** A vector's arguments with files as Blobs (fetch uploads read bytes, not paths). */
function argsOf(row, vector) {
  const kinds = lib.paramKinds(row);
  return vector.make().map((a, i) => {
    if (kinds[i] === 'file') return new Blob([`file ${i}`]);
    if (row.objectUpload && a && typeof a === 'object') return { ...a, tempFilePath: new Blob(['file']) };
    return a;
  });
}

/** The wire records of one call, with the Accept header (Content-Type is in the record; other headers: tests/js/webapi.test.js). */
async function wireOf(pkg, log, name, args) {
  log.length = 0;
  let result;
  let error;
  try {
    result = await pkg[name](...args);
  } catch (e) {
    error = e;
  }
  return { wire: lib.takeRecords(log), result, error };
}

function configure() {
  ref.init(lib.SUB);
  ref.setMerchantId(lib.MCH);
  ours.init(lib.SUB);
  ours.setMerchantId(lib.MCH);
}

// Values apifm-webapi encodes with qs that apifm-wxapi could not send: arrays of objects, nested objects.
const NESTED = () => ({ token: 'tk', goodsJsonStr: '[{"goodsId":1}]', sku: [{ optionId: 1, optionValueId: 3 }, { optionId: 2, optionValueId: '中 &' }], address: { city: '杭州', lines: ['a=1', 'b#2'] }, n: null });

let compared = 0;
let vectors = 0;

test('every export of apifm-webapi exists, of the same type', () => {
  const missing = Object.keys(ref).filter((k) => typeof ours[k] !== typeof ref[k]);
  assert.deepEqual(missing, []);
  assert.equal(Object.keys(ref).length, 935);
});

for (const row of rows) {
  if (PLATFORM_ONLY.has(row.name)) continue;
  test(`webapi wire: ${row.name}`, async () => {
    const list = lib.vectorsFor(row).map((v) => ({ label: v.label, make: () => argsOf(row, v) }));
    const objectAt = lib.paramKinds(row).indexOf('object');
    if (objectAt >= 0 && !row.objectUpload) {
      list.push({ label: 'nested', make: () => { const a = argsOf(row, lib.vectorsFor(row)[0]); a[objectAt] = NESTED(); return a; } });
    }
    for (const vector of list) {
      configure();
      vectors++;
      if (row.kind === 'url') {
        // (5) the key is percent-encoded (apifm-webapi pastes it in as it is; docs/compat.md #3)
        const args = vector.make();
        const theirs = lib.normalizeUrl(ref[row.name](...args));
        const key = String(args[0]);
        if (!args.length) {
          // Math.random() as the key, on both sides
          assert.equal(ours[row.name]().replace(/key=0\.\d+$/, 'key=R'), theirs.replace(/key=0\.\d+$/, 'key=R'));
          compared++;
          continue;
        }
        assert.equal(ours[row.name](...args), /[&=?#%+ /]/.test(key) ? `${theirs.slice(0, theirs.indexOf('?key='))}?key=${encodeURIComponent(key)}` : theirs);
        compared++;
        continue;
      }
      const theirs = await wireOf(ref, refLog, row.name, vector.make());
      const mine = await wireOf(ours, fetchLog, row.name, vector.make());
      assert.equal(mine.error, undefined, `${row.name} ${vector.label}: rejected ${mine.error && mine.error.message}`);
      assert.deepEqual(mine.wire, expected(row.name, theirs.wire, vector.make()), `${row.name} ${vector.label}`);
      assert.deepEqual(mine.result, theirs.result, `${row.name} ${vector.label}: result`);
      compared++;
    }
  });
}

// Statuses outside 2xx: a JSON body (API工厂's own {code, msg}), an HTML
// gateway page, an empty body, and a 3xx without a Location. apifm-webapi's
// axios rejects each (validateStatus), its error.response holding the status
// and the body (parsed when JSON); apifm-wasm/webapi must settle the same way
// for every method, and its WXAPIError carry the same response.
const STATUSES = [
  [404, JSON.stringify({ code: 404, msg: 'not found' })],
  [500, JSON.stringify({ code: 500, msg: '服务器内部错误' })],
  [401, JSON.stringify({ code: 2000, msg: '登录已过期' })],
  [502, '<h1>502 Bad Gateway</h1>'],
  [503, ''],
  [304, ''],
];

/** How a call settled: {ok, body} or {ok: false, status, data} from error.response. */
async function outcomeOf(pkg, name, args) {
  try {
    return { ok: true, body: await pkg[name](...args) };
  } catch (e) {
    return { ok: false, status: e.response ? e.response.status : null, data: e.response ? e.response.data : null, kind: e.kind };
  }
}

let settled = 0;
test('a status outside 2xx: every method settles as apifm-webapi\'s (rejects, with the status and the body in err.response)', async () => {
  const quiet = console.error; // apifm-webapi's response interceptor logs each failure
  console.error = () => {};
  try {
    for (const [status, body] of STATUSES) {
      answer.status = status;
      answer.body = body;
      for (const row of rows) {
        if (PLATFORM_ONLY.has(row.name) || row.kind === 'url') continue;
        configure();
        const theirs = await outcomeOf(ref, row.name, argsOf(row, lib.vectorsFor(row)[0]));
        const mine = await outcomeOf(ours, row.name, argsOf(row, lib.vectorsFor(row)[0]));
        refLog.length = 0;
        fetchLog.length = 0;
        assert.equal(theirs.ok, false, `${row.name} ${status}: apifm-webapi resolved`);
        assert.equal(mine.kind, 'http', `${row.name} ${status}: ${JSON.stringify(mine)}`);
        delete mine.kind;
        delete theirs.kind;
        assert.deepEqual(mine, theirs, `${row.name} ${status}`);
        settled++;
      }
    }
  } finally {
    console.error = quiet;
    answer.status = 200;
    answer.body = null;
  }
});

test('a status outside 2xx through request(), requestX and the response interceptors, as apifm-webapi\'s', async () => {
  const quiet = console.error;
  console.error = () => {};
  const seen = { ref: [], ours: [] };
  const ids = {
    ref: ref.request.interceptors.response.use((r) => r, (e) => { seen.ref.push([e.response.status, e.response.data]); return Promise.reject(e); }),
    ours: ours.request.interceptors.response.use((r) => r, (e) => { seen.ours.push([e.response.status, e.response.data]); return Promise.reject(e); }),
  };
  try {
    answer.status = 403;
    answer.body = JSON.stringify({ code: 403, msg: '禁止访问' });
    configure();
    for (const call of [
      (w) => w.request({ url: 'https://api.it120.cc/demo/x', method: 'get', params: { a: 1 } }),
      (w) => w.request.get('https://api.it120.cc/demo/x'),
      (w) => w.request.post('https://api.it120.cc/demo/x', { a: 1 }),
      (w) => w.requestX('/shop/goods/list', true, 'post', { page: 1 }),
      (w) => w.goodsDetail(101),
    ]) {
      const settleOf = (p) => p.then((body) => ({ ok: true, body }), (e) => ({ ok: false, status: e.response.status, data: e.response.data }));
      assert.deepEqual(await settleOf(call(ours)), await settleOf(call(ref)));
    }
    assert.equal(seen.ours.length, 5);
    assert.deepEqual(seen.ours, seen.ref);
    // 2xx: both resolve with the body, and the interceptors' fulfilled handlers see it
    answer.status = 200;
    answer.body = JSON.stringify({ code: 0, data: 'fine' });
    assert.deepEqual(await ours.request.get('https://api.it120.cc/demo/x'), await ref.request.get('https://api.it120.cc/demo/x'));
  } finally {
    ref.request.interceptors.response.eject(ids.ref);
    ours.request.interceptors.response.eject(ids.ours);
    console.error = quiet;
    answer.status = 200;
    answer.body = null;
    refLog.length = 0;
    fetchLog.length = 0;
  }
});

test('webapi conformance totals', () => {
  process.stdout.write(`# webapi conformance: ${rows.length - PLATFORM_ONLY.size} methods, ${vectors} vectors, ${compared} wire comparisons, ${settled} outcomes on statuses outside 2xx (${STATUSES.map(([s]) => s).join(', ')})\n`);
  assert.ok(compared >= (rows.length - PLATFORM_ONLY.size) * 2);
});
