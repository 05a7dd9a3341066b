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
