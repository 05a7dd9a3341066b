// apifm-webapi's engine, for its three entries (browser, Node CommonJS,
// Node ES module): apifm-webapi's encoding style (axios params for GET, qs
// for POST: core/src/form.rs) and the headers its axios instance sends.
// axios 0.24 sends `Accept: application/json, text/plain, */*` on every
// request, and its form Content-Type only for the verbs with a body (post,
// put, patch); the fetch transport's default (a form Content-Type on every
// request) is replaced by that. And axios rejects every status outside 2xx:
// each request is marked strict (d.v, js-shim/transports/response.js), so
// such an answer rejects with kind 'http' and the body in err.response.
import { surfaceEngine } from '../surface.js';
import { STYLE_QS, AUDIENCE_FETCH } from '../protocol.js';

const ACCEPT = 'application/json, text/plain, */*';
const NO_BODY = { Accept: ACCEPT };
const WITH_BODY = { Accept: ACCEPT, 'Content-Type': 'application/x-www-form-urlencoded' };

/** @param {object} runtime the runtime object of engine.js (entries/node-*.js, loaders/browser.js) */
export function webapiEngine(runtime) {
  return surfaceEngine(runtime, {
    style: STYLE_QS,
    // fetch's base headers (d.b, js-shim/transports/fetch.js), under the call's own (hooks, init3({header}))
    request(d, transport) {
      d.v = 1;
      if (transport.audience !== AUDIENCE_FETCH) return;
      const verb = String(d.m).toLowerCase();
      d.b = verb === 'post' || verb === 'put' || verb === 'patch' ? WITH_BODY : NO_BODY;
    },
    // Multipart: the browser writes the Content-Type (with its boundary), as for axios' FormData.
    upload(d, transport) {
      d.v = 1;
      if (transport.audience === AUDIENCE_FETCH) d.h = Object.assign({}, NO_BODY, d.h);
    },
  });
}
