#!/usr/bin/env node
// The local test backend: a small API工厂 look-alike on 127.0.0.1.
// - answers in API工厂's {code, msg, data} shape from an in-memory shop
//   (banners, goods, cart, orders, users, CMS articles, config values), and
//   with the response examples documented in instructions.md elsewhere;
// - records every request (verb, path, query, content type, body) for tests:
//   GET /__log, POST /__reset;
// - serves static files for browser tests: /pkg/* (the built package) and
//   /static/* (a directory given by the caller);
// - fault routes for transport tests: /__fault/<kind>.
// URL layout (see init3 in the README): API host = http://127.0.0.1:PORT,
// common host = …/common, CMS host = …/cms. The first segment after those
// is the subDomain (or merchantId), as on the real hosts.
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');
const { URL } = require('url');

const ROOT = path.join(__dirname, '..', '..');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml' };

function shop() {
  const goods = [
    { id: 101, name: '有机红富士苹果 5斤装', minPrice: 39.9, originalPrice: 59, categoryId: 1, stores: 120, pic: '/static/img/apple.svg', characteristic: '脆甜多汁' },
    { id: 102, name: '云南小粒咖啡豆 500g', minPrice: 88, originalPrice: 128, categoryId: 2, stores: 40, pic: '/static/img/coffee.svg', characteristic: '中度烘焙' },
    { id: 103, name: '手工红糖 & 姜茶 (12袋)', minPrice: 25.5, originalPrice: 32, categoryId: 2, stores: 0, pic: '/static/img/tea.svg', characteristic: '温暖冬日' },
    { id: 104, name: '五常大米 10kg', minPrice: 99, originalPrice: 139, categoryId: 1, stores: 15, pic: '/static/img/rice.svg', characteristic: '当季新米' },
  ];
  return {
    goods,
    banners: [
      { id: 1, title: '双十二 全场满减', picUrl: '/static/img/banner1.svg', linkUrl: '/goods/101', type: 'index' },
      { id: 2, title: '新品咖啡 8 折', picUrl: '/static/img/banner2.svg', linkUrl: '/goods/102', type: 'index' },
    ],
    categories: [{ id: 1, name: '生鲜', level: 1, pid: 0 }, { id: 2, name: '饮品', level: 1, pid: 0 }],
    carts: new Map(), // token -> items
    orders: [],
    users: new Map([['token-demo', { id: 7, nick: '测试用户', mobile: '13800000000' }]]),
    config: { mallName: 'API工厂 演示商城', shopNotice: '欢迎光临' },
    articles: [{ id: 1, title: '如何使用 apifm-wasm', categoryId: 1 }, { id: 2, title: '发货说明', categoryId: 1 }],
  };
}

// Response examples documented in apifm-wxapi's instructions.md
// (spec/responses.json, tools/extract-responses.js), by API path. They answer
// the paths the in-memory shop does not handle itself.
function documentedExamples() {
  const out = new Map();
  let examples;
  let rows;
  try {
    examples = JSON.parse(fs.readFileSync(path.join(ROOT, 'spec', 'responses.json'), 'utf8')).examples;
    rows = fs.readFileSync(path.join(ROOT, 'spec', 'reference.jsonl'), 'utf8').trim().split('\n').slice(1).map((l) => JSON.parse(l));
  } catch (_) {
    return out;
  }
  const pathOf = new Map(rows.filter((r) => r.url && !r.kind).map((r) => [r.name, r.url.replace(/^\{(common|cms)\}\{(sub|mch)\}/, '').replace(/^https?:\/\/[^/]+/, '')]));
  for (const [method, example] of Object.entries(examples)) {
    const p = pathOf.get(method);
    if (p && !out.has(p)) out.set(p, example);
  }
  return out;
}
const EXAMPLES = documentedExamples();

const ok = (data) => ({ code: 0, msg: 'success', data });
const none = () => ({ code: 700, msg: '暂无数据' });

function cartInfo(items) {
  const number = items.reduce((n, x) => n + x.number, 0);
  const price = Math.round(items.reduce((n, x) => n + x.number * x.price, 0) * 100) / 100;
  return { items, number, price };
}

// One handler per API path (after the host prefix and subDomain are removed).
function api(state, p, params) {
  const g = (id) => state.goods.find((x) => String(x.id) === String(id));
  const user = () => state.users.get(params.token);
  switch (p) {
    case '/banner/list':
      return ok(state.banners.filter((b) => !params.type || b.type === params.type));
    case '/shop/goods/category/all':
      return ok(state.categories);
    case '/shop/goods/list':
    case '/shop/goods/list/v2': {
      let list = state.goods;
      if (params.categoryId) list = list.filter((x) => String(x.categoryId) === String(params.categoryId));
      if (params.nameLike) list = list.filter((x) => x.name.includes(params.nameLike));
      return list.length ? ok(p.endsWith('v2') ? { result: list, totalRow: list.length } : list) : none();
    }
    case '/shop/goods/detail': {
      const x = g(params.id);
      return x ? ok({ basicInfo: x, pics: [{ pic: x.pic }], content: `<p>${x.characteristic}</p>` }) : { code: 700, msg: '商品不存在' };
    }
    case '/shop/goods/price': {
      const x = g(params.goodsId);
      return x ? ok({ price: x.minPrice, originalPrice: x.originalPrice, stores: x.stores }) : { code: 700, msg: '商品不存在' };
    }
    case '/shop/goods/pingtuan/sets':
      return ok(String(params.goodsId || '').split(',').filter(Boolean).map((id) => ({ goodsId: Number(id), numberPersion: 3 })));
    case '/shopping-cart/info': {
      if (!user()) return { code: 2000, msg: '登录已过期' };
      const items = state.carts.get(params.token) || [];
      return items.length ? ok(cartInfo(items)) : none();
    }
    case '/shopping-cart/add': {
      if (!user()) return { code: 2000, msg: '登录已过期' };
      const x = g(params.goodsId);
      if (!x) return { code: 700, msg: '商品不存在' };
      const n = Number(params.number) || 1;
      const items = state.carts.get(params.token) || [];
      const line = items.find((i) => i.goodsId === x.id && i.sku === (params.sku || ''));
      if (line) line.number += n;
      else items.push({ key: `k${x.id}-${items.length}`, goodsId: x.id, name: x.name, price: x.minPrice, number: n, sku: params.sku || '', pic: x.pic });
      state.carts.set(params.token, items);
      return ok(cartInfo(items));
    }
    case '/order/create': {
      if (!user()) return { code: 2000, msg: '登录已过期' };
      let info;
      try {
        info = JSON.parse(params.goodsJsonStr || '[]');
      } catch (e) {
        return { code: 300, msg: 'goodsJsonStr 不是合法的 JSON' };
      }
      const amount = info.reduce((s, it) => s + (g(it.goodsId) ? g(it.goodsId).minPrice * (Number(it.number) || 1) : 0), 0);
      const order = { id: 9000 + state.orders.length, orderNumber: `ON${Date.now()}`, amountReal: Math.round(amount * 100) / 100, status: 0, remark: params.remark || '' };
      state.orders.push(order);
      if (params.calculate !== 'true') state.carts.delete(params.token);
      return ok(order);
    }
    case '/order/list':
      if (!user()) return { code: 2000, msg: '登录已过期' };
      return state.orders.length ? ok({ orderList: state.orders, totalRow: state.orders.length }) : none();
    case '/user/detail':
      return user() ? ok({ base: user() }) : { code: 2000, msg: '登录已过期' };
    case '/user/wxapp/login':
      return params.code ? ok({ token: 'token-demo', uid: 7 }) : { code: 10000, msg: 'code 不能为空' };
    case '/user/wxapp/register/simple':
      return params.code ? ok(null) : { code: 10000, msg: 'code 不能为空' };
    case '/config/value':
      return params.key in state.config ? ok({ key: params.key, value: state.config[params.key] }) : none();
    case '/cms/news/list':
    case '/cms/news/list/v2':
      return ok(state.articles);
    case '/score/sign':
      return user() ? ok({ continuous: 1, score: 5 }) : { code: 2000, msg: '登录已过期' };
    case '/shop/goods/kanjia/help':
      return user() ? ok({ cutPrice: 1.5 }) : { code: 2000, msg: '登录已过期' };
    case '/subdomain/appid/wxapp':
      return ok('demo');
    case '/dfs/upload/file':
    case '/upload2':
      return ok({ url: 'http://127.0.0.1/static/uploaded.png', name: 'upfile' });
    default:
      // A documented example answer, else an echo of what was asked.
      return EXAMPLES.get(p) || ok({ path: p, params });
  }
}

function parseForm(text) {
  const out = {};
  if (!text) return out;
  for (const part of text.split('&')) {
    if (!part) continue;
    const i = part.indexOf('=');
    const k = decodeURIComponent((i < 0 ? part : part.slice(0, i)).replace(/\+/g, ' '));
    const v = i < 0 ? '' : decodeURIComponent(part.slice(i + 1).replace(/\+/g, ' '));
    out[k] = v;
  }
  return out;
}

// Minimal multipart reader: field values and file sizes, for upload tests.
function parseMultipart(buf, type) {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type || '');
  if (!m) return {};
  const boundary = `--${m[1] || m[2]}`;
  const out = {};
  const text = buf.toString('latin1');
  for (const part of text.split(boundary).slice(1, -1)) {
    const [head, ...rest] = part.split('\r\n\r\n');
    const body = rest.join('\r\n\r\n').replace(/\r\n$/, '');
    const name = /name="([^"]*)"/.exec(head);
    if (!name) continue;
    const file = /filename="([^"]*)"/.exec(head);
    out[name[1]] = file ? { filename: file[1], size: Buffer.byteLength(body, 'latin1') } : Buffer.from(body, 'latin1').toString('utf8');
  }
  return out;
}

function faults(kind, req, res) {
  switch (kind) {
    case 'html': res.writeHead(200, { 'Content-Type': 'text/html' }); return res.end('<html><body>维护中</body></html>');
    case 'empty': res.writeHead(200); return res.end();
    case 'http500': res.writeHead(500, { 'Content-Type': 'application/json' }); return res.end(JSON.stringify({ code: 500, msg: '服务器内部错误' }));
    case 'http502': res.writeHead(502, { 'Content-Type': 'text/html' }); return res.end('<h1>502 Bad Gateway</h1>');
    case 'truncated': res.writeHead(200, { 'Content-Type': 'application/json' }); return res.end('{"code":0,"data":{"a":');
    case 'reset': res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' }); res.write('{"code":0,'); return setTimeout(() => req.socket.destroy(), 20);
    case 'hang': return undefined; // never answers; the client's timeout must fire
    case 'drip': {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const body = JSON.stringify(ok({ slow: true }));
      let i = 0;
      const t = setInterval(() => {
        if (i >= body.length) { clearInterval(t); res.end(); return; }
        res.write(body[i++]);
      }, 5);
      return undefined;
    }
    case 'big': {
      const items = Array.from({ length: 40000 }, (_, i) => ({ id: i, name: `商品${i}`, price: i * 1.5 }));
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify(ok(items)));
    }
    default: res.writeHead(404); return res.end();
  }
}

/**
 * @param {{port?: number, staticDir?: string, quiet?: boolean}} [opts]
 * @returns {Promise<{url: string, port: number, requests: object[], reset(): void, close(): Promise<void>}>}
 */
function startBackend(opts = {}) {
  let state = shop();
  const requests = [];
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url, 'http://127.0.0.1');
      const raw = Buffer.concat(chunks);
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
      if (req.method === 'OPTIONS') { res.writeHead(204); return res.end(); }
      if (u.pathname === '/__log') { res.writeHead(200, { 'Content-Type': 'application/json' }); return res.end(JSON.stringify(requests)); }
      if (u.pathname === '/__reset') { requests.length = 0; state = shop(); res.writeHead(200); return res.end('{}'); }
      if (u.pathname.startsWith('/__fault/')) return faults(u.pathname.slice(9), req, res);
      for (const [prefix, dir] of [['/pkg/', path.join(ROOT, 'pkg')], ['/static/', opts.staticDir || path.join(__dirname, 'static')]]) {
        if (u.pathname.startsWith(prefix)) {
          const file = path.join(dir, decodeURIComponent(u.pathname.slice(prefix.length)));
          if (!file.startsWith(dir + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) { res.writeHead(404); return res.end('not found'); }
          res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' });
          return res.end(fs.readFileSync(file));
        }
      }
      const type = req.headers['content-type'] || '';
      const body = raw.toString('utf8');
      // /__host/<host>/… : a request a test redirected from another host.
      const hosted = /^\/__host\/([^/]+)(\/.*)?$/.exec(u.pathname);
      const pathname = hosted ? hosted[2] || '/' : u.pathname;
      const record = { method: req.method, host: hosted ? hosted[1] : null, path: pathname, query: u.search.slice(1), contentType: type, body: type.startsWith('multipart/') ? '' : body };
      // All request headers, for tests that need them; not enumerable, so the
      // records stay comparable as they were.
      Object.defineProperty(record, 'headers', { value: req.headers, enumerable: false });
      const form = type.startsWith('multipart/') ? parseMultipart(raw, type) : parseForm(body);
      if (type.startsWith('multipart/')) record.multipart = form;
      requests.push(record);
      // Strip the host prefix (common / cms) and the subDomain / merchantId segment.
      let p = hosted ? pathname : u.pathname.replace(/^\/(common|cms)(?=\/)/, '');
      const segs = p.split('/');
      const known = /^\/(upload2|uploadByUrl|subdomain\/appid\/wxapp)$/.test(p);
      if (!known && segs.length > 2) p = '/' + segs.slice(2).join('/');
      const params = { ...parseForm(u.search.slice(1)), ...form };
      const answer = api(state, p, params);
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(answer));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(opts.port || 0, '127.0.0.1', () => {
      const port = server.address().port;
      const url = `http://127.0.0.1:${port}`;
      if (!opts.quiet) process.stderr.write(`[backend] listening on ${url}\n`);
      resolve({
        url,
        port,
        requests,
        reset() { requests.length = 0; state = shop(); },
        close() {
          for (const s of sockets) s.destroy();
          return new Promise((r) => server.close(() => r()));
        },
      });
    });
  });
}

module.exports = { startBackend, parseForm, EXAMPLES };

if (require.main === module) {
  const i = process.argv.indexOf('--port');
  startBackend({ port: i > 0 ? Number(process.argv[i + 1]) : 8787 });
}
