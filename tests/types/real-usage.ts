// A WeChat mall mini-program written in strict TypeScript against apifm-wxapi@26.9.21's
// own index.d.ts: the pages such apps have (login, home, category, goods detail, cart,
// checkout, pay, orders, verification scan, bargain, group buy, user centre, addresses,
// coupons, CMS, sign-in, shops), calling the SDK the way the public mall apps built on
// apifm-wxapi do (ids from page queries and storage, joined id lists, '' for optional
// arguments, fields of `data` the docs do not list). Only methods that declaration has
// are used, with the argument types it asks for.
//
// tests/js/types.test.js compiles this file twice, with `apifm-wxapi` resolving to the
// vendor package and to apifm-wasm (as `npm install apifm-wxapi@npm:apifm-wasm` makes
// it), under bundler, node16 and mini-program compiler settings: both must accept it.
import WXAPI from 'apifm-wxapi';

// What miniprogram-api-typings declares for the few wx APIs used here.
declare const wx: {
  getStorageSync(key: string): any;
  setStorageSync(key: string, data: any): void;
  removeStorageSync(key: string): void;
  showToast(option: { title: string; icon?: 'success' | 'error' | 'loading' | 'none' }): void;
  showModal(option: { title?: string; content?: string; showCancel?: boolean }): void;
  navigateTo(option: { url: string }): void;
  login(option: { success(result: { code: string; errMsg: string }): void }): void;
  requestPayment(option: { timeStamp: string; nonceStr: string; package: string; paySign: string; signType?: 'MD5' | 'HMAC-SHA256' | 'RSA'; success?(): void; fail?(err: { errMsg: string }): void }): void;
};
/** A page's onLoad query, as miniprogram-api-typings types it. */
type Query = Record<string, string | undefined>;
/** What a page keeps in its data: anything the template shows. */
const page: { data: Record<string, any>; setData(data: Record<string, any>): void } = {
  data: {},
  setData(data) {
    Object.assign(this.data, data);
  },
};

// --- app.ts: sub-domain, login, token check ------------------------------------
WXAPI.init('tz');
WXAPI.init2('https://api.it120.cc', 'tz');
WXAPI.init3({ apiBaseUrl: 'https://api.it120.cc', subDomain: 'tz' });
// Some apps send through their own request function (logging, a loading indicator).
const viaOwnRequest = (url: string, needSubDomain: boolean, method: 'OPTIONS' | 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'TRACE' | 'CONNECT', data: any): Promise<{ code: number; data: any; [key: string]: any }> =>
  Promise.resolve({ code: 0, data: { url, needSubDomain, method, sent: data } });
WXAPI.init3({ subDomain: 'tz', request: viaOwnRequest });

async function checkHasLogined(): Promise<boolean> {
  const token: string = wx.getStorageSync('token');
  if (!token) return false;
  const res = await WXAPI.checkToken(token);
  if (res.code != 0) {
    wx.removeStorageSync('token');
    return false;
  }
  return true;
}

function authorize(): Promise<number> {
  return new Promise((resolve) => {
    wx.login({
      async success({ code }) {
        const res = await WXAPI.login_wx(code);
        if (res.code == 10000) {
          // not registered yet: register, then log in again
          const reg = await WXAPI.register_simple({ code, referrer: wx.getStorageSync('referrer') });
          resolve(reg.code);
          return;
        }
        if (res.code != 0) {
          wx.showToast({ title: res.msg, icon: 'none' });
          resolve(res.code);
          return;
        }
        wx.setStorageSync('token', res.data.token);
        wx.setStorageSync('uid', res.data.uid);
        resolve(0);
      },
    });
  });
}

// --- pages/index: banners, categories, recommended goods, bargains, notices -----------
async function indexPage(options: Query): Promise<void> {
  const [banners, categories] = await Promise.all([WXAPI.banners({ type: 'index' }), WXAPI.goodsCategory()]);
  if (banners.code == 0) page.setData({ banners: banners.data, firstBannerUrl: banners.data[0].linkUrl });
  if (categories.code === 0) {
    const top = categories.data.filter((c: any) => c.level == 1);
    // the category to open comes from the page query or the storage: a string, compared with a numeric id
    const active = categories.data.find((c: any) => c.id == options.categoryId) || top[0];
    page.setData({ categories: top, activeCategoryId: active.id, activeName: active.name, activeIcon: active.icon || '' });
  }
  const recommended = await WXAPI.goods({ recommendStatus: 1, page: 1, pageSize: 10 });
  if (recommended.code == 0) {
    const goods = recommended.data.map((g: any) => ({ ...g, price: g.minPrice.toFixed(2), off: g.originalPrice - g.minPrice }));
    page.setData({ goods, firstId: recommended.data[0].id });
  }
  // bargain section: the goods' bargain settings in one call, ids joined with ','
  const kanjiaGoods = await WXAPI.goods({ kanjia: true });
  if (kanjiaGoods.code == 0) {
    const ids = kanjiaGoods.data.map((g: any) => g.id);
    const sets = await WXAPI.kanjiaSet(ids.join());
    if (sets.code == 0) {
      kanjiaGoods.data.forEach((g: any) => {
        const set = sets.data.find((s: any) => s.goodsId == g.id);
        if (set) g.kanjiaSet = set;
      });
      page.setData({ kanjiaGoods: kanjiaGoods.data });
    }
  }
  const notices = await WXAPI.noticeList({ pageSize: 5 });
  if (notices.code == 0) page.setData({ notices: notices.data.dataList });
  const configs = await WXAPI.queryConfigBatch(['mallName', 'share_profile', 'zxKefu']);
  if (configs.code == 0) configs.data.forEach((c: any) => wx.setStorageSync(c.key, c.value));
}

// --- pages/goods-details: detail, sku price, favourite, reputation, bargain, group buy --
async function goodsDetailsPage(options: Query): Promise<void> {
  const goodsId = options.id || '';
  const token: string = wx.getStorageSync('token');
  const res = await WXAPI.goodsDetail(goodsId);
  if (res.code != 0) {
    wx.showModal({ title: '错误', content: res.msg, showCancel: false });
    return;
  }
  const detail = res.data;
  const basic = detail.basicInfo;
  page.setData({
    goodsDetail: detail,
    pics: detail.pics.map((p: any) => p.pic),
    hasMoreSelect: !!detail.properties, // not in the documented example
    selectSizePrice: basic.minPrice, // nor are minPrice, originalPrice, stores …
    buyNumMax: basic.stores,
    buyNumber: basic.stores > 0 ? 1 : 0,
    video: detail.extJson['video'] ? detail.extJson['video'].url : '',
    isSameGoods: basic.id == options.id,
    freight: detail.logistics ? detail.logistics.details[0].firstAmount : 0,
  });
  if (detail.properties) {
    const price = await WXAPI.goodsPrice(goodsId, '1:2,3:4');
    if (price.code == 0) page.setData({ selectSizePrice: price.data.price, totalScore: price.data.score });
  }
  if (basic.shopId) await loadShop(basic.shopId);
  if (basic.pingtuan) {
    const set = await WXAPI.pingtuanSet(goodsId);
    if (set.code == 0) page.setData({ pingtuanSet: set.data, groupOf: set.data.numberPersion });
    const groups = await WXAPI.pingtuanList({ goodsId, status: 0 });
    if (groups.code == 0) page.setData({ pingtuanList: groups.data.result });
  }
  const fav = await WXAPI.goodsFavCheck(token, goodsId);
  page.setData({ faved: fav.code == 0 });
  if (fav.code != 0) await WXAPI.goodsFavPut(token, goodsId);
  else await WXAPI.goodsFavDelete(token, '', goodsId); // by goods id: the record id left ''
  const reputation = await WXAPI.goodsReputation({ goodsId, page: 1, pageSize: 10 });
  if (reputation.code == 0) page.setData({ reputation: reputation.data, firstRemark: reputation.data[0].goods.goodReputationRemark });
}

/** The app's own helper, typed for the query string it usually gets. */
async function loadShop(shopId: string): Promise<void> {
  const shop = await WXAPI.shopSubdetail(shopId);
  if (shop.code == 0) page.setData({ shopName: shop.data.info.name, shopLat: shop.data.info.latitude });
}

// bargain: start one, read its progress, help a friend
async function kanjiaPage(options: Query): Promise<void> {
  const token: string = wx.getStorageSync('token');
  const kjId = options.kjId || '';
  const joined = await WXAPI.kanjiaJoin(token, kjId);
  if (joined.code == 0) page.setData({ curPrice: joined.data.curPrice, kjId: joined.data.kjId });
  const joiner = options.joiner || String(wx.getStorageSync('uid'));
  const progress = await WXAPI.kanjiaDetail(kjId, joiner);
  if (progress.code == 0) {
    page.setData({
      kanjiaInfo: progress.data.kanjiaInfo,
      left: progress.data.kanjiaInfo.curPrice - progress.data.kanjiaInfo.minPrice,
      joinerNick: progress.data.joiner.nick,
      helpers: progress.data.helps.map((h: any) => h.nick),
    });
  }
  const help = await WXAPI.kanjiaHelp(token, kjId, joiner, '');
  if (help.code == 0) wx.showToast({ title: '帮砍 ' + help.data.cutPrice.toFixed(2) + ' 元' });
  const mine = await WXAPI.kanjiaHelpDetail(token, kjId, joiner);
  if (mine.code == 0) page.setData({ myHelp: mine.data });
}

// group buy: open one, then go to checkout with its id
async function pingtuanOpen(goodsId: string): Promise<void> {
  const res = await WXAPI.pingtuanOpen(wx.getStorageSync('token'), goodsId);
  if (res.code == 2000) return void (await authorize());
  if (res.code != 0) return wx.showToast({ title: res.msg, icon: 'none' });
  wx.navigateTo({ url: '/pages/to-pay-order/index?orderType=buyNow&pingtuanOpenId=' + res.data.id });
}

// --- pages/shop-cart -------------------------------------------------------------
/** The app's own view of a cart line. */
interface CartLine {
  key: string;
  goodsId: number;
  number: number;
  price: number;
  active?: boolean;
}
async function cartPage(): Promise<void> {
  const token: string = wx.getStorageSync('token');
  await WXAPI.shippingCarInfoAddItem(token, wx.getStorageSync('goodsId'), 1, '');
  const res = await WXAPI.shippingCarInfo(token);
  if (res.code == 700) return page.setData({ cart: null }); // empty cart: no data
  if (res.code != 0) return;
  const lines: CartLine[] = (res.data || {}).items || [];
  res.data.items.forEach((item: any) => {
    item.active = true;
    item.left = item.stores; // not in the documented example
  });
  const first = res.data.items[0];
  await WXAPI.shippingCarInfoModifyNumber(token, first.key, first.number + 1);
  const keys = res.data.items.filter((i: any) => i.number > 9).map((i: any) => i.key);
  if (keys.length) await WXAPI.shippingCarInfoRemoveItem(token, keys.join());
  page.setData({ lines, total: res.data.price.toFixed(2), count: res.data.number, score: res.data.score });
}

// --- pages/to-pay-order: price it, create it, pay it -------------------------------
async function createOrder(goodsJson: Array<{ goodsId: number; number: number; propertyChildIds: string }>): Promise<void> {
  const token: string = wx.getStorageSync('token');
  const address = await WXAPI.defaultAddress(token);
  const info = address.code == 0 ? address.data.info : null;
  const postData = {
    token,
    goodsJsonStr: JSON.stringify(goodsJson),
    remark: '',
    peisongType: 'kd' as const,
    provinceId: info ? String(info.provinceId) : '',
    cityId: info ? String(info.cityId) : '',
    address: info ? info.address : '',
    linkMan: info ? info.linkMan : '',
    mobile: info ? info.mobile : '',
  };
  const calc = await WXAPI.orderCreate({ ...postData, calculate: 'true' });
  if (calc.code == 0) page.setData({ amountReal: calc.data.amountReal, freight: calc.data.amountLogistics, coupons: calc.data.couponUserList });
  const order = await WXAPI.orderCreate(postData);
  if (order.code != 0) {
    wx.showModal({ title: '错误', content: order.msg, showCancel: false });
    return;
  }
  // some back ends answer the order itself, others wrap it in orderInfo
  const orderId: number = order.data.orderInfo ? order.data.orderInfo.id : order.data.id;
  const amount: number = order.data.amountReal;
  await pay(amount, orderId);
}

async function pay(money: number, orderId: number): Promise<void> {
  const token: string = wx.getStorageSync('token');
  const balance = await WXAPI.userAmount(token);
  if (balance.code == 0 && balance.data.balance >= money) {
    const res = await WXAPI.orderPay(token, String(orderId));
    wx.showToast({ title: res.code == 0 ? '支付成功' : res.msg });
    return;
  }
  const res = await WXAPI.wxpay({ token, money, payName: '在线支付', remark: '支付订单 ：' + orderId, nextAction: JSON.stringify({ type: 0, id: orderId }) });
  if (res.code != 0) return wx.showToast({ title: res.msg, icon: 'none' });
  wx.requestPayment({
    timeStamp: res.data.timeStamp,
    nonceStr: res.data.nonceStr,
    package: res.data.package || 'prepay_id=' + res.data.prepayId,
    signType: res.data.signType,
    paySign: res.data.paySign || res.data.sign,
    success: () => wx.navigateTo({ url: '/pages/order-list/index' }),
    fail: (err) => wx.showToast({ title: err.errMsg, icon: 'none' }),
  });
}

// --- pages/order-list, order-details, the verification (核销) scan -----------------
async function orderListPage(status: number): Promise<void> {
  const token: string = wx.getStorageSync('token');
  const res = await WXAPI.orderList({ token, status, page: 1, pageSize: 20 });
  if (res.code == 0) {
    const orders = res.data.orderList.map((o: any) => ({ ...o, goods: res.data.goodsMap[o.id] }));
    page.setData({ orders, total: res.data.totalRow });
  }
  const stats = await WXAPI.orderStatistics(token);
  if (stats.code == 0) page.setData({ toPay: stats.data.count_id_no_pay, toShip: stats.data.count_id_no_transfer });
}

async function orderDetailsPage(options: Query): Promise<void> {
  const token: string = wx.getStorageSync('token');
  const res = await WXAPI.orderDetail(token, options.id || '', options.hxNumber);
  if (res.code != 0) return;
  const orderInfo = res.data.orderInfo;
  page.setData({ orderInfo, goods: res.data.goods, logistics: res.data.logistics, canHx: orderInfo.isCanHx && orderInfo.status == 1 });
  if (orderInfo.status == 2) await WXAPI.orderDelivery(token, String(orderInfo.id));
  if (orderInfo.status == 0) await WXAPI.orderClose(token, String(orderInfo.id));
}

// the shop assistant scans the customer's code: look the order up by its verification number
async function scanPage(hxNumber: string): Promise<void> {
  const token: string = wx.getStorageSync('token');
  const res = await WXAPI.orderDetail(token, '', hxNumber);
  if (res.code != 0) return wx.showModal({ content: res.msg, showCancel: false });
  page.setData({ orderInfo: res.data.orderInfo, goods: res.data.goods });
  const done = await WXAPI.orderHX(hxNumber);
  wx.showToast({ title: done.code == 0 ? '核销成功' : done.msg });
}

async function reputationPage(orderId: string, goods: Array<{ id: number }>): Promise<void> {
  const postJsonString = JSON.stringify({ token: wx.getStorageSync('token'), orderId, reputations: goods.map((g) => ({ id: g.id, reputation: 2, remark: '' })) });
  const res = await WXAPI.orderReputation({ postJsonString });
  if (res.code == 0) wx.showToast({ title: '评价成功' });
}

// --- pages/my: user, assets, profile, addresses, coupons, sign-in ------------------
async function myPage(): Promise<void> {
  const token: string = wx.getStorageSync('token');
  const user = await WXAPI.userDetail(token);
  if (user.code == 0) {
    const { base, ext, userLevel } = user.data;
    page.setData({ nick: base.nick, avatarUrl: base.avatarUrl, mobile: base.mobile, levelName: userLevel ? userLevel.name : '', ext });
  }
  const amount = await WXAPI.userAmount(token);
  if (amount.code == 0) page.setData({ balance: amount.data.balance.toFixed(2), freeze: amount.data.freeze, score: amount.data.score });
  await WXAPI.modifyUserInfo({ token, nick: 'nick', avatarUrl: 'https://example.com/a.png', gender: '1' });
  const signed = await WXAPI.scoreTodaySignedInfo(token);
  if (signed.code == 700) {
    const sign = await WXAPI.scoreSign(token);
    if (sign.code == 0) wx.showToast({ title: '签到成功，连续 ' + sign.data.continuous + ' 天' });
  } else if (signed.code == 0) page.setData({ continuous: signed.data.continuous });
  const logs = await WXAPI.scoreLogs({ token, page: 1, pageSize: 20 });
  if (logs.code == 0) page.setData({ scoreLogs: logs.data.result });
}

async function addressPage(options: Query): Promise<void> {
  const token: string = wx.getStorageSync('token');
  const add = await WXAPI.addAddress({ token, linkMan: '张三', mobile: '13800000000', address: '文三路 1 号', provinceId: '330000000000', cityId: '330100000000', districtId: '330106000000', isDefault: true });
  if (add.code == 0) page.setData({ newAddressId: add.data.id });
  const list = await WXAPI.queryAddress(token);
  if (list.code == 0) page.setData({ addresses: list.data.result || list.data });
  if (options.id) await WXAPI.deleteAddress(token, options.id);
  const provinces = await WXAPI.province();
  if (provinces.code == 0) {
    const cities = await WXAPI.nextRegion(provinces.data[0].id);
    page.setData({ provinces: provinces.data, cities: cities.data });
  }
}

async function couponsPage(): Promise<void> {
  const token: string = wx.getStorageSync('token');
  const all = await WXAPI.coupons({});
  if (all.code == 0 && all.data.length) {
    const fetched = await WXAPI.fetchCoupons({ id: String(all.data[0].id), token, detect: 'true' });
    if (fetched.code == 20001) wx.showToast({ title: '来晚了', icon: 'none' });
  }
  const mine = await WXAPI.myCoupons({ token, status: '0' });
  if (mine.code == 0) page.setData({ coupons: mine.data.map((c: any) => ({ ...c, money: c.money.toFixed(2) })) });
}

// --- CMS, shops, site -----------------------------------------------------------
async function cmsPages(options: Query): Promise<void> {
  const categories = await WXAPI.cmsCategories();
  if (categories.code == 0) page.setData({ categories: categories.data });
  const articles = await WXAPI.cmsArticles({ categoryId: options.categoryId, page: 1, pageSize: 10 });
  if (articles.code == 0) page.setData({ articles: articles.data.result, total: articles.data.totalRow });
  const article = await WXAPI.cmsArticleDetail(options.id || '');
  if (article.code == 0) page.setData({ title: article.data.info.title, content: article.data.info.content, ext: article.data.extJson });
  const about = await WXAPI.cmsPage('about');
  if (about.code == 0) page.setData({ about: about.data.info.content });
}

async function shopsPage(latitude: number, longitude: number): Promise<void> {
  const res = await WXAPI.fetchShops({ curlatitude: String(latitude), curlongitude: String(longitude), page: 1, pageSize: 20 });
  if (res.code == 0) {
    const shops = res.data.map((s: any) => ({ ...s, distance: s.distance ? s.distance.toFixed(1) : '' }));
    page.setData({ shops, nearest: res.data[0].name });
  }
  const stats = await WXAPI.siteStatistics();
  if (stats.code == 0) page.setData({ appid: stats.data.wxAppid, views: stats.data.cmsArticle.views });
}

// A helper some apps keep: the result object passed around with the vendor's own shape.
function keepResult(res: { code: number; data: any; [key: string]: any }): number {
  return res.code;
}
async function typedHelpers(): Promise<void> {
  keepResult(await WXAPI.goodsDetail('1'));
  keepResult(await WXAPI.shippingCarInfo(wx.getStorageSync('token')));
  const { code, data } = await WXAPI.goodsCategory();
  if (code === 0) page.setData({ firstCategory: data[0].name });
  const raw = await WXAPI.request('/shop/goods/detail', true, 'GET', { id: 1 });
  if (raw.code === 0) page.setData({ rawName: raw.data.basicInfo.name });
  const levels = await WXAPI.request('/user/level/list', true, 'POST', null);
  if (levels.code === 0) page.setData({ levels: levels.data.result });
}

export { checkHasLogined, authorize, indexPage, goodsDetailsPage, kanjiaPage, pingtuanOpen, cartPage, createOrder, orderListPage, orderDetailsPage, scanPage, reputationPage, myPage, addressPage, couponsPage, cmsPages, shopsPage, typedHelpers };
