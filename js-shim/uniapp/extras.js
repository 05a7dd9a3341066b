// The export of apifm-uniapp that is not a table row: getLocation(), its
// helper around uni.getLocation (no API request). The same answer as there:
// a loading indicator while the platform looks, `{ long, lat }` in WGS-84
// (on iOS as strings with six decimals, as apifm-uniapp rounds them there),
// and the platform's failure as a rejection. Where there is no
// uni.getLocation, the
// browser's geolocation answers the same shape.
/* global uni, navigator */
import { WXAPIError } from '../errors.js';

const NAME = 'getLocation';

/**
 * uni-app's location API, read as literal `uni.<name>` members (as
 * transports/pick.js reads its request API): a tree-shaken uni-app H5 build
 * rewrites each such member into an import and leaves the global `uni`
 * empty, so `uni.getLocation` must never be looked up on the object later.
 */
function uniApi() {
  try {
    const api = {
      getLocation: uni.getLocation,
      showLoading: uni.showLoading,
      hideLoading: uni.hideLoading,
      getSystemInfoSync: uni.getSystemInfoSync,
    };
    return typeof api.getLocation === 'function' ? api : null;
  } catch (_) {
    return null; // no `uni` here
  }
}

/** Calls `uni[fn]` when the platform has it; UI helpers failing must not fail the call. */
function quietly(api, fn, arg) {
  try {
    if (typeof api[fn] === 'function') api[fn](arg);
  } catch (_) {
    // a toast API that throws changes nothing about the location
  }
}

function platformOf(api) {
  try {
    return String(api.getSystemInfoSync().platform);
  } catch (_) {
    return '';
  }
}

function failure(err) {
  const errMsg = err && typeof err.errMsg === 'string' ? err.errMsg : `${NAME}:fail ${err && err.message ? err.message : err}`;
  return new WXAPIError('network', NAME, errMsg, { errMsg, cause: err });
}

function fromUni(api) {
  return new Promise((resolve, reject) => {
    quietly(api, 'showLoading', { title: '' });
    try {
      api.getLocation({
        type: 'wgs84',
        success: (res) => {
          const ios = platformOf(api) === 'ios';
          const fixed = (n) => (ios && typeof n === 'number' ? n.toFixed(6) : n);
          resolve({ long: fixed(res && res.longitude), lat: fixed(res && res.latitude) });
        },
        fail: (err) => reject(failure(err)),
        complete: () => quietly(api, 'hideLoading'),
      });
    } catch (e) {
      quietly(api, 'hideLoading');
      reject(failure(e));
    }
  });
}

function fromBrowser(geo) {
  return new Promise((resolve, reject) => {
    geo.getCurrentPosition(
      (pos) => resolve({ long: pos.coords.longitude, lat: pos.coords.latitude }),
      (err) => reject(failure(err)),
    );
  });
}

/** getLocation(): `{ long, lat }` of the device (WGS-84), as apifm-uniapp's helper answers. */
export function getLocation() {
  const api = uniApi();
  if (api) return fromUni(api);
  const geo = typeof navigator !== 'undefined' && navigator && navigator.geolocation;
  if (geo && typeof geo.getCurrentPosition === 'function') return fromBrowser(geo);
  return Promise.reject(new WXAPIError('unsupported', NAME, 'no uni.getLocation and no navigator.geolocation on this runtime'));
}
