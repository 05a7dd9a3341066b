// The WXAPI object: one function per row of the core's table, attached from
// the generated name list, plus init/init2/init3/setMerchantId/request.
// Runtime-neutral: the entry of each runtime supplies `load` (the wasm core)
// and `transport` (how a descriptor is sent).

import { names, flags } from './table.js';
import { WXAPIError, redact } from './errors.js';
import { encode } from './encode.js';

const DEFAULT_TIMEOUT = 60000;

/**
 * @typedef {object} Runtime
 * @property {string} name                         'node' | 'browser' | 'miniprogram'
 * @property {(options: object) => object | Promise<object>} load   the wasm core (glue exports)
 * @property {(options: object) => object} transport                 picks the transport
 */

/** @param {Runtime} runtime */
export function createWXAPI(runtime) {
  let core = null; // the glue, once the wasm is instantiated
  let loading = null;
  let queuedConfig = []; // config calls made before the core loaded
  let configError = null; // a queued config call that was refused
  let customRequest = null;
  let currentTransport = null;
  const options = { timeout: DEFAULT_TIMEOUT };

  // --- loading -----------------------------------------------------------
  function ready(glue) {
    core = glue;
    const queue = queuedConfig;
    queuedConfig = [];
    for (const [method, opts] of queue) {
      try {
        applyConfig(method, opts);
        configError = null;
      } catch (e) {
        configError = e;
      }
    }
    return core;
  }

  /** Starts loading if needed; returns a promise while loading, else null. */
  function start() {
    if (core) return null;
    if (!loading) {
      let r;
      try {
        r = runtime.load(options);
      } catch (e) {
        r = Promise.reject(e);
      }
      if (r && typeof r.then !== 'function') {
        ready(r);
        return null;
      }
      loading = r.then(ready, (e) => {
        loading = null; // a later call (or init3({wasmPath})) tries again
        throw new WXAPIError('unsupported', 'load', `the wasm core failed to load on ${runtime.name}: ${e && e.message ? e.message : e}`, { cause: e });
      });
    }
    return loading;
  }

  function coreError(method, text, fallbackKind) {
    let e;
    try {
      e = JSON.parse(text);
    } catch (_) {
      e = { e: fallbackKind || 'argument', p: '', m: text };
    }
    const where = e.p ? `${e.p} ` : '';
    return new WXAPIError(e.e, method, redact(where + e.m), { param: e.p || undefined });
  }

  // --- configuration -------------------------------------------------------
  function applyConfig(method, opts) {
    let text;
    try {
      text = encode(opts);
    } catch (cause) {
      throw new WXAPIError('config', method, 'options could not be read', { cause });
    }
    const out = core.configure(text);
    if (out) throw coreError(method, out.slice(1), 'config');
  }

  function configure(method, opts) {
    const wait = start();
    // A load failure is reported by the calls that wait for the core; without
    // this, init*() alone would leave an unhandled rejection behind.
    if (wait) wait.catch(() => {});
    if (core) {
      applyConfig(method, opts);
      configError = null;
    } else {
      queuedConfig.push([method, opts]);
    }
  }

  // --- calls ---------------------------------------------------------------
  function transport() {
    if (!currentTransport) currentTransport = runtime.transport(options);
    return currentTransport;
  }

  function describe(name, index, text, flag) {
    if (configError) {
      throw new WXAPIError('config', name, `configuration was refused: ${configError.message}`, { cause: configError });
    }
    const random = flag.indexOf('~') >= 0 ? String(Math.random()) : '';
    let storage = '';
    const key = /k:(\w+)/.exec(flag);
    if (key) {
      const v = transport().storage(key[1]);
      if (v !== undefined && v !== null && v !== '') storage = encode(v);
    }
    let out;
    try {
      out = core.build(index, text, random, storage);
    } catch (cause) {
      throw new WXAPIError('unsupported', name, 'internal error in the wasm core', { cause });
    }
    if (out.charCodeAt(0) === 69 /* E */) throw coreError(name, out.slice(1));
    return JSON.parse(out);
  }

  function dispatch(name, d, file) {
    const ctx = { method: name, timeout: options.timeout };
    if (d.k === 'request') {
      if (customRequest && name !== 'request') {
        // Called exactly as the reference calls its request function.
        return d.d === undefined ? customRequest(d.p, d.s, d.m) : customRequest(d.p, d.s, d.m, d.d);
      }
      return transport().request(d, ctx);
    }
    if (d.k === 'wx.compressImage') return transport().compressImage(d.d, ctx);
    return transport().upload(d, file, ctx);
  }

  /** Encodes arguments at call time, so later changes by the caller do not leak in. */
  function prepare(name, args, flag) {
    const list = Array.prototype.slice.call(args);
    let file;
    const f = /f(\d|o)/.exec(flag);
    if (f) {
      // The file stays in JS: a path on mini-programs, a Blob/File/Buffer elsewhere.
      if (f[1] === 'o') {
        const obj = list[0];
        if (obj && typeof obj === 'object') {
          file = obj.tempFilePath;
          list[0] = Object.assign({}, obj, { tempFilePath: typeof file === 'string' ? file : file ? {} : undefined });
        }
      } else {
        const i = Number(f[1]);
        file = list[i];
        if (file !== undefined && file !== null && typeof file !== 'string') list[i] = {};
      }
    }
    let text;
    try {
      text = encode(list);
    } catch (cause) {
      throw new WXAPIError('argument', name, `arguments could not be read (${cause && cause.message ? cause.message : cause})`, { cause });
    }
    return { text, file };
  }

  function send(name, index, prepared, flag) {
    const d = describe(name, index, prepared.text, flag);
    return dispatch(name, d, prepared.file);
  }

  function asyncMethod(name, index) {
    const flag = flags[name] || '';
    return function () {
      let prepared;
      try {
        prepared = prepare(name, arguments, flag);
      } catch (e) {
        return Promise.reject(e);
      }
      const wait = start();
      if (wait) return wait.then(() => send(name, index, prepared, flag));
      try {
        return Promise.resolve(send(name, index, prepared, flag));
      } catch (e) {
        return Promise.reject(e);
      }
    };
  }

  function syncMethod(name, index) {
    const flag = flags[name] || '';
    return function () {
      const prepared = prepare(name, arguments, flag);
      start();
      if (!core) {
        throw new WXAPIError('unsupported', name, 'the wasm core is still loading: await WXAPI.ready before calling synchronous methods at start-up');
      }
      return describe(name, index, prepared.text, flag).u;
    };
  }

  // --- the object ----------------------------------------------------------
  const WXAPI = {
    init2(apiBaseUrl, subDomain) {
      configure('init2', { apiBaseUrl, subDomain });
    },
    init(subDomain) {
      configure('init', { subDomain });
    },
    setMerchantId(merchantId) {
      configure('setMerchantId', { merchantId });
    },
    init3(opts) {
      if (!opts || typeof opts !== 'object') {
        throw new WXAPIError('config', 'init3', 'expects an options object');
      }
      const { request, timeout, wasmPath, transport: t } = opts;
      if (request !== undefined && typeof request !== 'function') {
        throw new WXAPIError('config', 'init3', 'request must be a function', { param: 'request' });
      }
      if (timeout !== undefined && !(typeof timeout === 'number' && timeout > 0 && timeout <= 3600000)) {
        throw new WXAPIError('config', 'init3', 'timeout must be a number of milliseconds (1 … 3600000)', { param: 'timeout' });
      }
      const rest = {};
      for (const k of ['apiBaseUrl', 'subDomain', 'commonBaseUrl', 'cmsBaseUrl', 'merchantId', 'allowInsecureHttp']) {
        if (opts[k] !== undefined) rest[k] = opts[k];
      }
      if (wasmPath !== undefined) options.wasmPath = wasmPath;
      if (t !== undefined) {
        options.transport = t;
        currentTransport = null;
      }
      configure('init3', rest);
      if (request) customRequest = request;
      if (timeout !== undefined) options.timeout = timeout;
    },
  };
  WXAPI.request = asyncMethod('request', names.length);
  names.forEach((name, index) => {
    WXAPI[name] = (flags[name] || '').indexOf('r') >= 0 ? syncMethod(name, index) : asyncMethod(name, index);
  });
  Object.defineProperty(WXAPI, 'ready', {
    enumerable: false,
    get() {
      return (start() || Promise.resolve()).then(() => undefined);
    },
  });
  Object.defineProperty(WXAPI, 'WXAPIError', { enumerable: false, value: WXAPIError });
  // `import WXAPI from 'apifm-wasm'` compiled to CommonJS reads `.default`.
  Object.defineProperty(WXAPI, 'default', { enumerable: false, value: WXAPI });
  return WXAPI;
}
