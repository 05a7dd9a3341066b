import WXAPI from 'apifm-wasm';

WXAPI.init('demo');
WXAPI.goodsDetail(101).then(
  (res) => { document.getElementById('out').textContent = JSON.stringify(res); },
  (err) => { document.getElementById('out').textContent = `${err.kind}: ${err.message}`; },
);
