// Turning a response body into the call's result, the same way for every
// transport: a JSON body resolves whatever its HTTP status (as the reference
// does: API工厂 answers {code, msg, data}); anything else is an error.

import { WXAPIError } from '../errors.js';

/**
 * @param {string} method
 * @param {number} status
 * @param {unknown} body  parsed object, or text
 */
export function settle(method, status, body) {
  if (body !== null && typeof body === 'object') return body;
  const text = typeof body === 'string' ? body : body === undefined || body === null ? '' : String(body);
  const trimmed = text.trim();
  if (trimmed) {
    try {
      const parsed = JSON.parse(trimmed);
      if (parsed !== null && typeof parsed === 'object') return parsed;
    } catch (_) {
      // fall through
    }
  }
  const what = trimmed ? `a non-JSON body (${trimmed.slice(0, 40).replace(/\s+/g, ' ')}…)` : 'an empty body';
  if (status >= 400) throw new WXAPIError('http', method, `HTTP ${status} with ${what}`, { status });
  throw new WXAPIError('response', method, `the server answered ${what}`, { status });
}
