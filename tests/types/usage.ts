// Type-check of the published declarations (tsc --noEmit, see tsconfig.json):
// typical calls compile, wrong ones do not (@ts-expect-error).
import WXAPI, { goodsDetail, WXAPIError, type ApiResult, type Init3Options, type GoodsParams } from 'apifm-wasm';

WXAPI.init('mysubdomain');
WXAPI.init2('https://api.it120.cc', 'mysubdomain');
const options: Init3Options = { subDomain: 'x', timeout: 5000, transport: 'fetch', request: (url, needSubDomain, method, data) => ({ url, needSubDomain, method, data }) };
WXAPI.init3(options);
WXAPI.setMerchantId(42);

async function sample(): Promise<number> {
  const a: ApiResult = await WXAPI.goodsDetail(123);
  const b = await goodsDetail('123', 'token');
  const c = await WXAPI.banners({ type: 'index' });
  await WXAPI.banners();
  await WXAPI.goods({ categoryId: 1, page: 1 });
  await WXAPI.shippingCarInfoAddItem('token', 101, 2, [{ optionId: 1 }]);
  await WXAPI.pingtuanSets([1, 2, 3]);
  await WXAPI.queryConfigValue('mallName');
  await WXAPI.cmsArticles({ page: 1 });
  await WXAPI.uploadFile('token', new Blob(['x']), 24);
  await WXAPI.uploadFile('token', 'wxfile://tmp.png');
  await WXAPI.login_wx('code');
  await WXAPI.wxpayIntelsalon({ token: 't', money: 1 });
  await WXAPI.request('/shop/goods/detail', true, 'get', { id: 1 });
  const url: string = WXAPI.graphValidateCodeUrl();
  await WXAPI.ready;
  try {
    await WXAPI.orderCreate({ token: 't', goodsJsonStr: [{ goodsId: 1, number: 2 }] });
    // @ts-expect-error: orderCreate needs goodsJsonStr
    await WXAPI.orderCreate({ token: 't' });
  } catch (e) {
    if (e instanceof WXAPI.WXAPIError && e.kind === 'argument') return e.param ? 1 : 0;
    if (e instanceof WXAPIError) return e.status ?? 0;
  }
  // Object parameters whose fields the reference declares are typed: a typo or a wrong literal is an error…
  // @ts-expect-error: categroyId is a typo of categoryId
  await WXAPI.goods({ categroyId: 1 });
  // @ts-expect-error: orderBy is one of priceUp, priceDown, ordersUp, …
  await WXAPI.goods({ orderBy: 'cheapest' });
  // @ts-expect-error: status is -1, 0 or 1
  await WXAPI.goods({ status: 2 });
  await WXAPI.goods({ orderBy: 'priceUp', status: -1, categoryId: '12', page: '2', kanjia: 1 });
  // …and extra fields go through an explicit escape: a variable, or `as`
  const extra = { categoryId: 1, myField: 'x' };
  await WXAPI.goods(extra);
  await WXAPI.goods({ categoryId: 1, myField: 'x' } as GoodsParams);
  // Responses documented by an example keep its structure, open and with any values; the others are any, as in apifm-wxapi.
  const detail = await WXAPI.goodsDetail(101);
  const goodsName: string = detail.data.basicInfo.name;
  const pics: string[] = detail.data.pics.map((p) => p.pic);
  // @ts-expect-error: kanjiaSet's data is an array (its documented example), with no result field
  void (await WXAPI.kanjiaSet('1,2')).data.result;
  void detail.data.basicInfo.videoId; // a field the example lacks
  const other = await WXAPI.userDetail('token');
  const nick: string = other.data.base.nick;
  void [pics, nick];
  const call = WXAPI.banners({ type: 'index' });
  call.abort('navigated away');
  void goodsName;
  // @ts-expect-error: goodsDetail needs an id
  await WXAPI.goodsDetail();
  // @ts-expect-error: no such method
  await WXAPI.noSuchMethod();
  // @ts-expect-error: graphValidateCodeUrl is synchronous
  await WXAPI.graphValidateCodeUrl().then(() => 1);
  // @ts-expect-error: init3 takes an options object
  WXAPI.init3('x');
  return a.code + b.code + (c.data ? 1 : 0) + url.length;
}
void sample;

// Hooks, retries, de-duplication (docs/hooks.md).
import { use, type HookContext } from 'apifm-wasm';
const removeHooks: () => void = use({
  onRequest(ctx: HookContext) {
    if (ctx.data) ctx.data.token = 'tok';
    ctx.header['X-Trace'] = '1';
  },
  async onResponse(ctx, res) {
    if (res.code === 2000) return ctx.retry();
    return undefined;
  },
  onError(_ctx, err) {
    const k: string = err.kind;
    void k;
  },
});
removeHooks();
WXAPI.init3({ retry: { retries: 2, on: ['network', 'http5xx'], backoff: { base: 200, max: 2000 } }, dedupe: true });
WXAPI.init3({ retry: false });
// @ts-expect-error a hook name that does not exist
use({ onRequst() {} });
// @ts-expect-error retry on a class that is not one
WXAPI.init3({ retry: { on: ['http4xx'] } });
