// The public face of an engine: method() makes one function per table row
// (js-shim/methods.js, all.js), assemble() the WXAPI object, withOptions()
// the views that call methods with per-call options.

import { WXAPIError, thrownFrom } from './errors.js';
import { textOf } from './scrub.js';
import { timeoutValid } from './settings.js';
import { readRow } from './row.js';

const STATS = typeof Symbol === 'function' ? Symbol.for('apifm-wasm.stats') : '@@apifm-wasm.stats';
const VIEW_OPTIONS = typeof Symbol === 'function' ? Symbol('options') : '@@apifm-wasm.options';

/** What a withOptions() view's method passes as `this` to the method it calls: its options, and itself (the call's site). */
export function ViewCall(options, site) {
  this.options = options;
  this.site = site;
}

/**
 * A method of the engine: `row` is its table row (null for WXAPI.request),
 * or with `table` (a packed table's lookup: packed.js) the row's index in it;
 * `read` 1 when it only reads (tools/gen-table.js). Its spec (row.js) is
 * read on first use, which keeps start-up cheap.
 */
export function method(engine, name, row, read, table) {
  // Made once per engine: a named export is the WXAPI object's method. One
  // closure per method (made for all of them at load: ≈1 µs each).
  if (engine.methods[name]) return engine.methods[name];
  let spec = null;
  const f = function () {
    // `this`: a ViewCall when a withOptions() view calls it.
    return engine.call(spec || (spec = readRow(name, table ? table(row) : row, read)), arguments, f, this);
  };
  if (row === null && engine.main) Object.defineProperty(f, 'interceptors', { value: ALIAS_MISTAKE });
  return (engine.methods[name] = f);
}

// apifm-webapi's `request` is its axios instance, and its apps start with
// `WXAPI.request.interceptors.request.use(…)`. An app installed with the npm
// alias (apifm-webapi@npm:apifm-wasm) but without the bundler alias line gets
// the main entry, whose `request` is apifm-wxapi's function: the first use
// of its interceptors says what to add, instead of a TypeError at load.
function aliasMistake() {
  throw thrownFrom(new WXAPIError('config', 'request', "apifm-wasm's main entry is apifm-wxapi's: no interceptors. apifm-webapi's request is in apifm-wasm/webapi; "
    + "installed as apifm-webapi@npm:apifm-wasm, add to the bundler config — Vite: resolve: { alias: [{ find: /^apifm-webapi$/, replacement: 'apifm-webapi/webapi' }] }; "
    + "webpack: resolve: { alias: { 'apifm-webapi$': 'apifm-webapi/webapi' } } (docs/migration.md)", { param: 'interceptors' }), aliasMistake);
}
const aliasList = { use: aliasMistake, eject: aliasMistake };
const ALIAS_MISTAKE = { request: aliasList, response: aliasList };

/**
 * The WXAPI object: init/init2/init3/setMerchantId, then `extra` (a surface's
 * own functions) in their order; the generated all() adds the table's methods.
 */
export function assemble(engine, extra) {
  const WXAPI = { init2: engine.init2, init: engine.init, setMerchantId: engine.setMerchantId, init3: engine.init3 };
  for (const name of Object.keys(extra)) WXAPI[name] = extra[name];
  const hidden = (key, value) => Object.defineProperty(WXAPI, key, { enumerable: false, value });
  Object.defineProperty(WXAPI, 'ready', { enumerable: false, get: engine.ready });
  hidden('WXAPIError', WXAPIError);
  // `import WXAPI from 'apifm-wasm'` compiled to CommonJS reads `.default`.
  hidden('default', WXAPI);
  hidden('withOptions', engine.withOptions);
  hidden('use', engine.use);
  hidden(STATS, engine.stats);
  return WXAPI;
}

/**
 * Per-call options: `WXAPI.withOptions({ signal, timeout }).goodsDetail(1)`
 * (`signal` an AbortSignal, `timeout` in ms). `methods`: the engine's.
 */
export function views(methods) {
  let proto = null;
  /**
   * The methods of a view, made once for every view: each one is a getter
   * that, on first use through a view, makes the method of that view (so
   * destructuring works) — a view costs one object, not 973 closures.
   */
  function viewProto() {
    if (proto) return proto;
    proto = {};
    for (const name of Object.keys(methods)) {
      Object.defineProperty(proto, name, {
        configurable: true,
        enumerable: true,
        get() {
          const o = this[VIEW_OPTIONS];
          const made = methods[name];
          const m = function () {
            return made.apply(self, arguments);
          };
          const self = new ViewCall(o, m);
          Object.defineProperty(this, name, { value: m, enumerable: true, configurable: true });
          return m;
        },
      });
    }
    return proto;
  }
  return function withOptions(callOptions) {
    let o;
    try {
      // Read once; a signal must be an AbortSignal (or look like one).
      const { signal, timeout } = callOptions || {};
      const usable = signal === undefined || signal === null || (typeof signal === 'object' && typeof signal.addEventListener === 'function' && typeof signal.removeEventListener === 'function');
      o = { signal: usable ? signal || undefined : false, timeout };
    } catch (cause) {
      throw new WXAPIError('config', 'withOptions', `options could not be read (${textOf(cause)})`, { cause });
    }
    if (o.signal === false) throw new WXAPIError('config', 'withOptions', 'signal must be an AbortSignal', { param: 'signal' });
    if (!timeoutValid(o.timeout)) throw new WXAPIError('config', 'withOptions', 'timeout must be a number of milliseconds (1 … 3600000)', { param: 'timeout' });
    const view = Object.create(viewProto());
    Object.defineProperty(view, VIEW_OPTIONS, { value: o });
    return view;
  };
}
