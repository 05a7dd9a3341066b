// The exports of apifm-webapi that are not table rows: requestX (its
// generic call), request (its axios instance: js-shim/webapi/axios.js) and
// timeout(). 'apifm-engine' is the surface's engine (js-shim/entries/webapi-*.js).
import engine from 'apifm-engine';
import { method } from '../api.js';
import { axiosLike } from './axios.js';

/** requestX(url, needSubDomain, method, data): the generic call, WXAPI.request of the main entry. */
export const requestX = /* @__PURE__ */ method(engine, 'request', null);
export const request = /* @__PURE__ */ axiosLike(engine, requestX);

/**
 * timeout(ms): apifm-webapi stores the value in a variable its axios
 * instance, created before, never reads: calls keep its 60 s. So here:
 * nothing changes (init3({ timeout }) sets a timeout that applies).
 */
export function timeout() {}
