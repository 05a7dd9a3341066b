// What the vendor surfaces' engines (js-shim/webapi/engine.js,
// js-shim/uniapp/engine.js) share: a runtime's engine with the surface's
// encoding style and its own touch on each request before the transport
// sends it (headers apifm-webapi's axios or apifm-uniapp adds).
import { createEngine } from './engine.js';
import { STYLE_WX } from './protocol.js';

/**
 * @param {object} runtime  the runtime object of engine.js; read lazily (web.js
 *   decides its name at the first call: nothing may be asked at load)
 * @param {{style?: number, request?: (d: object, t: object) => void, upload?: (d: object) => void}} surface
 *   request / upload: what it does to a descriptor `d` (sent by transport
 *   `t`) before it goes
 */
export function surfaceEngine(runtime, surface) {
  const touch = (transport) => {
    const { request, upload } = transport;
    return Object.assign({}, transport, {
      request(d, ...rest) {
        if (surface.request) surface.request(d, transport);
        return request.call(transport, d, ...rest);
      },
      upload(d, ...rest) {
        if (surface.upload) surface.upload(d, transport);
        return upload.call(transport, d, ...rest);
      },
    });
  };
  return createEngine({
    get name() {
      return runtime.name;
    },
    get sync() {
      return runtime.sync;
    },
    surface: true,
    style: surface.style || STYLE_WX,
    debug: () => !!runtime.debug && runtime.debug(),
    load: (options) => runtime.load(options),
    transport: (options) => touch(runtime.transport(options)),
  });
}
