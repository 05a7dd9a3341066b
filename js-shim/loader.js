// One wasm instance per engine: started by the first config (after the task
// that made it, so that an init3({wasmPath}) right after init() is the path
// loaded; Node's at once), the first call or `ready`, never at module load;
// the operations made before it loaded, kept in the order they were made (a
// config, a call); a failed load, remembered for the calls that cannot wait.

import { WXAPIError } from './errors.js';
import { Call } from './call.js';
import { attach } from './core-api.js';

/**
 * @param {object} runtime  its `load(options)` instantiates the core
 * @param {object} options  the shim's options (settings.js): `wasmPath`
 * @param {(op: object) => void} replay  runs a deferred operation once loaded
 */
export function createLoader(runtime, options, replay) {
  let core = null; // {glue, exports, io, slots} once the wasm is instantiated
  let loading = null;
  // Config and calls made before the core loaded, in the order they were
  // made: when it loads, each config is applied and each call built in that
  // order, so every call uses the config in force when it was made.
  let pending = [];
  let lastFailure = null; // why the last load failed, for the calls that cannot wait

  function loaded(c) {
    core = attach(c);
    lastFailure = null;
    const ops = pending;
    pending = [];
    for (const op of ops) replay(op);
    return core;
  }

  function failed(e) {
    loading = null; // a later call (or a new init3({wasmPath})) tries again
    const why = `the wasm core failed to load on ${runtime.name}: ${e && e.message ? e.message : e}`;
    lastFailure = why;
    // The calls that waited fail, each naming its method; the config stays
    // queued for the next attempt.
    const ops = pending;
    pending = ops.filter((op) => !(op instanceof Call));
    for (const op of ops) if (op instanceof Call) op.settle(false, new WXAPIError('unsupported', op.method, why, { cause: e }));
  }

  /** Starts loading if needed. */
  function start() {
    if (core || loading) return;
    const path = options.wasmPath;
    let r;
    try {
      r = runtime.load(options);
    } catch (e) {
      r = Promise.reject(e);
    }
    if (r && typeof r.then !== 'function') {
      loaded(r);
      return;
    }
    loading = Promise.resolve(r).then(loaded, (e) => {
      // An init3({wasmPath}) given while this load was under way: that path
      // is tried before anything fails.
      if (options.wasmPath === path) return failed(e);
      loading = null;
      start();
      return loading;
    });
  }

  let soon = false;
  /**
   * Starts loading after the task that asked (a config): the load overlaps
   * the app's own start-up instead of waiting for its first call, and an
   * init3({wasmPath}) made in the same task is the path loaded.
   */
  function startSoon() {
    if (core || loading || soon || typeof setTimeout !== 'function') return;
    soon = true;
    setTimeout(() => {
      soon = false;
      start();
    }, 0);
  }

  // core(): the loaded core, or null; start(), startSoon(): start loading now
  // or after this task; defer(op): keeps an operation (a Call, or a config
  // step) for when the core has loaded; failure(): why the last load failed;
  // ready(): starts loading, settles when the core is ready.
  return {
    core: () => core,
    start,
    startSoon,
    defer(op) {
      pending.push(op);
    },
    failure: () => lastFailure,
    ready() {
      start();
      if (core) return Promise.resolve();
      return loading.then(() => {
        if (!core) throw new WXAPIError('unsupported', 'ready', lastFailure || 'the wasm core did not load');
      });
    },
  };
}
