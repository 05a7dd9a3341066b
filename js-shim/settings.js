// init/init2/init3/setMerchantId: each option read once and checked; what
// the core checks goes to it (now, or in order once it loads: loader.js),
// what the shim keeps stays here. Owns the shim's options, the request
// function, the retry policy, dedupe and the last config refused.

import { WXAPIError } from './errors.js';
import { encode } from './encode.js';
import { CORE_OPTIONS } from './limits.js';
import { textOf } from './scrub.js';
import { configure as applyConfig } from './core-api.js';
import { retryPolicy } from './retry.js';

const PLATFORM_CONCURRENCY = 10; // wx.request's limit; tt/my/uni have the same
const SHIM_OPTIONS = ['request', 'timeout', 'wasmPath', 'transport', 'maxConcurrent', 'maxResponseBytes', 'retry', 'dedupe'];
const INIT3_OPTIONS = CORE_OPTIONS.concat(SHIM_OPTIONS);
const TRANSPORTS = ['wx', 'tt', 'my', 'uni', 'fetch'];
const BASE_URLS = ['apiBaseUrl', 'commonBaseUrl', 'cmsBaseUrl', 'ossBaseUrl'];
const warned = {};
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

/**
 * A base URL the platform's URL parser refuses (an invalid punycode label
 * such as xn--api-it120-cc) would fail every call: refused now, where
 * there is a URL parser (the core checks everything else).
 */
function parsable(method, encoded) {
  if (!urlParser() || !encoded || typeof encoded !== 'object') return;
  for (const k of BASE_URLS) {
    const v = encoded[k];
    if (typeof v !== 'string' || v.charAt(0) !== 's') continue; // the encoded string value: TAG_STRING + text
    try {
      new URL(v.slice(1)); // eslint-disable-line no-new
    } catch (_) {
      throw new WXAPIError('config', method, `${k} is not a URL this platform can parse`, { param: k });
    }
  }
}

/** A timeout option: milliseconds, 1 … 3600000. */
export function timeoutValid(t) {
  return t === undefined || (typeof t === 'number' && t > 0 && t <= 3600000);
}

/** init3's options, each read once (a getter cannot answer differently later) and checked; `core`: those for the core. */
function readInit3(opts) {
  if (!opts || typeof opts !== 'object') throw new WXAPIError('config', 'init3', 'expects an options object');
  const o = { core: {} };
  try {
    for (const k of SHIM_OPTIONS) o[k] = opts[k];
    for (const k of CORE_OPTIONS) {
      const v = opts[k];
      if (v !== undefined) o.core[k] = v;
    }
    warnUnknown(Object.keys(opts));
  } catch (cause) {
    throw new WXAPIError('config', 'init3', `options could not be read (${textOf(cause)})`, { cause });
  }
  const bad = (param, why) => new WXAPIError('config', 'init3', why, { param });
  const positive = (n) => n === undefined || (Number.isInteger(n) && n > 0);
  if (o.request !== undefined && o.request !== null && typeof o.request !== 'function') throw bad('request', 'request must be a function (or null for the built-in transport)');
  if (!timeoutValid(o.timeout)) throw bad('timeout', 'timeout must be a number of milliseconds (1 … 3600000)');
  if (o.transport !== undefined && TRANSPORTS.indexOf(o.transport) < 0) throw bad('transport', "transport must be 'wx', 'tt', 'my', 'uni' or 'fetch'");
  if (!positive(o.maxConcurrent)) throw bad('maxConcurrent', 'maxConcurrent must be a positive integer');
  if (!positive(o.maxResponseBytes)) throw bad('maxResponseBytes', 'maxResponseBytes must be a positive integer');
  o.retry = retryPolicy(o.retry);
  if (o.dedupe !== undefined && typeof o.dedupe !== 'boolean') throw bad('dedupe', 'dedupe must be true or false');
  return o;
}

/** The shim's options before any config: loader.js and route.js read them, settings.js alone writes them. */
export function defaultOptions() {
  return { timeout: undefined, concurrency: PLATFORM_CONCURRENCY }; // timeout: only when configured
}

/**
 * @param {object} runtime  `sync`: the core loads at once (Node): config is checked when given
 * @param {object} options  defaultOptions(), written here only
 * @param {object} loader   loader.js; early: early.js; route: route.js
 */
export function createSettings(runtime, options, loader, early, route) {
  // What calls read when they are made (only this module writes it).
  const now = { request: null, retry: null, dedupe: false, refused: null }; // refused: the last config refused, until one is accepted

  function step(method, text) {
    try {
      applyConfig(loader.core(), method, text);
      now.refused = null;
    } catch (e) {
      now.refused = e;
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
    let core = loader.core();
    if (!core) {
      early.track(opts);
      if (runtime.sync) {
        loader.start();
        core = loader.core();
      } else {
        loader.startSoon(); // docs/performance.md "Start-up"
      }
    }
    if (core) {
      applyConfig(core, method, text);
      now.refused = null;
    } else {
      loader.defer({ config: method, text });
    }
  }

  function init3(opts) {
    const o = readInit3(opts);
    if (o.transport !== undefined) route.check(o.transport); // refused now, as every config error, rather than by each later call
    if (o.wasmPath !== undefined) options.wasmPath = o.wasmPath;
    configure('init3', o.core);
    if (o.transport !== undefined) {
      options.transport = o.transport;
      route.repick();
    }
    if (o.maxConcurrent !== undefined) {
      options.concurrency = o.maxConcurrent;
      route.limit(o.maxConcurrent);
    }
    if (o.request !== undefined) now.request = o.request; // null: back to the built-in transport
    if (o.timeout !== undefined) options.timeout = o.timeout;
    if (o.maxResponseBytes !== undefined) options.maxResponseBytes = o.maxResponseBytes;
    if (o.retry !== undefined) now.retry = o.retry;
    if (o.dedupe !== undefined) now.dedupe = o.dedupe;
  }

  // step(op): a config deferred until the core loaded (loader.js replays it).
  return {
    now,
    step: (op) => step(op.config, op.text),
    init: (subDomain) => configure('init', { subDomain }),
    init2: (apiBaseUrl, subDomain) => configure('init2', { apiBaseUrl, subDomain }),
    setMerchantId: (merchantId) => configure('setMerchantId', { merchantId }),
    init3,
  };
}
