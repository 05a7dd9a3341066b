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

// The builds of each surface of the package: for mini-program targets, and
// for the others (null: what the bundler resolves by itself is right).
const BUILDS = {
  main: { miniProgram: miniprogramEntry, other: null },
  uniapp: { miniProgram: path.join(__dirname, 'uniapp-miniprogram.mjs'), other: path.join(__dirname, 'uniapp.mjs') },
};
// The vendor SDK names an npm alias may install this package under, and the
// surface a bare import of that name means: apifm-wxapi's is the main
// entry's; apifm-uniapp's is apifm-wasm/uniapp, which the bundler would not
// pick for that name by itself.
const VENDOR_SURFACES = { 'apifm-wxapi': 'main', 'apifm-uniapp': 'uniapp' };

/**
 * True when the vendor name `specifier` is this package installed under it
 * (`npm install apifm-wxapi@npm:apifm-wasm` puts it in
 * node_modules/apifm-wxapi), found from `root` (the project); the vendor's
 * own package: false.
 * @param {string} specifier
 * @param {string} root
 * @param {Map<string, boolean>} cache per plugin instance: one lookup a name
 */
function isAliasOfThis(specifier, root, cache) {
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
 * The file an import resolves to in a build (`miniProgram`: a mini-program
 * target), or null to leave it to the bundler. `apifm-wasm` and
 * `apifm-wasm/uniapp` get their surface's mini-program build on
 * mini-program targets; a vendor name aliased to this package gets its
 * surface's build on every target.
 */
function entryFor(specifier, root, cache, miniProgram) {
  let surface = null;
  let bundlerPicksIt = true;
  if (specifier === NAME) surface = 'main';
  else if (specifier === `${NAME}/uniapp`) surface = 'uniapp';
  else if (Object.prototype.hasOwnProperty.call(VENDOR_SURFACES, specifier) && isAliasOfThis(specifier, root, cache)) {
    surface = VENDOR_SURFACES[specifier];
    bundlerPicksIt = surface === 'main';
  }
  if (surface === null) return null;
  if (miniProgram) return BUILDS[surface].miniProgram;
  return bundlerPicksIt ? null : BUILDS[surface].other;
}

/** The bare imports that mean the main entry in the project at `root`: apifm-wasm, and the vendor names aliased to it. */
function installedNames(root) {
  const cache = new Map();
  return [NAME].concat(Object.keys(VENDOR_SURFACES).filter((name) => VENDOR_SURFACES[name] === 'main' && isAliasOfThis(name, root, cache)));
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
