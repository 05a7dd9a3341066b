// The fetch transport (browsers, Node >= 18): form-encoded requests built by
// the core, multipart uploads from a Blob/File/Buffer, a timeout per call.

import { WXAPIError } from '../errors.js';
import { settle } from './response.js';
import { AUDIENCE_FETCH } from '../protocol.js';

const FORM = 'application/x-www-form-urlencoded';
const FORM_HEADER = { 'Content-Type': FORM };
const DEFAULT_TIMEOUT = 60000; // fetch has none of its own: without init3({timeout}) a call gives up after 60 s
const DEFAULT_MAX_RESPONSE = 16 << 20; // bytes of a (decompressed) response body; init3({maxResponseBytes})

function send(ctx, url, init, strict) {
  const method = ctx.method;
  const timeout = ctx.timeout || DEFAULT_TIMEOUT;
  const fetchImpl = typeof fetch === 'function' ? fetch : null;
  if (!fetchImpl) return Promise.reject(new WXAPIError('unsupported', method, 'this runtime has no fetch'));
  const controller = typeof AbortController === 'function' ? new AbortController() : null;
  let timer = null;
  let timedOut = false;
  if (controller) {
    init.signal = controller.signal;
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeout);
    ctx.onCancel(() => {
      clearTimeout(timer);
      controller.abort();
    });
  }
  const done = () => timer !== null && clearTimeout(timer);
  init.redirect = 'manual';
  return follow(fetchImpl, method, url, init, 0)
    .then((res) => readText(res, ctx.maxResponseBytes || DEFAULT_MAX_RESPONSE, method).then((text) => settle(method, res.status, text, strict)))
    .then(
      (v) => {
        done();
        return v;
      },
      (e) => {
        done();
        if (e instanceof WXAPIError) throw e;
        if (timedOut) throw new WXAPIError('timeout', method, `no answer within ${timeout} ms`, { errMsg: 'request:fail timeout', cause: e });
        const errMsg = `request:fail ${e && e.message ? e.message : e}`;
        throw new WXAPIError('network', method, `${errMsg} (${why(e, url)})`, { errMsg, cause: e });
      },
    );
}

/** What a failed fetch says a user can act on: the cause's code (ENOTFOUND, ECONNREFUSED…) and the host. */
function why(e, url) {
  let host = '';
  try {
    host = new URL(url).host;
  } catch (_) {
    // keep the code alone
  }
  let c = e && e.cause;
  for (let depth = 0; c && depth < 3 && !c.code && c.cause; depth++) c = c.cause;
  const code = c && typeof c.code === 'string' ? c.code : c && typeof c.message === 'string' ? c.message.slice(0, 80) : '';
  return [code, (c && typeof c.hostname === 'string' && c.hostname) || host].filter(Boolean).join(' ') || 'no detail';
}

/**
 * The body as text, read chunk by chunk and given up (the stream cancelled,
 * so a compressed bomb stops inflating) once it passes `max` bytes.
 */
function readText(res, max, method) {
  const tooLarge = () => new WXAPIError('response', method, `the response is larger than ${max} bytes (init3({ maxResponseBytes }))`, { status: res.status });
  const declared = res.headers && typeof res.headers.get === 'function' ? Number(res.headers.get('content-length')) : NaN;
  if (declared > max) {
    try {
      if (res.body && typeof res.body.cancel === 'function') res.body.cancel().catch(() => {});
    } catch (_) {
      // nothing more to stop
    }
    return Promise.reject(tooLarge());
  }
  if (!res.body || typeof res.body.getReader !== 'function' || typeof TextDecoder !== 'function') return res.text();
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  const next = () => reader.read().then(({ done, value }) => {
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > max) {
      reader.cancel().catch(() => {});
      throw tooLarge();
    }
    text += decoder.decode(value, { stream: true });
    return next();
  });
  return next();
}

const MAX_REDIRECTS = 5;

/**
 * Redirects are followed by hand (`redirect: 'manual'`), and only within the
 * request's origin and never from https to http: the body (tokens,
 * passwords) and the init3({header}) headers must not go anywhere else. Any
 * other redirect rejects with kind 'http'. 301/302/303 turn a POST into a
 * GET without a body, as fetch does; 307/308 send the same request again.
 * Browsers hide a manual redirect's target (an 'opaqueredirect' response):
 * there every redirect is refused (docs/errors.md).
 */
function follow(fetchImpl, method, url, init, hops) {
  return fetchImpl(url, init).then((res) => {
    if (res.type === 'opaqueredirect') {
      throw new WXAPIError('http', method, 'the server answered with a redirect, which is not followed from a browser (the request may carry a token)', { errMsg: 'request:fail redirect' });
    }
    const status = res.status;
    const location = status >= 300 && status < 400 && res.headers && typeof res.headers.get === 'function' ? res.headers.get('location') : null;
    if (!location) return res;
    const from = new URL(url);
    let to;
    try {
      to = new URL(location, from);
    } catch (_) {
      throw new WXAPIError('http', method, `HTTP ${status} redirect to an invalid location`, { status });
    }
    if (to.origin !== from.origin) {
      throw new WXAPIError('http', method, `HTTP ${status} redirect to ${to.origin} not followed: a request is only re-sent to its own origin`, { status, errMsg: 'request:fail redirect' });
    }
    if (hops >= MAX_REDIRECTS) throw new WXAPIError('http', method, `more than ${MAX_REDIRECTS} redirects`, { status });
    let next = init;
    if (status !== 307 && status !== 308 && init.method !== 'GET' && init.method !== 'HEAD') {
      next = Object.assign({}, init, { method: 'GET', body: undefined });
    }
    return follow(fetchImpl, method, to.href, next, hops + 1);
  });
}

function toBlob(file) {
  try {
    if (typeof Blob !== 'undefined' && file instanceof Blob) return file;
    if (file instanceof ArrayBuffer || ArrayBuffer.isView(file)) return new Blob([file]);
  } catch (_) {
    // a Proxy whose traps throw (or a revoked one) is not a file
  }
  return null;
}

export function fetchTransport(runtimeName, storage) {
  return {
    name: 'fetch',
    gated: false, // no platform limit: the browser queues its own
    audience: AUDIENCE_FETCH,
    defaultTimeout: DEFAULT_TIMEOUT, // times out itself
    /** As every transport's request: the outcome goes to the call's reply(). */
    request(d, ctx) {
      const n = ctx.attempt;
      const verb = d.m.toUpperCase();
      const query = d.q || '';
      let url = d.u;
      // d.b: a surface's own base headers (apifm-wasm/webapi: axios'), else the form Content-Type.
      const init = { method: verb, headers: Object.assign({}, d.b || FORM_HEADER, d.h) };
      if (verb === 'GET' || verb === 'HEAD' || verb === 'DELETE') {
        if (query) url += (url.indexOf('?') >= 0 ? '&' : '?') + query;
      } else if (d.q !== undefined) {
        init.body = query;
      }
      send(ctx, url, init, d.v).then((v) => ctx.reply(n, true, v, d), (e) => ctx.reply(n, false, e, d));
    },
    upload(d, file, ctx) {
      const blob = toBlob(file);
      if (!blob) {
        const why = typeof file === 'string'
          ? `a file path cannot be read on ${runtimeName}: pass a Blob, File or Buffer`
          : 'the file must be a Blob, File or Buffer';
        return Promise.reject(new WXAPIError('argument', ctx.method, why, { param: 'tempFilePath' }));
      }
      const form = new FormData();
      for (const k of Object.keys(d.d || {})) {
        const v = d.d[k];
        if (v !== undefined && v !== null) form.append(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
      }
      form.append(d.n, blob, (file && file.name) || 'upload');
      return send(ctx, d.u, d.h ? { method: 'POST', body: form, headers: d.h } : { method: 'POST', body: form }, d.v);
    },
    compressImage(_data, ctx) {
      return Promise.reject(new WXAPIError('unsupported', ctx.method, `compressImage needs a mini-program runtime (wx.compressImage); not available on ${runtimeName}`));
    },
    storage(key) {
      return storage ? storage(key) : undefined;
    },
  };
}
