// Browsers and bundlers (Vite, webpack): the entry of the `browser`,
// `import` and `default` conditions. Bundlers building a mini-program
// (uni-app, Taro without their plugin) pick it too, so the runtime is decided
// when the first call runs, never at module load: a mini-program loads the
// wasm from its code package and uses wx/tt/my.request; a browser fetches
// the wasm next to this file and uses fetch.
import { createEngine } from '../engine.js';
import { isMiniProgram, miniProgramRuntime } from '../loaders/miniprogram.js';
import { browserRuntime } from '../loaders/browser.js';

let picked = null;
const pick = () => picked || (picked = isMiniProgram() ? miniProgramRuntime : browserRuntime);

export const runtime = {
  get name() {
    return pick().name;
  },
  load: (options) => pick().load(options),
  transport: (options) => pick().transport(options),
  debug: () => pick().debug(),
};
export default /* @__PURE__ */ createEngine(runtime);
