// What the framework plugins (vite.cjs for uni-app/Vite, taro.js for Taro)
// share: which build of apifm-wasm a target gets, and which wasm files go
// into a mini-program's output and where. The mini-program runtime looks for
// the wasm at these code-package paths without any user code
// (js-shim/entries/miniprogram-load.js).
'use strict';
const fs = require('fs');
const path = require('path');

const WASM_DIR = 'apifm-wasm';
const WASM = 'apifm_wasm_bg.wasm';

/**
 * The mini-program family of a framework's target name, or null for H5,
 * apps and anything else the plugins leave alone.
 *   uni-app (process.env.UNI_PLATFORM): mp-weixin, mp-qq, mp-toutiao, mp-lark, mp-alipay, …
 *   Taro (process.env.TARO_ENV): weapp, qq, tt, alipay, …
 */
function miniProgramOf(target) {
  switch (String(target || '')) {
    case 'mp-weixin':
    case 'mp-qq':
    case 'weapp':
    case 'qq':
      return 'wx';
    case 'mp-toutiao':
    case 'mp-lark':
    case 'tt':
      return 'tt';
    case 'mp-alipay':
    case 'alipay':
      return 'my';
    default:
      return null;
  }
}

/** The ES module build for mini-programs that `apifm-wasm` resolves to there. */
const miniprogramEntry = path.join(__dirname, 'miniprogram.mjs');

const NAME = 'apifm-wasm';

// The vendor SDK names an npm alias may install this package under, and the
// build a bare import of that name needs when it is this package:
//   apifm-wxapi   the main entry is its surface: mini-program targets get
//                 miniprogram.mjs, as `apifm-wasm` does; others are left alone
//   apifm-uniapp  its surface is apifm-wasm/uniapp (uniapp.mjs), on every
//                 target of a uni-app build
const UNIAPP = path.join(__dirname, 'uniapp.mjs');
// apifm-wasm/uniapp in mini-program builds: the same surface without the browser loader and its wasm chunk.
const UNIAPP_MINIPROGRAM = path.join(__dirname, 'uniapp-miniprogram.mjs');
const VENDOR_ENTRIES = {
  'apifm-wxapi': { file: miniprogramEntry, everyTarget: false },
  'apifm-uniapp': { file: UNIAPP, miniProgramFile: UNIAPP_MINIPROGRAM, everyTarget: true },
};

/**
 * True when the bare import `specifier` is this package: `apifm-wasm`
 * itself, or a vendor SDK's name it is installed under (`npm install
 * apifm-wxapi@npm:apifm-wasm` puts it in node_modules/apifm-wxapi), found
 * from `root` (the project). The vendor's own package, subpaths and
 * anything else: false.
 * @param {string} specifier
 * @param {string} root
 * @param {Map<string, boolean>} cache per plugin instance: one lookup a name
 */
function isThisPackage(specifier, root, cache) {
  if (specifier === NAME) return true;
  if (!Object.prototype.hasOwnProperty.call(VENDOR_ENTRIES, specifier)) return false;
  if (cache.has(specifier)) return cache.get(specifier);
  let ours = false;
  try {
    const manifest = require.resolve(`${specifier}/package.json`, { paths: [root] });
    ours = JSON.parse(fs.readFileSync(manifest, 'utf8')).name === NAME;
  } catch (_) {
    // not installed, or its exports hide package.json: not an alias of ours
  }
  cache.set(specifier, ours);
  return ours;
}

/**
 * The file an import resolves to in a build, or null to leave it to the
 * bundler: `apifm-wasm` and the apifm-wxapi alias get the mini-program build
 * on mini-program targets (`miniProgram` true), and `apifm-wasm/uniapp` its
 * mini-program build there; the apifm-uniapp alias gets apifm-uniapp's
 * surface on every target (its mini-program build on those targets).
 */
function entryFor(specifier, root, cache, miniProgram) {
  if (specifier === `${NAME}/uniapp`) return miniProgram ? UNIAPP_MINIPROGRAM : null;
  if (!isThisPackage(specifier, root, cache)) return null;
  const vendor = specifier === NAME ? null : VENDOR_ENTRIES[specifier];
  if (vendor && vendor.everyTarget) return miniProgram ? vendor.miniProgramFile : vendor.file;
  return miniProgram ? miniprogramEntry : null;
}

/** The names whose bare import is the mini-program build in the project at `root`: apifm-wasm and the apifm-wxapi alias. */
function installedNames(root) {
  const cache = new Map();
  return [NAME].concat(Object.keys(VENDOR_ENTRIES).filter((name) => !VENDOR_ENTRIES[name].everyTarget && isThisPackage(name, root, cache)));
}

/**
 * The wasm files a mini-program output needs, as {fileName, source}:
 * fileName relative to the output root. The brotli file is read by
 * WXWebAssembly/TTWebAssembly from base library 2.14.0 (WeChat); the plain
 * .wasm only when asked for (older base libraries). Alipay has no
 * WebAssembly on the main thread: nothing is emitted there.
 * @param {'wx'|'tt'|'my'} family
 * @param {{plainWasm?: boolean}} [options]
 */
function wasmFiles(family, options) {
  if (family !== 'wx' && family !== 'tt') return [];
  const files = [{ fileName: `${WASM_DIR}/${WASM}.br`, source: fs.readFileSync(path.join(__dirname, 'miniprogram_dist', `${WASM}.br`)) }];
  if (options && options.plainWasm) files.push({ fileName: `${WASM_DIR}/${WASM}`, source: fs.readFileSync(path.join(__dirname, WASM)) });
  return files;
}

module.exports = { WASM_DIR, WASM, miniProgramOf, miniprogramEntry, wasmFiles, entryFor, installedNames };
