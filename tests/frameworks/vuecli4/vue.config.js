// The same H5 shop page (src/shop.js, written for apifm-webapi), built in one
// of these variants, chosen by APIFM_VARIANT:
//   vendor  the vendor SDK apifm-webapi (installed as apifm-webapi-vendor):
//           the baseline
//   alias   docs/migration.md, way one: apifm-wasm installed under the name
//           apifm-webapi (npm install apifm-webapi@npm:apifm-wasm) and the
//           documented webpack alias line; the page is not changed
//   import  docs/migration.md, way two: the page's import is apifm-wasm/webapi
//           (here by pointing its import there: the same resolution)
const variant = process.env.APIFM_VARIANT || 'alias'
const ALIASES = {
  vendor: { 'apifm-webapi$': 'apifm-webapi-vendor' },
  alias: { 'apifm-webapi$': 'apifm-webapi/webapi' }, // the line of docs/migration.md
  import: { 'apifm-webapi$': 'apifm-wasm/webapi' },
}
if (!ALIASES[variant]) throw new Error(`APIFM_VARIANT must be one of ${Object.keys(ALIASES).join(', ')}, not ${variant}`)

module.exports = {
  productionSourceMap: false,
  configureWebpack: {
    resolve: { alias: ALIASES[variant] },
  },
}
