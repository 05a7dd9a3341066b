// Opt-in retries of reads (init3({retry}), docs/hooks.md): the policy, and
// the stage that waits and sends a failed attempt again.

import { WXAPIError } from './errors.js';
import { textOf } from './scrub.js';

const RETRY_ON = ['network', 'timeout', 'http5xx'];
const MAX_RETRIES = 5;

/**
 * init3({retry}): false/null turns retries off; otherwise
 * `{ retries = 2, on = ['network', 'timeout', 'http5xx'], backoff = { base: 300, max: 5000 } }`
 * (`backoff` may be the base alone, in ms).
 */
export function retryPolicy(v) {
  if (v === undefined) return undefined;
  if (v === false || v === null) return null;
  const bad = (m, param) => new WXAPIError('config', 'init3', `retry ${m}`, { param: param || 'retry' });
  if (typeof v !== 'object') throw bad('must be an object ({ retries, on, backoff }) or false');
  let retries;
  let on;
  let backoff;
  try {
    ({ retries = 2, on = RETRY_ON, backoff = {} } = v);
  } catch (cause) {
    throw bad(`could not be read (${textOf(cause)})`);
  }
  if (!(Number.isInteger(retries) && retries >= 0 && retries <= MAX_RETRIES)) throw bad(`.retries must be an integer 0 … ${MAX_RETRIES}`, 'retry.retries');
  if (!Array.isArray(on) || !on.every((k) => RETRY_ON.indexOf(k) >= 0)) throw bad(".on must be a list of 'network', 'timeout', 'http5xx'", 'retry.on');
  const b = typeof backoff === 'number' ? { base: backoff } : backoff;
  const base = b && b.base !== undefined ? b.base : 300;
  const max = b && b.max !== undefined ? b.max : 5000;
  if (!(typeof base === 'number' && base >= 0 && base <= 60000 && typeof max === 'number' && max >= base && max <= 60000)) {
    throw bad('.backoff must be { base, max } in ms (0 … 60000, base <= max), or the base alone', 'retry.backoff');
  }
  return { retries, on: on.slice(), base, max };
}

/** Whether a failed attempt may be retried under `policy`. */
function retryable(policy, err) {
  if (!(err instanceof WXAPIError)) return false;
  const cls = err.kind === 'http' && err.status >= 500 ? 'http5xx' : err.kind;
  return policy.on.indexOf(cls) >= 0;
}

/** The wait before retry `n` (0 the first): exponential, full jitter in its upper half, capped. */
function backoffDelay(policy, n) {
  const ceiling = Math.min(policy.max, policy.base * Math.pow(2, n));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/**
 * Whether a failed answer is retried under the call's policy (only a method
 * of spec/retry-safe.json has one): then the attempt is released and
 * `replay(call)` runs after the backoff (the wait is the call's timer: an
 * abort clears it, call.js).
 */
export function retryLater(call, ok, value, replay) {
  const policy = call.retryPolicy;
  if (ok || policy === null || call.attempt >= policy.retries || !retryable(policy, value)) return false;
  const wait = backoffDelay(policy, call.attempt);
  call.release();
  call.timer = setTimeout(replay, wait, call);
  return true;
}
