// What the three webapi entries (browser, Node CommonJS, Node ES module)
// share: the runtime's engine with apifm-webapi's encoding style (axios
// params for GET, qs for POST: core/src/form.rs) and the headers its axios
// instance sends. axios 0.24 sends `Accept: application/json, text/plain,
// */*` on every request, and its form Content-Type only for the verbs with
// a body (post, put, patch); the fetch transport's default (a form
// Content-Type on every request) is replaced by that.
import { createEngine } from '../sdk.js';

const ACCEPT = 'application/json, text/plain, */*';
const NO_BODY = { Accept: ACCEPT };
const WITH_BODY = { Accept: ACCEPT, 'Content-Type': 'application/x-www-form-urlencoded' };

/** The transport with axios' headers under the call's own (hooks, init3({header})), on fetch only. */
function axiosHeaders(transport) {
  if (!transport || transport.name !== 'fetch') return transport;
  const { request, upload } = transport;
  return Object.assign({}, transport, {
    request(d, ...rest) {
      const verb = String(d.m).toLowerCase();
      d.b = verb === 'post' || verb === 'put' || verb === 'patch' ? WITH_BODY : NO_BODY;
      return request.call(transport, d, ...rest);
    },
    // Multipart: the browser writes the Content-Type (with its boundary), as for axios' FormData.
    upload(d, ...rest) {
      d.h = Object.assign({}, NO_BODY, d.h);
      return upload.call(transport, d, ...rest);
    },
  });
}

/** @param {object} runtime the runtime object of sdk.js (entries/*.js, loaders/browser.js) */
export function webapiEngine(runtime) {
  return createEngine(Object.assign({}, runtime, {
    style: 1,
    transport: (options) => axiosHeaders(runtime.transport(options)),
  }));
}
