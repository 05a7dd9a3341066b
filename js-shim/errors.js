// The one error type of the package (docs/errors.md).

// A secret key (token, x-token, accessToken, password, passwd, pwd, secret,
// sign, sessionKey, session_key), a separator (`=`, `:`, or `%3D`/`%3A`
// inside an encoded URL), then its value: a quoted string (spaces and all;
// also JSON inside JSON, `\"token\":\"…\"`), a [list], or a bare run up to
// `&`, a quote, a space, `,`, `;` or `}`.
const SECRET = /((?:token|passw(?:or)?d|pwd|secret|sign|session_?key)[^=&:"'\s]{0,32}["']?\s*(?:[=:]|%3[ad])\s*)(?:(\\*")[^"\\]*|(\\*')[^'\\]*|(\[)[^\]]*|\\*[^&"'\s,;}\\]+)/gi;

// `WXAPI.scoreSign: ` names a method, not a secret: its colon is kept out of
// SECRET's sight while redacting (no look-behind: older JavaScriptCore lacks it).
const METHOD = /(WXAPI\.[A-Za-z_$][\w$]*):/g;

/** Hides tokens and passwords in text we put into messages; method and parameter names stay. */
export function redact(text) {
  // The opening quote or bracket stays, and so does the closing one.
  return String(text)
    .replace(METHOD, '$1\u0000')
    .replace(SECRET, (_, key, dq, sq, list) => `${key}${dq || sq || list || ''}***`)
    .replace(/\u0000/g, ':');
}

/**
 * Every error apifm-wasm produces.
 * kind: 'argument' | 'config' | 'timeout' | 'network' | 'http' | 'response' | 'aborted' | 'unsupported' | 'hook'
 */
export class WXAPIError extends Error {
  /**
   * @param {string} kind
   * @param {string} method  the WXAPI method name
   * @param {string} message
   * @param {{param?: string, errMsg?: string, cause?: unknown, status?: number, response?: {status: number, data: unknown}}} [extra]
   */
  constructor(kind, method, message, extra) {
    super(redact(`WXAPI.${method}: ${message}`));
    const x = extra || {};
    this.name = 'WXAPIError';
    this.kind = kind;
    this.method = method;
    if (x.param) this.param = x.param;
    if (x.status !== undefined) this.status = x.status;
    // apifm-wasm/webapi only: the answer of a status outside 2xx, as axios' error.response
    if (x.response !== undefined) this.response = x.response;
    // Code written for the reference's raw `fail` object reads errMsg.
    this.errMsg = x.errMsg ? redact(x.errMsg) : this.message;
    if (x.cause !== undefined) this.cause = x.cause;
  }
}
// The class is named so in every build, minified ones included (Node's
// util.inspect prints the constructor's name: `l [WXAPIError]` otherwise).
Object.defineProperty(WXAPIError, 'name', { value: 'WXAPIError' });

// --- where an error points (docs/errors.md, "Stacks") ----------------------
// An error made for a call is made when the call fails: in a fetch callback,
// a timer, a platform's `fail`, where the caller's code is no longer on the
// stack. So the call's site is taken when the call is made (V8's
// Error.captureStackTrace: Node, Chromium, Android mini-programs) into a
// blank WXAPIError, which becomes the call's error if it fails: its stack
// starts at the caller's line, and Node prints that line over an unhandled
// rejection. Taking a stack costs about twice the rest of a call (≈5 µs in
// Node), so it is done where someone is debugging (the runtime's `debug()`:
// Node unless NODE_ENV=production; a bundler's development build; a
// mini-program's develop version), never in a production page or
// mini-program, and never with Error.stackTraceLimit 0.

const capture = typeof Error.captureStackTrace === 'function' ? Error.captureStackTrace : null;

/** Whether calls take their site: the engine asks once, at its first call. */
export function sitesWanted(runtime) {
  try {
    return !!capture && Error.stackTraceLimit > 0 && !!(runtime.debug && runtime.debug());
  } catch (_) {
    return false;
  }
}

/**
 * The caller's site of `fn` (a method the app called): a blank WXAPIError
 * (a native error: util.types.isNativeError, structuredClone and error
 * trackers treat it as one) whose stack starts where `fn` was called.
 */
export function callSite(fn) {
  const limit = Error.stackTraceLimit;
  let site;
  try {
    Error.stackTraceLimit = 0; // the blank takes no stack of its own: captureStackTrace gives it the caller's
    site = Reflect.construct(Error, [], WXAPIError);
  } finally {
    Error.stackTraceLimit = limit;
  }
  capture(site, fn);
  return site;
}

/** The call's error `e` at its site: the site (once) takes e's message and fields. */
function atSite(site, e) {
  Object.defineProperty(site, 'message', { value: e.message, writable: true, configurable: true });
  for (const k of Object.keys(e)) site[k] = e[k]; // name, kind, method, param, status, errMsg, cause
  return site;
}

/** `e` (a retry's later error) with the frames of `site` (an error already made from it). */
function restack(e, site) {
  try {
    const frames = String(site.stack);
    e.stack = `${e.name}: ${e.message}${frames.slice(frames.indexOf('\n'))}`;
  } catch (_) {
    // a frozen error keeps its own stack
  }
  return e;
}

/** An error thrown from `fn` to its caller: its stack restarts at the caller's line. */
export function thrownFrom(e, fn) {
  if (capture && e instanceof WXAPIError) {
    try {
      capture(e, fn);
    } catch (_) {
      // a frozen error: it keeps the stack it has
    }
  }
  return e;
}

/** Node: everywhere but NODE_ENV=production. */
export function notProduction() {
  try {
    return process.env.NODE_ENV !== 'production';
  } catch (_) {
    return true;
  }
}

/**
 * Whether the bundle was built for development: bundlers replace
 * `process.env.NODE_ENV` (Vite, webpack, uni-app, Taro); where nothing
 * replaced it and there is no `process`, it is not.
 */
export function devBuild() {
  try {
    return process.env.NODE_ENV === 'development';
  } catch (_) {
    return false;
  }
}

/**
 * A copy of error `e` for another caller (of a shared request), naming its
 * method: the same kind, param, status, errMsg and cause, a new object.
 */
export function copyError(e, method) {
  if (!(e instanceof WXAPIError)) return e;
  const prefix = `WXAPI.${e.method}: `;
  const text = e.message.indexOf(prefix) === 0 ? e.message.slice(prefix.length) : e.message;
  return new WXAPIError(e.kind, method, text, { param: e.param, status: e.status, errMsg: e.errMsg !== e.message ? e.errMsg : undefined, cause: e.cause });
}

/**
 * The call's error as the app and its hooks see it: its stack starts at the
 * caller's line. The first error becomes the site itself (Node prints that
 * line over an unhandled rejection); a later one (after a retry) gets the
 * site's frames as its stack.
 */
export function located(call, e) {
  if (call.site === null || e === call.site || !(e instanceof WXAPIError)) return e;
  if (call.siteUsed) return restack(e, call.site);
  call.siteUsed = true;
  return (call.site = atSite(call.site, e));
}
