// apifm-webapi and apifm-uniapp ship no declarations: a TypeScript project that used them
// declared the module itself (`declare module 'apifm-uniapp'`), so every call and field it
// wrote was `any`. After the swap to apifm-wasm/webapi and apifm-wasm/uniapp the same code
// must compile: responses read as freely as before, ids as numbers or strings, '' for an
// optional argument. Compiled by tests/js/types.test.js against apifm-wasm, three settings.
import UNI from 'apifm-wasm/uniapp';
import WEB from 'apifm-wasm/webapi';

const shown: Record<string, any> = {};
const setData = (data: Record<string, any>): void => void Object.assign(shown, data);
/** The query a uni-app page's onLoad gets. */
type Query = Record<string, string | undefined>;

// A uni-app (vue3) mall page: this.$wxapi is apifm-uniapp.
export async function uniGoodsPage(query: Query, token: string): Promise<void> {
  UNI.init('tz');
  const res = await UNI.goodsDetail(query.id || '', token);
  if (res.code === 0) {
    setData({ goods: res.data, price: res.data.basicInfo.minPrice, sameGoods: res.data.basicInfo.id == query.id, skuList: res.data.skuList });
  }
  const list = await UNI.goodsv2({ kanjia: true, page: 1 });
  if (list.code === 0) {
    const ids = list.data.result.map((g: any) => g.id);
    const sets = await UNI.kanjiaSet(ids.join());
    if (sets.code === 0) setData({ sets: sets.data.filter((s: any) => s.status == 0) });
  }
  const order = await UNI.orderDetail(token, '', query.hxNumber);
  if (order.code === 0) setData({ orderInfo: order.data.orderInfo, goods: order.data.goods });
  const cart = await UNI.shippingCarInfo(token);
  if (cart.code === 0) setData({ items: cart.data.items, total: cart.data.price });
  const paid = await UNI.payVariableUrl('https://pay.example.com/pay/wx/wxapp', { token, money: 1 });
  if (paid.code === 0) setData({ prepay: paid.data.prepayId });
}

// An H5 app on apifm-webapi: the same reads, and its axios-like request with an interceptor.
export async function webOrderPage(query: Query, token: string): Promise<void> {
  WEB.init('tz');
  WEB.request.interceptors.request.use((config) => {
    config.headers = { ...config.headers, 'X-Token': token };
    return config;
  });
  const res = await WEB.orderDetail(token, query.id || '');
  if (res.code === 0) setData({ status: res.data.orderInfo.statusStr, logistics: res.data.logistics });
  const sets = await WEB.kanjiaSet([1, 2, 3].join());
  if (sets.code === 0) setData({ first: sets.data[0].minPrice });
  const raw = await WEB.requestX('/shop/goods/detail', true, 'get', { id: query.id });
  if (raw.code === 0) setData({ name: raw.data.basicInfo.name });
  const user = await WEB.userDetail(token);
  if (user.code === 0) setData({ nick: user.data.base.nick });
}
