// Mini-program transports: wx (WeChat), tt (ByteDance), my (Alipay), uni
// (uni-app). They share wx's callback API; the differences are normalised
// here (docs/platforms.md):
// - request headers: `header` (wx, tt, uni) / `headers` (my);
// - the HTTP status: `statusCode` (wx, tt, uni; a string on some clients) /
//   `status` (my);
// - HTTP errors: every status goes to `success` on wx/tt/uni; Alipay sends
//   non-2xx to `fail` with `{error: 19, status, data, headers}`, and is asked
//   for `dataType: 'text'` so that a non-JSON body is ours to judge (with its
//   default `json`, older base libraries fail such bodies with error 14);
// - failures: `{errMsg, errno}` (wx), `{errMsg}` (tt, uni), `{error,
//   errorMessage}` (my: 12 network, 13 timeout, 9 abort);
// - uploads: my.uploadFile also gets `fileName`/`fileType` (older clients
//   and the Alipay IDE check them).

import { WXAPIError } from '../errors.js';
import { settle } from './response.js';
import { textOf } from '../scrub.js';
import { AUDIENCE_PLATFORM, KIND_TT_UPLOAD } from '../protocol.js';

const FORM = 'application/x-www-form-urlencoded';

/** The HTTP status of a platform response: `statusCode` or `status`, maybe a string. */
function statusOf(res) {
  if (!res || typeof res !== 'object') return NaN;
  const s = res.statusCode !== undefined && res.statusCode !== null && res.statusCode !== '' ? res.statusCode : res.status;
  return s === undefined || s === null || s === '' ? NaN : Number(s);
}

/** A failure object that carries an HTTP response (Alipay's non-2xx `fail`). */
function isHttpResponse(err) {
  const s = statusOf(err);
  return s >= 100 && s <= 599 && err.data !== undefined;
}

/** A platform answer whose fields throw when read (a getter, a revoked Proxy): the call fails, nothing escapes into the platform. */
function unreadable(method, e) {
  return new WXAPIError('response', method, `the platform's answer could not be read (${textOf(e)})`, { cause: e });
}

/**
 * What a platform callback got: [ok, status, body] of an HTTP response
 * (Alipay's non-2xx `fail` carries one), or [false, error]. Never throws.
 */
function outcome(method, res, failed) {
  try {
    if (!failed || isHttpResponse(res)) return [true, statusOf(res), res ? res.data : undefined];
    return [false, failure(method, res)];
  } catch (e) {
    return [false, unreadable(method, e)];
  }
}

/** The error of a platform call that threw instead of calling fail (whatever it threw). */
function thrown(method, e) {
  try {
    return failure(method, e);
  } catch (x) {
    return unreadable(method, x);
  }
}

function failure(method, err) {
  const raw = err && (err.errMsg || err.errorMessage || err.message);
  const errMsg = raw ? String(raw) : 'request:fail';
  // Alipay: a numeric error code (12 network, 13 timeout, ...) beside errorMessage.
  const code = err && !err.errMsg && typeof err.error === 'number' ? err.error : undefined;
  const timeout = code === 13 || /timeout|timed out|超时/i.test(errMsg);
  const message = code === undefined ? errMsg : `${errMsg} (error ${code})`;
  return new WXAPIError(timeout ? 'timeout' : 'network', method, message, { errMsg, cause: err });
}

/**
 * @param {object} api   the platform object (wx, tt, my, uni)
 * @param {string} name  'wx' | 'tt' | 'my' | 'uni'
 */
export function platformTransport(api, name) {
  const alipay = name === 'my';
  const answer = (ctx, resolve, reject, status, body, strict) => {
    try {
      resolve(settle(ctx.method, status, body, strict));
    } catch (e) {
      reject(e);
    }
  };
  /** The answer of a request (hot path: the call's reply(), no callbacks of its own). */
  const replied = (ctx, n, d, status, body) => {
    let v;
    try {
      v = settle(ctx.method, status, body, d.v);
    } catch (e) {
      ctx.reply(n, false, e, d);
      return;
    }
    ctx.reply(n, true, v, d);
  };
  /** Sends a request descriptor for the call `ctx`; the outcome goes to ctx.reply() (no promise of its own: the hot path). */
  const request = (d, ctx) => {
    const n = ctx.attempt;
    const done = (res, failed) => {
      const o = outcome(ctx.method, res, failed);
      if (o[0]) replied(ctx, n, d, o[1], o[2]);
      else ctx.reply(n, false, o[1], d);
    };
    const success = (res) => done(res, false);
    // Alipay reports HTTP errors (non-2xx) through fail, with the response inside.
    const fail = (err) => done(err, true);
    // Every field in the literal (none added after): no property store of its own per request.
    const opts = alipay
      ? { url: d.u, method: d.m.toUpperCase(), data: d.d, headers: Object.assign({ 'Content-Type': FORM }, d.h), dataType: 'text', success, fail }
      : { url: d.u, method: d.m, data: d.d, header: d.h ? Object.assign({ 'Content-Type': FORM }, d.h) : { 'Content-Type': FORM }, success, fail };
    // Only a timeout the caller configured: otherwise app.json's networkTimeout applies, as with the reference.
    if (ctx.timeout) opts.timeout = ctx.timeout;
    let task;
    try {
      task = api.request(opts);
    } catch (e) {
      ctx.reply(n, false, thrown(ctx.method, e), d); // a platform that throws instead of calling fail
      return;
    }
    // Call's cancelTask calls task.abort(); a call already answered (a platform that calls back at once) keeps no task.
    if (task && typeof task.abort === 'function' && !ctx.settled) ctx.onCancel(task);
  };
  return {
    name,
    gated: true, // the platform's limit of requests in flight (queue.js)
    audience: AUDIENCE_PLATFORM,
    // no defaultTimeout: the call's watchdog times it out (call.js)
    request,
    upload(d, file, ctx) {
      const uploader = d.k === KIND_TT_UPLOAD && typeof tt !== 'undefined' ? tt : api; // eslint-disable-line no-undef
      if (typeof file !== 'string' || !file) {
        return Promise.reject(new WXAPIError('argument', ctx.method, 'the file must be a temp file path on mini-programs', { param: 'tempFilePath' }));
      }
      return new Promise((resolve, reject) => {
        const opts = {
          url: d.u,
          filePath: file,
          name: d.n,
          formData: d.d,
          success(res) {
            const o = outcome(ctx.method, res, false);
            if (!o[0]) reject(o[1]);
            else answer(ctx, resolve, reject, Number.isNaN(o[1]) ? 200 : o[1], o[2], d.v);
          },
          fail(err) {
            const o = outcome(ctx.method, err, true);
            if (o[0]) answer(ctx, resolve, reject, o[1], o[2], d.v);
            else reject(o[1]);
          },
        };
        if (d.h) opts.header = d.h; // init3({header}) only: the reference sends none
        if (ctx.timeout) opts.timeout = ctx.timeout;
        if (alipay) {
          opts.fileName = d.n;
          opts.fileType = 'image';
        }
        let task;
        try {
          task = uploader.uploadFile(opts);
        } catch (e) {
          reject(thrown(ctx.method, e));
          return;
        }
        if (task && typeof task.abort === 'function' && !ctx.settled) ctx.onCancel(task); // as for a request: Call's cancelTask calls task.abort()
      });
    },
    compressImage(data, ctx) {
      // my.compressImage takes apFilePaths/compressLevel: not the reference's call.
      if (alipay || typeof api.compressImage !== 'function') {
        return Promise.reject(new WXAPIError('unsupported', ctx.method, `${name}.compressImage does not take wx's options`));
      }
      return new Promise((resolve, reject) => {
        api.compressImage({
          src: data.src,
          quality: data.quality,
          success: resolve,
          fail(err) {
            reject(outcome(ctx.method, err, true)[1]);
          },
        });
      });
    },
    storage(key) {
      try {
        return alipay ? (api.getStorageSync({ key }) || {}).data : api.getStorageSync(key);
      } catch (_) {
        return undefined;
      }
    },
  };
}
