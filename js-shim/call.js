// One asynchronous call as a record (engine.js makes them, pipeline.js
// moves them through its stages, queue.js queues them, route.js launches
// them, the transports answer them), and its one cancel path: a timeout, the caller's abort (abort() or
// its signal), a retry's wait and a shared GET's leave all end the attempt
// through cancelAttempt(); a transport says how to cancel with ctx.onCancel().

import { WXAPIError, located } from './errors.js';
import { scrub, textOf } from './scrub.js';

/**
 * One asynchronous call: everything it needs and holds, in one record whose
 * methods are shared (a pending call is this object, its promise and the
 * promise's abort(); nothing else). It is also the `ctx` the transports get
 * (method, timeout, maxResponseBytes, attempt, settled; onCancel()). A
 * settled call lets go of everything: an app that keeps the promise keeps
 * neither the arguments nor the descriptor nor the platform task.
 */
export function Call(name, spec, timeout, request, maxResponseBytes) {
  this.method = name;
  this.spec = spec;
  this.timeout = timeout;
  this.request = request;
  this.maxResponseBytes = maxResponseBytes;
  this.settled = false;
  this.resolve = null;
  this.reject = null;
  this.prepared = null; // the encoded arguments, until built
  this.sent = null; // the descriptor, until settled
  this.transport = null;
  this.cancel = null;
  this.timer = null;
  this.gate = null;
  this.slot = 0;
  this.attempt = 0; // 1, 2 … for each retry: answers of an earlier attempt are ignored
}

// What only some calls have lives on the prototype until a call sets its
// own: a pending call without a signal, hooks or retries is 7 fields
// (≈56 B) smaller, and 100,000 queued calls are that much less for the GC
// to walk while they settle.
Call.prototype.signal = null;
Call.prototype.onSignal = null;
Call.prototype.hooks = null; // the WXAPI.use() sets in force when the call was made
Call.prototype.retryPolicy = null;
Call.prototype.after = null; // pipeline.js: retries and response hooks, before the call settles
Call.prototype.ctx = null; // what the hooks see
Call.prototype.hookRetried = false;
Call.prototype.site = null; // where the app made the call (errors.js callSite), when sites are taken
Call.prototype.siteUsed = false; // the site became an error (a retry's next error borrows its frames)

/** An answer of attempt `n`: through the retries and hooks, if any, then settled. */
Call.prototype.answer = function answer(n, ok, value) {
  if (this.settled || n !== this.attempt) return;
  if (!ok) value = located(this, value);
  if (this.after) this.after(this, ok, value);
  else this.settle(ok, value);
};

let executing = null;
function takeSettlers(resolve, reject) {
  executing.resolve = resolve;
  executing.reject = reject;
}
/** The promise of `call` (made without a closure per call). */
export function promiseOf(call) {
  executing = call;
  const p = new Promise(takeSettlers);
  executing = null;
  return p;
}

Call.prototype.settle = function settle(ok, value) {
  if (this.settled) return;
  this.settled = true;
  if (this.timer !== null) clearTimeout(this.timer);
  if (this.onSignal) {
    try {
      this.signal.removeEventListener('abort', this.onSignal);
    } catch (_) {
      // a signal-like object that cannot let go: the call settles anyway
    }
  }
  const done = ok ? this.resolve : this.reject;
  if (this.site !== null) {
    if (!ok) value = located(this, value); // hooks' own errors, aborts, timeouts
    this.site = null;
  }
  const g = this.gate;
  this.resolve = this.reject = this.prepared = this.sent = this.transport = null;
  this.request = this.timer = this.gate = this.cancel = null; // the platform task too: it would outlive the request, and survive young-generation GCs
  if (this.signal !== null) this.signal = this.onSignal = null; // only those set their own (see above)
  if (this.after !== null) this.hooks = this.ctx = this.after = null;
  if (g) g.leave(this);
  done(value);
};

/**
 * How a transport (or dedupe.js) cancels the attempt in flight: a function,
 * or a platform task whose abort() cancels it. The one way in.
 */
Call.prototype.onCancel = function onCancel(cancel) {
  if (!this.settled) this.cancel = cancel;
};

/** Ends the attempt in flight: runs what its transport registered (once). The one way out. */
Call.prototype.cancelAttempt = function cancelAttempt() {
  const cancel = this.cancel;
  this.cancel = null;
  try {
    if (typeof cancel === 'function') cancel();
    else if (cancel) cancel.abort();
  } catch (_) {
    // the platform's task.abort() threw: the request has ended all the same
  }
};

/** Fails the call with `error` and ends its request (abort, timeout, the last caller leaving a shared GET). */
Call.prototype.stop = function stop(error) {
  if (this.settled) return;
  const cancel = this.cancel;
  const g = this.gate;
  this.cancel = null;
  this.gate = null; // the slot stays taken until the task is aborted: never one more request live than the limit
  this.settle(false, error);
  this.cancel = cancel;
  this.cancelAttempt();
  if (g) g.leave(this);
};

/** The caller's abort (promise.abort() or its signal): kind 'aborted'. */
Call.prototype.abort = function abort(reason) {
  this.stop(new WXAPIError('aborted', this.method, reason ? `aborted: ${textOf(reason)}` : 'aborted by the caller', { errMsg: 'request:fail abort' }));
};

/** Follows the caller's AbortSignal; false when it cannot be read (the call has failed). */
Call.prototype.listen = function listen(signal) {
  const call = this;
  const aborted = () => {
    let why;
    try {
      why = signal.reason && signal.reason.message;
    } catch (_) {
      // a reason that cannot be read: aborted all the same
    }
    call.abort(why);
  };
  try {
    if (signal.aborted) {
      aborted();
      return false;
    }
    call.signal = signal;
    call.onSignal = aborted;
    signal.addEventListener('abort', call.onSignal);
    return true;
  } catch (cause) {
    call.onSignal = null;
    call.settle(false, new WXAPIError('config', call.method, `the signal could not be read (${textOf(cause)})`, { param: 'signal', cause }));
    return false;
  }
};

/** Stops the watchdog (or a retry's wait). */
Call.prototype.unwatch = function unwatch() {
  if (this.timer !== null) {
    clearTimeout(this.timer);
    this.timer = null;
  }
};

/** Ends the attempt in flight before a retry: its timer, its slot in the gate, its descriptor. */
Call.prototype.release = function release() {
  this.unwatch();
  this.cancel = null;
  const g = this.gate;
  this.gate = null;
  if (g) g.leave(this);
  this.sent = null;
  this.transport = null;
};

function expire(call, ms) {
  call.timer = null;
  const error = new WXAPIError('timeout', call.method, `no answer within ${ms} ms`, { errMsg: 'request:fail timeout' });
  if (!call.after) {
    call.stop(error);
    return;
  }
  // Retries and hooks see a timeout as any other answer.
  call.cancelAttempt();
  call.answer(call.attempt, false, error);
}

/** With a timeout (`ms`, else the configured one), the call fails with kind 'timeout' after it (plus `extra` ms). */
Call.prototype.watch = function watch(extra, ms) {
  const t = ms || this.timeout;
  if (t && !this.settled) this.timer = setTimeout(expire, t + extra, this, t);
};

/**
 * A transport's answer to attempt `n` of the call, sent as descriptor `d`
 * (what transports call; they read `n` from `attempt` when they send): an
 * error is scrubbed of what `d` carried (tokens) before anyone sees it.
 */
Call.prototype.reply = function reply(n, ok, value, d) {
  if (this.settled || n !== this.attempt) return;
  this.answer(n, ok, ok ? value : scrub(value, d));
};
