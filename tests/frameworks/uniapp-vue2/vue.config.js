// Three variants of the same project, chosen at build time by APIFM_VARIANT:
//   plugin  apifm-wasm with its webpack plugin (the documented set-up, one line)
//   none    apifm-wasm without the plugin (what a user who skips it gets)
//   vendor  the vendor SDK apifm-uniapp in place of apifm-wasm (the baseline:
//           the page's `import WXAPI from 'apifm-wasm'` is aliased to it)
//   surface apifm-wasm/uniapp (apifm-uniapp's surface) with the plugin: the
//           page's import aliased to it
const path = require('path');

const variant = process.env.APIFM_VARIANT || 'plugin';
if (!['plugin', 'none', 'vendor', 'surface'].includes(variant)) throw new Error(`APIFM_VARIANT must be plugin, none, vendor or surface, not ${variant}`);

const configureWebpack = {
  plugin: () => ({ plugins: [require('apifm-wasm/webpack')()] }),
  none: () => ({}),
  vendor: () => ({ resolve: { alias: { 'apifm-wasm$': path.dirname(require.resolve('apifm-uniapp/package.json')) } } }),
  surface: () => ({ plugins: [require('apifm-wasm/webpack')()], resolve: { alias: { 'apifm-wasm$': 'apifm-wasm/uniapp' } } }),
}[variant]();

module.exports = { configureWebpack };
