import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { useLoad } from '@tarojs/taro';
import WXAPI from 'apifm-wasm';

const TOKEN = 'token-demo';

// Typical calls of a shop's first page: GETs on the API host and on the
// common host, and POSTs with a token.
const CALLS = [
  ['goodsDetail', () => WXAPI.goodsDetail(101)],
  ['banners', () => WXAPI.banners({ type: 'index' })],
  ['scoreSign', () => WXAPI.scoreSign(TOKEN)],
  ['shippingCarInfoAddItem', () => WXAPI.shippingCarInfoAddItem(TOKEN, 101, 2, [{ optionId: 1, optionValueId: 3 }])],
];

function outcome(name, value, failed) {
  if (failed) {
    const err = value || {};
    return { name, ok: false, error: err.name, kind: err.kind, message: String(err.message || err.errMsg || err) };
  }
  return { name, ok: true, code: value && value.code, msg: value && value.msg };
}

export default function Index() {
  const [results, setResults] = useState(null);

  useLoad(() => {
    WXAPI.init('demo');
    // One call after the other, as a page that needs each answer would.
    const all = [];
    CALLS.reduce((prev, [name, call]) => prev
      .then(() => call())
      .then((res) => outcome(name, res, false), (err) => outcome(name, err, true))
      .then((o) => { all.push(o); }), Promise.resolve())
      .then(() => {
        console.log(`APIFM_RESULTS ${JSON.stringify(all)}`);
        setResults(all);
      });
  });

  if (!results) return <View className='status'>loading</View>;
  return (
    <View className='results'>
      {results.map((r) => (
        <View key={r.name} className='result'>
          <Text>{r.ok ? `${r.name}: code ${r.code} ${r.msg}` : `${r.name}: ${r.error} ${r.kind} ${r.message}`}</Text>
        </View>
      ))}
      {/* The results as the test reads them: one JSON line (also logged above). */}
      <View className='report'>
        <Text>{`APIFM_RESULTS ${JSON.stringify(results)}`}</Text>
      </View>
    </View>
  );
}
