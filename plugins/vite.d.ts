// Types of apifm-wasm/vite. Self-contained: they need no `vite` types
// installed, and the plugin they describe fits Vite's `plugins: [...]`.
// Written as `export =` because the module is CommonJS (vite.cjs, whose
// module.exports is the function, with .default and .apifmWasm on it): the
// same types then hold for `import apifmWasm from 'apifm-wasm/vite'`,
// `import { apifmWasm }` and `require('apifm-wasm/vite')`.

/**
 * `plugins: [uni(), apifmWasm()]`: for WeChat / ByteDance mini-program
 * targets, `import WXAPI from 'apifm-wasm'` gets the mini-program build and
 * the wasm is emitted at `apifm-wasm/apifm_wasm_bg.wasm.br` in the output;
 * for H5 and other targets nothing changes.
 */
declare function apifmWasm(options?: apifmWasm.ApifmWasmViteOptions): apifmWasm.ApifmWasmVitePlugin;

declare namespace apifmWasm {
  export interface ApifmWasmViteOptions {
    /**
     * Also emit the plain `apifm-wasm/apifm_wasm_bg.wasm` next to the
     * `.wasm.br` (for WeChat base libraries older than 2.14.0, which cannot
     * read brotli). Default false.
     */
    plainWasm?: boolean;
    /**
     * The build target, instead of `process.env.UNI_PLATFORM` (which uni-app
     * sets): `'mp-weixin'`, `'mp-qq'`, `'mp-toutiao'`, `'mp-lark'` get the
     * mini-program build and the wasm file; anything else (`'h5'`, `'app'`,
     * `'mp-alipay'`…) is left as it is.
     */
    platform?: string;
  }

  /** What the plugin hands Rollup when it emits the wasm. */
  export interface ApifmWasmEmittedAsset {
    type: 'asset';
    fileName: string;
    source: Uint8Array;
  }

  /** The Vite plugin object (a structural subset of Vite's `Plugin`). */
  export interface ApifmWasmVitePlugin {
    name: 'apifm-wasm';
    enforce: 'pre';
    configResolved(this: void, config: unknown): void;
    resolveId(this: unknown, source: string, importer?: string, options?: unknown): string | null;
    generateBundle(this: { emitFile(file: ApifmWasmEmittedAsset): string }, options: unknown, bundle: unknown): void;
  }

  export { apifmWasm as default, apifmWasm };
}

export = apifmWasm;
