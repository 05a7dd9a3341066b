// Conformance: for every method of apifm-wxapi@26.9.21 and several argument
// vectors each, the built package hands the platform (a recording `wx`)
// exactly the wire request the reference does. Also: a custom init3 request
// function receives the reference's own arguments.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('path');
const lib = require('./lib/conformance.js');

const log = [];
const storage = { shopIds: '' };
global.wx = lib.recordingPlatform(log, storage);
global.tt = lib.recordingPlatform(log, storage); // uploadFileV22 uses tt.uploadFile

const ref = lib.loadReference();
const ours = require(path.join(lib.ROOT, 'pkg'));


const wireOf = lib.platformWireOf(log);

function configure(shopIds) {
  storage.shopIds = shopIds;
  ref.init(lib.SUB);
  ref.setMerchantId(lib.MCH);
  ours.init(lib.SUB);
  ours.setMerchantId(lib.MCH);
}

const rows = lib.reference.filter((r) => r.kind !== 'url');
let compared = 0;

test('every reference export exists in the package', () => {
  const missing = Object.keys(ref).filter((k) => typeof ours[k] !== 'function');
  assert.deepEqual(missing, []);
});

for (const row of rows) {
  test(`wire: ${row.name}`, async () => {
    for (const vector of lib.vectorsFor(row)) {
      for (const shopIds of row.storage ? ['', '11,12'] : ['']) {
        configure(shopIds);
        const theirs = await wireOf(ref, row.name, vector.make());
        const mine = await wireOf(ours, row.name, vector.make());
        assert.equal(mine.error, undefined, `${row.name} ${vector.label}: rejected ${mine.error && mine.error.message}`);
        const expected = lib.fixed(row.name, theirs.wire);
        assert.deepEqual(mine.wire, expected, `${row.name} ${vector.label}`);
        assert.deepEqual(mine.options, theirs.options, `${row.name} ${vector.label}: platform options`);
        compared++;
      }
    }
  });
}

// Values the reference sends without complaint and apps pass: each
// parameter in turn set to the reference's own default, to '' where it is
// optional, and booleans as 1/0 — accepted, with the reference's wire.
const { rulesFor } = require('../../tools/rules.js');
const ruleRows = new Map(require('fs').readFileSync(require('path').join(lib.ROOT, 'spec', 'rules.jsonl'), 'utf8')
  .split('\n').filter((l) => l.trim() && !l.startsWith('//')).map((l) => JSON.parse(l)).map((r) => [r.name, r]));
let lenient = 0;
for (const row of rows) {
  const rules = rulesFor(row, ruleRows.get(row.name));
  const variants = [];
  row.params.forEach((p, i) => {
    if ('default' in p && typeof p.default !== 'object') variants.push([`${p.name} = the reference's default ${JSON.stringify(p.default)}`, i, p.default]);
    if (rules[i] && !rules[i].endsWith('!') && !['o', 'f', 'p', 's', 'a'].includes(rules[i])) variants.push([`${p.name} = '' (optional)`, i, '']);
    if (rules[i].startsWith('b')) for (const b of [1, 0, 'true', 'false']) variants.push([`${p.name} = ${JSON.stringify(b)} (boolean)`, i, b]);
  });
  if (!variants.length) continue;
  test(`reference values accepted: ${row.name}`, async () => {
    for (const [label, i, value] of variants) {
      configure('');
      const make = () => {
        const args = lib.vectorsFor(row)[0].make();
        while (args.length <= i) args.push(undefined);
        args[i] = value;
        return args;
      };
      const theirs = await wireOf(ref, row.name, make());
      const mine = await wireOf(ours, row.name, make());
      assert.equal(mine.error, undefined, `${row.name}, ${label}: rejected: ${mine.error && mine.error.message}`);
      const expected = lib.fixed(row.name, theirs.wire);
      assert.deepEqual(mine.wire, expected, `${row.name}, ${label}`);
      lenient++;
    }
  });
}

test('never [object Object] on the wire: a …JsonStr field given an array is JSON-encoded; another object field is refused', async () => {
  configure('');
  const goods = [{ goodsId: 101, number: 2, sku: [{ optionId: 1, optionValueId: 3 }] }];
  const { wire, error } = await wireOf(ours, 'orderCreate', [{ token: 'tk', goodsJsonStr: goods, remark: 'r' }]);
  assert.equal(error, undefined);
  assert.equal(new URLSearchParams(wire[0].body).get('goodsJsonStr'), JSON.stringify(goods));
  // the reference sends what the app meant when it passes the JSON text itself
  const theirs = await wireOf(ref, 'orderCreate', [{ token: 'tk', goodsJsonStr: JSON.stringify(goods), remark: 'r' }]);
  assert.deepEqual(wire, theirs.wire);
  log.length = 0;
  const bad = await ours.orderCreate({ token: 'tk', goodsJsonStr: '[]', address: { city: 'x' } }).then(() => assert.fail('resolved'), (e) => e);
  assert.equal(log.length, 0, 'nothing sent');
  assert.deepEqual([bad.kind, bad.param], ['argument', 'data']);
  assert.match(bad.message, /data field address holds an object, which a form would send as \[object Object\]/);
});

test('payVariableUrl with a query in its path: the same wire as the reference (? = & kept)', async () => {
  configure('');
  for (const url of ['/pay/x/notify?a=1&b=2', '/pay/wx/h5?sign=abc&ts=1700000000', '/x?q=中文']) {
    const theirs = await wireOf(ref, 'payVariableUrl', [url, { money: 1 }]);
    const mine = await wireOf(ours, 'payVariableUrl', [url, { money: 1 }]);
    assert.equal(mine.error, undefined);
    assert.deepEqual(mine.wire, theirs.wire, url);
  }
});

test('graphValidateCodeUrl returns the same URL (key percent-encoded)', async () => {
  configure('');
  await ours.ready;
  assert.equal(ours.graphValidateCodeUrl('abc123'), ref.graphValidateCodeUrl('abc123'));
  assert.equal(ours.graphValidateCodeUrl('a&b c'), 'https://api.it120.cc/demo/verification/pic/get?key=a%26b%20c');
  assert.match(ours.graphValidateCodeUrl(), /^https:\/\/api\.it120\.cc\/demo\/verification\/pic\/get\?key=0\.\d+/);
});

test('init3({request}) is called with the reference arguments', async () => {
  const seen = { ref: [], ours: [] };
  const make = (list) => function request() {
    list.push(JSON.parse(JSON.stringify(Array.from(arguments), (k, v) => (v === undefined ? '<undefined>' : v))).concat([arguments.length]));
    return Promise.resolve({ code: 0, via: 'custom' });
  };
  ref.init3({ subDomain: lib.SUB, request: make(seen.ref) });
  ours.init3({ subDomain: lib.SUB, request: make(seen.ours) });
  for (const row of rows.filter((r) => !r.kind)) {
    for (const vector of lib.vectorsFor(row).slice(0, 2)) {
      const a = ref[row.name](...vector.make());
      const b = await ours[row.name](...vector.make());
      assert.deepEqual(b, await a);
    }
  }
  assert.equal(seen.ours.length, seen.ref.length);
  for (let i = 0; i < seen.ref.length; i++) {
    const expected = seen.ref[i];
    if (/apifm\.com\/\/subdomain/.test(expected[0])) expected[0] = expected[0].replace('apifm.com//', 'apifm.com/');
    assert.deepEqual(seen.ours[i], expected);
  }
});

test('a missing required argument is refused before any I/O, for every method', async () => {
  configure('');
  const { rulesFor } = require('../../tools/rules.js');
  let checked = 0;
  for (const row of lib.reference) {
    const rules = rulesFor(row, lib.rules.get(row.name));
    for (let i = 0; i < rules.length; i++) {
      if (!rules[i].includes('!')) continue;
      const args = lib.vectorsFor(row)[0].make();
      args[i] = undefined;
      log.length = 0;
      let error;
      try {
        await ours[row.name](...args);
      } catch (e) {
        error = e;
      }
      assert.ok(error, `${row.name}: missing ${row.params[i].name} was not refused`);
      assert.equal(error.name, 'WXAPIError');
      assert.equal(error.kind, 'argument', `${row.name}: ${error.message}`);
      assert.equal(error.param, row.params[i].name, `${row.name}: ${error.message}`);
      assert.equal(error.method, row.name);
      assert.deepEqual(log, [], `${row.name}: something reached the platform`);
      checked++;
    }
  }
  process.stdout.write(`# required-argument checks: ${checked}\n`);
  assert.ok(checked > 400);
});

test('wxpayIntelsalon (documented, not shipped by the reference) sends its inferred request', async () => {
  ours.init3({ request: null }); // back to the platform transport after the init3 test
  configure('');
  const mine = await wireOf(ours, 'wxpayIntelsalon', [{ token: 't&1', money: 9.9, remark: '支付' }]);
  assert.deepEqual(mine.wire, [{
    kind: 'request', method: 'POST', url: 'https://api.it120.cc/demo/pay/intelsalon/wxapp',
    body: 'token=t%261&money=9.9&remark=%E6%94%AF%E4%BB%98', contentType: 'application/x-www-form-urlencoded',
  }]);
  // Its documented sibling, for comparison: same shape, another path.
  const fresh = lib.loadReference(); // the shared one has a custom request installed by now
  fresh.init(lib.SUB);
  const sibling = await wireOf(fresh, 'wxpaySaobei', [{ token: 't&1', money: 9.9, remark: '支付' }]);
  assert.equal(sibling.wire[0].body, mine.wire[0].body);
  assert.equal(sibling.wire[0].url.replace('/lcsw/', '/intelsalon/'), mine.wire[0].url);
});

test('conformance totals', () => {
  process.stdout.write(`# conformance: ${rows.length} methods, ${compared} wire comparisons, ${lenient} with reference defaults, empty optionals and 1/0 booleans\n`);
  assert.ok(compared >= rows.length * 2);
});
