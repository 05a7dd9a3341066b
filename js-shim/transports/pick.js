// The mini-program platform a call goes through: an explicit
// init3({transport}) choice, else the first of wx, tt, my, uni found in this
// runtime (uni-app compiled to WeChat has both wx and uni: wx is used), else
// the caller's fallback (fetch in browsers and Node; detect.js).

import { WXAPIError } from '../errors.js';
import { platformTransport } from './platform.js';

/* global wx, tt, my, uni */
function platforms() {
  return {
    wx: typeof wx !== 'undefined' ? wx : undefined,
    tt: typeof tt !== 'undefined' ? tt : undefined,
    my: typeof my !== 'undefined' ? my : undefined,
    uni: typeof uni !== 'undefined' ? uni : undefined,
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
  for (const name of ['wx', 'tt', 'my', 'uni']) {
    if (usable(found[name])) return platformTransport(found[name], name);
  }
  return fallback();
}
