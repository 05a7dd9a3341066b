// The mini-program platform a call goes through: an explicit
// init3({transport}) choice, else the first of uni, wx, tt, my found in this
// runtime, else the caller's fallback (fetch in browsers and Node; detect.js).
//
// uni comes first: in a uni-app build (any target) its `uni` object is what
// the app's `uni.addInterceptor('request' | 'uploadFile', …)` hooks into, and
// uni.request / uni.uploadFile hand the options on to the platform's own
// (wx.request on mp-weixin, XMLHttpRequest on H5) as they are; a native
// mini-program has no `uni`, so wx/tt/my as before.
//
// How `uni` is reached matters, because uni-app's compilers rewrite the
// source of every module (the package's too) instead of defining a global:
//   - mini-program builds (Vite: uni-mp-vite's inject; webpack: the
//     ProvidePlugin of vue-cli-plugin-uni) replace the free identifier `uni`
//     with an import of the platform's uni API object;
//   - a tree-shaken H5 build (Vite, the default) replaces each member
//     expression `uni.request`, `uni.uploadFile`… with an import of that one
//     function from @dcloudio/uni-h5, and its global `uni` is an empty object.
// So the API is read as literal members of the free `uni` (uniApi below),
// which every one of these forms rewrites, inside a try: without uni-app the
// name is not defined at all.

import { WXAPIError } from '../errors.js';
import { platformTransport } from './platform.js';

/* global wx, tt, my, uni */

/** uni-app's request API (what a platform transport uses of it), or undefined outside uni-app. */
function uniApi() {
  try {
    // Keep these as `uni.<name>` member expressions: see the comment at the top.
    return {
      request: uni.request,
      uploadFile: uni.uploadFile,
      compressImage: uni.compressImage,
      getStorageSync: uni.getStorageSync,
    };
  } catch (_) {
    return undefined; // no `uni` here
  }
}

function platforms() {
  return {
    uni: uniApi(),
    wx: typeof wx !== 'undefined' ? wx : undefined,
    tt: typeof tt !== 'undefined' ? tt : undefined,
    my: typeof my !== 'undefined' ? my : undefined,
  };
}

const usable = (api) => api && typeof api.request === 'function';

/** Whether platform `name` ('wx', 'tt', 'my', 'uni') can take requests in this runtime. */
export function platformUsable(name) {
  return Boolean(usable(platforms()[name]));
}

/**
 * @param {{transport?: string}} options
 * @param {() => object} fallback  the transport when no platform applies (or 'fetch' is asked for)
 */
export function pickPlatform(options, fallback) {
  const found = platforms();
  const want = options.transport;
  if (want === 'fetch') return fallback();
  if (want) {
    if (!usable(found[want])) {
      throw new WXAPIError('config', 'init3', `transport '${want}' is not available on this runtime`, { param: 'transport' });
    }
    return platformTransport(found[want], want);
  }
  for (const name of ['uni', 'wx', 'tt', 'my']) {
    if (usable(found[name])) return platformTransport(found[name], name);
  }
  return fallback();
}
