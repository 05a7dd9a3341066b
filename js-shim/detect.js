// Which transport a call uses: an explicit init3({transport}) choice, else the
// mini-program platform found in this runtime (uni, wx, tt, my), else fetch.
// (The mini-program entry uses transports/pick.js directly, without fetch.)

import { pickPlatform } from './transports/pick.js';
import { fetchTransport } from './transports/fetch.js';

/**
 * @param {{transport?: string}} options
 * @param {string} runtimeName
 * @param {(key: string) => unknown} [storage]  storage reader for fetch runtimes
 */
export function pickTransport(options, runtimeName, storage) {
  const viaFetch = () => fetchTransport(runtimeName, storage);
  const picked = pickPlatform(options, viaFetch);
  if (picked.name !== 'uni') return picked;
  // uni-app H5: uni.uploadFile takes a path (a blob: URL from uni.chooseImage);
  // a Blob or File, which it cannot take, is sent by fetch as it was before.
  const { upload } = picked;
  return Object.assign({}, picked, {
    upload: (d, file, ctx) => (typeof file === 'string' ? upload(d, file, ctx) : viaFetch().upload(d, file, ctx)),
  });
}
