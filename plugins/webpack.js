// apifm-wasm/webpack: the webpack plugin (webpack 4 and 5) for uni-app Vue 2
// projects (vue-cli + @dcloudio/vue-cli-plugin-uni, and the same project in
// HBuilderX, which reads vue.config.js too), and any webpack build of a
// mini-program.
//
//   // vue.config.js
//   module.exports = {
//     configureWebpack: { plugins: [require('apifm-wasm/webpack')()] },
//   };
//
// For a WeChat (mp-weixin, mp-qq) or ByteDance (mp-toutiao, mp-lark) target
// (process.env.UNI_PLATFORM, which uni-app's scripts and HBuilderX set, or the
// `platform` option) the plugin
//   - resolves the bare import `apifm-wasm` (and a name the package is
//     installed under: `apifm-wxapi` after `npm install
//     apifm-wxapi@npm:apifm-wasm`) to the package's mini-program build
//     (miniprogram.mjs: WXWebAssembly/TTWebAssembly by code-package path and
//     the platform's request; no browser loader and no wasm inside), and
//     `apifm-wasm/uniapp` (and `apifm-uniapp` installed as an alias) to
//     apifm-uniapp's surface built the same way (uniapp-miniprogram.mjs).
//     Without it webpack takes the `browser` build, which carries the wasm
//     (≈50 KB) into common/vendor.js and cannot load it there;
//   - writes the wasm into the output at apifm-wasm/apifm_wasm_bg.wasm.br, the
//     code-package path the mini-program build looks at without any user
//     code (plus apifm-wasm/apifm_wasm_bg.wasm with { plainWasm: true }, for
//     base libraries that cannot read brotli: WeChat < 2.14.0), at every
//     compilation (also `--watch`).
// On every target, `apifm-uniapp` installed as an alias of this package
// resolves to apifm-uniapp's surface (uniapp.mjs in H5), so that `import
// WXAPI from 'apifm-uniapp'` keeps its methods (webpack 4 reads no
// `exports` map and would take the main entry's `browser` build).
// H5, apps, Alipay (no WebAssembly on its main thread): nothing else; the
// browser build carries its wasm.
'use strict';
const fs = require('fs');
const path = require('path');
const { miniProgramOf, wasmFiles } = require('./plugin-common.cjs');

const NAME = 'apifm-wasm';
const OPTIONS = ['plainWasm', 'platform'];
// The builds of each surface in a folder of this package: the browser one a
// bundler resolves by itself, the mini-program one the plugin puts in its place.
const SURFACES = {
  main: { browser: 'web.mjs', miniProgram: 'miniprogram.mjs' },
  uniapp: { browser: 'uniapp.mjs', miniProgram: 'uniapp-miniprogram.mjs' },
};
const SURFACE_OF = { 'web.mjs': 'main', 'miniprogram.mjs': 'main', 'uniapp.mjs': 'uniapp', 'uniapp-miniprogram.mjs': 'uniapp' };
// The vendor name whose bare import means apifm-uniapp's surface when it is this package (an npm alias).
const UNIAPP_NAME = 'apifm-uniapp';

function checkOptions(options) {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError("apifm-wasm/webpack: the options must be an object, e.g. require('apifm-wasm/webpack')({ plainWasm: true })");
  }
  for (const key of Object.keys(options)) {
    if (!OPTIONS.includes(key)) throw new TypeError(`apifm-wasm/webpack: unknown option '${key}' (known: ${OPTIONS.join(', ')})`);
  }
  if (options.plainWasm !== undefined && typeof options.plainWasm !== 'boolean') {
    throw new TypeError('apifm-wasm/webpack: plainWasm must be true or false');
  }
  if (options.platform !== undefined && typeof options.platform !== 'string') {
    throw new TypeError("apifm-wasm/webpack: platform must be a target name such as 'mp-weixin' or 'h5'");
  }
  return options;
}

/** A webpack 4 asset (webpack-sources' interface, which is all webpack 4 reads of an emitted asset). */
function rawAsset(bytes) {
  return { source: () => bytes, size: () => bytes.length, buffer: () => bytes, map: () => null, sourceAndMap: () => ({ source: bytes, map: null }), updateHash: (hash) => hash.update(bytes) };
}

/** Whether `dir` is a folder of this package (under its own name or an npm alias), cached. */
function ours(dir, cache) {
  if (!cache.has(dir)) {
    let yes = false;
    try {
      yes = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).name === NAME;
    } catch (_) {
      // no package.json there: not ours
    }
    cache.set(dir, yes);
  }
  return cache.get(dir);
}

/**
 * The file a resolved module of this package is to be built from, or null to
 * keep it: on mini-program targets the mini-program build of its surface in
 * the same folder; on every target apifm-uniapp's surface for a bare
 * `apifm-uniapp` that resolved to this package's main entry (webpack 4 reads
 * no `exports`: the npm alias would get apifm-wxapi's surface).
 * Decided on the file webpack resolved, after the project's own aliases
 * (`'apifm-wasm$': 'apifm-wasm/uniapp'` keeps its meaning).
 */
function replacement(resource, rawRequest, miniProgram, cache) {
  if (typeof resource !== 'string') return null;
  const file = resource.split('?')[0];
  let surface = SURFACE_OF[path.basename(file)];
  if (!surface || !ours(path.dirname(file), cache)) return null;
  if (surface === 'main' && rawRequest === UNIAPP_NAME) surface = 'uniapp';
  const target = path.join(path.dirname(file), SURFACES[surface][miniProgram ? 'miniProgram' : 'browser']);
  return target === file ? null : target;
}

class ApifmWasmWebpackPlugin {
  /** @param {{plainWasm?: boolean, platform?: string}} [options] */
  constructor(options) {
    this.options = checkOptions(options);
  }

  /** The WeChat / ByteDance family of the target being built, or null. */
  family() {
    const target = this.options.platform !== undefined ? this.options.platform : process.env.UNI_PLATFORM;
    const family = miniProgramOf(target);
    return family === 'wx' || family === 'tt' ? family : null;
  }

  apply(compiler) {
    // Decided here, not in the constructor: vue.config.js may be loaded before
    // the target is known (HBuilderX sets UNI_PLATFORM before it compiles).
    const family = this.family();
    const folders = new Map(); // folder -> is it this package?
    const webpack5 = Boolean(compiler.webpack);

    compiler.hooks.normalModuleFactory.tap(NAME, (factory) => {
      // As webpack's own NormalModuleReplacementPlugin: the resolved resource
      // is swapped. webpack 4: a waterfall that must hand `data` on (null:
      // ignored by someone before us); webpack 5: a bail hook over
      // resolveData, whose createData is the module to be, `undefined` to go on.
      factory.hooks.afterResolve.tap(NAME, (data) => {
        const module = webpack5 ? data && data.createData : data;
        if (module) {
          const file = replacement(module.resource, module.rawRequest, family !== null, folders);
          if (file) {
            // The request strings carry the resource (after any loaders): the module's name and identity follow it.
            const was = module.resource.split('?')[0];
            for (const key of ['request', 'userRequest']) {
              if (typeof module[key] === 'string') module[key] = module[key].split(was).join(file);
            }
            module.resource = module.resource.split(was).join(file);
          }
        }
        return webpack5 ? undefined : data;
      });
    });

    if (!family) return;
    const plainWasm = Boolean(this.options.plainWasm);
    // Read at each compilation: a reinstalled package is picked up in watch mode.
    if (webpack5) {
      const { Compilation, sources } = compiler.webpack;
      compiler.hooks.thisCompilation.tap(NAME, (compilation) => {
        compilation.hooks.processAssets.tap({ name: NAME, stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
          for (const file of wasmFiles(family, { plainWasm })) {
            const source = new sources.RawSource(file.source);
            if (compilation.getAsset(file.fileName)) compilation.updateAsset(file.fileName, source);
            else compilation.emitAsset(file.fileName, source);
          }
        });
      });
    } else {
      compiler.hooks.emit.tap(NAME, (compilation) => {
        for (const file of wasmFiles(family, { plainWasm })) compilation.assets[file.fileName] = rawAsset(file.source);
      });
    }
  }
}

/**
 * @param {{plainWasm?: boolean, platform?: string}} [options]
 *   plainWasm: also write the plain .wasm; platform: the target instead of
 *   process.env.UNI_PLATFORM ('mp-weixin', 'mp-toutiao', 'h5', …).
 */
function apifmWasmWebpack(options) {
  return new ApifmWasmWebpackPlugin(options);
}

module.exports = apifmWasmWebpack;
module.exports.default = apifmWasmWebpack;
module.exports.apifmWasmWebpack = apifmWasmWebpack;
module.exports.ApifmWasmWebpackPlugin = ApifmWasmWebpackPlugin;
