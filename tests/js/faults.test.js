// Faults: every way a request can go wrong settles with the documented
// outcome (docs/errors.md, "Faults and how they settle"), within a bound,
// without an unhandled rejection, and leaves nothing behind — the cases run
// in child processes (tests/js/lib/fault-cases.js) that must exit on their
// own right after the last case.
//   fetch: real HTTP to the local backend (tests/server/backend.js, /__fault/*);
//   wx:    a simulated `wx` whose request/uploadFile fail or answer oddly.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('path');
const { spawn } = require('child_process');
const { startBackend } = require('../server/backend.js');

const CASES = path.join(__dirname, 'lib', 'fault-cases.js');
const EXIT_WITHIN = 3000; // ms after the last case
let backend;
const runs = {};

/** Runs one child; resolves {cases: Map, done, exitedAfterMs, code}. */
function child(mode) {
  return new Promise((resolve, reject) => {
    const args = [CASES, mode];
    if (mode === 'fetch') args.push(backend.url);
    const c = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let done = null;
    let doneAt = 0;
    const killer = setTimeout(() => c.kill('SIGKILL'), 60000);
    c.stdout.on('data', (d) => {
      out += d;
      if (!done && /"done":true/.test(out)) {
        doneAt = Date.now();
        done = true;
      }
    });
    c.stderr.on('data', (d) => { err += d; });
    c.on('error', reject);
    c.on('exit', (code, signal) => {
      clearTimeout(killer);
      const exitedAfterMs = doneAt ? Date.now() - doneAt : null;
      try {
        const lines = out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
        const last = lines.pop();
        resolve({ cases: new Map(lines.map((l) => [l.name, l])), done: last, exitedAfterMs, code, signal, stderr: err });
      } catch (e) {
        reject(new Error(`fault-cases ${mode}: unreadable output (${code} ${signal}): ${out.slice(-2000)}\n${err.slice(-2000)}`));
      }
    });
  });
}

test.before(async () => {
  backend = await startBackend({ quiet: true });
  [runs.fetch, runs.wx] = await Promise.all([child('fetch'), child('wx')]);
});
test.after(() => backend.close());

for (const mode of ['fetch', 'wx']) {
  test(`${mode}: the cases ran, no unhandled rejection, and the process exited on its own within ${EXIT_WITHIN} ms of the last case`, () => {
    const r = runs[mode];
    assert.ok(r.done && r.done.done, `no final report: ${JSON.stringify(r.done)}\n${r.stderr}`);
    assert.equal(r.done.crashed, undefined, r.done.crashed);
    assert.deepEqual(r.done.unhandled, []);
    assert.equal(r.code, 0, `exit code ${r.code} ${r.signal}\n${r.stderr}`);
    assert.ok(r.exitedAfterMs !== null && r.exitedAfterMs < EXIT_WITHIN, `exited ${r.exitedAfterMs} ms after the last case`);
    assert.ok(!/Warning|Error/.test(r.stderr), r.stderr);
  });
}

/**
 * case name -> expected outcome:
 * {value: partial result} | {kind, status?, errMsg?: string|RegExp, min?, max?} (ms bounds)
 */
const EXPECT = {
  fetch: {
    'connection refused': { kind: 'network', errMsg: /^request:fail / },
    'reset mid-body': { kind: 'network', errMsg: /^request:fail / },
    'never answers, withOptions({timeout: 300})': { kind: 'timeout', errMsg: 'request:fail timeout', min: 280, max: 2000 },
    'never answers, init3({timeout: 300})': { kind: 'timeout', errMsg: 'request:fail timeout', min: 280, max: 2000 },
    'never answers, POST through a method, init3({timeout: 300})': { kind: 'timeout', errMsg: 'request:fail timeout', min: 280, max: 2000 },
    'HTTP 500 with a JSON body': { value: { code: 500, msg: '服务器内部错误' } },
    'HTML body (200)': { kind: 'response', status: 200 },
    'empty body (200)': { kind: 'response', status: 200 },
    '502 with an HTML body': { kind: 'http', status: 502 },
    'truncated JSON': { kind: 'response', status: 200 },
    'slow drip': { value: { code: 0, data: { slow: true } } },
    'multi-megabyte body': { value: { code: 0, dataLength: 40000 }, minBytes: 1500000 },
    'unknown route: 404 with an empty body': { kind: 'http', status: 404 },
    'upload, JSON answer': { value: { code: 0 } },
    'upload, non-JSON body (200)': { kind: 'response', status: 200 }, // the reference never settles here
    'upload, empty body (200)': { kind: 'response', status: 200 },
    'upload, 502 with an HTML body': { kind: 'http', status: 502 },
    'upload, reset mid-body': { kind: 'network', errMsg: /^request:fail / },
    'upload, never answers, init3({timeout: 300})': { kind: 'timeout', errMsg: 'request:fail timeout', min: 280, max: 2000 },
    'after the faults, a normal call': { value: { code: 0 } },
  },
  wx: {
    'wx: request fail (network)': { kind: 'network', errMsg: 'request:fail 网络连接失败', cause: { errMsg: 'request:fail 网络连接失败', errno: 600001 } },
    'wx: request fail (timeout)': { kind: 'timeout', errMsg: 'request:fail timeout' },
    'wx: HTTP 500 with a JSON body': { value: { code: 500, msg: '服务器内部错误' } },
    'wx: HTML body (200)': { kind: 'response', status: 200 },
    'wx: empty body (200)': { kind: 'response', status: 200 },
    'wx: 502 with an HTML body': { kind: 'http', status: 502 },
    'wx: truncated JSON': { kind: 'response', status: 200 },
    'wx: uploadFile, non-JSON data': { kind: 'response', status: 200 }, // the reference never settles here
    'wx: uploadFile, JSON data': { value: { code: 0 } },
    'wx: uploadFile fail (network)': { kind: 'network', errMsg: 'uploadFile:fail 网络连接失败' },
  },
};

for (const mode of Object.keys(EXPECT)) {
  for (const [name, want] of Object.entries(EXPECT[mode])) {
    const label = want.value ? 'resolves' : `${want.kind}${want.status ? ` ${want.status}` : ''}`;
    test(`${mode} fault: ${name} → ${label}`, () => {
      const got = runs[mode].cases.get(name);
      assert.ok(got, `case did not run: ${name}`);
      assert.ok(!got.hung, `did not settle within 5 s: ${name}`);
      assert.ok(got.ms <= (want.max || 3000), `took ${got.ms} ms`);
      if (want.min) assert.ok(got.ms >= want.min, `settled after ${got.ms} ms, before its timeout`);
      if (want.value) {
        assert.equal(got.error, undefined, JSON.stringify(got.error));
        for (const [k, v] of Object.entries(want.value)) assert.deepEqual(got.value[k], v, k);
        if (want.minBytes) assert.ok(got.value.bytes >= want.minBytes, `${got.value.bytes} bytes`);
        return;
      }
      const e = got.error;
      assert.ok(e, `resolved: ${JSON.stringify(got.value)}`);
      assert.equal(e.sync, false, 'threw synchronously');
      assert.equal(e.isWXAPIError, true, `${e.name}: ${e.message}`);
      assert.equal(e.name, 'WXAPIError');
      assert.equal(e.kind, want.kind, e.message);
      assert.equal(e.status, want.status);
      assert.equal(typeof e.errMsg, 'string');
      if (typeof want.errMsg === 'string') assert.equal(e.errMsg, want.errMsg);
      else if (want.errMsg) assert.match(e.errMsg, want.errMsg);
      if (want.cause) assert.deepEqual(e.cause, want.cause); // the platform's raw fail object
      assert.match(e.message, /^WXAPI\.\w+: /);
    });
  }
}
