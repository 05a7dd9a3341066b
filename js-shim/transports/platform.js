// Mini-program transports: wx (WeChat), tt (ByteDance), my (Alipay), uni
// (uni-app). They share wx's callback API; the differences are normalised here.

import { WXAPIError } from '../errors.js';
import { settle } from './response.js';

const FORM = 'application/x-www-form-urlencoded';

function failure(method, err) {
  const errMsg = err && (err.errMsg || err.errorMessage || err.message) ? String(err.errMsg || err.errorMessage || err.message) : 'request:fail';
  const timeout = /timeout|超时/i.test(errMsg);
  return new WXAPIError(timeout ? 'timeout' : 'network', method, errMsg, { errMsg, cause: err });
}

/**
 * @param {object} api   the platform object (wx, tt, my, uni)
 * @param {string} name  'wx' | 'tt' | 'my' | 'uni'
 */
export function platformTransport(api, name) {
  const alipay = name === 'my';
  return {
    name,
    request(d, ctx) {
      return new Promise((resolve, reject) => {
        const opts = {
          url: d.u,
          // Alipay wants upper-case verbs; the others get the reference's own.
          method: alipay ? d.m.toUpperCase() : d.m,
          data: d.d,
          timeout: ctx.timeout,
          success(res) {
            const status = Number(alipay ? res.status : res.statusCode);
            try {
              resolve(settle(ctx.method, status, res.data));
            } catch (e) {
              reject(e);
            }
          },
          fail(err) {
            // Alipay reports HTTP errors through fail, with the response inside.
            if (alipay && err && (err.status || err.statusCode) && err.data !== undefined) {
              try {
                resolve(settle(ctx.method, Number(err.status || err.statusCode), err.data));
              } catch (e) {
                reject(e);
              }
              return;
            }
            reject(failure(ctx.method, err));
          },
        };
        if (alipay) opts.headers = { 'Content-Type': FORM };
        else opts.header = { 'Content-Type': FORM };
        const task = api.request(opts);
        if (task && typeof task.abort === 'function') ctx.call.cancel = () => task.abort();
      });
    },
    upload(d, file, ctx) {
      const uploader = d.k === 'tt.uploadFile' && typeof tt !== 'undefined' ? tt : api; // eslint-disable-line no-undef
      if (typeof file !== 'string' || !file) {
        return Promise.reject(new WXAPIError('argument', ctx.method, 'the file must be a temp file path on mini-programs', { param: 'tempFilePath' }));
      }
      return new Promise((resolve, reject) => {
        const opts = {
          url: d.u,
          filePath: file,
          name: d.n,
          formData: d.d,
          timeout: ctx.timeout,
          success(res) {
            try {
              resolve(settle(ctx.method, Number(res.statusCode || res.status || 200), res.data));
            } catch (e) {
              reject(e);
            }
          },
          fail(err) {
            reject(failure(ctx.method, err));
          },
        };
        if (alipay) {
          opts.fileName = d.n;
          opts.fileType = 'image';
        }
        const task = uploader.uploadFile(opts);
        if (task && typeof task.abort === 'function') ctx.call.cancel = () => task.abort();
      });
    },
    compressImage(data, ctx) {
      if (typeof api.compressImage !== 'function') {
        return Promise.reject(new WXAPIError('unsupported', ctx.method, `${name}.compressImage is not available`));
      }
      return new Promise((resolve, reject) => {
        api.compressImage({
          src: data.src,
          quality: data.quality,
          success: resolve,
          fail(err) {
            reject(failure(ctx.method, err));
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
