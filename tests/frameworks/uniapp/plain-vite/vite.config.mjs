// A plain Vite app (no uni-app) built with and without apifm-wasm/vite
// (APIFM_VARIANT=plugin|none): for a browser build the plugin must change
// nothing. Loaded as an ES module: `import` of apifm-wasm/vite.
import apifmWasm from 'apifm-wasm/vite';

export default {
  base: './',
  logLevel: 'warn',
  plugins: process.env.APIFM_VARIANT === 'plugin' ? [apifmWasm()] : [],
};
