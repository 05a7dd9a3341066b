//! The hand-written part of index.d.ts: tools/gen/types.js fills each
//! /*@name@*/ mark (the generated header, the typed object parameters, the
//! documented response shapes, one declaration per method, the named
//! exports) and drops these //! lines. Edit here, then `make regen`.
// /*@gen@*/
/** What every API call resolves with: API工厂's own result object. */
export interface ApiResult<T = any> {
  /** 0: success; anything else is the API's own error code (700: no data, 2000: not logged in, …). */
  code: number;
  msg: string;
  /** `any`, as apifm-wxapi types it, unless the method's docs show an example (then its structure, each value `any`); the API usually leaves it out when `code` is not 0. */
  data: T;
  [key: string]: any;
}

/** Form fields of object-parameter methods; unknown keys pass through. */
export type Params = Record<string, any>;

/** A file: a temp-file path on mini-programs; a Blob, File, ArrayBuffer or Buffer elsewhere. */
export type FileInput = string | BlobLike | ArrayBuffer | ArrayBufferView;

/** A Blob or File, by its shape: the declarations need no DOM library (mini-program projects). */
export interface BlobLike {
  readonly size: number;
  readonly type: string;
  slice(start?: number, end?: number, contentType?: string): unknown;
}

/** A custom request function, called as apifm-wxapi calls its own (declared as a method: one written for apifm-wxapi's `Request` type fits). */
export type RequestFunction = { request(url: string, needSubDomain: boolean, method: string, data?: Params): unknown }['request'];

export interface Init3Options {
  apiBaseUrl?: string;
  subDomain?: string;
  /** Your own request function; `null` restores the built-in transport. */
  request?: RequestFunction | null;
  /** Extensions (docs/compat.md). */
  commonBaseUrl?: string;
  cmsBaseUrl?: string;
  /** The file/QR-code host (https://oss.apifm.com): uploads, wxaQrcode, commonQrcode. */
  ossBaseUrl?: string;
  merchantId?: string | number;
  /** Extra headers for every request; names must be HTTP tokens, values without CR/LF. */
  header?: Record<string, string | number>;
  /** Milliseconds, enforced on every transport; without it: 60000 for fetch, app.json's networkTimeout on mini-programs. */
  timeout?: number;
  transport?: 'wx' | 'tt' | 'my' | 'uni' | 'fetch';
  /** Requests in flight at once on mini-program transports (default 10, WeChat's limit); the rest wait in order. */
  maxConcurrent?: number;
  /** Largest response body read with fetch, in bytes (default 16 MB, decompressed). */
  maxResponseBytes?: number;
  /** Where the .wasm is: a code-package path (mini-programs) or a URL (browsers). */
  wasmPath?: string | { readonly href: string };
  /** Allow http:// base URLs for hosts other than loopback. */
  allowInsecureHttp?: boolean;
  /** Opt-in retries of the reviewed reads (spec/retry-safe.json; every other method is sent once) that failed on the network, timed out or got HTTP 5xx (docs/hooks.md); false turns them off. */
  retry?: RetryOptions | false | null;
  /** Identical calls in flight of a reviewed read sent as GET share one request; each caller keeps its own timeout and signal and gets its own copy of the result or error. */
  dedupe?: boolean;
}

/** `init3({ retry })`: how often and on what a read is tried again. */
export interface RetryOptions {
  /** Retries after the first attempt, 0 … 5 (default 2). */
  retries?: number;
  /** What is retried (default all three). */
  on?: ReadonlyArray<'network' | 'timeout' | 'http5xx'>;
  /** Milliseconds before retry n: up to min(max, base·2ⁿ), at least half of it (default { base: 300, max: 5000 }); a number is the base. */
  backoff?: number | { base?: number; max?: number };
}

/** What request hooks see of a call (`WXAPI.use`). */
export interface HookContext {
  /** The WXAPI method, e.g. 'goodsDetail'. */
  readonly method: string;
  readonly verb: string;
  /** The full URL (the path, when init3({request}) sends it). */
  readonly url: string;
  /** The form fields, a copy: an onRequest hook may set fields; the core checks them again. */
  data: Record<string, unknown> | undefined;
  /** The extra headers: an onRequest hook may add some (init3's header rules apply). */
  header: Record<string, string>;
  /** 0, then 1, 2 … for each retry. */
  readonly attempt: number;
  /** Return it from onResponse/onError to send the call once more (once per call). */
  retry(): unknown;
}

/** Request hooks (`WXAPI.use`); each may be async. */
export interface Hooks {
  onRequest?(ctx: HookContext): void | Promise<void>;
  /** Return a value to replace the result, or ctx.retry(). */
  onResponse?(ctx: HookContext, res: ApiResult<any>): unknown;
  /** Sees every WXAPIError of a call; may return ctx.retry(). */
  onError?(ctx: HookContext, err: WXAPIError): unknown;
}

/** An AbortSignal, or anything with its shape (no DOM library needed). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** Per-call options of `WXAPI.withOptions()`. */
export interface CallOptions {
  /** Aborting it aborts the call (kind `aborted`). */
  signal?: AbortSignalLike | null;
  /** Milliseconds (1 … 3600000), for this call. */
  timeout?: number;
}

export type WXAPIErrorKind = 'argument' | 'config' | 'timeout' | 'network' | 'http' | 'response' | 'aborted' | 'unsupported' | 'hook';

/** The one error type of the package (docs/errors.md). */
export declare class WXAPIError extends Error {
  readonly name: 'WXAPIError';
  readonly kind: WXAPIErrorKind;
  readonly method: string;
  readonly param?: string;
  readonly status?: number;
  /** apifm-wasm/webapi only: a status outside 2xx (kind `http`), as axios' error.response: the status and the body (parsed when JSON). */
  readonly response?: { status: number; data: unknown };
  readonly errMsg: string;
  readonly cause?: unknown;
}

/*@paramInterfaces@*/

/** The promise every API call returns: the result, and abort() (kind 'aborted'; the request is cancelled). */
export interface ApiCall<T = any> extends Promise<ApiResult<T>> {
  abort(reason?: unknown): void;
}

/*@responseTypes@*/

export interface WXAPI {
  /** Sets the subDomain (专属域名). */
  init(subDomain: string): void;
  /** Sets the API base URL and the subDomain. */
  init2(apiBaseUrl: string, subDomain: string): void;
  /** Sets any of the options; `request` replaces the transport. */
  init3(options: Init3Options): void;
  setMerchantId(merchantId: string | number): void;
  /** The low-level call: a path on the API host (or an absolute http(s) URL). */
  request(url: string, needSubDomain?: boolean, method?: string, data?: Params | null): Promise<ApiResult>;
/*@methods@*/
  /** Starts loading the wasm core if no call has yet; settles when it is loaded. */
  readonly ready: Promise<void>;
  readonly WXAPIError: typeof WXAPIError;
  /** The same methods, each call with these options: `WXAPI.withOptions({ signal, timeout }).goodsDetail(1)`. */
  withOptions(options: CallOptions): WXAPI;
  /** Adds request hooks for the calls made from now on (docs/hooks.md); returns the function that removes them. */
  use(hooks: Hooks): () => void;
}

declare const WXAPI: WXAPI;
export default WXAPI;
/** `await ready`: loads the wasm core (when awaited, not at import). */
export declare const ready: PromiseLike<void>;
export declare const withOptions: WXAPI['withOptions'];
export declare const use: WXAPI['use'];
/*@exports@*/
