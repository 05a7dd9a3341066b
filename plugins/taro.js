// apifm-wasm/taro: the Taro plugin (Taro 3.6 and 4, webpack 5 compiler).
//
//   // config/index.js
//   plugins: ['apifm-wasm/taro'],
//   // or, for WeChat base libraries older than 2.14.0 (no brotli):
//   plugins: [['apifm-wasm/taro', { plainWasm: true }]],
//
// For a WeChat (weapp, qq) or ByteDance (tt) build (process.env.TARO_ENV,
// which `taro build --type …` sets) the plugin
//   - resolves the bare import `apifm-wasm` (and a name the package is
//     installed under, e.g. `apifm-wxapi` after
//     `npm install apifm-wxapi@npm:apifm-wasm`) to the package's mini-program
//     build (miniprogram.mjs: WXWebAssembly/TTWebAssembly and the platform's
//     request; no fetch, URL, TextEncoder or WebAssembly). Without it webpack
//     takes the `browser` build, whose `new URL(wasm, import.meta.url)` makes
//     webpack put `document.baseURI` into runtime.js, which app.js runs first;
//   - emits the wasm into the output at apifm-wasm/apifm_wasm_bg.wasm.br, the
//     code-package path the mini-program build looks at without any user
//     code (plus apifm-wasm/apifm_wasm_bg.wasm with { plainWasm: true }),
//     in every compilation, so `taro build --watch` keeps it too.
// H5 and every other target (alipay, whose main thread has no WebAssembly,
// swan, jd, rn…): the plugin does nothing.
'use strict';
const { miniProgramOf, miniprogramEntry, wasmFiles, installedNames } = require('./plugin-common.cjs');

const NAME = 'apifm-wasm';
const OPTIONS = ['plainWasm'];
const TARO_MINI_PLUGIN = 'TaroMiniPlugin'; // the webpack plugin of @tarojs/webpack5-runner that writes the mini-program

/** The webpack plugin that adds the wasm files to each compilation's assets. */
class ApifmWasmAssets {
  constructor(family, plainWasm) {
    this.family = family;
    this.plainWasm = plainWasm;
  }

  apply(compiler) {
    // Only into the mini-program itself: in watch mode Taro's prebundle runs
    // a second compiler (the module-federation remote under prebundle/) that
    // inherits this plugin, and app.js would require() every file it emits.
    const plugins = compiler.options.plugins || [];
    if (!plugins.some((p) => p && p.constructor && p.constructor.name === TARO_MINI_PLUGIN)) return;
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap(NAME, (compilation) => {
      compilation.hooks.processAssets.tap({ name: NAME, stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        // Read at each compilation: a reinstalled package is picked up in watch mode.
        for (const file of wasmFiles(this.family, { plainWasm: this.plainWasm })) {
          const source = new sources.RawSource(file.source);
          if (compilation.getAsset(file.fileName)) compilation.updateAsset(file.fileName, source);
          else compilation.emitAsset(file.fileName, source);
        }
      });
    });
  }
}

function checkOptions(options) {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError("apifm-wasm/taro: the options must be an object, e.g. plugins: [['apifm-wasm/taro', { plainWasm: true }]]");
  }
  for (const key of Object.keys(options)) {
    if (!OPTIONS.includes(key)) throw new TypeError(`apifm-wasm/taro: unknown option '${key}' (known: ${OPTIONS.join(', ')})`);
  }
  if (options.plainWasm !== undefined && typeof options.plainWasm !== 'boolean') {
    throw new TypeError('apifm-wasm/taro: plainWasm must be true or false');
  }
  return options;
}

/** The WeChat / ByteDance family of the target being built, or null. */
function familyOf(ctx) {
  const run = ctx && ctx.runOpts && ctx.runOpts.options;
  const family = miniProgramOf(process.env.TARO_ENV || (run && run.platform));
  return family === 'wx' || family === 'tt' ? family : null;
}

/**
 * @param {object} ctx Taro's plugin context
 * @param {{plainWasm?: boolean}} [options]
 */
function apifmWasmTaro(ctx, options) {
  const opts = checkOptions(options);
  ctx.modifyWebpackChain(({ chain }) => {
    const family = familyOf(ctx);
    if (!family) return;
    const root = (ctx.paths && ctx.paths.appPath) || process.cwd();
    for (const name of installedNames(root)) chain.resolve.alias.set(`${name}$`, miniprogramEntry);
    chain.plugin(NAME).use(ApifmWasmAssets, [family, !!opts.plainWasm]);
  });
  if (typeof ctx.modifyViteConfig === 'function') {
    ctx.modifyViteConfig(() => {
      if (familyOf(ctx)) console.warn("apifm-wasm/taro: only Taro's webpack5 compiler is supported; with compiler 'vite' the plugin does nothing");
    });
  }
}

module.exports = apifmWasmTaro;
module.exports.default = apifmWasmTaro;
