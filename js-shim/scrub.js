// What an error may say: the text of any thrown value, and the call's own
// tokens and passwords taken out of a message (docs/errors.md, "Secrets").

import { WXAPIError } from './errors.js';

/**
 * What a thrown value (or an abort reason) says, whatever it is: a symbol, a
 * throwing getter, a revoked Proxy, new Array(1e9). Never calls the value's
 * own toString; at most 200 characters.
 */
export function textOf(e) {
  let text;
  try {
    if (e !== null && (typeof e === 'object' || typeof e === 'function')) {
      const m = e.message;
      text = typeof m === 'string' ? m : Object.prototype.toString.call(e);
    } else {
      text = String(e);
    }
  } catch (_) {
    text = 'an exception';
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** The form fields a descriptor carries: `d`, or (fetch) decoded from `q`. */
function fieldsOf(d) {
  if (!d) return null;
  if (d.d && typeof d.d === 'object') return d.d;
  if (typeof d.q !== 'string') return null;
  const f = {};
  for (const pair of d.q.split('&')) {
    const i = pair.indexOf('=');
    try {
      if (i > 0) f[decodeURIComponent(pair.slice(0, i))] = decodeURIComponent(pair.slice(i + 1));
    } catch (_) {
      // a field that does not decode holds nothing we sent as text
    }
  }
  return f;
}

/** Takes `v` out of e's message and errMsg, also where a body snippet (40 characters) ends inside it: "…token ABC12…". */
function hide(e, v) {
  for (let n = v.length; n > 3; n = n > 40 ? 40 : n - 1) {
    const p = n < v.length ? `${v.slice(0, n)}…` : v;
    e.message = e.message.split(p).join('***');
    e.errMsg = e.errMsg.split(p).join('***');
  }
}

/**
 * Takes the values of the token and password fields a call sent out of its
 * error's message and errMsg: a server or platform may echo them where
 * redact() sees no key. The raw platform object stays in `cause`. (The
 * error is fresh and its stack not yet read, so the stack agrees.)
 */
export function scrub(e, d) {
  if (!(e instanceof WXAPIError)) return e;
  try {
    hideAll(e, fieldsOf(d), SECRET_FIELD);
    if (d && d.h && typeof d.h === 'object') hideAll(e, d.h, SECRET_HEADER);
  } catch (_) {
    // fields a hook left with throwing getters: what could be read is hidden
  }
  return e;
}
const SECRET_FIELD = /token|passw|pwd|secret|session_?key/i;
const SECRET_HEADER = /token|passw|pwd|secret|session_?key|authorization|cookie/i;

function hideAll(e, f, secret) {
  if (!f) return;
  for (const k in f) {
    const x = f[k];
    const v = typeof x === 'string' || typeof x === 'number' ? String(x) : '';
    if (v.length > 3 && secret.test(k)) {
      // as sent, and as it travels in a URL or a form (percent-encoded)
      hide(e, v);
      try {
        const enc = encodeURIComponent(v);
        if (enc !== v) hide(e, enc);
      } catch (_) {
        // a lone surrogate: never sent, nothing to hide
      }
    }
  }
}

