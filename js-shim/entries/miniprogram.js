// Mini-programs (WeChat, ByteDance, Alipay workers, uni-app compiled to one
// of them): the wasm is a file of the code package, instantiated by path with
// the platform's WebAssembly object. Devtools "构建npm" copies this folder to
// miniprogram_npm/apifm-wasm/. The folder ships the wasm brotli-compressed
// (apifm_wasm_bg.wasm.br, read by WXWebAssembly from base library 2.14.0);
// the plain .wasm is at the package root for older base libraries
// (docs/platforms.md).
const glue = require('apifm-glue');
const { createWXAPI } = require('../sdk.js');
const { pickPlatform } = require('../transports/pick.js');
const { WXAPIError } = require('../errors.js');

const FILE = 'apifm_wasm_bg.wasm';
const NPM_PATH = '/miniprogram_npm/apifm-wasm/apifm_wasm_bg.wasm.br'; // where "构建npm" puts it

/* global wx, tt, my, WXWebAssembly, TTWebAssembly, MyWebAssembly */

/** The base library version ('' if unknown) read through `api`. */
function baseLibrary(api) {
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
function older(a, b) {
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
 * The WebAssembly object of this runtime: what it is called, the default path
 * of the wasm (where "构建npm", or Alipay's npm support, puts this package),
 * the base library that first reads .wasm.br.
 */
function platformWasm() {
  if (typeof WXWebAssembly !== 'undefined') {
    return { W: WXWebAssembly, name: 'WXWebAssembly', path: NPM_PATH, brotliFrom: '2.14.0',
      api: typeof wx !== 'undefined' ? wx : null };
  }
  if (typeof TTWebAssembly !== 'undefined') {
    return { W: TTWebAssembly, name: 'TTWebAssembly', path: NPM_PATH, brotliFrom: '2.92.0',
      api: typeof tt !== 'undefined' ? tt : null };
  }
  if (typeof MyWebAssembly !== 'undefined') {
    return { W: MyWebAssembly, name: 'MyWebAssembly', path: '/node_modules/apifm-wasm/miniprogram_dist/apifm_wasm_bg.wasm.br', brotliFrom: '',
      api: typeof my !== 'undefined' ? my : null };
  }
  return null;
}

/** Why there is no WebAssembly object here, and what to do (docs/platforms.md). */
function noWasm() {
  if (typeof my !== 'undefined' && typeof wx === 'undefined') {
    return 'Alipay has MyWebAssembly only in workers, not on the main thread: run apifm-wasm in a worker '
      + '(my.createWorker, base library >= 2.9.7) or keep apifm-wxapi on Alipay';
  }
  if (typeof tt !== 'undefined' && typeof wx === 'undefined') {
    return `no TTWebAssembly: ByteDance base library >= 2.34.0 is required (this one: ${baseLibrary(tt) || '?'})`;
  }
  if (typeof wx !== 'undefined') return `no WXWebAssembly: WeChat base library >= 2.13.0 is required (this one: ${baseLibrary(wx) || '?'})`;
  return 'no WXWebAssembly, TTWebAssembly or MyWebAssembly: outside mini-programs, use the web build';
}

function instantiate(W, path) {
  try {
    return Promise.resolve(W.instantiate(path, glue.__wbg_get_imports()));
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * The paths to try, in order: the caller's wasmPath (and the other form of
 * the same file: .wasm.br <-> .wasm), or the default folder — and, for
 * projects that install this package under the old name
 * (`npm install apifm-wxapi@npm:apifm-wasm`), the same file in
 * miniprogram_npm/apifm-wxapi/, so that no code has to change.
 */
function candidates(rt, options, brotli) {
  const forms = (p, given) => {
    // A .wasm.br that this base library cannot read is only tried when asked for.
    if (/\.wasm\.br$/.test(p)) return brotli || given ? [p, p.slice(0, -3)] : [p.slice(0, -3)];
    if (/\.wasm$/.test(p)) return brotli ? [p, `${p}.br`] : [p];
    return [p];
  };
  if (options.wasmPath) return forms(String(options.wasmPath), true);
  const paths = forms(rt.path, false);
  if (rt.path.indexOf('/miniprogram_npm/apifm-wasm/') === 0) paths.push(...forms(rt.path.replace('/apifm-wasm/', '/apifm-wxapi/'), false));
  return paths;
}

function load(options) {
  const rt = platformWasm();
  if (!rt) throw new Error(noWasm());
  const version = rt.brotliFrom ? baseLibrary(rt.api) : '';
  const brotli = !rt.brotliFrom || !older(version, rt.brotliFrom);
  const paths = candidates(rt, options, brotli);
  const done = (r) => ({ glue, exports: glue.__wbg_finalize_init(r.instance || r, r.module) });
  const tried = [];
  const attempt = (i) => instantiate(rt.W, paths[i]).then(done, (e) => {
    tried.push(`${paths[i]} (${e && e.message ? e.message : e})`);
    if (i + 1 < paths.length) return attempt(i + 1);
    const hint = brotli
      ? `package not at ${rt.path.slice(0, rt.path.lastIndexOf('/') + 1)}? pass init3({ wasmPath })`
      : `base library ${version} cannot read .wasm.br (needs >= ${rt.brotliFrom}): copy ${FILE} from node_modules/apifm-wasm/ `
        + 'into the code package and pass init3({ wasmPath })';
    throw new Error(`${rt.name}.instantiate could not load ${tried.join(', nor ')}; ${hint}`);
  });
  return attempt(0);
}

/** Mini-programs have no fetch: what init3({transport: 'fetch'}), or a runtime without wx/tt/my/uni, gets. */
function noFetch() {
  const no = (d, x, ctx) => Promise.reject(new WXAPIError('unsupported', (ctx || x).method, 'no fetch in mini-programs: use the wx/tt/my/uni transport'));
  return { name: 'fetch', request: no, upload: no, compressImage: no, storage: () => undefined };
}

module.exports = createWXAPI({
  name: 'miniprogram',
  load,
  transport: (options) => pickPlatform(options, noFetch),
});
