// The uni-app Vue 2 preset's postcss config (dcloudio/uni-preset-vue).
const pkg = require('./package.json');

module.exports = {
  plugins: [
    require('postcss-import'),
    require('autoprefixer')({ overrideBrowserslist: pkg.browserslist, remove: false }),
    require('@dcloudio/vue-cli-plugin-uni/packages/postcss'),
  ],
};
