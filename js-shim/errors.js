// The one error type of the package (docs/errors.md).

const SECRET = /((?:token|password|pwd|secret|sign|sessionkey)[^=&:"'\s]*["']?\s*[=:]\s*["']?)[^&"'\s,;}]+/gi;

/** Hides tokens and passwords in text we put into messages. */
export function redact(text) {
  return String(text).replace(SECRET, '$1***');
}

/**
 * Every error apifm-wasm produces.
 * kind: 'argument' | 'config' | 'timeout' | 'network' | 'http' | 'response' | 'aborted' | 'unsupported'
 */
export class WXAPIError extends Error {
  /**
   * @param {string} kind
   * @param {string} method  the WXAPI method name
   * @param {string} message
   * @param {{param?: string, errMsg?: string, cause?: unknown, status?: number}} [extra]
   */
  constructor(kind, method, message, extra) {
    super(redact(`WXAPI.${method}: ${message}`));
    const x = extra || {};
    this.name = 'WXAPIError';
    this.kind = kind;
    this.method = method;
    if (x.param) this.param = x.param;
    if (x.status !== undefined) this.status = x.status;
    // Code written for the reference's raw `fail` object reads errMsg.
    this.errMsg = x.errMsg ? redact(x.errMsg) : this.message;
    if (x.cause !== undefined) this.cause = x.cause;
  }
}
