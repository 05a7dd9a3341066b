// The calls of the same mall apps that apifm-wxapi@26.9.21's index.d.ts cannot type: methods it
// does not declare (payVariableUrl, goodsv2, authorize, …) and arguments its declaration
// types narrower than its code takes (numeric ids, sku arrays, an absolute pay URL, a
// joined key list). Written as the public apps write them in JavaScript; tests/js/types.test.js
// compiles this file against apifm-wasm only (as `apifm-wxapi`, the npm alias), under the
// same three settings as real-usage.ts.
import WXAPI from 'apifm-wxapi';

declare const wx: {
  getStorageSync(key: string): any;
  showToast(option: { title: string; icon?: 'success' | 'error' | 'loading' | 'none' }): void;
  requestPayment(option: { timeStamp: string; nonceStr: string; package: string; paySign: string; signType?: 'MD5' | 'HMAC-SHA256' | 'RSA'; success?(): void; fail?(err: { errMsg: string }): void }): void;
};
const shown: Record<string, any> = {};
const setData = (data: Record<string, any>): void => void Object.assign(shown, data);

/** The app's own type for what it sends to the pay URL. */
interface PayRequest {
  token: string;
  money: number;
  remark: string;
  payName: string;
  nextAction?: string;
}

// Pay through the URL the shop's back end configured: a path on the API host, or a full URL.
export async function payOrder(money: number, orderId: number): Promise<void> {
  const postData: PayRequest = { token: wx.getStorageSync('token'), money, remark: '支付订单 ：' + orderId, payName: '在线支付' };
  postData.nextAction = JSON.stringify({ type: 0, id: orderId });
  const url = wx.getStorageSync('wxpay_api_url');
  const res = await WXAPI.payVariableUrl(url ? url : '/pay/wx/wxapp', postData);
  if (res.code != 0) return wx.showToast({ title: res.msg, icon: 'none' });
  wx.requestPayment({ timeStamp: res.data.timeStamp, nonceStr: res.data.nonceStr, package: res.data.package, signType: res.data.signType, paySign: res.data.paySign });
  await WXAPI.payVariableUrl('https://pay.example.com/pay/wx/wxapp', { ...postData, money: 0.01 });
  await WXAPI.orderPay(wx.getStorageSync('token'), orderId);
}

// Home page bargain section, the newer way: goodsv2's page of goods, then their settings by joined ids.
export async function kanjiaSection(): Promise<void> {
  const res = await WXAPI.goodsv2({ kanjia: true });
  if (res.code != 0) return;
  const kanjiaGoodsIds: number[] = [];
  res.data.result.forEach((ele: any) => kanjiaGoodsIds.push(ele.id));
  const sets = await WXAPI.kanjiaSet(kanjiaGoodsIds.join());
  if (sets.code == 0) {
    res.data.result.forEach((ele: any) => {
      const process = sets.data.find((s: any) => s.goodsId == ele.id);
      if (process) ele.process = process.helpPriceMin;
    });
  }
  const groups = await WXAPI.pingtuanSets(kanjiaGoodsIds);
  if (groups.code == 0) setData({ groups: groups.data.map((g: any) => g.numberPersion) });
  await WXAPI.pingtuanSets(kanjiaGoodsIds.join());
  setData({ kanjiaGoods: res.data.result, total: res.data.totalRow });
}

// Goods detail with numeric ids, the sku and add-ons as arrays, the goods' own price by sku.
export async function addToCart(goodsId: number, buyNumber: number): Promise<void> {
  const token: string = wx.getStorageSync('token');
  const detail = await WXAPI.goodsDetail(goodsId, token);
  if (detail.code != 0) return;
  const sku = (detail.data.properties || []).map((p: any) => ({ optionId: p.id, optionValueId: p.childsCurGoods[0].id }));
  const additions = [{ id: 1, pid: 2 }];
  const price = await WXAPI.goodsPriceV2({ token, goodsId, propertyChildIds: '1:2,3:4' });
  if (price.code == 0) setData({ price: price.data.price, stores: price.data.stores, pingtuanPrice: price.data.pingtuanPrice });
  const res = await WXAPI.shippingCarInfoAddItem(token, goodsId, buyNumber, sku, additions);
  if (res.code != 0) wx.showToast({ title: res.msg, icon: 'none' });
  const cart = await WXAPI.shippingCarInfo(token);
  if (cart.code == 0) {
    const keys = cart.data.items.map((i: any) => i.key);
    await WXAPI.shippingCartSelected(token, keys.join(), keys.length > 0);
    await WXAPI.shippingCarInfoRemoveItem(token, keys.join());
  }
  await WXAPI.kanjiaJoin(token, 1067);
  await WXAPI.kanjiaDetail(1067, 979527);
  await WXAPI.myBuyGoodsHisDelete(token, '', goodsId);
}

// Login the newer way, then the user centre's fields the docs do not show.
export async function login(code: string, referrer?: string): Promise<void> {
  const res = await WXAPI.authorize({ code, referrer });
  if (res.code != 0) return;
  const token: string = res.data.token;
  const user = await WXAPI.userDetail(token);
  if (user.code == 0) setData({ mobile: user.data.base.mobile, isSeller: !!user.data.saleDistributionTeam, level: user.data.userLevel && user.data.userLevel.name });
  const qrcode = await WXAPI.wxaQrcode({ scene: 'inviter_id=' + res.data.uid, page: 'pages/index/index', is_hyaline: true, autoColor: true, expireHours: 1 });
  if (qrcode.code == 0) setData({ qrcode: qrcode.data });
  const upload = await WXAPI.uploadFile(token, 'wxfile://tmp_avatar.png');
  if (upload.code == 0) await WXAPI.modifyUserInfo({ token, avatarUrl: upload.data.url });
  const configs = await WXAPI.queryConfigBatch('mallName,zxKefu');
  if (configs.code == 0) setData({ mallName: configs.data[0].value });
  const articles = await WXAPI.cmsArticlesV3({ categoryId: 1, page: 1, pageSize: 10 });
  if (articles.code == 0) setData({ articles: articles.data.result });
}
