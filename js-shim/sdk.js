// The engine of one runtime (config, the wasm core, the queue, transports)
// and the methods bound to it. Runtime-neutral: the entry of each runtime
// supplies `load` (the wasm core) and `transport` (how a descriptor is sent).
// The generated js-shim/methods.js makes one method per table row with
// `method()` — each carries its own row, so a bundler keeps only the methods
// an app imports — and the default WXAPI object with `assemble()`.

import { WXAPIError, redact, sitesWanted, callSite, thrownFrom, copyError } from './errors.js';
import { encode, encodeList, EncodeError } from './encode.js';
import { writeInput, readOutput } from './wasm-io.js';
import { MAX_CALL, CORE_OPTIONS } from './limits.js'; // larger calls are refused before they reach wasm
import { textOf, scrub } from './scrub.js';
import { gate } from './queue.js';
import { Call, promiseOf } from './call.js';
import { RETRY, checkHooks, hookError, runHooks, retryPolicy, retryable, backoffDelay } from './hooks.js';

const PLATFORM_CONCURRENCY = 10; // wx.request's limit; tt/my/uni have the same
// A shared request (dedupe) is cancelled when its last caller leaves, and each caller keeps its own
// timeout: the request itself gets the longest any caller may set; a caller without one, fetch's default.
const SHARED_TIMEOUT = 3600000;
const DEFAULT_TIMEOUT = 60000;
const STATS = typeof Symbol === 'function' ? Symbol.for('apifm-wasm.stats') : '@@apifm-wasm.stats';
// Who reads a descriptor (Audience::from_code in core/src/descriptor.rs): the core writes only its fields.
const AUDIENCE = { requestFunction: 1, platform: 2, fetch: 3 };
const VIEW_OPTIONS = typeof Symbol === 'function' ? Symbol('options') : '@@apifm-wasm.options';

/**
 * @typedef {object} Runtime
 * @property {string} name    'node' | 'browser' | 'miniprogram'
 * @property {boolean} [sync] load() returns the core at once (Node): config is checked when given
 * @property {(options: object) => Core | Promise<Core>} load   instantiates the wasm (first call or config; never at module load)
 * @property {(options: object) => object} transport             picks the transport
 * @property {number} [style] the surface's encoding style (Style::from_code in core/src/form.rs): 1 apifm-webapi's (axios + qs), else apifm-wxapi's
 * @property {() => boolean} [debug] someone is debugging (Node, a development build): calls take their site (errors.js)
 * @typedef {{glue: object, exports: {memory: WebAssembly.Memory, output_ptr: () => number}}} Core
 */

/** What the shim must know of a method before calling the core: its row and flags (tools/gen-table.js). */
function specOf(name, row, flags) {
  const f = flags || '';
  const storage = /k:(\w+)/.exec(f);
  const file = /f(\d|o)/.exec(f);
  return {
    name,
    row, // null: WXAPI.request itself
    sync: f.indexOf('r') >= 0,
    random: f.indexOf('~') >= 0,
    read: f.indexOf('R') >= 0, // only reads (spec/retry-safe.json): retries and shared GETs apply to it alone
    storage: storage ? storage[1] : null,
    file: file ? file[1] : null,
  };
}

// init3's options: those the core checks (spec/limits.json), and those the shim keeps.
const INIT3_OPTIONS = CORE_OPTIONS.concat(['request', 'timeout', 'wasmPath', 'transport', 'maxConcurrent', 'maxResponseBytes', 'retry', 'dedupe']);
const warned = {};
const BASE_URLS = ['apiBaseUrl', 'commonBaseUrl', 'cmsBaseUrl', 'ossBaseUrl'];
let urlWorks; // whether the platform has a URL parser that reads a plain https URL (not a partial polyfill)
function urlParser() {
  if (urlWorks === undefined) {
    try {
      urlWorks = typeof URL === 'function' && new URL('https://api.it120.cc/a?b=1').hostname === 'api.it120.cc';
    } catch (_) {
      urlWorks = false;
    }
  }
  return urlWorks;
}

/**
 * An init3 key we do not know is ignored, as the reference ignores it, with
 * one console warning per key (a typo such as apiBaseURL would otherwise
 * leave the default host in force silently; refusing it would break apps
 * that pass a wider config object).
 */
function warnUnknown(keys) {
  for (const k of keys) {
    if (INIT3_OPTIONS.indexOf(k) >= 0 || warned[k]) continue;
    warned[k] = true;
    const near = INIT3_OPTIONS.filter((o) => o.toLowerCase() === String(k).toLowerCase())[0];
    try {
      if (typeof console !== 'undefined' && typeof console.warn === 'function') {
        console.warn(`WXAPI.init3: unknown option '${k}' ignored${near ? ` (did you mean '${near}'?)` : ''}`);
      }
    } catch (_) {
      // no console: nothing to say it with
    }
  }
}

/** @param {Runtime} runtime */
export function createEngine(runtime) {
  const style = (runtime.style || 0) << 4; // rides in the high bits of the audience number (src/lib.rs)
  let core = null; // {glue, exports, io} once the wasm is instantiated
  let loading = null;
  // Config and calls made before the core loaded, in the order they were
  // made: when it loads, each config is applied and each call built in that
  // order, so every call uses the config in force when it was made.
  let pending = [];
  let configError = null; // the last config refused (until one is accepted)
  let customRequest = null;
  let currentTransport = null;
  let platformGate = null;
  const options = { timeout: undefined, concurrency: PLATFORM_CONCURRENCY }; // timeout: only when configured
  let hooks = []; // WXAPI.use() sets, in the order added (replaced, never changed in place)
  let retry = null; // init3({retry}): the policy, or null
  let dedupe = false; // init3({dedupe}): identical GETs in flight share one request
  const shared = new Map(); // dedupe: request key -> {key, lead, calls}

  // --- loading -----------------------------------------------------------
  function loaded(c) {
    core = c;
    lastFailure = null;
    core.io = { input: c.glue.input, output_ptr: c.glue.output_ptr, memory: c.exports.memory };
    core.slots = {}; // method name -> slot of its row in this instance (core.glue.row)
    const ops = pending;
    pending = [];
    for (const op of ops) {
      if (op instanceof Call) run(op);
      else configStep(op.config, op.text);
    }
    return core;
  }

  let lastFailure = null; // why the last load failed, for the calls that cannot wait
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

  /** Starts loading if needed (at the first call, `ready`, or Node's first config). */
  function start() {
    if (core || loading) return;
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
    loading = Promise.resolve(r).then(loaded, failed);
  }

  // --- configuration -------------------------------------------------------
  function applyConfig(method, text) {
    const len = writeInput(core.io, text);
    if (len < 0) throw new WXAPIError('config', method, 'options are too large');
    const out = readOutput(core.io, core.glue.configure(len));
    if (out) throw coreError(method, out.slice(1), 'config');
  }

  function configStep(method, text) {
    try {
      applyConfig(method, text);
      configError = null;
    } catch (e) {
      configError = e;
    }
  }

  // What graphValidateCodeUrl needs before the core is loaded (a login
  // page's onLoad asks for it on the first line of an app): the API host and
  // subDomain as configured, when they are plainly valid. Anything unusual
  // leaves it to the core (`unsure`).
  const early = { api: 'https://api.it120.cc', sub: undefined, unsure: false };
  const PLAIN_SUB = /^(?!\.\.?$)[A-Za-z0-9._~-]{1,128}$/;
  const PLAIN_BASE = /^https:\/\/[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:[1-9][0-9]{0,4})?(\/[A-Za-z0-9_~-]+)*\/?$/;
  function track(opts) {
    const { apiBaseUrl, subDomain } = opts;
    if (apiBaseUrl !== undefined) {
      if (typeof apiBaseUrl === 'string' && PLAIN_BASE.test(apiBaseUrl) && Number((/:(\d+)/.exec(apiBaseUrl.slice(8)) || [0, 1])[1]) <= 65535) early.api = apiBaseUrl.replace(/\/+$/, '');
      else early.unsure = true;
    }
    if (subDomain !== undefined) {
      if (typeof subDomain === 'string' && PLAIN_SUB.test(subDomain)) early.sub = subDomain;
      else early.unsure = true;
    }
  }

  function configure(method, opts) {
    let text;
    try {
      text = encode(opts); // read now: later changes to opts do not count
    } catch (cause) {
      throw new WXAPIError('config', method, 'options could not be read', { cause });
    }
    parsable(method, JSON.parse(text));
    if (!core) track(opts);
    if (!core && runtime.sync) start();
    if (core) {
      applyConfig(method, text);
      configError = null;
    } else {
      pending.push({ config: method, text });
    }
  }

  /**
   * A base URL the platform's URL parser refuses (an invalid punycode label
   * such as xn--api-it120-cc) would fail every call: refused now, where
   * there is a URL parser (the core checks everything else).
   */
  function parsable(method, encoded) {
    if (!urlParser() || !encoded || typeof encoded !== 'object') return;
    for (const k of BASE_URLS) {
      const v = encoded[k];
      if (typeof v !== 'string' || v.charAt(0) !== 's') continue; // the encoded string value: 's' + text
      try {
        new URL(v.slice(1)); // eslint-disable-line no-new
      } catch (_) {
        throw new WXAPIError('config', method, `${k} is not a URL this platform can parse`, { param: k });
      }
    }
  }

  function coreError(method, text, fallbackKind) {
    let e;
    try {
      e = JSON.parse(text);
    } catch (_) {
      e = { e: fallbackKind || 'argument', p: '', m: text };
    }
    const where = e.p ? `${e.p} ` : '';
    return new WXAPIError(e.e, method, where + e.m, { param: e.p || undefined });
  }

  // --- calls ---------------------------------------------------------------
  function transport() {
    if (!currentTransport) {
      currentTransport = runtime.transport(options);
      if (currentTransport.name !== 'fetch' && !platformGate) platformGate = gate(options.concurrency);
    }
    return currentTransport;
  }

  /** Encodes a call at call time: later changes by the caller cannot leak in. */
  function prepare(name, args, spec) {
    const n = args.length;
    let file;
    let list = args;
    try {
      if (spec.file !== null) {
        // The file stays in JS: a path on mini-programs, a Blob/File/Buffer elsewhere.
        list = Array.prototype.slice.call(args);
        if (spec.file === 'o') {
          const obj = list[0];
          if (obj && typeof obj === 'object') {
            file = obj.tempFilePath;
            list[0] = Object.assign({}, obj, { tempFilePath: typeof file === 'string' ? file : file ? {} : undefined });
          }
        } else {
          const i = Number(spec.file);
          file = list[i];
          if (file !== undefined && file !== null && typeof file !== 'string') list[i] = {};
        }
      }
      const text = encodeList(list, n);
      if (text.length > MAX_CALL) throw new EncodeError('is too large: a call may carry at most 8 MB of arguments');
      return { text, file };
    } catch (cause) {
      const why = cause instanceof EncodeError ? cause.message : `could not be read (${textOf(cause)})`;
      throw new WXAPIError('argument', name, `an argument ${why}`, { cause });
    }
  }

  /** Who will read the descriptor: the core writes only the fields it uses. */
  function audience(name, request) {
    if (request && name !== 'request') return AUDIENCE.requestFunction;
    return transport().name === 'fetch' ? AUDIENCE.fetch : AUDIENCE.platform;
  }

  /**
   * The slot of the method's row in the loaded core: the row is handed over
   * (and read by the core) once per method, at its first call.
   */
  function slotOf(spec) {
    if (spec.row === null) return 0; // WXAPI.request itself
    let slot = core.slots[spec.name];
    if (slot === undefined) {
      const len = writeInput(core.io, spec.row);
      slot = len < 0 ? 0 : core.glue.row(len);
      if (!slot) throw new WXAPIError('unsupported', spec.name, 'internal error: the wasm core refused the table row of this method (a defect of apifm-wasm: please report it)');
      core.slots[spec.name] = slot;
    }
    return slot;
  }

  /** The call's descriptor, built by the core with the config in force now. */
  function describe(call) {
    const { method: name, prepared, spec, request } = call;
    if (configError) {
      throw new WXAPIError('config', name, `configuration was refused: ${configError.message}`, { cause: configError });
    }
    let storage = '"u"';
    if (spec.storage) {
      const v = transport().storage(spec.storage);
      try {
        if (v !== undefined && v !== null && v !== '') storage = encode(v);
      } catch (cause) {
        const why = cause instanceof EncodeError ? cause.message : `could not be read (${textOf(cause)})`;
        throw new WXAPIError('argument', name, `the stored ${spec.storage} value ${why}`, { param: spec.storage, cause });
      }
    }
    const random = spec.random ? `"n${Math.random()}"` : '"u"';
    let out;
    try {
      const slot = slotOf(spec);
      const len = writeInput(core.io, `[${prepared.text},${storage},${random}]`);
      if (len < 0) throw new WXAPIError('argument', name, 'an argument is too large: a call may carry at most 8 MB of arguments');
      // With hooks, a platform or fetch call gets every field: the hooks see data, and the core re-forms it for the transport after them.
      const who = call.hooks && !(request && name !== 'request') ? 0 : audience(name, request);
      out = readOutput(core.io, core.glue.build(slot, who | style, len));
    } catch (cause) {
      if (cause instanceof WXAPIError) throw cause;
      throw new WXAPIError('unsupported', name, 'internal error in the wasm core', { cause });
    }
    if (out.charCodeAt(0) === 69 /* E */) throw coreError(name, out.slice(1));
    return JSON.parse(out);
  }

  /** Builds the call's descriptor (in call order, with the config of its time) and sends it. */
  function run(call) {
    if (call.settled) return;
    try {
      call.sent = describe(call);
    } catch (e) {
      call.answer(call.attempt, false, e);
      return;
    }
    // Built once for good (no retry or hook can rebuild it, no file to send): the encoded arguments can go.
    if (call.after === null && call.spec.file === null) call.prepared = null;
    if (call.hooks && call.sent.k !== 'url' && call.sent.k !== 'wx.compressImage') {
      beforeSend(call);
      return;
    }
    dispatch(call);
  }

  /** Sends the built (and hooked) descriptor: request function, shared request, gate or at once. */
  function dispatch(call) {
    if (call.settled) return;
    const d = call.sent;
    try {
      if (d.k === 'request' && call.request && call.method !== 'request') {
        // Called exactly as the reference calls its request function (a hook's headers as a fifth argument).
        call.watch(0);
        const args = [d.p, d.s, d.m];
        if (d.d !== undefined || d.h) args.push(d.d);
        if (d.h) args.push(d.h);
        call.follow(call.request.apply(undefined, args));
        return;
      }
      call.transport = transport();
    } catch (e) {
      call.answer(call.attempt, false, e);
      return;
    }
    if (dedupe && call.spec.read && d.k === 'request' && String(d.m).toLowerCase() === 'get') share(call);
    else enqueue(call);
  }

  function enqueue(call) {
    if (platformGate && call.transport.name !== 'fetch') platformGate.enter(call);
    else call.launch();
  }

  // --- hooks, retries, shared requests (docs/hooks.md) ----------------------
  /** Who reads a hooked descriptor (reform's audience): uploads need their fields as an object. */
  function reformAudience(call) {
    if (call.sent.k !== 'request') return 0;
    return audience(call.method, call.request);
  }

  /** Runs the onRequest hooks, checks what they made in the core, then sends. */
  function beforeSend(call) {
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
          const len = writeInput(core.io, `[${encode(ctx.data)},${encode(ctx.header)},${encode(d.m)}]`);
          if (len < 0) throw new WXAPIError('argument', call.method, 'the onRequest hooks made the call too large');
          const out = readOutput(core.io, core.glue.reform(reformAudience(call) | style, len));
          if (out.charCodeAt(0) === 69 /* E */) {
            const e = coreError(call.method, out.slice(1));
            throw new WXAPIError('argument', call.method, `after the onRequest hooks: ${e.message.replace(/^WXAPI\.\S+: /, '')}`, { param: e.param, cause: e });
          }
          const r = JSON.parse(out);
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
    if (!call.ctx) {
      call.ctx = {
        method: call.method,
        attempt: 0,
        retry: () => RETRY,
      };
    }
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
   * Every answer of a call with hooks or retries comes here first: a retry
   * of a read that failed, then the onResponse / onError hooks, which may
   * replace the result or ask once for the call again.
   */
  function after(call, ok, value) {
    // Only a method of spec/retry-safe.json has a policy (invoke()).
    if (!ok && call.retryPolicy && call.attempt < call.retryPolicy.retries && retryable(call.retryPolicy, value)) {
      const wait = backoffDelay(call.retryPolicy, call.attempt);
      call.release();
      call.timer = setTimeout(replay, wait, call); // abort clears it (Call#settle)
      return;
    }
    if (!call.hooks) {
      call.settle(ok, value);
      return;
    }
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

  /** Sends the call again (a retry or a hook's ctx.retry()), rebuilt with the config in force now. */
  function replay(call) {
    call.timer = null;
    if (call.settled) return;
    call.attempt++;
    run(call);
  }

  /**
   * Identical GETs of a read in flight share one request (init3({dedupe:
   * true})). Each caller keeps its own timeout (its own watchdog; the fetch
   * default when it has none) and signal, and leaves alone; the shared
   * request has no timeout of its own and lives while any caller waits.
   * Each caller gets its own copy of the result or error.
   */
  function share(call) {
    const d = call.sent;
    const key = `${d.m} ${d.u} ${d.q !== undefined ? d.q : JSON.stringify(d.d)} ${JSON.stringify(d.h || null)}`;
    let group = shared.get(key);
    if (!group) {
      const lead = new Call(call.method, call.spec, SHARED_TIMEOUT, null, call.maxResponseBytes);
      lead.sent = d;
      lead.transport = call.transport;
      group = { key, lead, calls: [] };
      const g = group;
      promiseOf(lead).then((v) => fan(g, true, v), (e) => fan(g, false, e));
      shared.set(key, group);
      enqueue(lead);
    }
    const g = group;
    g.calls.push(call);
    call.cancel = () => {
      const i = g.calls.indexOf(call);
      if (i >= 0) g.calls.splice(i, 1);
      if (!g.calls.length && !g.lead.settled) {
        if (shared.get(g.key) === g) shared.delete(g.key);
        g.lead.stop(new WXAPIError('aborted', call.method, 'every caller of the shared request left'));
      }
    };
    call.watch(0, call.timeout || DEFAULT_TIMEOUT);
  }

  function fan(group, ok, value) {
    if (shared.get(group.key) === group) shared.delete(group.key);
    const calls = group.calls;
    group.calls = [];
    calls.forEach((c, i) => {
      c.cancel = null;
      c.unwatch();
      // The first caller gets the result; each other one a copy of it. An error: a copy for each, naming its method.
      let v = value;
      if (!ok) v = copyError(value, c.method);
      else if (i > 0 && value && typeof value === 'object') v = JSON.parse(JSON.stringify(value));
      c.answer(c.attempt, ok, v);
    });
  }

  /**
   * Runs one asynchronous call. The returned promise has `abort()`: it
   * rejects the call with kind 'aborted', takes it out of the queue or
   * cancels the request in flight, and frees its slot.
   */
  function invoke(name, spec, args, callOptions, caller) {
    // What the call was made with: its timeout and request function are
    // those in force now, whenever the core loads.
    const call = new Call(name, spec, (callOptions && callOptions.timeout) || options.timeout, customRequest, options.maxResponseBytes);
    if (sites === undefined) sites = sitesWanted(runtime);
    if (sites) call.site = callSite(caller); // its error, if it fails, points at the caller's line
    if (hooks.length) call.hooks = hooks;
    if (retry && spec.read) call.retryPolicy = retry; // only reads (spec/retry-safe.json); never WXAPI.request, whose effect no one reviewed
    if (call.hooks || call.retryPolicy) call.after = after;
    const promise = promiseOf(call);
    promise.abort = (reason) => call.stop(new WXAPIError('aborted', name, reason ? `aborted: ${textOf(reason)}` : 'aborted by the caller', { errMsg: 'request:fail abort' }));
    const signal = callOptions && callOptions.signal;
    if (signal) {
      const reasonOf = () => {
        try {
          return signal.reason && signal.reason.message;
        } catch (_) {
          return undefined;
        }
      };
      try {
        if (signal.aborted) {
          promise.abort(reasonOf());
          return promise;
        }
        call.signal = signal;
        call.onSignal = () => promise.abort(reasonOf());
        signal.addEventListener('abort', call.onSignal);
      } catch (cause) {
        call.onSignal = null;
        call.settle(false, new WXAPIError('config', name, `the signal could not be read (${textOf(cause)})`, { param: 'signal', cause }));
        return promise;
      }
    }
    try {
      call.prepared = prepare(name, args, spec);
    } catch (e) {
      call.settle(false, e);
      return promise;
    }
    if (core) {
      run(call);
    } else {
      pending.push(call);
      start();
    }
    return promise;
  }
  /**
   * A synchronous (URL) method while the core loads — graphValidateCodeUrl on
   * a login page's first line: its URL template (the url column of its row) expanded
   * from plainly valid config, exactly as the core will expand it once loaded
   * (tests/miniprogram/entries.test.js). null when only the core can say.
   */
  function earlyUrl(spec, args) {
    const template = spec.row.split('|')[2];
    if (early.unsure || early.sub === undefined || configError) return null;
    try {
      return template.replace(/\{(\w+)\}/g, (_, token) => {
        if (token === 'A') return early.api;
        if (token === 's') return early.sub;
        if (!/^\d+$/.test(token)) throw new Error(token); // a host or value only the core knows
        let v = args[Number(token)];
        if (v === undefined) v = String(Math.random()); // the reference's default: Math.random()
        else if (typeof v === 'number' && Number.isFinite(v)) v = String(v);
        else if (typeof v !== 'string') throw new Error('value');
        return encodeURIComponent(v); // throws on a lone surrogate, which the core refuses
      });
    } catch (_) {
      return null;
    }
  }

  function syncCall(name, spec, args, caller) {
    try {
      const prepared = prepare(name, args, spec);
      start();
      if (!core) {
        const url = earlyUrl(spec, args);
        if (url !== null) return url;
        const why = lastFailure; // a load under way has not failed (yet)
        throw new WXAPIError('unsupported', name, why || 'the wasm core is still loading: await WXAPI.ready before calling synchronous methods at start-up');
      }
      return describe({ method: name, prepared, spec, request: null }).u;
    } catch (e) {
      throw thrownFrom(e, caller);
    }
  }

  // --- the engine ----------------------------------------------------------
  // The options of a withOptions() view, handed to the one method call the
  // view makes (synchronously: taken before anything else can run).
  let viewOptions = null;
  let viewMethod = null; // the view's method the app called (the call's site is above it)
  let sites; // whether calls take their site (sitesWanted, at the first call)
  /** One call of a method (`caller`: the function the app called), synchronous (URL) or not. */
  function call(spec, args, caller) {
    const callOptions = viewOptions;
    const site = viewMethod || caller;
    viewOptions = viewMethod = null;
    return spec.sync ? syncCall(spec.name, spec, args, site) : invoke(spec.name, spec, args, callOptions, site);
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

  const methods = {}; // name -> the method's function, for every method made (method())
  const engine = {
    methods,
    main: !runtime.surface, // apifm-wxapi's surface (the main entry), not a vendor surface's engine
    call,
    init2: entry((apiBaseUrl, subDomain) => {
      configure('init2', { apiBaseUrl, subDomain });
    }),
    init: entry((subDomain) => {
      configure('init', { subDomain });
    }),
    setMerchantId: entry((merchantId) => {
      configure('setMerchantId', { merchantId });
    }),
    init3: entry((opts) => {
      if (!opts || typeof opts !== 'object') {
        throw new WXAPIError('config', 'init3', 'expects an options object');
      }
      let request;
      let timeout;
      let wasmPath;
      let t;
      let maxConcurrent;
      let maxResponseBytes;
      let retryOption;
      let dedupeOption;
      const rest = {};
      try {
        // Each option is read once: a getter cannot answer differently later.
        ({ request, timeout, wasmPath, transport: t, maxConcurrent, maxResponseBytes, retry: retryOption, dedupe: dedupeOption } = opts);
        for (const k of CORE_OPTIONS) {
          const v = opts[k];
          if (v !== undefined) rest[k] = v;
        }
        warnUnknown(Object.keys(opts));
      } catch (cause) {
        throw new WXAPIError('config', 'init3', `options could not be read (${textOf(cause)})`, { cause });
      }
      if (request !== undefined && request !== null && typeof request !== 'function') {
        throw new WXAPIError('config', 'init3', 'request must be a function (or null for the built-in transport)', { param: 'request' });
      }
      if (timeout !== undefined && !(typeof timeout === 'number' && timeout > 0 && timeout <= 3600000)) {
        throw new WXAPIError('config', 'init3', 'timeout must be a number of milliseconds (1 … 3600000)', { param: 'timeout' });
      }
      if (t !== undefined && ['wx', 'tt', 'my', 'uni', 'fetch'].indexOf(t) < 0) {
        throw new WXAPIError('config', 'init3', "transport must be 'wx', 'tt', 'my', 'uni' or 'fetch'", { param: 'transport' });
      }
      if (maxConcurrent !== undefined && !(Number.isInteger(maxConcurrent) && maxConcurrent > 0)) {
        throw new WXAPIError('config', 'init3', 'maxConcurrent must be a positive integer', { param: 'maxConcurrent' });
      }
      if (maxResponseBytes !== undefined && !(Number.isInteger(maxResponseBytes) && maxResponseBytes > 0)) {
        throw new WXAPIError('config', 'init3', 'maxResponseBytes must be a positive integer', { param: 'maxResponseBytes' });
      }
      const policy = retryPolicy(retryOption);
      if (dedupeOption !== undefined && typeof dedupeOption !== 'boolean') {
        throw new WXAPIError('config', 'init3', 'dedupe must be true or false', { param: 'dedupe' });
      }
      if (t !== undefined) {
        // Refused now, as every config error, rather than by each later call.
        runtime.transport(Object.assign({}, options, { transport: t }));
      }
      if (wasmPath !== undefined) options.wasmPath = wasmPath;
      configure('init3', rest);
      if (t !== undefined) {
        options.transport = t;
        currentTransport = null; // the next call picks it; the gate (and its queue) stays
      }
      if (maxConcurrent !== undefined) {
        options.concurrency = maxConcurrent;
        if (platformGate) platformGate.setMax(maxConcurrent); // one queue, a new limit
      }
      if (request !== undefined) customRequest = request; // null: back to the built-in transport
      if (timeout !== undefined) options.timeout = timeout;
      if (maxResponseBytes !== undefined) options.maxResponseBytes = maxResponseBytes;
      if (policy !== undefined) retry = policy;
      if (dedupeOption !== undefined) dedupe = dedupeOption;
    }),
    /**
     * Adds request hooks ({ onRequest, onResponse, onError }, docs/hooks.md)
     * for the calls made from now on; returns the function that removes them.
     */
    use: entry((set) => {
      const added = checkHooks(set);
      hooks = hooks.concat([added]);
      return function remove() {
        hooks = hooks.filter((h) => h !== added);
      };
    }),
    /** Starts loading the core; settles when it is ready. */
    ready() {
      start();
      if (core) return Promise.resolve();
      return loading.then(() => {
        if (!core) throw new WXAPIError('unsupported', 'ready', lastFailure || 'the wasm core did not load');
      });
    },
    /**
     * Per-call options: `WXAPI.withOptions({ signal, timeout }).goodsDetail(1)`.
     * `signal` is an AbortSignal; `timeout` is in milliseconds.
     */
    withOptions: entry(withOptions),
    // Numbers for benchmarks and tests: wasm memory, calls in flight, queued.
    stats: () => ({
      wasmMemoryBytes: core ? core.exports.memory.buffer.byteLength : 0,
      inFlight: platformGate ? platformGate.active : null,
      queued: platformGate ? platformGate.queued : null,
    }),
  };

  function withOptions(callOptions) {
    let o;
    try {
      // Read once; a signal must be an AbortSignal (or look like one).
      const { signal, timeout } = callOptions || {};
      const usable = signal === undefined || signal === null || (typeof signal === 'object' && typeof signal.addEventListener === 'function' && typeof signal.removeEventListener === 'function');
      o = { signal: usable ? signal || undefined : false, timeout };
    } catch (cause) {
      throw new WXAPIError('config', 'withOptions', `options could not be read (${textOf(cause)})`, { cause });
    }
    if (o.signal === false) {
      throw new WXAPIError('config', 'withOptions', 'signal must be an AbortSignal', { param: 'signal' });
    }
    if (o.timeout !== undefined && !(typeof o.timeout === 'number' && o.timeout > 0 && o.timeout <= 3600000)) {
      throw new WXAPIError('config', 'withOptions', 'timeout must be a number of milliseconds (1 … 3600000)', { param: 'timeout' });
    }
    const view = Object.create(viewProto());
    Object.defineProperty(view, VIEW_OPTIONS, { value: o });
    return view;
  }
  /**
   * The methods of a withOptions() view, made once for every view: each
   * one is a getter that, on first use through a view, makes the method of
   * that view (so destructuring works) — a view costs one object, not 973
   * closures.
   */
  let views = null;
  function viewProto() {
    if (views) return views;
    views = {};
    for (const name of Object.keys(methods)) {
      Object.defineProperty(views, name, {
        configurable: true,
        enumerable: true,
        get() {
          const o = this[VIEW_OPTIONS];
          const made = methods[name];
          const method = function () {
            viewOptions = o;
            viewMethod = method;
            try {
              return made.apply(undefined, arguments);
            } finally {
              viewOptions = viewMethod = null;
            }
          };
          Object.defineProperty(this, name, { value: method, enumerable: true, configurable: true });
          return method;
        },
      });
    }
    return views;
  }
  return engine;
}

/**
 * A method of the engine: `row` is its table row (null for WXAPI.request),
 * `flags` what the shim must know before calling the core (tools/gen-table.js).
 * Its spec is read on first use, which keeps start-up cheap.
 */
export function method(engine, name, row, flags) {
  // Made once per engine: a named export is the WXAPI object's method. One
  // closure per method (made for all of them at load: ≈1 µs each).
  if (engine.methods[name]) return engine.methods[name];
  let spec = null;
  const f = function () {
    return engine.call(spec || (spec = specOf(name, row, flags)), arguments, f);
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

export { redact };
