// The typo-catching that apifm-wxapi's own index.d.ts gives and apifm-wasm keeps: an object
// parameter whose fields the vendor declares is an error when a field is misspelled or a
// declared literal is wrong. Compiled like real-usage.ts, against both declarations: every
// line below must be an error in both (tsc fails on an unused @ts-expect-error). Each
// call has its required fields, so the misspelling alone is what fails.
import WXAPI from 'apifm-wxapi';

export async function typos(token: string): Promise<void> {
  // @ts-expect-error categroyId: categoryId misspelled
  await WXAPI.goods({ categroyId: '12', page: 1 });
  // @ts-expect-error pagesize: the field is pageSize
  await WXAPI.orderList({ token, page: 1, pagesize: 20 });
  // @ts-expect-error goodsJsonStr is there; couponID is couponId misspelled
  await WXAPI.orderCreate({ token, goodsJsonStr: '[]', couponID: '7' });
  // @ts-expect-error isdefault: the field is isDefault
  await WXAPI.addAddress({ token, linkMan: '张三', mobile: '13800000000', address: '文三路 1 号', provinceId: '330000000000', cityId: '330100000000', isdefault: true });
  // @ts-expect-error nickName: the field is nick
  await WXAPI.modifyUserInfo({ token, nickName: 'x' });
  // @ts-expect-error types: the field is type
  await WXAPI.banners({ types: 'index' });
  // @ts-expect-error nextaction: the field is nextAction
  await WXAPI.wxpay({ token, money: 1, nextaction: '{"type":0,"id":1}' });
  // @ts-expect-error orderBy is one of priceUp, priceDown, ordersUp, ordersDown, addedUp, addedDown, nameUp
  await WXAPI.goods({ orderBy: 'cheapest' });
  // @ts-expect-error peisongType is kd, zq or keloop
  await WXAPI.orderCreate({ token, goodsJsonStr: '[]', peisongType: 'express' });
  // @ts-expect-error no such method (goodsDetail)
  await WXAPI.goodDetail('1');
}
