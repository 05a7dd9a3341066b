// Shared by the mini-program tests: a backend + simulator fixture that checks
// every test leaves nothing behind, promise time limits, and the reference
// wire of a call (apifm-wxapi under a recording wx) in the form the backend
// records requests.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { startBackend, parseForm } = require('../server/backend.js');
const { createMiniProgram, toHost } = require('./sim.js');
const lib = require('../js/lib/conformance.js');

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const FILES = ['wxfile://tmp_1.png', 'http://tmp/a b.jpg', 'wxfile://图片.png', 'wxfile://x', 'wxfile://y', 'wxfile://tmp_obj.png'];

/**
 * Registers before/after hooks on node:test: one backend for the file, a
 * reset before each test, and after each test: no uncaught error in any
 * simulator, nothing pending, every simulator closed.
 */
function fixture() {
  const state = { backend: null, sims: [] };
  test.before(async () => {
    state.backend = await startBackend({ quiet: true });
  });
  test.beforeEach(() => state.backend.reset());
  test.afterEach(async () => {
    const left = state.sims.splice(0);
    const errors = left.flatMap((mp) => mp.errors.map((e) => `${e.where}: ${e.error && e.error.stack}`));
    for (const mp of left) await mp.close();
    assert.deepEqual(errors, []);
    for (const mp of left) assert.deepEqual(mp.pending(), { requests: 0, timers: 0, callbacks: 0 });
  });
  test.after(async () => {
    await state.backend.close();
    delete global.wx;
  });
  return {
    get backend() {
      return state.backend;
    },
    /** A simulator on the file's backend, with the usual temp files. */
    sim(options = {}) {
      const mp = createMiniProgram({ backend: state.backend, tempFiles: Object.fromEntries(FILES.map((f) => [f, PNG])), ...options });
      state.sims.push(mp);
      return mp;
    },
  };
}

/** Fails (instead of stalling) when a promise does not settle in time. */
function within(promise, ms, what) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms (hang)`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/** A rejection's reason (the promise must reject in time). */
async function rejection(promise, what, ms = 3000) {
  try {
    const v = await within(promise, ms, what);
    assert.fail(`${what}: resolved with ${JSON.stringify(toHost(v))}`);
  } catch (e) {
    if (e && e.code === 'ERR_ASSERTION') throw e;
    return e;
  }
  return undefined;
}

/** Polls `check` until it returns a truthy value (fails after `ms`). */
async function waitFor(check, ms, what) {
  const end = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`${what}: not reached within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}


/** A reference wire request in the form the backend records. */
function expectedRecord(w) {
  const u = new URL(w.url);
  const at = { host: u.host, path: u.pathname, query: u.search.slice(1) };
  if (w.kind === 'upload') {
    return { method: 'POST', ...at, fields: { ...parseForm(w.formData) }, file: { field: w.name, filename: w.filePath.slice(w.filePath.lastIndexOf('/') + 1) } };
  }
  assert.equal(w.kind, 'request');
  return { method: w.method, ...at, contentType: w.contentType, body: w.body };
}

/** A request the backend recorded, in the same form. */
function actualRecord(r) {
  const at = { host: r.host, path: r.path, query: r.query };
  if (r.multipart) {
    assert.match(r.contentType, /^multipart\/form-data; boundary=/);
    const fields = {};
    let file;
    for (const [k, v] of Object.entries(r.multipart)) {
      if (v && typeof v === 'object') file = { field: k, filename: Buffer.from(v.filename, 'latin1').toString('utf8') };
      else fields[k] = v;
    }
    return { method: r.method, ...at, fields, file };
  }
  return { method: r.method, ...at, contentType: r.contentType, body: r.body };
}

/**
 * The reference (apifm-wxapi, under a recording global wx) for wire
 * comparisons: `wire(name, args, shopIds)` is the list of records its call
 * puts on the wire.
 */
function reference() {
  const log = [];
  const storage = { shopIds: '' };
  global.wx = lib.recordingPlatform(log, storage);
  const ref = lib.loadReference();
  return {
    ref,
    wire(name, args, shopIds = '') {
      storage.shopIds = shopIds;
      ref.init(lib.SUB);
      ref.setMerchantId(lib.MCH);
      log.length = 0;
      const p = ref[name](...args);
      if (p && typeof p.catch === 'function') p.catch(() => {});
      const calls = log.splice(0);
      for (const c of calls) c.opts.success(c.api === 'uploadFile' ? { statusCode: 200, data: '{"code":0}' } : { statusCode: 200, data: { code: 0 } });
      return lib.fixed(name, calls.map(lib.wireOfCall)).map(expectedRecord);
    },
  };
}

/**
 * Calls each method of `names` with the conformance vectors through `WXAPI`
 * (loaded in simulator `mp`, configured with lib.SUB / lib.MCH) and checks
 * that the backend received exactly the reference's wire and the caller's
 * arguments were left as they were; `setShopIds(v)`
 * writes the storage key the reference reads ('' removes it). Returns the
 * number of comparisons.
 */
async function compareWire({ mp, WXAPI, backend, names, setShopIds }) {
  const r = reference();
  let compared = 0;
  for (const name of names) {
    const row = lib.reference.find((x) => x.name === name);
    assert.ok(row, name);
    for (const vector of lib.vectorsFor(row)) {
      for (const shopIds of row.storage ? ['', '11,12'] : ['']) {
        const label = `${mp.platform} ${name} ${vector.label}${shopIds ? ' shopIds' : ''}`;
        const expected = r.wire(name, vector.make(), shopIds);
        assert.equal(expected.length, 1, `${label}: the reference made one call`);
        setShopIds(shopIds);
        backend.reset();
        const args = mp.toContext(vector.make());
        const before = toHost(args);
        const res = toHost(await within(WXAPI[name](...args), 3000, label));
        assert.equal(typeof res.code, 'number', `${label}: resolved with the backend's answer`);
        assert.deepEqual(backend.requests.map(actualRecord), expected, label);
        // the caller's arguments are left as they were (the reference adds shopId to goods' object)
        assert.deepEqual(toHost(args), before, `${label}: arguments not mutated`);
        compared++;
      }
    }
  }
  return compared;
}

module.exports = { compareWire, fixture, within, rejection, waitFor, expectedRecord, actualRecord, reference, PNG, FILES, lib };
