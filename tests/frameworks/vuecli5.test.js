// An H5 shop built with vue-cli 5 (webpack 5, which reads package.json
// `exports`) and Vue 3 (tests/frameworks/vuecli5: versions pinned by its
// package-lock.json): the same page and comparison as vuecli4.test.js
// (lib/h5shop.js), and the project's Vite resolves and bundles the same
// imports (the Vite form of docs/migration.md's alias lines). Needs pkg/
// built. Run: node --test tests/frameworks/vuecli5.test.js
'use strict';
const path = require('path');
const { shopTests } = require('./lib/h5shop.js');

shopTests({ name: 'vuecli5', dir: path.join(__dirname, 'vuecli5'), bundler: 'webpack 5 (vue-cli 5)', vite: true });
