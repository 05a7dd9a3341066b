// Types of apifm-wasm/webpack. Self-contained: they need no webpack types
// installed, and the plugin they describe fits webpack 4's and 5's
// `plugins: [...]` (and vue.config.js's `configureWebpack.plugins`).
// Written as `export =` because the module is CommonJS (webpack.js, whose
// module.exports is the function, with .default and .apifmWasmWebpack on it).

/**
 * `configureWebpack: { plugins: [require('apifm-wasm/webpack')()] }` in a
 * uni-app Vue 2 project's vue.config.js: for WeChat / ByteDance mini-program
 * targets, `import WXAPI from 'apifm-wasm'` gets the mini-program build and
 * the wasm is written at `apifm-wasm/apifm_wasm_bg.wasm.br` in the output;
 * on every target `apifm-uniapp` installed as an alias of apifm-wasm gets
 * apifm-uniapp's surface.
 */
declare function apifmWasmWebpack(options?: apifmWasmWebpack.ApifmWasmWebpackOptions): apifmWasmWebpack.ApifmWasmWebpackPlugin;

declare namespace apifmWasmWebpack {
  export interface ApifmWasmWebpackOptions {
    /**
     * Also write the plain `apifm-wasm/apifm_wasm_bg.wasm` next to the
     * `.wasm.br` (for WeChat base libraries older than 2.14.0, which cannot
     * read brotli). Default false.
     */
    plainWasm?: boolean;
    /**
     * The build target, instead of `process.env.UNI_PLATFORM` (which uni-app
     * and HBuilderX set): `'mp-weixin'`, `'mp-qq'`, `'mp-toutiao'`,
     * `'mp-lark'` get the mini-program build and the wasm file; anything else
     * (`'h5'`, `'app-plus'`, `'mp-alipay'`…) only the alias names.
     */
    platform?: string;
  }

  /** The webpack plugin (structurally: anything with `apply(compiler)`). */
  export interface ApifmWasmWebpackPlugin {
    readonly options: ApifmWasmWebpackOptions;
    apply(compiler: any): void;
  }

  export const ApifmWasmWebpackPlugin: new (options?: ApifmWasmWebpackOptions) => ApifmWasmWebpackPlugin;

  export { apifmWasmWebpack as default, apifmWasmWebpack };
}

export = apifmWasmWebpack;
