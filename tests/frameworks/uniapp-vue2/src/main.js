import Vue from 'vue';
import App from './App';
import { addInterceptors } from './interceptors.js';

Vue.config.productionTip = false;
App.mpType = 'app';
addInterceptors();

const app = new Vue({ ...App });
app.$mount();
