// The Node half of the demo: the built package, configured against the local
// backend, fetches a storefront's worth of data and prints it.
// Usage: node examples/demo/node-demo.js http://127.0.0.1:PORT
'use strict';
const path = require('path');

const WXAPI = require(path.join(__dirname, '..', '..', 'pkg'));

async function main(base) {
  // init3's base URL options point every host of the SDK at the backend.
  WXAPI.init3({ apiBaseUrl: base, commonBaseUrl: `${base}/common`, cmsBaseUrl: `${base}/cms`, subDomain: 'demo', timeout: 10000 });
  const out = [];
  const show = (label, res) => {
    out.push(`${label.padEnd(34)} code=${res.code} ${JSON.stringify(res.data === undefined ? res.msg : res.data).slice(0, 110)}`);
    return res;
  };
  show('queryConfigValue("mallName")', await WXAPI.queryConfigValue('mallName'));
  show('banners({type:"index"})', await WXAPI.banners({ type: 'index' }));
  show('goodsCategory()', await WXAPI.goodsCategory());
  const goods = show('goods({categoryId:1})', await WXAPI.goods({ categoryId: 1 }));
  show(`goodsDetail(${goods.data[0].id})`, await WXAPI.goodsDetail(goods.data[0].id));
  const token = show('login_wx("demo-code")', await WXAPI.login_wx('demo-code')).data.token;
  show('shippingCarInfoAddItem(token,101,2)', await WXAPI.shippingCarInfoAddItem(token, 101, 2));
  show('shippingCarInfo(token)', await WXAPI.shippingCarInfo(token));
  show('orderCreate({token, goodsJsonStr})', await WXAPI.orderCreate({ token, goodsJsonStr: JSON.stringify([{ goodsId: 101, number: 2 }]) }));
  try {
    await WXAPI.goodsDetail();
  } catch (e) {
    out.push(`${'goodsDetail()'.padEnd(34)} rejected: ${e.name} kind=${e.kind} param=${e.param}`);
  }
  return out;
}

module.exports = { main };

if (require.main === module) {
  main(process.argv[2]).then((lines) => console.log(lines.join('\n')), (e) => {
    console.error(e);
    process.exit(1);
  });
}
