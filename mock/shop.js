// The mock backend's shop: a small catalogue, users, carts and orders in
// memory, and the handlers that answer from them, one per API path (the path
// after the host and the subDomain segment, as every host lays it out).
// Records are shaped like the examples documented in instructions.md
// (spec/responses.json): a documented field the shop has no value for is
// there, empty. `--data file.json` (docs/mock.md) replaces or adds records.
'use strict';
const EXAMPLES = require('../spec/responses.json').examples;

const ok = (data) => ({ code: 0, msg: 'success', data });
const fail = (code, msg) => ({ code, msg, data: null });
const NONE = () => fail(700, '暂无数据');
const NO_TOKEN = () => fail(2000, '登录已过期');

/** The shape of a documented value with its leaves emptied: 0, '', false, []. */
function blank(v) {
  if (Array.isArray(v)) return [];
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, blank(x)]));
  return typeof v === 'number' ? 0 : typeof v === 'string' ? '' : typeof v === 'boolean' ? false : null;
}
const exampleData = (method) => EXAMPLES[method].data;
/** Fields over the emptied shape of a documented value. */
const like = (value, fields) => ({ ...blank(value), ...fields });
/** A record shaped as the first element (or the value) of a method's documented data. */
const shaped = (method, fields) => {
  const d = exampleData(method);
  return like(Array.isArray(d) ? d[0] : d, fields);
};

function catalogue() {
  return {
    goods: [
      { id: 101, name: '有机红富士苹果 5斤装', minPrice: 39.9, originalPrice: 59, categoryId: 1, stores: 120, pic: '/static/img/apple.svg', characteristic: '脆甜多汁' },
      { id: 102, name: '云南小粒咖啡豆 500g', minPrice: 88, originalPrice: 128, categoryId: 2, stores: 40, pic: '/static/img/coffee.svg', characteristic: '中度烘焙' },
      { id: 103, name: '手工红糖 & 姜茶 (12袋)', minPrice: 25.5, originalPrice: 32, categoryId: 2, stores: 0, pic: '/static/img/tea.svg', characteristic: '温暖冬日' },
      { id: 104, name: '五常大米 10kg', minPrice: 99, originalPrice: 139, categoryId: 1, stores: 15, pic: '/static/img/rice.svg', characteristic: '当季新米' },
    ],
    categories: [{ id: 1, name: '生鲜', level: 1, pid: 0 }, { id: 2, name: '饮品', level: 1, pid: 0 }],
    banners: [
      { id: 1, title: '双十二 全场满减', picUrl: '/static/img/banner1.svg', linkUrl: '/goods/101', type: 'index' },
      { id: 2, title: '新品咖啡 8 折', picUrl: '/static/img/banner2.svg', linkUrl: '/goods/102', type: 'index' },
    ],
    articles: [{ id: 1, title: '如何使用 apifm-wasm', categoryId: 1, content: '<p>npx apifm-wasm mock</p>' }, { id: 2, title: '发货说明', categoryId: 1, content: '<p>48 小时内发货</p>' }],
    config: { mallName: 'API工厂 演示商城', shopNotice: '欢迎光临' },
    users: [{ id: 7, nick: '测试用户', mobile: '13800000000', username: 'demo', email: 'demo@example.com', pwd: '123456', token: 'token-demo', balance: 10000 }],
  };
}

const RECORDS = ['goods', 'categories', 'banners', 'articles', 'users'];
/**
 * Checks a --data object and merges it into a fresh catalogue: a record with
 * the id of a built-in one replaces it, others are added; `config` keys are
 * merged; `responses` (fixed answers by method name or API path) are kept.
 */
function withData(data) {
  const base = catalogue();
  if (data === undefined || data === null) return { ...base, responses: {} };
  if (typeof data !== 'object' || Array.isArray(data)) throw new Error('the data must be a JSON object');
  for (const k of Object.keys(data)) {
    if (!RECORDS.includes(k) && k !== 'config' && k !== 'responses' && k !== '//') throw new Error(`unknown key "${k}" (known: ${[...RECORDS, 'config', 'responses'].join(', ')})`);
  }
  for (const k of RECORDS) {
    if (data[k] === undefined) continue;
    if (!Array.isArray(data[k]) || data[k].some((x) => !x || typeof x !== 'object' || x.id === undefined)) throw new Error(`"${k}" must be an array of objects with an id`);
    const given = new Map(data[k].map((x) => [String(x.id), x]));
    base[k] = [...base[k].map((x) => ({ ...x, ...given.get(String(x.id)) })), ...data[k].filter((x) => !base[k].some((y) => String(y.id) === String(x.id)))];
  }
  const responses = data.responses || {};
  for (const [k, v] of Object.entries(responses)) {
    if (!v || typeof v !== 'object' || typeof v.code !== 'number') throw new Error(`responses["${k}"] must be an object with a numeric code`);
  }
  return { ...base, config: { ...base.config, ...data.config }, responses };
}

const money = (n) => Math.round(n * 100) / 100;
const numberOf = (v, dflt) => (v === undefined || v === '' || Number.isNaN(Number(v)) ? dflt : Number(v));
const page = (list, params) => {
  const size = numberOf(params.pageSize, 50);
  const from = (numberOf(params.page, 1) - 1) * size;
  return list.slice(from, from + size);
};
const STATUS = { '-1': '已关闭', 0: '待支付', 1: '待发货', 2: '待收货', 3: '待评价', 4: '已完成' };
const now = () => new Date().toISOString().replace('T', ' ').slice(0, 19);

/** A shop: its state and `handle(path, params)` → an answer, or undefined for the generic ones. */
function createShop(data) {
  const s = withData(data);
  const sessions = new Map(s.users.map((u) => [u.token || `token-${u.id}`, u]));
  const carts = new Map(); // user id -> cart lines
  const orders = []; // {order, lines}
  let nextUser = 1000;

  const goods = (id) => s.goods.find((g) => String(g.id) === String(id));
  const goodsRecord = (g) => shaped('goods', g);
  const login = (u) => {
    const token = u.token || `token-${u.id}`;
    sessions.set(token, u);
    return ok({ token, uid: u.id });
  };
  const demoUser = () => s.users[0];
  const byField = (field, value) => s.users.find((u) => value !== undefined && String(u[field]) === String(value));

  function register(field, p) {
    if (!p[field]) return fail(300, `${field} 不能为空`);
    if (byField(field, p[field])) return fail(10001, '该用户已注册');
    const id = nextUser++;
    const u = { id, nick: p.nick || `用户${id}`, [field]: p[field], pwd: p.pwd || '', balance: 0 };
    s.users.push(u);
    return p.autoLogin === 'true' || p.autoLogin === true ? login(u) : ok(null);
  }
  function passwordLogin(field, p) {
    const u = byField(field, p[field]);
    return u && String(u.pwd) === String(p.pwd) ? login(u) : fail(700, '用户名或密码错误');
  }
  // Mini-program logins: any code logs the demo user in (there is no WeChat to ask).
  const codeLogin = (p) => (p.code ? login(demoUser()) : fail(10000, 'code 不能为空'));
  const codeOnly = (p) => (p.code ? ok(null) : fail(10000, 'code 不能为空'));

  function cartInfo(lines) {
    const number = lines.reduce((n, x) => n + x.number, 0);
    const price = money(lines.reduce((n, x) => n + (x.selected ? x.number * x.price : 0), 0));
    return like(exampleData('shippingCarInfo'), { items: lines, number, price, score: 0 });
  }
  function addToCart(u, p) {
    const g = goods(p.goodsId);
    if (!g) return fail(700, '商品不存在');
    const lines = carts.get(u.id) || [];
    const sku = p.sku || '';
    const line = lines.find((i) => i.goodsId === g.id && i.sku === sku);
    const n = numberOf(p.number, 1);
    if (line) line.number += n;
    else lines.push(like(exampleData('shippingCarInfo').items[0], { key: `k${g.id}-${lines.length + 1}`, goodsId: g.id, name: g.name, price: g.minPrice, number: n, pic: g.pic, sku, selected: true }));
    carts.set(u.id, lines);
    return ok(cartInfo(lines));
  }
  function cartChange(u, p, change) {
    const lines = carts.get(u.id) || [];
    const keys = String(p.key || '').split(',');
    const hit = lines.filter((l) => keys.includes(l.key));
    if (!hit.length) return fail(700, '购物车中没有该商品');
    for (const l of hit) change(l);
    carts.set(u.id, lines.filter((l) => l.number > 0 && !l.removed));
    return ok(cartInfo(carts.get(u.id)));
  }

  function createOrder(u, p) {
    let wanted;
    try {
      wanted = typeof p.goodsJsonStr === 'string' ? JSON.parse(p.goodsJsonStr) : p.goodsJsonStr;
    } catch (_) {
      return fail(300, 'goodsJsonStr 不是合法的 JSON');
    }
    if (!Array.isArray(wanted) || !wanted.length) return fail(300, 'goodsJsonStr 不能为空');
    const lines = [];
    for (const w of wanted) {
      const g = w && goods(w.goodsId);
      if (!g) return fail(700, `商品不存在：${w && w.goodsId}`);
      lines.push({ goodsId: g.id, goodsName: g.name, pic: g.pic, number: numberOf(w.number, 1), amountSingle: g.minPrice, amount: money(g.minPrice * numberOf(w.number, 1)) });
    }
    const amount = money(lines.reduce((n, l) => n + l.amount, 0));
    const goodsNumber = lines.reduce((n, l) => n + l.number, 0);
    if (p.calculate === 'true' || p.calculate === true) return ok({ amountTotle: amount, amountReal: amount, amountLogistics: 0, goodsNumber });
    const id = 9000 + orders.length;
    const order = { id, orderNumber: `MOCK${id}`, uid: u.id, amount, amountReal: amount, amountLogistics: 0, goodsNumber, status: 0, statusStr: STATUS[0], remark: p.remark || '', dateAdd: now() };
    orders.push({ order, lines: lines.map((l, i) => ({ id: id * 10 + i, orderId: id, ...l })) });
    // The ordered goods leave the cart, as the API工厂 shop templates do.
    const ordered = new Set(lines.map((l) => l.goodsId));
    carts.set(u.id, (carts.get(u.id) || []).filter((l) => !ordered.has(l.goodsId)));
    return ok(order);
  }
  const mine = (u, id) => orders.find((o) => o.order.uid === u.id && String(o.order.id) === String(id));
  /** Moves an order of the user from one of `from` to status `to`. */
  function transition(u, id, from, to, also) {
    const o = mine(u, id);
    if (!o) return fail(700, '订单不存在');
    if (!from.includes(o.order.status)) return fail(10002, `订单状态为「${o.order.statusStr}」，不能操作`);
    if (also) {
      const refused = also(o.order);
      if (refused) return refused;
    }
    Object.assign(o.order, { status: to, statusStr: STATUS[to] });
    return ok(null);
  }

  // Handlers by API path; `user` handlers answer 2000 without a valid token.
  const open = {
    '/user/wxapp/login': codeLogin,
    '/user/wxapp/login/v2': codeLogin,
    '/user/wxapp/authorize': codeLogin,
    '/user/wxapp/login/mobile': codeLogin,
    '/user/wxapp/login/mobile/v2': codeLogin,
    '/user/tt/miniapp/login': codeLogin,
    '/user/tt/miniapp/authorize': codeLogin,
    '/user/q/login': codeLogin,
    '/user/q/authorize': codeLogin,
    '/user/wxapp/register/simple': codeOnly,
    '/user/wxapp/register/complex': codeOnly,
    '/user/tt/miniapp/register': codeOnly,
    '/user/q/register': codeOnly,
    '/user/m/login': (p) => passwordLogin('mobile', p),
    '/user/username/login': (p) => passwordLogin('username', p),
    '/user/email/login': (p) => passwordLogin('email', p),
    '/user/m/register': (p) => register('mobile', p),
    '/user/username/register': (p) => register('username', p),
    '/user/email/register': (p) => register('email', p),
    // Any SMS code is right; autoReg registers an unknown mobile.
    '/user/m/loginMobile': (p) => {
      const u = byField('mobile', p.mobile);
      if (u) return login(u);
      return p.autoReg === 'true' || p.autoReg === true ? register('mobile', { ...p, autoLogin: true }) : fail(700, '用户不存在');
    },
    '/user/check-token': (p) => (sessions.has(p.token) ? ok(null) : NO_TOKEN()),
    '/user/loginout': (p) => {
      sessions.delete(p.token);
      return ok(null);
    },
    '/banner/list': (p) => {
      const list = s.banners.filter((b) => !p.type || b.type === p.type);
      return list.length ? ok(list) : NONE();
    },
    '/banner/types': () => ok([...new Set(s.banners.map((b) => b.type))]),
    '/shop/goods/category/all': () => ok(s.categories.map((c) => shaped('goodsCategory', c))),
    '/shop/goods/category/info': (p) => {
      const c = s.categories.find((x) => String(x.id) === String(p.id));
      return c ? ok({ info: shaped('goodsCategory', c) }) : fail(700, '分类不存在');
    },
    '/shop/goods/list': (p) => listGoods(p, false),
    '/shop/goods/list/v2': (p) => listGoods(p, true),
    '/shop/goods/detail': (p) => {
      const g = goods(p.id);
      if (!g) return fail(700, '商品不存在');
      const c = s.categories.find((x) => x.id === g.categoryId);
      return ok(like(exampleData('goodsDetail'), { basicInfo: like(exampleData('goodsDetail').basicInfo, g), category: c ? shaped('goodsCategory', c) : {}, pics: [{ goodsId: g.id, id: g.id, pic: g.pic, userId: 0 }], content: `<p>${g.characteristic || ''}</p>` }));
    },
    '/shop/goods/price': (p) => {
      const g = goods(p.goodsId);
      return g ? ok(shaped('goodsPriceV2', { goodsId: g.id, price: g.minPrice, originalPrice: g.originalPrice, stores: g.stores, propertyChildIds: p.propertyChildIds || '' })) : fail(700, '商品不存在');
    },
    '/shop/goods/pingtuan/sets': (p) => ok(String(p.goodsId || '').split(',').filter(goods).map((id) => shaped('pingtuanSets', { goodsId: Number(id), numberPersion: 3, status: 0, statusStr: '正常' }))),
    '/config/value': (p) => (p.key in s.config ? ok({ key: p.key, value: s.config[p.key] }) : NONE()),
    '/config/values': (p) => ok(String(p.keys || '').split(',').filter((k) => k in s.config).map((k) => ({ key: k, value: s.config[k] }))),
    '/cms/news/list': (p) => (s.articles.length ? ok(page(s.articles, p)) : NONE()),
    '/cms/news/list/v2': (p) => (s.articles.length ? ok({ result: page(s.articles, p), totalRow: s.articles.length, totalPage: 1 }) : NONE()),
    '/cms/news/detail': (p) => {
      const a = s.articles.find((x) => String(x.id) === String(p.id));
      return a ? ok(a) : fail(700, '文章不存在');
    },
    '/subdomain/appid/wxapp': () => ok('demo'),
  };
  const uploaded = (u, p, ctx) => ok({ url: `${ctx.origin}/static/uploaded.png`, name: 'upfile' });
  const user = {
    '/user/detail': (u) => ok({ base: { id: u.id, nick: u.nick, mobile: u.mobile || '', avatarUrl: u.avatarUrl || '', gender: u.gender || 0 }, ext: {}, userLevel: { id: 0, name: '普通会员' } }),
    '/user/modify': (u, p) => {
      for (const k of ['nick', 'avatarUrl', 'gender', 'province', 'city']) if (p[k] !== undefined) u[k] = p[k];
      return ok(null);
    },
    '/user/amount': (u) => ok({ balance: u.balance || 0, freeze: 0, score: 0, totleConsumed: 0 }),
    '/shopping-cart/info': (u) => ((carts.get(u.id) || []).length ? ok(cartInfo(carts.get(u.id))) : NONE()),
    '/shopping-cart/add': addToCart,
    '/shopping-cart/modifyNumber': (u, p) => cartChange(u, p, (l) => { l.number = numberOf(p.number, l.number); }),
    '/shopping-cart/remove': (u, p) => cartChange(u, p, (l) => { l.removed = true; }),
    '/shopping-cart/select': (u, p) => cartChange(u, p, (l) => { l.selected = p.selected === 'true' || p.selected === true; }),
    '/shopping-cart/empty': (u) => {
      carts.delete(u.id);
      return ok(null);
    },
    '/order/create': createOrder,
    '/order/list': (u, p) => {
      const list = orders.filter((o) => o.order.uid === u.id && (p.status === undefined || p.status === '' || String(o.order.status) === String(p.status)));
      if (!list.length) return NONE();
      const shown = page(list, p).reverse();
      return ok({ orderList: shown.map((o) => o.order), goodsMap: Object.fromEntries(shown.map((o) => [o.order.id, o.lines])), logisticsMap: {}, totalRow: list.length, totalPage: 1 });
    },
    '/order/detail': (u, p) => {
      const o = mine(u, p.id);
      return o ? ok({ orderInfo: o.order, goods: o.lines, logs: [{ dateAdd: o.order.dateAdd, typeStr: '下单' }] }) : fail(700, '订单不存在');
    },
    '/order/close': (u, p) => transition(u, p.orderId, [0], -1),
    // Pays from the user's balance (mock users start with ¥10000).
    '/order/pay': (u, p) => transition(u, p.orderId, [0], 1, (order) => {
      if ((u.balance || 0) < order.amountReal) return fail(10003, '余额不足');
      u.balance = money(u.balance - order.amountReal);
      return null;
    }),
    '/order/delivery': (u, p) => transition(u, p.orderId, [1, 2], 3),
    '/order/delete': (u, p) => {
      const o = mine(u, p.orderId);
      if (!o) return fail(700, '订单不存在');
      orders.splice(orders.indexOf(o), 1);
      return ok(null);
    },
    '/order/statistics': (u) => {
      const count = (st) => orders.filter((o) => o.order.uid === u.id && o.order.status === st).length;
      return ok({ count_id_no_pay: count(0), count_id_no_transfer: count(1), count_id_no_confirm: count(2), count_id_no_reputation: count(3), count_id_success: count(4), count_id_close: count(-1) });
    },
    '/score/sign': () => ok({ continuous: 1, score: 5 }),
    '/dfs/upload/file': uploaded,
    '/upload2': uploaded,
  };

  function listGoods(p, v2) {
    let list = s.goods;
    if (p.categoryId) list = list.filter((g) => String(g.categoryId) === String(p.categoryId));
    if (p.nameLike) list = list.filter((g) => g.name.includes(p.nameLike));
    if (!list.length) return NONE();
    const shown = page(list, p).map(goodsRecord);
    return ok(v2 ? { result: shown, totalRow: list.length, totalPage: Math.ceil(list.length / numberOf(p.pageSize, 50)) } : shown);
  }

  return {
    responses: s.responses,
    /** The user of a token, if it is a live session. */
    userOf: (token) => sessions.get(token),
    /** The shop's answer for an API path, or undefined when it has no handler. */
    handle(path, params, ctx) {
      if (open[path]) return open[path](params, ctx);
      if (!user[path]) return undefined;
      const u = sessions.get(params.token);
      return u ? user[path](u, params, ctx) : NO_TOKEN();
    },
  };
}

module.exports = { createShop, ok, fail, NONE, NO_TOKEN, EXAMPLES };
