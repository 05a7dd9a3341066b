// Fuzz (bounded, for CI): every export of the built package called with
// hostile values in random combinations and arities, through both code
// paths — a custom init3({request}) function (plus a recording fetch for
// uploads) and a fake `wx` platform — each in its own process (the engine is
// tests/js/lib/fuzz.js; the long run is tools/fuzz-long.js). The seed is
// FUZZ_SEED or random, and printed; a failure names the seed and the call.
// Also: regression cases for what the fuzzer found.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('path');
const { execFile } = require('child_process');

const ROOT = path.join(__dirname, '..', '..');
const ENGINE = path.join(__dirname, 'lib', 'fuzz.js');
const CALLS = Number(process.env.FUZZ_CALLS || 15000); // per mode; two modes run in parallel
const SEED = Number(process.env.FUZZ_SEED || Math.floor(Math.random() * 2 ** 31));
// Wasm memory grows to what the largest call needs and is never given back:
// about 11 times the argument text (an accepted 8 MB string takes ~90 MB);
// the fuzzer sends at most one such value per call.
const MAX_WASM_MEMORY = 128 * 1024 * 1024;

function fuzz(mode) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [ENGINE, '--mode', mode, '--calls', String(CALLS), '--seed', String(SEED)], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const line = stdout.trim().split('\n').pop();
      let res;
      try {
        res = JSON.parse(line);
      } catch (_) {
        // A call that blocks (or a crash): FUZZ_TRACE=1 prints each call before it runs.
        reject(new Error(`fuzz ${mode} (seed ${SEED}) died or blocked: ${err && err.message}\n${stderr.slice(-4000)}\nfind the call: FUZZ_TRACE=1 node tests/js/lib/fuzz.js --mode ${mode} --calls ${CALLS} --seed ${SEED} 2>&1 >/dev/null | tail -3`));
        return;
      }
      resolve(res);
    });
  });
}

const WXAPI = require(path.join(ROOT, 'pkg'));
const sent = [];
const recorder = (...args) => {
  sent.push(args);
  return Promise.resolve({ code: 0 });
};
const realFetch = globalThis.fetch;

test.before(() => {
  globalThis.fetch = (url) => {
    sent.push(['fetch', String(url)]);
    return Promise.resolve(new Response('{"code":0}', { headers: { 'Content-Type': 'application/json' } }));
  };
  WXAPI.init3({ subDomain: 'demo', merchantId: '42', request: recorder });
});
test.after(() => {
  globalThis.fetch = realFetch;
});

test(`fuzz: ${CALLS} hostile calls per transport (custom request, fake wx), seed ${SEED}`, async (t) => {
  t.diagnostic(`seed ${SEED} (FUZZ_SEED=${SEED} FUZZ_CALLS=${CALLS} node --test tests/js/fuzz.test.js reproduces it)`);
  const results = await Promise.all([fuzz('custom'), fuzz('wx')]);
  for (const res of results) {
    const where = `mode ${res.mode}, seed ${res.seed}`;
    assert.ok(!res.crashed, `${where}: the fuzzer crashed: ${res.crashed}`);
    t.diagnostic(`${res.mode}: ${res.calls} calls in ${res.elapsedMs} ms; resolved ${res.counts.resolved}, rejected ${res.counts.rejected} ${JSON.stringify(res.counts.byKind)}, thrown ${res.counts.thrown}; wasm memory ${res.memory.before} -> ${res.memory.after} B`);
    assert.deepEqual(res.failures, [], `${where}: contract violations`);
    assert.equal(res.traps, 0, `${where}: traps`);
    assert.deepEqual(res.unhandled, [], `${where}: unhandled rejections`);
    assert.equal(res.calls, CALLS, where);
    // Both outcomes were exercised: calls got through and calls were refused.
    assert.ok(res.counts.resolved > CALLS / 20 && res.counts.byKind.argument > CALLS / 4, `${where}: ${JSON.stringify(res.counts)}`);
    // The instance still works: the same goodsDetail(1) request as before.
    assert.equal(res.after.sent, 1, where);
    assert.deepEqual(res.after.wire, res.before.wire, where);
    assert.deepEqual(res.after.res, res.before.res, where);
    // Memory: bounded, and normal calls after the fuzz do not grow it.
    assert.ok(res.memory.after <= MAX_WASM_MEMORY, `${where}: wasm memory ${res.memory.after}`);
    assert.equal(res.memory.afterNormalCalls, res.memory.after, `${where}: wasm memory grew on normal calls after the fuzz`);
    assert.deepEqual({ inFlight: res.stats.inFlight, queued: res.stats.queued }, res.mode === 'wx' ? { inFlight: 0, queued: 0 } : { inFlight: null, queued: null }, where);
  }
  const [custom, wx] = results;
  assert.deepEqual(custom.before.wire, { via: 'request', args: ['/shop/goods/detail', true, 'get', { id: 1, token: '' }] });
  assert.deepEqual(wx.before.wire, { via: 'wx.request', url: 'https://api.it120.cc/demo/shop/goods/detail', method: 'get', data: { id: 1, token: '' } });
});

// --- what the fuzzer found (each a fix in js-shim) ---------------------------
const isError = (kind, param) => (e) => e instanceof WXAPIError && e.name === 'WXAPIError' && e.kind === kind && (param === undefined || e.param === param);
const { WXAPIError } = WXAPI;

test('init3: options whose getters or Proxy traps throw are a config error', () => {
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  for (const opts of [
    new Proxy({}, { get() { throw new Error('trap'); } }),
    revoked.proxy,
    { get subDomain() { throw new Error('getter'); } },
    { get timeout() { throw Symbol('thrown symbol'); } },
  ]) {
    assert.throws(() => WXAPI.init3(opts), isError('config'));
  }
  // Read once: a getter cannot pass the check and then answer differently.
  let reads = 0;
  assert.throws(() => WXAPI.init3({ get timeout() { reads++; return reads === 1 ? -1 : 1000; } }), isError('config', 'timeout'));
  assert.equal(reads, 1);
});

test('init3({transport}) naming a platform this runtime lacks is refused at once, not by every later call', async () => {
  assert.throws(() => WXAPI.init3({ transport: 'tt' }), isError('config', 'transport'));
  assert.throws(() => WXAPI.init3({ transport: 'wx', subDomain: 'other' }), isError('config', 'transport'));
  sent.length = 0;
  await WXAPI.goodsDetail(1);
  await WXAPI.uploadFile('t', Buffer.from('x'));
  assert.deepEqual(sent[0], ['/shop/goods/detail', true, 'get', { id: 1, token: '' }]); // the subDomain did not change
  assert.equal(sent[1][0], 'fetch');
});

test('uploads: a file argument whose getters or traps throw rejects as an argument error', async () => {
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  sent.length = 0;
  await assert.rejects(WXAPI.uploadFileV3({ get tempFilePath() { throw new Error('getter'); } }), isError('argument'));
  await assert.rejects(WXAPI.uploadFileV3(new Proxy({}, { ownKeys() { throw new Error('ownKeys'); } })), isError('argument'));
  await assert.rejects(WXAPI.uploadFile('t', new Proxy({}, { getPrototypeOf() { throw new Error('getPrototypeOf'); } })), isError('argument'));
  await assert.rejects(WXAPI.uploadFile('t', revoked.proxy), isError('argument'));
  await assert.rejects(WXAPI.goodsDetail({ get id() { throw Symbol('s'); } }), isError('argument'));
  assert.deepEqual(sent, []);
});

test('withOptions: unreadable options, a non-signal, an out-of-range timeout are config errors thrown by withOptions', async () => {
  assert.throws(() => WXAPI.withOptions({ signal: {} }), isError('config', 'signal'));
  assert.throws(() => WXAPI.withOptions({ signal: { aborted: true } }), isError('config', 'signal'));
  assert.throws(() => WXAPI.withOptions({ signal: 'yes' }), isError('config', 'signal'));
  assert.throws(() => WXAPI.withOptions(new Proxy({}, { get() { throw new Error('trap'); } })), isError('config'));
  // 1e20 ms overflows setTimeout, which then fires at once: a spurious timeout.
  for (const timeout of [1e20, 2 ** 31, NaN, -1, 0, '1000']) assert.throws(() => WXAPI.withOptions({ timeout }), isError('config', 'timeout'));
  // A signal-like object whose reads throw at call time: the call rejects, never throws.
  const tricky = { addEventListener() {}, removeEventListener() {}, get aborted() { throw new Error('aborted getter'); } };
  await assert.rejects(WXAPI.withOptions({ signal: tricky }).goodsDetail(1), isError('config', 'signal'));
  assert.equal((await WXAPI.withOptions({ timeout: 3600000 }).goodsDetail(1)).code, 0);
});

test('abort(reason) with any reason settles at once with kind aborted', async () => {
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  WXAPI.init3({ request: () => new Promise(() => {}) }); // never answers
  try {
    for (const reason of [new Array(1e9), Symbol('why'), revoked.proxy, { toString() { throw new Error('x'); } }, 'x'.repeat(1e6), new Error('stop'), 'stop']) {
      const p = WXAPI.goodsDetail(1);
      let settled = false;
      p.then(undefined, () => {}).then(() => (settled = true));
      assert.equal(p.abort(reason), undefined);
      // At once: before the next macrotask (a count of event-loop turns, not a clock).
      await new Promise((r) => setImmediate(r));
      assert.ok(settled, `abort(${typeof reason}) settled at once`);
      await assert.rejects(p, (e) => isError('aborted')(e) && e.message.length < 300);
    }
    const p = WXAPI.goodsDetail(1);
    p.abort(new Error('user left the page'));
    await assert.rejects(p, { kind: 'aborted', message: 'WXAPI.goodsDetail: aborted: user left the page' });
  } finally {
    WXAPI.init3({ request: recorder });
  }
});
