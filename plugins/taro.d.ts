// Types of apifm-wasm/taro. Self-contained: they need no Taro or webpack
// types installed, and Taro's own plugin context (IPluginContext of
// @tarojs/service) fits the context type below. Written as `export =`
// because the module is CommonJS (taro.js, whose module.exports is the
// function, with .default on it).

/**
 * The Taro plugin (Taro 3.6 and 4, webpack5 compiler). In `config/index.js`:
 *
 *     plugins: ['apifm-wasm/taro']
 *     // or, also emitting the plain .wasm (WeChat base libraries < 2.14.0):
 *     plugins: [['apifm-wasm/taro', { plainWasm: true }]]
 *
 * For weapp, qq and tt builds, `import WXAPI from 'apifm-wasm'` gets the
 * mini-program build and the wasm is emitted at
 * `apifm-wasm/apifm_wasm_bg.wasm.br` in the output; for H5 and other targets
 * nothing changes. Taro calls it; a project does not.
 */
declare function apifmWasmTaro(ctx: apifmWasmTaro.TaroPluginContext, options?: apifmWasmTaro.ApifmWasmTaroOptions): void;

declare namespace apifmWasmTaro {
  export interface ApifmWasmTaroOptions {
    /**
     * Also emit the plain `apifm-wasm/apifm_wasm_bg.wasm` next to the
     * `.wasm.br` (for WeChat base libraries older than 2.14.0, which cannot
     * read brotli). Default false.
     */
    plainWasm?: boolean;
  }

  /** The part of a webpack-chain `Config` the plugin uses. */
  export interface WebpackChainLike {
    resolve: { alias: { set(key: string, value: string): unknown } };
    plugin(name: string): { use(plugin: new (...args: any[]) => unknown, args?: any[]): unknown };
  }

  /** The part of Taro's plugin context the plugin uses. */
  export interface TaroPluginContext {
    runOpts?: any;
    modifyWebpackChain(fn: (args: { chain: WebpackChainLike }) => void): void;
    modifyViteConfig?(fn: (args: any) => void): void;
  }

  /** An entry of Taro's `plugins` that loads this plugin. */
  export type TaroPluginEntry = 'apifm-wasm/taro' | ['apifm-wasm/taro', ApifmWasmTaroOptions];

  export { apifmWasmTaro as default };
}

export = apifmWasmTaro;
