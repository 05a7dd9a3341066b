// Type-checked by taro3.test.js (tsc --noEmit, moduleResolution bundler):
// apifm-wasm/taro against Taro's own config and plugin-context types.
import { defineConfig } from '@tarojs/cli';
import type { IPluginContext } from '@tarojs/service';
import apifmWasmTaro from 'apifm-wasm/taro';
import type { ApifmWasmTaroOptions, TaroPluginEntry } from 'apifm-wasm/taro';

const options: ApifmWasmTaroOptions = { plainWasm: true };
const entries: TaroPluginEntry[] = ['apifm-wasm/taro', ['apifm-wasm/taro', options]];

// Taro's plugin context is what the plugin takes.
const asTaroPlugin: (ctx: IPluginContext, opts?: ApifmWasmTaroOptions) => void = apifmWasmTaro;

export default defineConfig({
  framework: 'react',
  compiler: 'webpack5',
  plugins: [...entries, 'apifm-wasm/taro', ['apifm-wasm/taro', { plainWasm: false }]],
});
export { asTaroPlugin };
