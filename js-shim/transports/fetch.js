// The fetch transport (browsers, Node >= 18): form-encoded requests built by
// the core, multipart uploads from a Blob/File/Buffer, a timeout per call.

import { WXAPIError } from '../errors.js';
import { settle } from './response.js';

const FORM = 'application/x-www-form-urlencoded';
const DEFAULT_TIMEOUT = 60000; // fetch has none of its own: without init3({timeout}) a call gives up after 60 s

function send(ctx, url, init) {
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
    ctx.call.cancel = () => {
      clearTimeout(timer);
      controller.abort();
    };
  }
  const done = () => timer !== null && clearTimeout(timer);
  return fetchImpl(url, init)
    .then((res) => res.text().then((text) => settle(method, res.status, text)))
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
        throw new WXAPIError('network', method, errMsg, { errMsg, cause: e });
      },
    );
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
    request(d, ctx) {
      const verb = d.m.toUpperCase();
      const query = d.q || '';
      let url = d.u;
      const init = { method: verb, headers: Object.assign({ 'Content-Type': FORM }, d.h) };
      if (verb === 'GET' || verb === 'HEAD' || verb === 'DELETE') {
        if (query) url += (url.indexOf('?') >= 0 ? '&' : '?') + query;
      } else if (d.q !== undefined) {
        init.body = query;
      }
      return send(ctx, url, init);
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
      return send(ctx, d.u, d.h ? { method: 'POST', body: form, headers: d.h } : { method: 'POST', body: form });
    },
    compressImage(_data, ctx) {
      return Promise.reject(new WXAPIError('unsupported', ctx.method, `compressImage needs a mini-program runtime (wx.compressImage); not available on ${runtimeName}`));
    },
    storage(key) {
      return storage ? storage(key) : undefined;
    },
  };
}
