// Type-check of apifm-wasm/webapi's declarations (tsc --noEmit): code
// written for apifm-webapi compiles; wrong calls do not (@ts-expect-error).
import WXAPI, { jssdkSign, requestX, request, type ApiResult, type RequestConfig } from 'apifm-wasm/webapi';

WXAPI.init('mysubdomain');
WXAPI.init2('https://api.it120.cc', 'mysubdomain');
WXAPI.timeout(30000);

async function sample(): Promise<number> {
  const a: ApiResult = await WXAPI.goodsDetail(123);
  await WXAPI.requestX('/shop/goods/list', true, 'post', { page: 1, sku: [{ optionId: 1 }] });
  await requestX('/wx/jssdk/sign', true, 'get', { url: 'https://h5.example.com/' });
  const sign = await jssdkSign(location.href.split('#')[0]);
  await WXAPI.unionjdGoodsSearch({ keyword: '手机' });
  await WXAPI.peisongfei();
  const id = request.interceptors.request.use((config: RequestConfig) => {
    config.headers = { ...config.headers, 'X-Token': 'tk' };
    return config;
  });
  request.interceptors.request.eject(id);
  request.interceptors.response.use((body) => body, (err) => Promise.reject(err));
  const b = await request({ url: 'https://api.it120.cc/x/y', method: 'post', data: { a: 1 } });
  await request.get('https://api.it120.cc/x/y', { params: { q: 1 } });
  await WXAPI.request.post('https://api.it120.cc/x/y', { q: 1 });
  // @ts-expect-error apifm-webapi has no wxSphGetpaymentparams (an apifm-wxapi method)
  WXAPI.wxSphGetpaymentparams("t", 1);
  // @ts-expect-error jssdkSign takes the page URL as a string
  jssdkSign({ url: 'https://h5.example.com/' });
  return a.code + b.code + sign.code;
}
void sample;
