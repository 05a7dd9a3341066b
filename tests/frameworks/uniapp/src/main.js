import { createSSRApp } from 'vue';
import App from './App.vue';
import { addInterceptors } from './interceptors.js';

export function createApp() {
  addInterceptors();
  const app = createSSRApp(App);
  return { app };
}
