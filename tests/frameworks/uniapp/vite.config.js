// Three variants of the same project, chosen at build time by APIFM_VARIANT:
//   plugin  apifm-wasm with its Vite plugin (the documented set-up)
//   none    apifm-wasm without the plugin (what a user who skips it gets)
//   vendor  the vendor SDK apifm-uniapp in place of apifm-wasm (the baseline:
//           the page's `import WXAPI from 'apifm-wasm'` is aliased to it)
//   surface apifm-wasm/uniapp (apifm-uniapp's surface) with the plugin: the
//           page's import aliased to it
const { defineConfig } = require('vite');
const uni = require('@dcloudio/vite-plugin-uni').default;

const variant = process.env.APIFM_VARIANT || 'plugin';
if (!['plugin', 'none', 'vendor', 'surface'].includes(variant)) throw new Error(`APIFM_VARIANT must be plugin, none, vendor or surface, not ${variant}`);

const plugins = [uni()];
if (variant === 'plugin' || variant === 'surface') plugins.push(require('apifm-wasm/vite')());

module.exports = defineConfig({
  plugins,
  resolve: { vendor: { alias: [{ find: /^apifm-wasm$/, replacement: 'apifm-uniapp' }] }, surface: { alias: [{ find: /^apifm-wasm$/, replacement: 'apifm-wasm/uniapp' }] } }[variant] || {},
});
