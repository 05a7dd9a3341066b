// apifm-uniapp's engine, for both builds of apifm-wasm/uniapp: uniapp.mjs
// (mini-programs and H5 alike: the runtime is decided at the first call, as
// in web.mjs) and uniapp-miniprogram.mjs (what the uni-app plugin makes
// apifm-wasm/uniapp resolve to in mini-program builds: no browser loader, no
// wasm chunk). Requests go through uni.request and uni.uploadFile, the only
// transport apifm-uniapp has, when uni-app provides them (transports/pick.js:
// the main entry prefers them too; else the runtime's own choice), unless
// init3({transport}) picks another; as in apifm-uniapp, a request to
// https://user.api.it120.cc/ carries an X-Token header from
// uni.getStorageSync('xtoken') when it holds one.
import { surfaceEngine } from '../surface.js';

const XTOKEN_HOST = 'https://user.api.it120.cc/';

/** @param {object} runtime the runtime object of engine.js (entries/web.js, loaders/miniprogram.js) */
export function uniappEngine(runtime) {
  return surfaceEngine(runtime, {
    request(d, transport) {
      if (typeof d.u === 'string' && d.u.indexOf(XTOKEN_HOST) === 0) {
        const token = transport.storage('xtoken');
        if (token) d.h = Object.assign({}, d.h, { 'X-Token': String(token) });
      }
    },
  });
}
