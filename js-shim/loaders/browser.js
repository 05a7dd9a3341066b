// Loading the wasm in a browser (Vite, webpack, a plain module script): its
// bytes (the wasm deflated, in base64 — over the wire about what a separate
// .wasm file would cost) are a string bundled into the build itself
// ('apifm-wasm-module' is pkg/apifm_wasm_bg.mjs at build time), decoded,
// inflated and compiled when the first call needs them. Not a module of its
// own: a page importing web.mjs unbundled (a CDN, a dev server) found it
// only after web.mjs had been parsed, one round trip later (≈18 ms of a
// 72 ms cold start in Chromium, performance.md). No bundler feature is
// involved, which is the point:
//   - not `new URL('./x.wasm', import.meta.url)`: webpack answers it with a
//     `document.baseURI` line in the runtime of every build that includes
//     this file, which crashes a Taro mini-program at start-up before any of
//     our code runs;
//   - not a dynamic import(): uni-app's H5 build names such a chunk
//     `..-node_modules-…js`, and Rollup then writes the import as a bare
//     specifier the browser cannot resolve.
// init3({wasmPath}) fetches a .wasm URL instead — but not a .wasm.br: that is
// the mini-programs' file (WXWebAssembly reads brotli by path; a browser gets
// its bytes still compressed), which a uni-app or Taro app that sets wasmPath
// for its mini-program build also runs in H5. There the wasm in the build is
// used (browserWasmPath).

import { imports as wasmImports, coreOf } from '../core.js';
import WASM_BASE64, { size as WASM_SIZE } from 'apifm-wasm-module';
import { inflateRaw } from '../inflate.js';
import { pickTransport } from '../detect.js';
import { devBuild } from '../errors.js';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Base64 to bytes: natively where the engine can (`Uint8Array.fromBase64`,
 * else `atob`), by hand elsewhere. In a fresh page the hand-written loop
 * runs cold and costs ≈3 ms for the wasm module; the native decoders ≈0.2 ms.
 */
export function fromBase64(text) {
  try {
    if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(text);
    if (typeof atob === 'function') {
      const binary = atob(text);
      const out = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
      return out;
    }
  } catch (_) {
    // a partial implementation: decode by hand
  }
  return base64ByHand(text);
}

/** Base64 to bytes without any platform help. */
function base64ByHand(text) {
  const map = new Uint8Array(128);
  for (let i = 0; i < 64; i++) map[B64.charCodeAt(i)] = i;
  let n = text.length;
  while (n > 0 && text.charCodeAt(n - 1) === 61 /* = */) n--;
  const out = new Uint8Array((n * 3) >> 2);
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < n; i++) {
    acc = (acc << 6) | map[text.charCodeAt(i) & 127];
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 255;
    }
  }
  return out;
}

function fromUrl(url, imports) {
  if (typeof fetch !== 'function') return Promise.reject(new Error('this runtime has no fetch to read init3({ wasmPath }) with'));
  const viaBytes = () =>
    fetch(url)
      .then((r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status} fetching ${url}`);
        return r.arrayBuffer();
      })
      .then((bytes) => WebAssembly.instantiate(bytes, imports));
  return typeof WebAssembly.instantiateStreaming === 'function'
    ? WebAssembly.instantiateStreaming(fetch(url), imports).catch(viaBytes)
    : viaBytes();
}

/**
 * The wasm carried in the build: inflated natively and compiled
 * while it streams where the runtime has DecompressionStream (Chrome 80,
 * Safari 16.4, Firefox 113, Node 18), else by inflate.js.
 */
function fromModule(imports) {
  const deflated = fromBase64(WASM_BASE64);
  const byHand = () => WebAssembly.instantiate(inflateRaw(deflated, WASM_SIZE), imports);
  let native = null;
  try {
    if (typeof DecompressionStream === 'function' && typeof Response === 'function') {
      // A Response's body, not a Blob's stream: in a fresh Chromium page the
      // Blob route took ≈11 ms to inflate, this one ≈3 ms (performance.md).
      const stream = new Response(deflated).body.pipeThrough(new DecompressionStream('deflate-raw'));
      const response = new Response(stream, { headers: { 'Content-Type': 'application/wasm' } });
      native = typeof WebAssembly.instantiateStreaming === 'function'
        ? WebAssembly.instantiateStreaming(response, imports)
        : response.arrayBuffer().then((bytes) => WebAssembly.instantiate(bytes, imports));
    }
  } catch (_) {
    native = null; // 'deflate-raw' unknown (older engines): inflate by hand
  }
  return native ? native.catch(byHand) : new Promise((resolve) => resolve(byHand()));
}

// How the engines say a Content-Security-Policy refused to compile the wasm:
// Chromium "Refused to compile or instantiate WebAssembly module because
// 'unsafe-eval' is not an allowed source of script in the following Content
// Security Policy directive", Safari "… 'unsafe-eval' or 'wasm-unsafe-eval'
// is not an allowed source …", Firefox "… blocked by CSP".
const CSP = /Content.Security.Policy|\bCSP\b|unsafe-eval/i;

/** The load failure, said plainly when the page's CSP is what refused the wasm. */
function whyNot(e) {
  const message = e && e.message ? String(e.message) : String(e);
  if (!CSP.test(message)) return e;
  const said = new Error(`the page's Content-Security-Policy does not allow WebAssembly: add 'wasm-unsafe-eval' to its script-src (e.g. script-src 'self' 'wasm-unsafe-eval'; docs/platforms.md)`);
  said.cause = e;
  return said;
}

/** The init3({wasmPath}) a browser fetches, or null: a mini-program's .wasm.br is not for it (see the top). */
function browserWasmPath(wasmPath) {
  if (!wasmPath) return null;
  const p = String(wasmPath);
  return /\.wasm\.br(?:[?#]|$)/i.test(p) ? null : p;
}

export function loadBrowser(options) {
  if (typeof WebAssembly === 'undefined') return Promise.reject(new Error('this runtime has no WebAssembly'));
  const imports = wasmImports();
  const url = browserWasmPath(options.wasmPath);
  const instantiated = url ? fromUrl(url, imports) : fromModule(imports);
  return instantiated.then(coreOf, (e) => {
    throw whyNot(e);
  });
}

function storage(key) {
  try {
    return typeof localStorage !== 'undefined' ? localStorage.getItem(key) : undefined;
  } catch (_) {
    return undefined;
  }
}

/** The runtime object of engine.js for browsers. */
export const browserRuntime = {
  name: 'browser',
  load: loadBrowser,
  transport: (options) => pickTransport(options, 'browser', storage),
  debug: devBuild, // a bundler's development build: errors point at the caller's line
};
