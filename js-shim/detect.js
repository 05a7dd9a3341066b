// Which transport a call uses: an explicit init3({transport}) choice, else the
// mini-program platform found in this runtime (wx, tt, my, uni), else fetch.

import { WXAPIError } from './errors.js';
import { platformTransport } from './transports/platform.js';
import { fetchTransport } from './transports/fetch.js';

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

/**
 * @param {{transport?: string}} options
 * @param {string} runtimeName
 * @param {(key: string) => unknown} [storage]  storage reader for fetch runtimes
 */
export function pickTransport(options, runtimeName, storage) {
  const found = platforms();
  const want = options.transport;
  if (want === 'fetch') return fetchTransport(runtimeName, storage);
  if (want) {
    if (!usable(found[want])) {
      throw new WXAPIError('config', 'init3', `transport '${want}' is not available on this runtime`, { param: 'transport' });
    }
    return platformTransport(found[want], want);
  }
  for (const name of ['wx', 'tt', 'my', 'uni']) {
    if (usable(found[name])) return platformTransport(found[name], name);
  }
  return fetchTransport(runtimeName, storage);
}
