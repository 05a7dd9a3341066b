// What a mini-program runtime is (loaders/miniprogram.js loads the wasm in
// it): its WebAssembly object, the folders of the code package the wasm is
// looked for in, and its base library's version. Nothing here runs before
// the first call or config.

/* global wx, tt, my, WXWebAssembly, TTWebAssembly, MyWebAssembly */

// Where the package's wasm is in a code package, in the order tried:
// devtools "构建npm"; the uni-app/Vite and Taro plugins (plugins/); the
// package installed under the old name (npm install apifm-wxapi@npm:apifm-wasm).
const NPM_DIR = '/miniprogram_npm/apifm-wasm/';
const PLUGIN_DIR = '/apifm-wasm/';
const ALIAS_DIR = '/miniprogram_npm/apifm-wxapi/';

/** The base library version ('' if unknown) read through `api`. */
export function baseLibrary(api) {
  if (!api) return '';
  try {
    if (typeof api.getAppBaseInfo === 'function') {
      const v = api.getAppBaseInfo().SDKVersion;
      if (v) return String(v);
    }
  } catch (_) {
    // fall through
  }
  try {
    if (typeof api.SDKVersion === 'string' && api.SDKVersion) return api.SDKVersion; // Alipay: my.SDKVersion
    if (typeof api.getSystemInfoSync === 'function') return String(api.getSystemInfoSync().SDKVersion || '');
  } catch (_) {
    // fall through
  }
  return '';
}

/** true when version a < b ('2.13.2' < '2.14.0'); unknown versions count as new. */
export function older(a, b) {
  if (!a) return false;
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const p = x[i] || 0;
    const q = y[i] || 0;
    if (p !== q) return p < q;
  }
  return false;
}

/**
 * The WebAssembly object of this mini-program runtime, or null: what it is
 * called, the folders to look in, the base library that first reads .wasm.br.
 */
export function platformWasm() {
  if (typeof WXWebAssembly !== 'undefined') {
    return { W: WXWebAssembly, name: 'WXWebAssembly', dirs: [NPM_DIR, PLUGIN_DIR, ALIAS_DIR], brotliFrom: '2.14.0',
      api: typeof wx !== 'undefined' ? wx : null };
  }
  if (typeof TTWebAssembly !== 'undefined') {
    return { W: TTWebAssembly, name: 'TTWebAssembly', dirs: [NPM_DIR, PLUGIN_DIR, ALIAS_DIR], brotliFrom: '2.92.0',
      api: typeof tt !== 'undefined' ? tt : null };
  }
  if (typeof MyWebAssembly !== 'undefined') {
    return { W: MyWebAssembly, name: 'MyWebAssembly', dirs: ['/node_modules/apifm-wasm/miniprogram_dist/'], brotliFrom: '',
      api: typeof my !== 'undefined' ? my : null };
  }
  return null;
}

/** A mini-program API object (wx, tt, my) with request(), if this runtime has one. */
function platformApi() {
  for (const api of [typeof wx !== 'undefined' ? wx : null, typeof tt !== 'undefined' ? tt : null, typeof my !== 'undefined' ? my : null]) {
    if (api && typeof api.request === 'function') return api;
  }
  return null;
}

/**
 * True in a mini-program: its WebAssembly object exists, or a wx/tt/my with
 * request() but no WebAssembly (an old base library, Alipay's main thread).
 * A browser page with the WeChat JS-SDK has `wx` but no `wx.request`.
 */
export function isMiniProgram() {
  return platformWasm() !== null || (typeof WebAssembly === 'undefined' && platformApi() !== null);
}
