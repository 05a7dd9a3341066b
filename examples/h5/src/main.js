// H5 storefront on apifm-wasm: banners, goods list, goods detail, cart.
// Plain JS, no framework: one module, hash routes (#/, #/goods/<id>, #/cart).
import WXAPI, { goodsDetail } from 'apifm-wasm';
import './style.css';

// --- configuration --------------------------------------------------------
// The API工厂 hosts: ?api=<base URL> or, by default, the origin that serves
// this page (the local test backend serves the page and the API together).
// (The mock backend — `npx apifm-wasm mock`, docs/mock.md — and the local test
// backend put the common and CMS hosts under /common and /cms.
// For the real API工厂, call WXAPI.init('your-subdomain') instead of init3:
// its default hosts are api.it120.cc, common.apifm.com and cms.apifm.com.)
const query = new URLSearchParams(location.search);
const API = (query.get('api') || location.origin).replace(/\/+$/, '');
const SUB_DOMAIN = query.get('subDomain') || 'demo';

// --- small DOM helpers ----------------------------------------------------
const $ = (id) => document.getElementById(id);

/** h('div', { class: 'x', onclick }, child, 'text') — text is never parsed as HTML. */
function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c !== undefined && c !== null && c !== false) el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

const yuan = (n) => `¥${Number(n).toFixed(2)}`;

/** Picture URLs from the backend are paths on the API host. */
const picUrl = (p) => (p ? new URL(p, `${API}/`).href : '');

/** An <img> that falls back to a coloured tile with the first character of the name. */
function picture(src, name, cls) {
  const fallback = () => h('div', { class: `${cls} pic-fallback` }, (name || '?').slice(0, 1));
  if (!src) return fallback();
  const img = h('img', { class: cls, src: picUrl(src), alt: name || '', loading: 'lazy' });
  img.addEventListener('error', () => img.replaceWith(fallback()), { once: true });
  return img;
}

// --- errors shown in the page ---------------------------------------------
/** A backend business result (code != 0): the SDK resolves those, as apifm-wxapi does. */
class BusinessError extends Error {
  constructor(what, res) {
    super(`${what}失败：code=${res.code} ${res.msg || ''}`.trim());
    this.name = 'BusinessError';
    this.code = res.code;
  }
}

function showError(e) {
  const box = $('error');
  box.replaceChildren();
  if (e instanceof WXAPI.WXAPIError) {
    // kind: argument | config | timeout | network | http | response | aborted | unsupported
    box.dataset.kind = e.kind;
    box.append(h('strong', null, `SDK 错误 [${e.kind}]`), ' ', e.message);
  } else if (e instanceof BusinessError) {
    box.dataset.kind = 'business';
    box.append(h('strong', null, `接口错误 [code ${e.code}]`), ' ', e.message);
  } else {
    box.dataset.kind = 'other';
    box.append(h('strong', null, '出错了'), ' ', String((e && e.message) || e));
  }
  box.append(h('button', { class: 'close', title: '关闭', onclick: () => { box.hidden = true; } }, '×'));
  box.hidden = false;
}

let toastTimer;
function toast(text) {
  const t = $('toast');
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { t.hidden = true; }, 1500);
}

/** res.data when code is 0; null for 700 (暂无数据); a BusinessError otherwise. */
async function data(promise, what) {
  const res = await promise;
  if (res.code === 0) return res.data;
  if (res.code === 700) return null;
  throw new BusinessError(what, res);
}

// --- views ------------------------------------------------------------------
// The cart badge follows the latest cart request started: an older answer
// arriving late (the first cart/info racing an add) must not overwrite it.
let cartRequests = 0;
function cartCall(promise, what) {
  const seq = ++cartRequests;
  return data(promise, what).then((info) => {
    if (seq === cartRequests) $('cartBadge').textContent = String(info ? info.number : 0);
    return info;
  });
}

function renderBanners(banners) {
  const box = $('banners');
  box.replaceChildren(
    ...(banners || []).map((b) => {
      const m = /^\/goods\/(\d+)$/.exec(b.linkUrl || '');
      return h('a', { class: 'banner', href: m ? `#/goods/${m[1]}` : '#/', dataset: { bannerId: b.id } },
        picture(b.picUrl, b.title, 'banner-pic'),
        h('span', { class: 'banner-title' }, b.title));
    }),
  );
}

function renderGoods(list) {
  const goodsList = list || [];
  const box = $('goods');
  if (!goodsList.length) {
    box.replaceChildren(h('p', { class: 'empty' }, '暂无商品'));
    return;
  }
  box.replaceChildren(
    ...goodsList.map((g) => h('a', { class: 'goods-card', href: `#/goods/${g.id}`, dataset: { goodsId: g.id } },
      picture(g.pic, g.name, 'goods-pic'),
      h('div', { class: 'goods-name' }, g.name),
      h('div', { class: 'goods-tag' }, g.characteristic),
      h('div', { class: 'goods-prices' },
        h('span', { class: 'price' }, yuan(g.minPrice)),
        g.originalPrice > g.minPrice ? h('s', { class: 'original' }, yuan(g.originalPrice)) : null),
      g.stores === 0 ? h('span', { class: 'sold-out' }, '已售罄') : null)),
  );
}

let detailSeq = 0;
async function showDetail(id) {
  const seq = ++detailSeq;
  const box = $('detail');
  delete box.dataset.goodsId;
  box.replaceChildren(h('p', { class: 'loading' }, '加载中…'));
  // The named export works like WXAPI.goodsDetail.
  const d = await data(goodsDetail(id), '商品详情');
  if (seq !== detailSeq) return; // the user has moved on
  if (!d) {
    box.replaceChildren(h('p', { class: 'empty' }, '商品不存在'));
    return;
  }
  const g = d.basicInfo;
  // The description is rich text (HTML) from the backend: shown as plain text here.
  const content = new DOMParser().parseFromString(d.content || '', 'text/html').body.textContent;
  const soldOut = !(g.stores > 0);
  const button = h('button', { class: 'add-to-cart', id: 'addToCart', disabled: soldOut, onclick: () => addToCart(g, button) },
    soldOut ? '已售罄' : '加入购物车');
  box.replaceChildren(
    picture((d.pics && d.pics[0] && d.pics[0].pic) || g.pic, g.name, 'detail-pic'),
    h('div', { class: 'detail-body' },
      h('h1', { class: 'detail-name' }, g.name),
      h('div', { class: 'goods-prices' },
        h('span', { class: 'price detail-price' }, yuan(g.minPrice)),
        g.originalPrice > g.minPrice ? h('s', { class: 'original' }, yuan(g.originalPrice)) : null),
      h('p', { class: 'detail-meta' }, `库存 ${g.stores} 件`, g.characteristic ? h('span', { class: 'tag' }, g.characteristic) : null),
      content ? h('p', { class: 'detail-content' }, `商品介绍：${content}`) : null,
      button),
  );
  box.dataset.goodsId = String(g.id);
}

async function addToCart(g, button) {
  button.disabled = true;
  try {
    await cartCall(WXAPI.shippingCarInfoAddItem(await loggedIn, g.id, 1), '加入购物车');
    toast(`已加入购物车：${g.name}`);
  } catch (e) {
    showError(e);
  } finally {
    button.disabled = false;
  }
}

let cartSeq = 0;
async function showCart() {
  const seq = ++cartSeq;
  const box = $('cart');
  delete box.dataset.loaded;
  box.replaceChildren(h('p', { class: 'loading' }, '加载中…'));
  const info = await cartCall(WXAPI.shippingCarInfo(await loggedIn), '购物车');
  if (seq !== cartSeq) return;
  if (!info || !info.items.length) {
    box.replaceChildren(h('p', { class: 'empty' }, '购物车是空的，', h('a', { href: '#/' }, '去逛逛')));
  } else {
    box.replaceChildren(
      h('ul', { class: 'cart-list' },
        info.items.map((it) => h('li', { class: 'cart-item', dataset: { goodsId: it.goodsId } },
          picture(it.pic, it.name, 'cart-pic'),
          h('div', { class: 'cart-info' },
            h('div', { class: 'cart-name' }, it.name),
            h('div', { class: 'cart-line' },
              h('span', { class: 'price' }, yuan(it.price)),
              h('span', { class: 'cart-number' }, `× ${it.number}`))),
          h('div', { class: 'cart-subtotal' }, yuan(it.price * it.number))))),
      h('div', { class: 'cart-summary' },
        h('span', null, '共 ', h('b', { id: 'cartCount' }, info.number), ' 件'),
        h('span', null, '合计 ', h('b', { class: 'price', id: 'cartTotal' }, yuan(info.price)))),
    );
  }
  box.dataset.loaded = 'true';
}

// --- routing ----------------------------------------------------------------
function route() {
  const hash = location.hash || '#/';
  const goods = /^#\/goods\/(\d+)$/.exec(hash);
  const view = goods ? 'detail' : hash === '#/cart' ? 'cart' : 'home';
  for (const v of ['home', 'detail', 'cart']) $(`view-${v}`).hidden = v !== view;
  for (const a of document.querySelectorAll('.tabbar a')) a.classList.toggle('active', a.dataset.tab === view);
  $('toast').hidden = true;
  window.scrollTo(0, 0);
  if (view === 'detail') showDetail(Number(goods[1])).catch(showError);
  if (view === 'cart') showCart().catch(showError);
}

// --- start ------------------------------------------------------------------
// A promise for the token: login_wx with a code (in a mini-program the code
// comes from wx.login(); the mock and the test backend accept any code).
let loggedIn;
let token = '';

function login() {
  return data(WXAPI.login_wx('h5-demo'), '登录').then((d) => {
    if (!d || !d.token) throw new Error('登录失败：没有返回 token');
    token = d.token;
    return d.token;
  });
}

function start() {
  WXAPI.init3({ apiBaseUrl: API, commonBaseUrl: `${API}/common`, cmsBaseUrl: `${API}/cms`, subDomain: SUB_DOMAIN });
  // Token injection and re-login in one place (docs/hooks.md): every call
  // that sends a token sends the current one, and an answer "token invalid"
  // (code 2000) logs in again and replays the call once with the new token.
  WXAPI.use({
    onRequest(ctx) {
      if (token && ctx.data && ctx.data.token) ctx.data.token = token;
    },
    async onResponse(ctx, res) {
      if (res.code !== 2000 || !ctx.data || !('token' in ctx.data)) return undefined;
      await login();
      return ctx.retry();
    },
  });

  // No await needed between init3 and the first calls: they wait for the wasm.
  loggedIn = login();
  loggedIn.then(async (t) => {
    const user = await data(WXAPI.userDetail(t), '用户信息');
    $('user').textContent = user ? `你好，${user.base.nick}` : '已登录';
    await cartCall(WXAPI.shippingCarInfo(t), '购物车');
  }).catch((e) => {
    $('user').textContent = '未登录';
    showError(e);
  });

  data(WXAPI.queryConfigValue('mallName'), '商城名称')
    .then((c) => {
      if (c) {
        $('mallName').textContent = c.value;
        document.title = `${c.value} · apifm-wasm`;
      }
    })
    .catch(showError);
  data(WXAPI.banners({ type: 'index' }), '轮播图').then(renderBanners).catch(showError);
  data(WXAPI.goods({ page: 1, pageSize: 20 }), '商品列表')
    .then(renderGoods)
    .catch((e) => {
      $('goods').replaceChildren(h('p', { class: 'empty' }, '商品加载失败'));
      showError(e);
    });

  window.addEventListener('hashchange', route);
  route();
}

try {
  start();
} catch (e) {
  // init3 refuses a malformed options object at once.
  showError(e);
}
