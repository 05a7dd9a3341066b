// What graphValidateCodeUrl needs before the core is loaded (a login page's
// onLoad asks for it on the first line of an app): the API host and
// subDomain as configured, when they are plainly valid. Anything unusual
// leaves it to the core (`unsure`).

import { urlTemplate } from './row.js';

const PLAIN_SUB = /^(?!\.\.?$)[A-Za-z0-9._~-]{1,128}$/;
const PLAIN_BASE = /^https:\/\/[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:[1-9][0-9]{0,4})?(\/[A-Za-z0-9_~-]+)*\/?$/;

export function createEarly() {
  const early = { api: 'https://api.it120.cc', sub: undefined, unsure: false };

  /** Notes a config made before the core loaded. */
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

  /**
   * A synchronous (URL) method's result while the core loads: the url
   * column of its row expanded from plainly valid config, exactly as the
   * core will expand it once loaded (tests/miniprogram/entries.test.js).
   * null when only the core can say.
   */
  function url(spec, args) {
    if (early.unsure || early.sub === undefined) return null;
    try {
      return urlTemplate(spec.row).replace(/\{(\w+)\}/g, (_, token) => {
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

  return { track, url };
}
