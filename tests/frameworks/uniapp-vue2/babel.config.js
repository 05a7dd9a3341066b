// The uni-app Vue 2 preset's babel config (dcloudio/uni-preset-vue), without
// its uni-ui import plugin (not used here).
module.exports = {
  presets: [['@vue/app', { useBuiltIns: 'entry' }]],
};
