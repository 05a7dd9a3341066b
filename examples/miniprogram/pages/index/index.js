// Goods list: banners and goods from API工厂, "加入购物车" on each card.
// Every handler returns its promise (WeChat ignores it; tests await it).
const WXAPI = require('apifm-wasm')
const { yuan, picUrl } = require('../../utils/format.js')

const app = getApp()

function card(goods) {
  return {
    id: goods.id,
    name: goods.name,
    pic: picUrl(goods.pic, app.globalData.mockBaseUrl),
    tag: goods.characteristic || '',
    price: yuan(goods.minPrice),
    originalPrice: goods.originalPrice > goods.minPrice ? yuan(goods.originalPrice) : '',
    soldOut: !(goods.stores > 0),
  }
}

/** An SDK error (WXAPIError) or a business error, as one line for the user. */
function describe(err) {
  if (err && err.name === 'WXAPIError') return `网络异常（${err.kind}）：${err.message}`
  return (err && err.message) || String(err)
}

Page({
  data: {
    banners: [],
    goods: [],
    cartCount: 0,
    loading: true,
    error: '',
  },

  onLoad() {
    return this.refresh()
  },

  onShow() {
    return this.updateCartCount()
  },

  onPullDownRefresh() {
    return this.refresh().then(() => wx.stopPullDownRefresh())
  },

  refresh() {
    return Promise.all([WXAPI.banners({ type: 'index' }), WXAPI.goods({ page: 1, pageSize: 20 })])
      .then(([banners, goods]) => {
        // code 0: data; code 700: nothing there yet; anything else: a business error
        if (goods.code !== 0 && goods.code !== 700) throw new Error(goods.msg)
        this.setData({
          banners: banners.code === 0 ? banners.data.map((b) => ({ id: b.id, title: b.title, picUrl: picUrl(b.picUrl, app.globalData.mockBaseUrl) })) : [],
          goods: goods.code === 0 ? goods.data.map(card) : [],
          loading: false,
          error: '',
        })
      })
      .catch((err) => this.setData({ loading: false, error: describe(err) }))
  },

  updateCartCount() {
    return app.tokenReady
      .then((token) => WXAPI.shippingCarInfo(token))
      .then((res) => this.setData({ cartCount: res.code === 0 ? res.data.number : 0 }))
      .catch(() => {})
  },

  addToCart(e) {
    const id = e.currentTarget.dataset.id
    const item = this.data.goods.find((g) => g.id === id)
    if (!item || item.soldOut) return Promise.resolve()
    return app.tokenReady
      .then((token) => WXAPI.shippingCarInfoAddItem(token, id, 1))
      .then((res) => {
        if (res.code !== 0) throw new Error(res.msg)
        this.setData({ cartCount: res.data.number })
        wx.showToast({ title: '已加入购物车', icon: 'success' })
      })
      .catch((err) => wx.showToast({ title: describe(err), icon: 'none' }))
  },

  goCart() {
    return wx.switchTab({ url: '/pages/cart/cart' })
  },
})
