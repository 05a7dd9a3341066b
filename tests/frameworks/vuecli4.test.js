// An H5 shop as most existing apifm-webapi shops are built: vue-cli 4
// (webpack 4, which ignores package.json `exports`) and Vue 2
// (tests/frameworks/vuecli4: versions pinned by its package-lock.json). The
// page (src/shop.js) is written for apifm-webapi; it is built with the vendor
// SDK and with apifm-wasm switched as docs/migration.md says (the npm alias
// and its webpack alias line; or the apifm-wasm/webapi import), run in
// headless Chromium against the local backend, and compared request by
// request (lib/h5shop.js). webpack 4's own resolver is asked where every
// entry of the package goes. Needs pkg/ built. Run: node --test tests/frameworks/vuecli4.test.js
'use strict';
const path = require('path');
const { shopTests } = require('./lib/h5shop.js');

shopTests({ name: 'vuecli4', dir: path.join(__dirname, 'vuecli4'), bundler: 'webpack 4 (vue-cli 4)' });
