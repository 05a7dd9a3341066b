// The simulator's framework side that compiled framework outputs (uni-app,
// Taro) rely on: mp.openPage() for pages made with Page() and with
// Component() (WeChat's lifecycle order, properties from the query, the
// instance methods a component page has), mp.calls (what reached
// wx.request / wx.uploadFile, as passed), and WeChat's `global` object.
// Run: node --test tests/miniprogram/
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { toHost } = require('./sim.js');
const { fixture, waitFor } = require('./common.js');

const fx = fixture();

test('openPage: a Page() page gets onLoad(query), onShow, onReady in that order', () => {
  const mp = fx.sim();
  mp.writeFile('/app.js', 'App({});');
  mp.writeFile('/pages/a/a.js', `
    var seen = [];
    Page({
      data: { n: 1 },
      onLoad: function (q) { seen.push('onLoad:' + q.id); this.setData({ n: 2 }); },
      onShow: function () { seen.push('onShow'); },
      onReady: function () { seen.push('onReady'); this.setData({ seen: seen.slice() }); },
    });
  `);
  mp.launch();
  const page = mp.openPage('pages/a/a', { id: '7' });
  assert.deepEqual(toHost(page.data), { n: 2, seen: ['onLoad:7', 'onShow', 'onReady'] });
  assert.equal(page.route, 'pages/a/a');
});

test('openPage: a Component() page runs created, attached, onLoad, onShow, ready, onReady with properties from the query', () => {
  const mp = fx.sim();
  mp.writeFile('/app.js', 'App({});');
  mp.writeFile('/pages/c/c.js', `
    var seen = [];
    Component({
      properties: { id: String, n: { type: Number, value: 3 }, list: Array },
      data: { a: 1 },
      lifetimes: {
        created: function () { seen.push('created'); },
        attached: function () { seen.push('attached:' + this.data.id + ':' + this.data.n); },
        ready: function () { seen.push('ready'); },
      },
      methods: {
        onLoad: function (q) { seen.push('onLoad:' + q.id); },
        onShow: function () { seen.push('onShow'); },
        onReady: function () {
          seen.push('onReady');
          this.setData({ seen: seen.slice(), same: this.properties === this.data, pages: getCurrentPages().length,
            is: this.is, route: this.route, selected: this.selectAllComponents('.x').length });
        },
      },
    });
  `);
  mp.launch();
  const page = mp.openPage('pages/c/c', { id: 'g1' });
  assert.deepEqual(toHost(page.data), {
    id: 'g1', n: 3, list: [], a: 1,
    seen: ['created', 'attached:g1:3', 'onLoad:g1', 'onShow', 'ready', 'onReady'],
    same: true, pages: 1, is: 'pages/c/c', route: 'pages/c/c', selected: 0,
  });
  assert.equal(typeof page.triggerEvent, 'function');
});

test('mp.calls: each wx.request / uploadFile call with its options as passed, callbacks named but not copied', async () => {
  const mp = fx.sim();
  mp.evaluate(`
    wx.request({ url: 'http://127.0.0.1:${fx.backend.port}/demo/banner/list', method: 'GET', data: { type: 'index' },
      header: { 'X-A': '1' }, timeout: 5000, success: function () {}, fail: function () {} });
    wx.request({ url: 'http://127.0.0.1:${fx.backend.port}/demo/x', method: 'POST', data: new Uint8Array([1, 2]).buffer });
  `);
  await waitFor(() => mp.pending().requests === 0 && mp.pending().callbacks === 0, 3000, 'the requests');
  assert.deepEqual(mp.calls.map((c) => c.api), ['request', 'request']);
  assert.deepEqual(mp.calls[0].options, { url: `http://127.0.0.1:${fx.backend.port}/demo/banner/list`, method: 'GET', data: { type: 'index' }, header: { 'X-A': '1' }, timeout: 5000 });
  assert.deepEqual(mp.calls[0].callbacks, ['success', 'fail']);
  assert.ok(Buffer.isBuffer(mp.calls[1].options.data) && mp.calls[1].options.data.equals(Buffer.from([1, 2])));
  assert.deepEqual(mp.calls[1].callbacks, []);
});

test('global: one object shared by every module, not the global object (WeChat)', () => {
  const mp = fx.sim();
  mp.writeFile('/a.js', 'global.shared = 1; module.exports = global;');
  mp.writeFile('/b.js', 'module.exports = { same: require("./a.js") === global, shared: global.shared, leaked: typeof shared };');
  assert.deepEqual(toHost(mp.require('/b.js')), { same: true, shared: 1, leaked: 'undefined' });
});
