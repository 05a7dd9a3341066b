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

module.exports = { WASM_DIR, WASM, miniProgramOf, miniprogramEntry, wasmFiles };
