// Taro 4 (React 18, webpack 5) with apifm-wasm, built by the real toolchain
// (tests/frameworks/taro: every @tarojs/* at 4.2.1, webpack 5.91.0, versions
// pinned by its package-lock.json) for weapp and h5 with the plugin, without
// it and with apifm-wxapi: the checks of lib/taro-suite.js.
// Needs pkg/ built (node tools/build-pkg.js). Run: node --test tests/frameworks/
'use strict';
const path = require('path');
const { taroSuite } = require('./lib/taro-suite.js');

taroSuite({ name: 'taro', dir: path.join(__dirname, 'taro') });
