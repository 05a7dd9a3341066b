// apifm-uniapp@26.9.21 over a recording `uni`: for every method and several
// argument vectors each, the options handed to uni.request / uni.uploadFile
// (URL, verb, data, header, the option keys) by
//   - apifm-wasm/uniapp (pkg/uniapp.mjs): every method, request for request;
//   - the main entry on the uni transport (init3({transport: 'uni'}), what
//     uni-app H5 builds pick): every method both have; the ones whose request
//     differs and apifm-uniapp's exports it lacks are listed (docs/compat.md,
//     apifm-uniapp) and checked to still differ, so the lists stay true.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const lib = require('./lib/conformance.js');

const log = [];
const storage = { shopIds: '', xtoken: '' };
global.uni = lib.recordingPlatform(log, storage);
const wireOf = lib.platformWireOf(log);

function loadUniapp() {
  const file = require.resolve('apifm-uniapp');
  delete require.cache[file];
  return require(file); // eslint-disable-line global-require
}
const ref = loadUniapp();
const ours = require(path.join(lib.ROOT, 'pkg'));
ours.init3({ transport: 'uni' });
let surface = null; // apifm-wasm/uniapp, an ES module
test.before(async () => {
  surface = (await import(path.join(lib.ROOT, 'pkg', 'uniapp.mjs'))).default;
  await surface.ready; // the browser runtime loads the wasm asynchronously: loaded before the first recorded call
});

const uniRows = fs.readFileSync(path.join(lib.ROOT, 'spec', 'reference-uniapp.jsonl'), 'utf8').split('\n').filter(Boolean).slice(1).map((l) => JSON.parse(l));
const mainNames = new Set(lib.reference.map((r) => r.name));

// Requests of the main entry that differ from apifm-uniapp's (docs/compat.md, apifm-uniapp U1).
const DIFFERS = {
  cpsJdGoodsShotUrlSite: 'one object parameter (the main entry: token, materialUrl, couponUrl)',
  userAttendantUpdatePosition: 'the API host + subDomain (the main entry: the common host)',
  activityVoteInfoJoinDetail: 'the API host without subDomain (the main entry: the common host)',
};
// Exports of apifm-uniapp the main entry does not have (U2); getLocation is a uni.getLocation helper, no request (U3: in apifm-wasm/uniapp only).
const MISSING = ['wxpayQH5', 'bindWxmpOpenid', 'authorization', 'jssdkSign', 'stripeWebPay', 'joycityPointsGoodsDetail',
  'joycityPointsCanApplyAfterSale', 'joycityPointsSearchAfsApplyReasonList', 'joycityPointsSearchAfsOrderDetail', 'getLocation'];

function configure(shopIds) {
  storage.shopIds = shopIds;
  for (const p of [ref, ours, surface]) {
    p.init(lib.SUB);
    p.setMerchantId(lib.MCH);
  }
}

/** Every vector of `row` on apifm-uniapp and on `pkg`: `each` gets both sides' records. */
async function eachVector(row, pkg, each) {
  for (const vector of lib.vectorsFor(row)) {
    for (const shopIds of row.storage ? ['', '11,12'] : ['']) {
      configure(shopIds);
      const theirs = await wireOf(ref, row.name, vector.make());
      const mine = await wireOf(pkg, row.name, vector.make());
      each(theirs, mine, `${row.name} ${vector.label}`);
    }
  }
}

function same(theirs, mine, label) {
  assert.equal(mine.error, undefined, `${label}: rejected ${mine.error && mine.error.message}`);
  assert.deepEqual(mine.wire, lib.fixed(label.split(' ')[0], theirs.wire), label);
  assert.deepEqual(mine.options, theirs.options, `${label}: uni options`);
}

const counts = { surface: 0, main: 0 };
const requestRows = uniRows.filter((r) => r.kind !== 'url');

// --- apifm-wasm/uniapp ---------------------------------------------------------
test('apifm-wasm/uniapp has every export of apifm-uniapp, of the same type', () => {
  assert.equal(Object.keys(ref).length, 963);
  assert.deepEqual(Object.keys(ref).filter((k) => typeof surface[k] !== typeof ref[k]), []);
});

// getLocation (U3): the same uni calls and answer as apifm-uniapp's helper,
// under a uni whose getLocation answers as `answer` says; the reference's
// failure dialogs (its own UI text) are the one difference.
async function locate(pkg, platform, answer) {
  const calls = [];
  const saved = global.uni.getLocation;
  Object.assign(global.uni, {
    showLoading: (o) => calls.push(['showLoading', o]),
    hideLoading: () => calls.push(['hideLoading']),
    showToast: (o) => calls.push(['showToast', o.icon]),
    showModal: (o) => calls.push(['showModal', o.showCancel]),
    getSystemInfoSync: () => ({ platform }),
    getLocation: (o) => {
      calls.push(['getLocation', Object.keys(o).filter((k) => typeof o[k] !== 'function').sort(), o.type]);
      setTimeout(() => {
        if (answer.fail) o.fail(answer.fail);
        else o.success(answer.success);
        o.complete();
      });
    },
  });
  const log0 = console.log;
  const err0 = console.error;
  console.log = () => undefined; // apifm-uniapp logs the location and the failure
  console.error = () => undefined;
  try {
    const result = await pkg.getLocation().then((value) => ({ value }), (error) => ({ error }));
    return { calls, ...result };
  } finally {
    console.log = log0;
    console.error = err0;
    global.uni.getLocation = saved;
  }
}

test('apifm-wasm/uniapp getLocation(): the same uni.getLocation call and answer as apifm-uniapp (numbers, and iOS\'s six-decimal strings)', async () => {
  const success = { longitude: 120.1234567891, latitude: 30.98765432101, accuracy: 65 };
  for (const platform of ['android', 'ios', 'devtools']) {
    const theirs = await locate(ref, platform, { success });
    const mine = await locate(surface, platform, { success });
    assert.deepEqual(mine, theirs, platform);
  }
  assert.deepEqual((await locate(surface, 'ios', { success })).value, { long: '120.123457', lat: '30.987654' });
});

test('apifm-wasm/uniapp getLocation(): a failure rejects with the platform\'s errMsg (a WXAPIError), without apifm-uniapp\'s dialogs', async () => {
  for (const errMsg of ['getLocation:fail auth deny', 'getLocation:fail:ERROR_NOCELL&WIFI_LOCATIONSWITCHOFF', 'getLocation:fail system error']) {
    const fail = { errMsg };
    const theirs = await locate(ref, 'android', { fail });
    const mine = await locate(surface, 'android', { fail });
    assert.equal(theirs.error, fail);
    assert.equal(mine.error.name, 'WXAPIError');
    assert.deepEqual([mine.error.kind, mine.error.method, mine.error.errMsg, mine.error.cause], ['network', 'getLocation', errMsg, fail]);
    const dialogs = ['showToast', 'showModal'];
    assert.deepEqual(mine.calls, theirs.calls.filter((c) => !dialogs.includes(c[0])), errMsg);
    assert.equal(theirs.calls.filter((c) => dialogs.includes(c[0])).length, 1, `${errMsg}: the reference shows one dialog`);
  }
});

for (const row of requestRows) {
  test(`apifm-wasm/uniapp uni wire: ${row.name}`, () => eachVector(row, surface, (theirs, mine, label) => {
    same(theirs, mine, label);
    counts.surface++;
  }));
}

test('apifm-wasm/uniapp: an X-Token from uni storage on https://user.api.it120.cc/, as apifm-uniapp sends it (U5)', async () => {
  for (const xtoken of ['tk-1', '']) {
    storage.xtoken = xtoken;
    for (const p of [ref, surface]) p.init2('https://user.api.it120.cc', lib.SUB);
    const theirs = await wireOf(ref, 'goodsDetail', [1]);
    const mine = await wireOf(surface, 'goodsDetail', [1]);
    assert.deepEqual(mine.options, theirs.options);
    assert.deepEqual(mine.wire, theirs.wire);
    assert.equal(mine.options[0].header['X-Token'], xtoken || undefined);
  }
  for (const p of [ref, surface]) p.init2('https://api.it120.cc', lib.SUB);
  storage.xtoken = 'tk-2';
  const other = await wireOf(surface, 'goodsDetail', [1]);
  assert.equal(other.options[0].header['X-Token'], undefined, 'only that host');
  storage.xtoken = '';
});

// --- the main entry over uni ------------------------------------------------------
test('apifm-uniapp exports: every one is in the main entry but the listed ones', () => {
  assert.deepEqual(Object.keys(ref).filter((k) => typeof ours[k] !== 'function'), MISSING);
});

for (const row of requestRows.filter((r) => mainNames.has(r.name))) {
  test(`main entry uni wire: ${row.name}`, async () => {
    let differs = false;
    await eachVector(row, ours, (theirs, mine, label) => {
      if (!DIFFERS[row.name]) {
        same(theirs, mine, label);
        counts.main++;
      } else {
        differs = differs || mine.error !== undefined || JSON.stringify(mine.wire) !== JSON.stringify(theirs.wire);
      }
    });
    if (DIFFERS[row.name]) assert.ok(differs, `${row.name} is listed as differing but sends the same requests`);
  });
}

test('graphValidateCodeUrl returns the same URL', () => {
  configure('');
  assert.equal(ours.graphValidateCodeUrl('abc123'), ref.graphValidateCodeUrl('abc123'));
  assert.equal(surface.graphValidateCodeUrl('abc123'), ref.graphValidateCodeUrl('abc123'));
});

test('a failed uni.request: apifm-uniapp resolves with error.data (undefined); apifm-wasm rejects with a WXAPIError (U4)', async () => {
  configure('');
  const outcome = async (pkg) => {
    log.length = 0;
    const p = pkg.goodsDetail(1);
    await new Promise((r) => setImmediate(r));
    for (const c of log.splice(0)) c.opts.fail({ errMsg: 'request:fail timeout' });
    return p.then((v) => ({ resolved: v }), (e) => ({ rejected: e.name, errMsg: e.errMsg }));
  };
  assert.deepEqual(await outcome(ref), { resolved: undefined });
  for (const pkg of [ours, surface]) assert.deepEqual(await outcome(pkg), { rejected: 'WXAPIError', errMsg: 'request:fail timeout' });
});

test('uniapp conformance totals', () => {
  const mainRows = requestRows.filter((r) => mainNames.has(r.name) && !DIFFERS[r.name]).length;
  process.stdout.write(`# uniapp conformance: apifm-wasm/uniapp ${requestRows.length} methods, ${counts.surface} comparisons; main entry ${mainRows} methods, ${counts.main} comparisons, ${Object.keys(DIFFERS).length} differ, ${MISSING.length} exports missing\n`);
  assert.ok(counts.surface >= requestRows.length * 2);
  assert.ok(counts.main >= mainRows * 2);
});
