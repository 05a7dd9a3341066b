// A mini-program TypeScript project: ES2017 library, no DOM (no Blob, URL,
// AbortSignal), CommonJS. The declarations must type-check here without
// skipLibCheck; named exports match what runs.
import WXAPI, { goodsDetail, ready, withOptions, WXAPIError, type AbortSignalLike } from 'apifm-wasm';

WXAPI.init('mysubdomain');
WXAPI.init3({ subDomain: 'x', wasmPath: '/sub/miniprogram_npm/apifm-wasm/apifm_wasm_bg.wasm.br', timeout: 10000, maxConcurrent: 4, maxResponseBytes: 1 << 20, ossBaseUrl: 'https://oss.apifm.com' });
// @ts-expect-error a typo in an option name
WXAPI.init3({ apiBaseURL: 'https://api.it120.cc' });

declare function log(...values: unknown[]): void; // the platform's console, typed by miniprogram-api-typings in a real project

const signal: AbortSignalLike = { aborted: false, addEventListener() {}, removeEventListener() {} };

async function page(): Promise<void> {
  await ready;
  const res = await goodsDetail(101);
  if (res.code === 0) log(res.data);
  const p = withOptions({ signal, timeout: 5000 }).banners({ type: 'index' });
  await WXAPI.uploadFile('token', 'wxfile://tmp.png');
  try {
    await p;
  } catch (e) {
    if (e instanceof WXAPIError) log(e.kind, e.errMsg);
  }
  // @ts-expect-error a file is a temp-file path here, not a number
  await WXAPI.uploadFile('token', 42);
  // @ts-expect-error timeout is a number
  withOptions({ timeout: '5s' });
}
void page;
