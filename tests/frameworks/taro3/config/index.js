// Taro 3.6 project config. APIFM_VARIANT picks what the page's
// `import WXAPI from 'apifm-wasm'` gets:
//   plugin  apifm-wasm with plugins: ['apifm-wasm/taro'] (the documented set-up)
//   none    apifm-wasm with no plugin
//   vendor  the vendor SDK (apifm-wxapi) under the name apifm-wasm
// APIFM_OUT_DIR: where the output goes (relative to this project).
'use strict';
const path = require('path');

const VARIANT = process.env.APIFM_VARIANT || 'plugin';
if (!['plugin', 'none', 'vendor'].includes(VARIANT)) throw new Error(`APIFM_VARIANT: plugin, none or vendor, not ${VARIANT}`);

module.exports = function config() {
  const env = process.env.TARO_ENV;
  return {
    projectName: 'apifm-wasm-taro3-test',
    date: '2026-12-1',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: process.env.APIFM_OUT_DIR || `dist/${VARIANT}-${env}`,
    plugins: VARIANT === 'plugin' ? ['apifm-wasm/taro'] : [],
    alias: VARIANT === 'vendor' ? { 'apifm-wasm$': path.dirname(require.resolve('apifm-wxapi/package.json')) } : {},
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    logger: { quiet: true, stats: false },
    mini: {
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
  };
};
