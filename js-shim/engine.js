// The engine of one runtime: wires the parts (settings, loader, route,
// pipeline) and makes the public engine object the methods call. Runtime-
// neutral: the entry of each runtime supplies `load` (the wasm core) and
// `transport` (how a descriptor is sent). docs/architecture.md, "one call".

import { WXAPIError, sitesWanted, callSite, thrownFrom } from './errors.js';
import { Call, promiseOf } from './call.js';
import { createLoader } from './loader.js';
import { createSettings, defaultOptions } from './settings.js';
import { createEarly } from './early.js';
import { createRoute } from './route.js';
import { createPipeline, prepare } from './pipeline.js';
import { checkHooks } from './hooks.js';
import { ViewCall, views } from './api.js';
import { STYLE_WX } from './protocol.js';

/**
 * @typedef {object} Runtime
 * @property {string} name    'node' | 'browser' | 'miniprogram'
 * @property {boolean} [sync] load() returns the core at once (Node): config is checked when given
 * @property {(options: object) => Core | Promise<Core>} load   instantiates the wasm (first call or config; never at module load)
 * @property {(options: object) => object} transport             picks the transport ({gated, audience, defaultTimeout}: route.js)
 * @property {number} [style] the surface's encoding style (protocol.js STYLE_*): STYLE_QS apifm-webapi's (axios + qs), else apifm-wxapi's
 * @property {() => boolean} [debug] someone is debugging (Node, a development build): calls take their site (errors.js)
 * @typedef {{glue: object, exports: {memory: WebAssembly.Memory, output_ptr: () => number}}} Core
 */

/** @param {Runtime} runtime */
export function createEngine(runtime) {
  const options = defaultOptions();
  const early = createEarly();
  const loader = createLoader(runtime, options, (op) => (op instanceof Call ? pipeline.run(op) : settings.step(op)));
  const route = createRoute(runtime, options);
  const settings = createSettings(runtime, options, loader, early, route);
  const pipeline = createPipeline(loader, settings.now, route, runtime.style || STYLE_WX);
  const now = settings.now;
  let hooks = []; // WXAPI.use() sets, in the order added (replaced, never changed in place)
  let sites; // whether calls take their site (sitesWanted, at the first call)

  /**
   * Runs one asynchronous call. The returned promise has `abort()`: it
   * rejects the call with kind 'aborted', takes it out of the queue or
   * cancels the request in flight, and frees its slot.
   */
  function invoke(name, spec, args, callOptions, caller) {
    // What the call was made with: its timeout and request function are
    // those in force now, whenever the core loads.
    const call = new Call(name, spec, (callOptions && callOptions.timeout) || options.timeout, now.request, options.maxResponseBytes);
    if (sites === undefined) sites = sitesWanted(runtime);
    if (sites) call.site = callSite(caller); // its error, if it fails, points at the caller's line
    if (hooks.length) call.hooks = hooks;
    if (now.retry && spec.read) call.retryPolicy = now.retry; // only reads (spec/retry-safe.json); never WXAPI.request, whose effect no one reviewed
    if (call.hooks || call.retryPolicy) call.after = pipeline.after;
    const promise = promiseOf(call);
    promise.abort = (reason) => call.abort(reason);
    const signal = callOptions && callOptions.signal;
    if (signal && !call.listen(signal)) return promise;
    try {
      call.prepared = prepare(name, args, spec);
    } catch (e) {
      call.settle(false, e);
      return promise;
    }
    if (loader.core()) {
      pipeline.run(call);
    } else {
      loader.defer(call);
      loader.start();
    }
    return promise;
  }

  function syncCall(name, spec, args, caller) {
    try {
      const prepared = prepare(name, args, spec);
      loader.start();
      if (!loader.core()) {
        const url = now.refused ? null : early.url(spec, args);
        if (url !== null) return url;
        const why = loader.failure(); // a load under way has not failed (yet)
        throw new WXAPIError('unsupported', name, why || 'the wasm core is still loading: await WXAPI.ready before calling synchronous methods at start-up');
      }
      return pipeline.url(name, prepared, spec);
    } catch (e) {
      throw thrownFrom(e, caller);
    }
  }

  /** The public function `f` (init3, use…): a WXAPIError it throws points at the caller's line. */
  function entry(f) {
    const g = function () {
      try {
        return f.apply(this, arguments);
      } catch (e) {
        throw thrownFrom(e, g);
      }
    };
    return g;
  }

  const methods = {}; // name -> the method's function, for every method made (api.js method())
  // main: apifm-wxapi's surface (the main entry), not a vendor surface's engine.
  // call(spec, args, caller, self): one call of a method (`caller`: the function
  //   the app called; `self`: a ViewCall through a withOptions() view).
  // use(set): adds request hooks ({ onRequest, onResponse, onError },
  //   docs/hooks.md) for the calls made from now on; returns their remover.
  // stats(): numbers for benchmarks and tests: wasm memory, calls in flight, queued.
  return {
    methods,
    main: !runtime.surface,
    call(spec, args, caller, self) {
      const view = self instanceof ViewCall ? self : null;
      const site = view ? view.site : caller;
      return spec.sync ? syncCall(spec.name, spec, args, site) : invoke(spec.name, spec, args, view && view.options, site);
    },
    init2: entry(settings.init2),
    init: entry(settings.init),
    setMerchantId: entry(settings.setMerchantId),
    init3: entry(settings.init3),
    use: entry((set) => {
      const added = checkHooks(set);
      hooks = hooks.concat([added]);
      return function remove() {
        hooks = hooks.filter((h) => h !== added);
      };
    }),
    ready: loader.ready,
    withOptions: entry(views(methods)),
    stats: () => Object.assign({ wasmMemoryBytes: loader.core() ? loader.core().exports.memory.buffer.byteLength : 0 }, route.stats()),
  };
}
