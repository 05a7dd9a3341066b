// apifm-uniapp@26.9.21 compared with the main entry over a recording `uni`
// (the transport uni-app H5 uses, init3({transport: 'uni'})): for every
// method both have and several argument vectors each, the options handed to
// uni.request / uni.uploadFile (URL, verb, data, header). The methods whose
// request differs, and apifm-uniapp's exports the main entry lacks, are
// listed (docs/compat.md, apifm-uniapp) and checked to still differ, so the
// lists stay true when either side changes.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const lib = require('./lib/conformance.js');

const log = [];
const storage = { shopIds: '' };
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

const uniRows = fs.readFileSync(path.join(lib.ROOT, 'spec', 'reference-uniapp.jsonl'), 'utf8').split('\n').filter(Boolean).slice(1).map((l) => JSON.parse(l));
const mainNames = new Set(lib.reference.map((r) => r.name));

// Requests that differ from the main entry's (docs/compat.md, apifm-uniapp U1).
const DIFFERS = {
  cpsJdGoodsShotUrlSite: 'one object parameter (the main entry: token, materialUrl, couponUrl)',
  userAttendantUpdatePosition: 'the API host + subDomain (the main entry: the common host)',
  activityVoteInfoJoinDetail: 'the API host without subDomain (the main entry: the common host)',
};
// Exports of apifm-uniapp the main entry does not have (U2); getLocation is a uni.getLocation helper, no request (U3).
const MISSING = ['wxpayQH5', 'bindWxmpOpenid', 'authorization', 'jssdkSign', 'stripeWebPay', 'joycityPointsGoodsDetail',
  'joycityPointsCanApplyAfterSale', 'joycityPointsSearchAfsApplyReasonList', 'joycityPointsSearchAfsOrderDetail', 'getLocation'];

function configure(shopIds) {
  storage.shopIds = shopIds;
  for (const p of [ref, ours]) {
    p.init(lib.SUB);
    p.setMerchantId(lib.MCH);
  }
}

let compared = 0;
let vectors = 0;

test('apifm-uniapp exports: every one is in the main entry but the listed ones', () => {
  assert.equal(Object.keys(ref).length, 963);
  assert.deepEqual(Object.keys(ref).filter((k) => typeof ours[k] !== 'function'), MISSING);
});

const shared = uniRows.filter((r) => mainNames.has(r.name) && r.kind !== 'url');
for (const row of shared) {
  test(`uni wire: ${row.name}`, async () => {
    let differs = false;
    for (const vector of lib.vectorsFor(row)) {
      for (const shopIds of row.storage ? ['', '11,12'] : ['']) {
        configure(shopIds);
        vectors++;
        const theirs = await wireOf(ref, row.name, vector.make());
        const mine = await wireOf(ours, row.name, vector.make());
        if (DIFFERS[row.name]) {
          differs = differs || mine.error !== undefined || JSON.stringify(mine.wire) !== JSON.stringify(theirs.wire);
          continue;
        }
        assert.equal(mine.error, undefined, `${row.name} ${vector.label}: rejected ${mine.error && mine.error.message}`);
        assert.deepEqual(mine.wire, lib.fixed(row.name, theirs.wire), `${row.name} ${vector.label}`);
        assert.deepEqual(mine.options, theirs.options, `${row.name} ${vector.label}: uni options`);
        compared++;
      }
    }
    if (DIFFERS[row.name]) assert.ok(differs, `${row.name} is listed as differing but sends the same requests`);
  });
}

test('graphValidateCodeUrl returns the same URL', () => {
  configure('');
  assert.equal(ours.graphValidateCodeUrl('abc123'), ref.graphValidateCodeUrl('abc123'));
});

test('a failed uni.request: apifm-uniapp resolves with error.data (undefined); the main entry rejects with a WXAPIError (U4)', async () => {
  configure('');
  const outcome = async (pkg) => {
    log.length = 0;
    const p = pkg.goodsDetail(1);
    await new Promise((r) => setImmediate(r));
    for (const c of log.splice(0)) c.opts.fail({ errMsg: 'request:fail timeout' });
    return p.then((v) => ({ resolved: v }), (e) => ({ rejected: e.name, errMsg: e.errMsg }));
  };
  assert.deepEqual(await outcome(ref), { resolved: undefined });
  assert.deepEqual(await outcome(ours), { rejected: 'WXAPIError', errMsg: 'request:fail timeout' });
});

test('uniapp conformance totals', () => {
  process.stdout.write(`# uniapp conformance: ${uniRows.length} methods of apifm-uniapp, ${shared.length - Object.keys(DIFFERS).length} compared over uni, ${vectors} vectors, ${compared} comparisons, ${Object.keys(DIFFERS).length} differ, ${MISSING.length} exports missing\n`);
  assert.ok(compared >= (shared.length - Object.keys(DIFFERS).length) * 2);
});
