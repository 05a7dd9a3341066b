// Request hooks (WXAPI.use), opt-in retries and the checks of their options
// (docs/hooks.md). sdk.js runs them around each call; this module holds what
// does not need the engine's state.

import { WXAPIError } from './errors.js';
import { textOf } from './scrub.js';

const HOOKS = ['onRequest', 'onResponse', 'onError'];
/** What `ctx.retry()` returns: a hook's request to replay the call once. */
export const RETRY = typeof Symbol === 'function' ? Symbol('retry') : { retry: true };

/** Checks a `WXAPI.use()` argument: an object with at least one hook, each a function. */
export function checkHooks(set) {
  if (!set || typeof set !== 'object') throw new WXAPIError('config', 'use', 'expects an object of hooks: { onRequest, onResponse, onError }');
  const out = {};
  let n = 0;
  try {
    for (const k of Object.keys(set)) {
      if (HOOKS.indexOf(k) < 0) throw new WXAPIError('config', 'use', `unknown hook '${k}' (onRequest, onResponse, onError)`, { param: k });
    }
    for (const k of HOOKS) {
      const f = set[k];
      if (f === undefined || f === null) continue;
      if (typeof f !== 'function') throw new WXAPIError('config', 'use', `${k} must be a function`, { param: k });
      out[k] = f;
      n++;
    }
  } catch (e) {
    if (e instanceof WXAPIError) throw e;
    throw new WXAPIError('config', 'use', `hooks could not be read (${textOf(e)})`, { cause: e });
  }
  if (!n) throw new WXAPIError('config', 'use', 'expects at least one of onRequest, onResponse, onError');
  return out;
}

/** The error a throwing (or rejecting) hook turns into. */
export function hookError(method, which, cause) {
  return new WXAPIError('hook', method, `the ${which} hook failed: ${textOf(cause)}`, { param: which, cause });
}

/**
 * Runs hook `which` of each set in order, each after the previous one
 * settled (hooks may be async). `step(result)` sees each hook's result and
 * says whether to go on. Resolves when done; rejects with the hook's error.
 */
export function runHooks(sets, which, args, step) {
  let p = Promise.resolve(true);
  for (const set of sets) {
    const f = set[which];
    if (!f) continue;
    p = p.then((goOn) => (goOn ? Promise.resolve(f.apply(undefined, args)).then(step) : false));
  }
  return p;
}

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
export function retryable(policy, err) {
  if (!policy || !(err instanceof WXAPIError)) return false;
  const cls = err.kind === 'http' && err.status >= 500 ? 'http5xx' : err.kind;
  return policy.on.indexOf(cls) >= 0;
}

/** The wait before retry `n` (0 the first): exponential, full jitter in its upper half, capped. */
export function backoffDelay(policy, n) {
  const ceiling = Math.min(policy.max, policy.base * Math.pow(2, n));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}
