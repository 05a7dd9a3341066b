// An H5 shop's API calls, written for apifm-webapi (H5, axios) the way its
// users write them: init, an app-wide response interceptor, the catalogue,
// a password login and the member's data, the cart (a qs-encoded sku list),
// CMS, jssdkSign, the axios instance itself (request) and the generic
// requestX, and a server error (HTTP 500) the app must see as a rejection.
// The calls run one after the other, so their requests keep a fixed order.
// Identical in tests/frameworks/vuecli4 and vuecli5.
import WXAPI from 'apifm-webapi'

// The backend of the test (tests/server/backend.js) on 127.0.0.1, for the
// one request that is not to an API工厂 host: its HTTP 500 fault route.
const backend = new URLSearchParams(location.search).get('backend') || ''

// What an app's interceptor saw: answers, and the HTTP status of failures.
const seen = { answers: 0, failed: [] }

// One call's outcome as the page reports it (no error text: it is the SDK's own).
function outcome(promise) {
  return promise.then(
    (res) => ({ ok: true, code: res && res.code, msg: res && res.msg, data: res && res.data }),
    (err) => ({
      ok: false,
      status: err && err.response ? err.response.status : null,
      body: err && err.response ? err.response.data : null,
      hasMessage: typeof (err && err.message) === 'string',
    }),
  )
}

export function runShop() {
  WXAPI.init('demo')
  WXAPI.request.interceptors.response.use(
    (res) => {
      seen.answers++
      return res
    },
    (err) => {
      seen.failed.push(err && err.response ? err.response.status : null)
      return Promise.reject(err)
    },
  )
  const state = { token: '' }
  const steps = [
    ['banners', () => WXAPI.banners({ type: 'index' })],
    ['goodsv2', () => WXAPI.goodsv2({ page: 1, pageSize: 10, categoryId: '' })],
    ['goodsDetail', () => WXAPI.goodsDetail(101)],
    ['loginMobileV2', () => WXAPI.loginMobileV2({ mobile: '13800000000', pwd: '123456', deviceId: 'h5-shop', deviceName: 'Chromium' })],
    ['userDetail', () => WXAPI.userDetail(state.token)],
    ['shippingCarInfoAddItem', () => WXAPI.shippingCarInfoAddItem(state.token, 101, 2, [{ optionId: 1, optionValueId: 3 }, { optionId: 2, optionValueId: 5 }])],
    ['shippingCarInfo', () => WXAPI.shippingCarInfo(state.token)],
    ['cmsArticles', () => WXAPI.cmsArticles({ page: 1, pageSize: 5 })],
    ['cmsPage', () => WXAPI.cmsPage('about')],
    ['jssdkSign', () => WXAPI.jssdkSign(location.href.split('#')[0])],
    ['request', () => WXAPI.request({ url: 'https://api.it120.cc/demo/shop/goods/category/all', method: 'get', params: { shopId: 0 } })],
    ['requestX', () => WXAPI.requestX('/shop/goods/list', true, 'post', { page: 1, categoryId: [1, 2], filter: { nameLike: '苹果 & 梨' } })],
    ['http500', () => WXAPI.request.get(`${backend}/__fault/http500`)],
    ['expiredToken', () => WXAPI.userDetail('token-expired')],
  ]
  const results = {}
  let chain = Promise.resolve()
  steps.forEach(([name, call]) => {
    chain = chain.then(() => {
      let p
      try {
        p = call()
      } catch (err) {
        p = Promise.reject(err)
      }
      return outcome(p).then((r) => {
        results[name] = r
        if (name === 'loginMobileV2' && r.ok && r.data) state.token = r.data.token
      })
    })
  })
  return chain.then(() => ({ results, seen }))
}
