// The cart (WXAPI.shippingCarInfo): one line per goods with its subtotal,
// and the totals the backend computed. Refreshed every time the page shows.
const WXAPI = require('apifm-wasm')
const { yuan, picUrl } = require('../../utils/format.js')

const app = getApp()

Page({
  data: {
    items: [],
    totalNumber: 0,
    totalPrice: yuan(0),
    loading: true,
    empty: false,
    error: '',
  },

  onShow() {
    return this.load()
  },

  load() {
    return app.tokenReady
      .then((token) => WXAPI.shippingCarInfo(token))
      .then((res) => {
        if (res.code === 700) {
          // API工厂: 700 = no data (an empty cart)
          this.setData({ items: [], totalNumber: 0, totalPrice: yuan(0), loading: false, empty: true, error: '' })
          return
        }
        if (res.code !== 0) throw new Error(res.msg)
        this.setData({
          items: res.data.items.map((it) => ({
            key: it.key,
            goodsId: it.goodsId,
            name: it.name,
            pic: picUrl(it.pic, app.globalData.mockBaseUrl),
            price: yuan(it.price),
            number: it.number,
            subtotal: yuan(it.price * it.number),
          })),
          totalNumber: res.data.number,
          totalPrice: yuan(res.data.price),
          loading: false,
          empty: false,
          error: '',
        })
      })
      .catch((err) => this.setData({ loading: false, error: err.name === 'WXAPIError' ? `网络异常（${err.kind}）` : err.message }))
  },

  goShopping() {
    return wx.switchTab({ url: '/pages/index/index' })
  },
})
