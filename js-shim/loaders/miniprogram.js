// Loading the wasm in a mini-program (WeChat, ByteDance, Alipay workers, and
// uni-app or Taro compiled to one of them): the wasm is a file of the code
// package, instantiated by path with the platform's WebAssembly object —
// there is no WebAssembly, fetch, URL or TextEncoder there. Every entry uses
// this when it finds itself in a mini-program (entries/web.js too, for the
// bundlers that pick the browser build), so which file a bundler resolved
// does not matter (mp-runtime.js tells what runtime this is). Nothing here
// runs before the first call or config.

import { imports, coreOf } from '../core.js';
import { WXAPIError, devBuild } from '../errors.js';
import { pickPlatform, platformUsable } from '../transports/pick.js';
import { platformWasm, baseLibrary, older } from './mp-runtime.js';

export { isMiniProgram } from './mp-runtime.js';

const FILE = 'apifm_wasm_bg.wasm';
/* global wx, tt, my, __webpack_require__ */

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

/** Whether this code was bundled by webpack (which answers `typeof __webpack_require__` itself), not Vite/Rollup or devtools. */
function webpacked() {
  try {
    return typeof __webpack_require__ === 'function';
  } catch (_) {
    return false;
  }
}

/**
 * What to add so that the wasm is found (docs/frameworks.md): the set-up line
 * of the toolchain that built this app first. uni-app is told by its `uni`
 * (transports/pick.js), webpack (uni-app Vue 2 with vue-cli or HBuilderX,
 * Taro) from Vite (uni-app Vue 3) and devtools' "构建npm" by webpacked().
 */
function howToAdd(brotli) {
  const file = brotli ? `${FILE}.br` : FILE;
  const sub = brotli ? 'miniprogram_dist/' : '';
  const plain = brotli ? '' : '{ plainWasm: true }';
  const vite = `uni-app (Vue 3, Vite): add apifmWasm(${plain}) from 'apifm-wasm/vite' to plugins in vite.config.js`;
  const vue2 = `uni-app (Vue 2, vue-cli or HBuilderX): add configureWebpack: { plugins: [require('apifm-wasm/webpack')(${plain})] } to vue.config.js`;
  const taro = `Taro: add ${plain ? `['apifm-wasm/taro', ${plain}]` : "'apifm-wasm/taro'"} to plugins in config/index.js`;
  const native = 'native mini-program: run devtools "构建npm" (Tools > Build npm)';
  const webpack = webpacked();
  let first;
  if (platformUsable('uni')) first = webpack ? [vue2, vite] : [vite, vue2];
  else first = webpack ? [taro, `another webpack build: add require('apifm-wasm/webpack')({ platform: 'mp-weixin'${plain ? ', plainWasm: true' : ''} }) to its plugins`] : [native, taro, vite];
  return [
    ...first,
    `or copy node_modules/apifm-wasm/${sub}${file} (under the name the package is installed as: node_modules/apifm-uniapp/${sub}${file} after npm install apifm-uniapp@npm:apifm-wasm, node_modules/apifm-wxapi/${sub}… after apifm-wxapi@npm:apifm-wasm) into the code package and pass init3({ wasmPath })`,
  ].join('; ');
}

function instantiate(W, path) {
  try {
    return Promise.resolve(W.instantiate(path, imports()));
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * The init3({wasmPath}) a mini-program can load, or null: WXWebAssembly and
 * its kin read code-package paths only, so a URL (https://…, blob:, data:…),
 * set for the H5 build of the same app, is left to the browser.
 */
function miniProgramWasmPath(wasmPath) {
  if (!wasmPath) return null;
  const p = String(wasmPath);
  return /^[a-z][a-z0-9+.-]*:/i.test(p) ? null : p;
}

/**
 * The paths to try, in order: the caller's wasmPath (and the other form of
 * the same file: .wasm.br <-> .wasm), or each folder's file.
 */
function candidates(rt, options, brotli) {
  const forms = (p, given) => {
    // A .wasm.br that this base library cannot read is only tried when asked for.
    if (/\.wasm\.br$/.test(p)) return brotli || given ? [p, p.slice(0, -3)] : [p.slice(0, -3)];
    if (/\.wasm$/.test(p)) return brotli ? [p, `${p}.br`] : [p];
    return [p];
  };
  const given = miniProgramWasmPath(options.wasmPath);
  if (given) return forms(given, true);
  const paths = [];
  for (const dir of rt.dirs) paths.push(...forms(`${dir}${FILE}.br`, false));
  return paths;
}

/** Instantiates the wasm from the code package: a promise of the core. */
export function loadMiniProgram(options) {
  const rt = platformWasm();
  if (!rt) return Promise.reject(new Error(noWasm()));
  const version = rt.brotliFrom ? baseLibrary(rt.api) : '';
  const brotli = !rt.brotliFrom || !older(version, rt.brotliFrom);
  const paths = candidates(rt, options, brotli);
  const done = coreOf;
  const tried = [];
  const attempt = (i) => instantiate(rt.W, paths[i]).then(done, (e) => {
    tried.push(`${paths[i]} (${e && e.message ? e.message : e})`);
    if (i + 1 < paths.length) return attempt(i + 1);
    const old = brotli ? '' : `base library ${version} cannot read .wasm.br (needs >= ${rt.brotliFrom}); `;
    throw new Error(`${rt.name}.instantiate found no wasm at ${tried.join(', nor ')}; ${old}${miniProgramWasmPath(options.wasmPath) ? 'check init3({ wasmPath })' : howToAdd(brotli)}`);
  });
  return attempt(0);
}

/** Mini-programs have no fetch: what init3({transport: 'fetch'}), or a runtime without wx/tt/my/uni, gets. */
function noFetch() {
  const why = (ctx) => new WXAPIError('unsupported', ctx.method, 'no fetch in mini-programs: use the wx/tt/my/uni transport');
  return {
    name: 'fetch',
    request: (d, ctx) => ctx.reply(ctx.attempt, false, why(ctx), d),
    upload: (d, file, ctx) => Promise.reject(why(ctx)),
    compressImage: (data, ctx) => Promise.reject(why(ctx)),
    storage: () => undefined,
  };
}

/**
 * A development build (uni-app, Taro) or the develop version of the
 * mini-program (devtools, a preview on a phone), not a trial or release one:
 * errors then point at the caller's line (docs/errors.md).
 */
function debugging() {
  if (devBuild()) return true;
  try {
    if (typeof wx !== 'undefined' && wx && typeof wx.getAccountInfoSync === 'function') return wx.getAccountInfoSync().miniProgram.envVersion === 'develop';
    if (typeof my !== 'undefined' && my && typeof my.getAccountInfoSync === 'function') return my.getAccountInfoSync().miniProgram.envVersion === 'develop';
    if (typeof tt !== 'undefined' && tt && typeof tt.getEnvInfoSync === 'function') return tt.getEnvInfoSync().microapp.envType === 'development';
  } catch (_) {
    // not said: a release
  }
  return false;
}

/** The runtime object of engine.js for mini-programs. */
export const miniProgramRuntime = {
  name: 'miniprogram',
  load: loadMiniProgram,
  transport: (options) => pickPlatform(options, noFetch),
  debug: debugging,
};
