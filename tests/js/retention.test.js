// A settled call holds nothing an app could be made to keep alive by holding
// its promise (and so its abort()): not its arguments, not its descriptor,
// not the platform task. And withOptions() makes one small object, not a
// closure per method.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('path');
const v8 = require('v8');
const vm = require('vm');

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
const WXAPI = require(path.join(__dirname, '..', '..', 'pkg'));

const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

test('2,000 settled calls with 100 KB of arguments each, promises still held: the arguments are not retained', async () => {
  WXAPI.init3({ subDomain: 'demo', request: () => Promise.resolve({ code: 0 }) });
  await WXAPI.goodsDetail(1);
  const before = heap();
  const held = [];
  for (let i = 0; i < 2000; i++) held.push(WXAPI.orderCreate({ token: 't', remark: `${i}`.padEnd(100000, 'x') }));
  await Promise.all(held);
  const grown = heap() - before;
  assert.equal(held.length, 2000); // still held
  assert.ok(grown < 20 << 20, `${(grown / 1048576).toFixed(1)} MB retained by 2,000 settled calls (their arguments are 200 MB)`);
  WXAPI.init3({ request: null });
});

test('2,000 settled calls through wx, promises still held: the platform task is not retained (answered later or at once)', async () => {
  const saved = global.wx;
  let sync = false;
  global.wx = {
    request(o) {
      const answer = () => o.success({ statusCode: 200, data: { code: 0 } });
      if (sync) answer();
      else Promise.resolve().then(answer);
      return { payload: new Array(12500).fill(0), abort() {} }; // ≈100 KB per task
    },
    getStorageSync: () => '',
  };
  try {
    WXAPI.init3({ subDomain: 'demo', transport: 'wx' });
    await WXAPI.goodsDetail(1);
    for (const atOnce of [false, true]) {
      sync = atOnce;
      const before = heap();
      const held = [];
      for (let i = 0; i < 2000; i++) held.push(WXAPI.goodsDetail(i + 1));
      await Promise.all(held);
      const grown = heap() - before;
      assert.equal(held.length, 2000); // still held
      assert.ok(grown < 20 << 20, `${(grown / 1048576).toFixed(1)} MB retained by 2,000 settled calls (their tasks are 200 MB)`);
    }
  } finally {
    global.wx = saved;
    WXAPI.init3({ transport: 'fetch' });
  }
});

test('withOptions() returns one object whose methods are made on first use; destructured methods work', async () => {
  const seen = [];
  WXAPI.init3({ subDomain: 'demo', request: (...a) => { seen.push(a[0]); return Promise.resolve({ code: 0 }); } });
  const before = heap();
  const views = [];
  for (let i = 0; i < 2000; i++) views.push(WXAPI.withOptions({ timeout: 1000 + i }));
  const perView = (heap() - before) / views.length;
  assert.ok(perView < 1024, `${perView.toFixed(0)} B per view`);
  assert.deepEqual(Object.getOwnPropertyNames(views[0]), []);
  const { goodsDetail } = views[5];
  assert.equal((await goodsDetail(7)).code, 0);
  assert.equal(views[5].goodsDetail, goodsDetail, 'made once per view');
  assert.notEqual(views[6].goodsDetail, goodsDetail);
  assert.equal(typeof views[0].request, 'function');
  assert.deepEqual(seen, ['/shop/goods/detail']);
  WXAPI.init3({ request: null });
});
