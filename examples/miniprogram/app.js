// apifm-wasm in a WeChat mini-program, as apps using apifm-wxapi are written:
// require the package (after devtools "工具 → 构建npm"), call WXAPI.init()
// in onLaunch, log in with wx.login + WXAPI.login_wx and keep the token.
// No await is needed after init(): calls made while the wasm loads wait for it.
const WXAPI = require('apifm-wasm')

App({
  globalData: {
    subDomain: 'demo', // your API工厂 专属域名 (subDomain)
    // The local mock backend instead of API工厂: `npx apifm-wasm mock`, then
    // e.g. 'http://127.0.0.1:8080' here (README.md, docs/mock.md). '' = API工厂.
    mockBaseUrl: '',
    token: '',
  },

  onLaunch() {
    const mock = this.globalData.mockBaseUrl
    if (mock) {
      // The init3 snippet the mock prints: its four hosts are path prefixes.
      WXAPI.init3({ apiBaseUrl: mock, commonBaseUrl: `${mock}/common`, cmsBaseUrl: `${mock}/cms`, ossBaseUrl: `${mock}/oss`, subDomain: this.globalData.subDomain })
    } else {
      WXAPI.init(this.globalData.subDomain)
    }
    // If the package is not at /miniprogram_npm/apifm-wasm/ (a subpackage, a
    // custom miniprogramRoot), tell it where the wasm is:
    // WXAPI.init3({ subDomain: 'demo', wasmPath: '/sub/miniprogram_npm/apifm-wasm/apifm_wasm_bg.wasm.br' })
    // Token injection and re-login in one place (docs/hooks.md): every call
    // that sends a token sends the current one, and an answer "token invalid"
    // (code 2000) logs in again and replays the call once with the new token.
    WXAPI.use({
      onRequest: (ctx) => {
        const token = this.globalData.token
        if (token && ctx.data && ctx.data.token) ctx.data.token = token
      },
      onResponse: (ctx, res) => {
        if (res.code !== 2000 || !ctx.data || !('token' in ctx.data)) return undefined
        wx.setStorageSync('token', '') // expired: log in again
        this.tokenReady = this.login()
        return this.tokenReady.then(() => ctx.retry())
      },
    })
    this.tokenReady = this.login()
    this.tokenReady.catch(() => {}) // pages that need the token report the failure
  },

  /** Resolves with the user's token (kept in storage, as apifm-wxapi apps do). */
  login() {
    const saved = wx.getStorageSync('token')
    if (saved) {
      this.globalData.token = saved
      return Promise.resolve(saved)
    }
    return new Promise((resolve, reject) => {
      wx.login({ success: (res) => resolve(res.code), fail: reject })
    })
      .then((code) => WXAPI.login_wx(code))
      .then((res) => {
        if (res.code !== 0) throw new Error(`登录失败：${res.msg}`)
        wx.setStorageSync('token', res.data.token)
        this.globalData.token = res.data.token
        return res.data.token
      })
  },
})
