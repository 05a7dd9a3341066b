// Type-check of apifm-wasm/uniapp's declarations (tsc --noEmit): code
// written for apifm-uniapp compiles; wrong calls do not (@ts-expect-error).
import WXAPI, { jssdkSign, cpsJdGoodsShotUrlSite, getLocation, type ApiResult, type UniLocation } from 'apifm-wasm/uniapp';

WXAPI.init('mysubdomain');
WXAPI.init3({ subDomain: 'mysubdomain' });

async function sample(): Promise<number> {
  const a: ApiResult = await WXAPI.goodsDetail(123);
  await WXAPI.request('/shop/goods/list', true, 'post', { page: 1 });
  await cpsJdGoodsShotUrlSite({ token: 't', materialUrl: 'https://item.jd.com/1.html' });
  await WXAPI.wxpayQH5({ token: 't', money: 1 });
  const sign = await jssdkSign('https://h5.example.com/');
  const here: UniLocation = await getLocation();
  await WXAPI.fetchShops({ curlatitude: here.lat, curlongitude: here.long });
  // @ts-expect-error getLocation takes no arguments
  WXAPI.getLocation('wgs84');
  // @ts-expect-error apifm-uniapp has no jdvopCartInfoV2 (an apifm-wxapi method)
  WXAPI.jdvopCartInfoV2('t');
  return a.code + sign.code;
}
void sample;
