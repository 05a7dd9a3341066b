// apifm-wasm/vite: the Vite plugin for uni-app (and any Vite build of a
// mini-program).
//
//   // vite.config.js (CommonJS, as uni-app's own) or vite.config.ts / .mjs
//   const uni = require('@dcloudio/vite-plugin-uni').default;
//   const apifmWasm = require('apifm-wasm/vite');    // or: import apifmWasm from 'apifm-wasm/vite'
//   module.exports = { plugins: [uni(), apifmWasm()] };
//
// For a WeChat (mp-weixin, mp-qq) or ByteDance (mp-toutiao, mp-lark) target
// (process.env.UNI_PLATFORM, or the `platform` option) the plugin
//   - resolves the bare import `apifm-wasm` (and a name the package is
//     installed under, e.g. `apifm-wxapi` after
//     `npm install apifm-wxapi@npm:apifm-wasm`) to the package's mini-program
//     build (miniprogram.mjs: WXWebAssembly/TTWebAssembly and the platform's
//     request; no fetch, URL, TextEncoder or WebAssembly), and
//   - emits the wasm into the output at apifm-wasm/apifm_wasm_bg.wasm.br, the
//     code-package path the mini-program build looks at without any user code
//     (plus apifm-wasm/apifm_wasm_bg.wasm with { plainWasm: true }, for base
//     libraries that cannot read brotli: WeChat < 2.14.0).
// Any other target (h5, app, mp-alipay, whose main thread has no
// WebAssembly) and plain Vite builds without uni-app: the plugin does
// nothing; the package's browser build and its .wasm asset are what Vite
// makes of them anyway.
// `apifm-wasm/uniapp` (apifm-uniapp's surface) resolves to its mini-program
// build (uniapp-miniprogram.mjs: no browser loader or wasm chunk) on those
// targets. On every target, the bare import `apifm-uniapp`, when it is this
// package installed as an npm alias (`npm install
// apifm-uniapp@npm:apifm-wasm`), resolves to apifm-wasm/uniapp, so that
// `import WXAPI from 'apifm-uniapp'` keeps its requests with no code change.
'use strict';
const { miniProgramOf, wasmFiles, entryFor } = require('./plugin-common.cjs');

/**
 * @param {{plainWasm?: boolean, platform?: string}} [options]
 *   plainWasm: also emit the plain .wasm; platform: the target instead of
 *   process.env.UNI_PLATFORM ('mp-weixin', 'mp-toutiao', 'h5', …).
 */
function apifmWasm(options) {
  const opts = options || {};
  if (typeof opts !== 'object') throw new TypeError('apifm-wasm/vite: the options must be an object, e.g. apifmWasm({ plainWasm: true })');
  for (const key of Object.keys(opts)) {
    if (key !== 'plainWasm' && key !== 'platform') throw new TypeError(`apifm-wasm/vite: unknown option '${key}' (known: plainWasm, platform)`);
  }
  // Only WeChat and ByteDance mini-programs can load the wasm on the main thread.
  let family = null;
  const decide = () => {
    const f = miniProgramOf(opts.platform !== undefined ? opts.platform : process.env.UNI_PLATFORM);
    family = f === 'wx' || f === 'tt' ? f : null;
  };
  decide();
  let root = process.cwd();
  const names = new Map(); // bare specifier -> is it this package (an npm alias)?
  return {
    name: 'apifm-wasm',
    enforce: 'pre',
    // uni-app sets UNI_PLATFORM before Vite loads the config; read it again
    // here in case a tool sets it between creating the plugin and building.
    configResolved(config) {
      decide();
      if (config && typeof config.root === 'string') root = config.root;
    },
    resolveId(source) {
      return entryFor(source, root, names, !!family);
    },
    generateBundle() {
      if (!family) return;
      for (const file of wasmFiles(family, { plainWasm: !!opts.plainWasm })) {
        this.emitFile({ type: 'asset', fileName: file.fileName, source: file.source });
      }
    },
  };
}

module.exports = apifmWasm;
module.exports.default = apifmWasm;
module.exports.apifmWasm = apifmWasm;
