// Which transport a call uses: an explicit init3({transport}) choice, else the
// mini-program platform found in this runtime (wx, tt, my, uni), else fetch.
// (The mini-program entry uses transports/pick.js directly, without fetch.)

import { pickPlatform } from './transports/pick.js';
import { fetchTransport } from './transports/fetch.js';

/**
 * @param {{transport?: string}} options
 * @param {string} runtimeName
 * @param {(key: string) => unknown} [storage]  storage reader for fetch runtimes
 */
export function pickTransport(options, runtimeName, storage) {
  return pickPlatform(options, () => fetchTransport(runtimeName, storage));
}
