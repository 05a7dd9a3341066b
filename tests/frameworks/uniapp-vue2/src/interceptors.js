// uni-app interceptors as apps write them (token headers, loading
// indicators…): every uni.request and uni.uploadFile of the app and of the
// packages it bundles gets an X-Apifm-Interceptor header from `invoke`, and
// `complete` counts it. The page reports the counts next to its results.
export const completed = { request: 0, uploadFile: 0 };

export function addInterceptors() {
  ['request', 'uploadFile'].forEach((api) => {
    uni.addInterceptor(api, {
      invoke(args) {
        args.header = Object.assign({}, args.header, { 'X-Apifm-Interceptor': api });
      },
      complete() {
        completed[api] += 1;
      },
    });
  });
}
