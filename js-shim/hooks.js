// Request hooks (WXAPI.use, docs/hooks.md): the check of a set, and the two
// stages of a hooked call (pipeline.js): onRequest between describe and
// dispatch, onResponse / onError between the answer and settle.

import { WXAPIError } from './errors.js';
import { textOf, scrub } from './scrub.js';
import { encode } from './encode.js';
import { reform } from './core-api.js';
import { KIND_REQUEST, AUDIENCE_ALL } from './protocol.js';

const HOOKS = ['onRequest', 'onResponse', 'onError'];
/** What `ctx.retry()` returns: a hook's request to replay the call once. */
const RETRY = typeof Symbol === 'function' ? Symbol('retry') : { retry: true };

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
function hookError(method, which, cause) {
  return new WXAPIError('hook', method, `the ${which} hook failed: ${textOf(cause)}`, { param: which, cause });
}

/**
 * Runs hook `which` of each set in order, each after the previous one
 * settled (hooks may be async). `step(result)` sees each hook's result and
 * says whether to go on. Resolves when done; rejects with the hook's error.
 */
function runHooks(sets, which, args, step) {
  let p = Promise.resolve(true);
  for (const set of sets) {
    const f = set[which];
    if (!f) continue;
    p = p.then((goOn) => (goOn ? Promise.resolve(f.apply(undefined, args)).then(step) : false));
  }
  return p;
}

/**
 * The error of a hook that threw, scrubbed like every other message: of the
 * secrets the call carries, and of those the hooks put into ctx.data and
 * ctx.header (a hook's own message may quote them).
 */
function hookFailure(call, which, cause) {
  const e = hookError(call.method, which, cause);
  scrub(e, call.sent);
  if (call.ctx) scrub(e, { d: call.ctx.data, h: call.ctx.header });
  return e;
}

/** What hooks see of a call: a copy of its fields; url, verb and method are for reading. */
function contextOf(call) {
  const d = call.sent || {};
  if (!call.ctx) call.ctx = { method: call.method, attempt: 0, retry: () => RETRY };
  const ctx = call.ctx;
  ctx.attempt = call.attempt;
  ctx.verb = d.m;
  ctx.url = d.u !== undefined ? d.u : d.p;
  // Parsed from the core's answer (the caller's object is not it), and a copy of it: the fields sent stay as
  // they were, for scrubbing a hook's message of them.
  ctx.data = d.d && typeof d.d === 'object' && !Array.isArray(d.d) ? Object.assign({}, d.d) : d.d;
  ctx.header = Object.assign({}, d.h);
  return ctx;
}

/**
 * The hook stages of one engine: loader (the core), route (audiences), style
 * (the surface's), dispatch (the stage after onRequest), replay (a call again).
 */
export function createHookStages(loader, route, style, dispatch, replay) {
  /** Runs the onRequest hooks, has the core check and re-form what they made, then dispatches. */
  function before(call) {
    const d = call.sent;
    const ctx = contextOf(call);
    const n = call.attempt;
    const current = () => !call.settled && call.attempt === n;
    call.watch(0); // a hook that never settles still times out
    runHooks(call.hooks, 'onRequest', [ctx], current)
      .then(
        () => {
          if (!current()) return;
          call.unwatch();
          // Who reads the re-formed fields: uploads need them as an object.
          const who = d.k === KIND_REQUEST ? route.audience(call.method, call.request) : AUDIENCE_ALL;
          const r = reform(loader.core(), call.method, `[${encode(ctx.data)},${encode(ctx.header)},${encode(d.m)}]`, who, style);
          for (const k of ['d', 'q', 'h']) {
            if (r[k] !== undefined) d[k] = r[k];
            else delete d[k];
          }
          dispatch(call);
        },
        (e) => {
          throw hookFailure(call, 'onRequest', e);
        },
      )
      .then(undefined, (e) => {
        if (!current()) return;
        if (!(e instanceof WXAPIError)) e = new WXAPIError('argument', call.method, `the onRequest hooks' result could not be read (${textOf(e)})`, { cause: e });
        call.answer(call.attempt, false, e);
      });
  }

  /** Runs the onResponse / onError hooks, which may replace the result or ask once for the call again. */
  function after(call, ok, value) {
    const which = ok ? 'onResponse' : 'onError';
    const ctx = contextOf(call);
    let result = value;
    let again = false;
    runHooks(call.hooks, which, [ctx, value], (r) => {
      if (call.settled) return false;
      if (r === RETRY) {
        if (call.hookRetried) return true; // once per call
        again = true;
        return false;
      }
      if (ok && r !== undefined) result = r;
      return true;
    }).then(
      () => {
        if (call.settled) return;
        if (again) {
          call.hookRetried = true;
          call.release();
          replay(call);
        } else {
          call.settle(ok, result);
        }
      },
      (e) => call.settle(false, hookFailure(call, which, e)),
    );
  }

  return { before, after };
}
