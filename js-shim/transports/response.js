// Turning a response body into the call's result, the same way for every
// transport: a JSON body resolves whatever its HTTP status (as apifm-wxapi
// and apifm-uniapp do: API工厂 answers {code, msg, data}); anything else is
// an error. A surface that speaks axios (apifm-wasm/webapi: apifm-webapi's
// axios rejects every status outside 2xx) marks its requests `strict`: there
// a status outside 2xx rejects with kind 'http', the parsed body in
// err.response.data as in axios' error.response.

import { WXAPIError } from '../errors.js';

/** The body as an object when it is JSON text of one, else null. */
function jsonOf(body) {
  if (body !== null && typeof body === 'object') return body;
  const text = typeof body === 'string' ? body.trim() : '';
  if (!text) return null;
  try {
    const parsed = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' ? parsed : null;
  } catch (_) {
    return null;
  }
}

/**
 * @param {string} method
 * @param {number} status  NaN when a platform gave none (never refused for it)
 * @param {unknown} body   parsed object, or text
 * @param {unknown} [strict] truthy: a status outside 2xx rejects (axios' validateStatus)
 */
export function settle(method, status, body, strict) {
  const json = jsonOf(body);
  if (strict && !Number.isNaN(status) && !(status >= 200 && status < 300)) {
    // axios: response.data is the parsed JSON, else the text as it came.
    const data = json || (typeof body === 'string' ? body : body === undefined || body === null ? '' : String(body));
    throw new WXAPIError('http', method, `HTTP ${status}: the answer is in err.response (a status outside 2xx rejects, as with axios)`, {
      status, errMsg: `Request failed with status code ${status}`, response: { status, data },
    });
  }
  if (json) return json;
  const text = typeof body === 'string' ? body : body === undefined || body === null ? '' : String(body);
  const trimmed = text.trim();
  const what = trimmed ? `a non-JSON body (${trimmed.slice(0, 40).replace(/\s+/g, ' ')}…)` : 'an empty body';
  if (status >= 400) throw new WXAPIError('http', method, `HTTP ${status} with ${what}`, { status });
  throw new WXAPIError('response', method, `the server answered ${what}`, { status });
}
