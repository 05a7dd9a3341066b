import { defineConfig } from 'vite';

export default defineConfig({
  // Relative asset URLs: dist/ works wherever it is served — at / (vite
  // preview) or under /static/ (the repository's test backend, see serve.js).
  base: './',
  // Nothing else is needed for apifm-wasm. It loads its .wasm with
  // new URL('./apifm_wasm_bg.wasm', import.meta.url): `vite build` emits the
  // file as a hashed asset (dist/assets/apifm_wasm_bg-*.wasm) and rewrites the
  // URL; in dev, the dependency pre-bundler rewrites the URL to the package's
  // own file, so no optimizeDeps.exclude is required (checked with vite 8.3).
});
