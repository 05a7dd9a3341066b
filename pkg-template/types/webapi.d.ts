//! The hand-written part of webapi.d.ts: the types apifm-wasm/webapi adds
//! (before the line //@@ members) and its interface's own members (after
//! it); tools/gen/types.js drops these //! lines. Edit here, then `make regen`.
/** What `request` and its interceptors take: the axios config members apifm-wasm/webapi reads. */
export interface RequestConfig {
  /** An absolute URL, or a path on the API host (as requestX with needSubDomain false). */
  url?: string;
  /** Default 'get'. Fields are sent for GET (`params`) and POST (`data`) only, as apifm-webapi does. */
  method?: string;
  params?: Params;
  data?: Params;
  /** Request headers (an interceptor may add some: init3's header rules apply). */
  headers?: Record<string, string | number>;
}

/** `request.interceptors.request` / `.response`: added with use (applied to every call from then on), removed with eject. */
export interface InterceptorManager<V> {
  use(onFulfilled?: ((value: V) => V | Promise<V>) | null, onRejected?: ((error: any) => any) | null): number;
  eject(id: number): void;
}

/** apifm-webapi's `request` (its axios instance): the subset apifm-wasm/webapi provides (docs/migration.md). */
export interface AxiosLikeRequest {
  (config: RequestConfig): Promise<ApiResult>;
  (url: string, config?: RequestConfig): Promise<ApiResult>;
  get(url: string, config?: RequestConfig): Promise<ApiResult>;
  post(url: string, data?: Params, config?: RequestConfig): Promise<ApiResult>;
  readonly interceptors: {
    readonly request: InterceptorManager<RequestConfig>;
    readonly response: InterceptorManager<any>;
  };
}

//@@ members
  /** apifm-webapi's generic call: a path on the API host (with the subDomain when needSubDomain) or an absolute URL. */
  requestX(url: string, needSubDomain?: boolean, method?: string, data?: Params | null): Promise<ApiResult>;
  request: AxiosLikeRequest;
  /** As in apifm-webapi: stores a value nothing reads (use init3({ timeout })). */
  timeout(ms?: number): void;
