// A simulated mini-program runtime (the WeChat "AppService" JS context) for
// tests: the code package is laid out on disk the way devtools "构建npm"
// lays it out, every file runs in a node:vm context that holds what WeChat
// gives a mini-program and nothing more, and the platform APIs do real I/O
// against the local test backend.
//
//   const { createMiniProgram } = require('./sim.js');
//   const mp = createMiniProgram({ backend });          // backend: startBackend()
//   const WXAPI = mp.require('apifm-wasm');              // as app.js would
//   ...
//   await mp.close();
//
// What the context has (WeChat): the ECMAScript built-ins except WebAssembly,
// console, setTimeout/clearTimeout/setInterval/clearInterval, wx,
// WXWebAssembly, App/Page/Component/Behavior/getApp/getCurrentPages, and
// `global` (an object of its own shared by every module, not the global
// object: frameworks such as uni-app keep their hooks there).
// Code strings cannot be run (eval / new Function throw, as on WeChat).
// Each file is wrapped like WeChat's define(): function (require, module,
// exports, window, document, …) with the browser names bound to undefined.
//
// Network: wx.request / wx.uploadFile go over real HTTP, but only ever to
// loopback. A URL on 127.0.0.1/localhost is sent as it is; any other host is
// sent to the backend as http://127.0.0.1:PORT/__host/<host><path>?<query>
// (tests/server/backend.js records host and path). Without a backend, other
// hosts fail with WeChat's "url not in domain list".
//
// WXWebAssembly.instantiate(path, imports) reads the file of the code package
// on the host and instantiates it with the host's WebAssembly; it resolves to
// {instance, module} (a context object holding the host's Instance/Module,
// whose exports, like WXWebAssembly.Memory/Table/Global, are host-realm: code
// that walks their constructors could reach the host; the package does not).
//
// Platforms (PLATFORMS below; sources in docs/platforms.md):
// - 'wx'  WeChat: wx + WXWebAssembly (base library >= 2.13.0; .wasm.br from 2.14.0).
// - 'tt'  ByteDance: tt + TTWebAssembly (>= 2.34.0; .wasm.br from 2.92.0);
//         tt.request mirrors wx.request (header / statusCode / errMsg).
// - 'my'  Alipay: my; MyWebAssembly only in a worker (options.worker, >= 2.9.7);
//         my.request takes `headers`, answers {data, status, headers}, sends
//         non-2xx to fail ({error: 19, errorMessage, status, data, headers}),
//         fails with {error, errorMessage} (12 network, 13 timeout, 9 abort),
//         dataType defaults to 'json_or_text' (>= 2.9.5; 'json' before: a
//         non-JSON body fails with error 14); storage takes {key}; npm packages
//         stay in node_modules/ as installed.
// - 'uni' uni-app compiled to WeChat: wx + WXWebAssembly + uni, whose APIs
//         call wx's (uni.request -> wx.request).
'use strict';
const vm = require('vm');
const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');
const zlib = require('zlib');
const util = require('util');
const crypto = require('crypto');

const ROOT = path.join(__dirname, '..', '..');
const PKG = path.join(ROOT, 'pkg');

/**
 * Per platform: its API object, its WebAssembly object, where npm packages go
 * (and whether the package's "miniprogram" folder or the whole package goes
 * there), the default base library, the first base library with the
 * WebAssembly object and the first that reads .wasm.br.
 */
const PLATFORMS = {
  wx: { api: 'wx', wasm: 'WXWebAssembly', npmDir: 'miniprogram_npm', npmWhole: false, sdkVersion: '3.7.0', wasmFrom: '2.13.0', brotliFrom: '2.14.0' },
  tt: { api: 'tt', wasm: 'TTWebAssembly', npmDir: 'miniprogram_npm', npmWhole: false, sdkVersion: '3.50.0', wasmFrom: '2.34.0', brotliFrom: '2.92.0' },
  my: { api: 'my', wasm: 'MyWebAssembly', npmDir: 'node_modules', npmWhole: true, sdkVersion: '2.9.20', wasmFrom: '2.9.7', brotliFrom: '2.9.7', workerOnly: true },
  uni: { api: 'uni', wasm: 'WXWebAssembly', npmDir: 'miniprogram_npm', npmWhole: false, sdkVersion: '3.7.0', wasmFrom: '2.13.0', brotliFrom: '2.14.0' },
};

// The platform's module wrapper binds these browser names to undefined in every file.
const SHADOWED = ['window', 'document', 'frames', 'self', 'location', 'navigator', 'localStorage', 'history', 'Caches',
  'screen', 'alert', 'confirm', 'prompt', 'XMLHttpRequest', 'WebSocket', 'Reporter', 'webkit', 'WeixinJSCore'];

const TIMERS = ['console', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'];
/** The globals each platform has besides the ECMAScript built-ins (with its WebAssembly object). */
const PLATFORM_GLOBALS = {
  wx: [...TIMERS, 'wx', 'WXWebAssembly', 'App', 'Page', 'Component', 'Behavior', 'getApp', 'getCurrentPages', 'global'],
  tt: [...TIMERS, 'tt', 'TTWebAssembly', 'App', 'Page', 'Component', 'Behavior', 'getApp', 'getCurrentPages'],
  my: [...TIMERS, 'my', 'App', 'Page', 'Component', 'getApp', 'getCurrentPages'],
  myWorker: [...TIMERS, 'my', 'MyWebAssembly', 'worker'],
  uni: [...TIMERS, 'wx', 'WXWebAssembly', 'uni', 'App', 'Page', 'Component', 'Behavior', 'getApp', 'getCurrentPages', 'global'],
};

/** What each client puts in the headers an app cannot set. */
const CLIENT = {
  wx: {
    ua: () => 'Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800323c) NetType/WIFI Language/zh_CN',
    referer: (appId) => `https://servicewechat.com/${appId}/0/page-frame.html`,
  },
  tt: {
    ua: (v) => `Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 aweme/30.0.0 ToutiaoMicroApp/${v} webview/0`,
    referer: (appId) => `https://tmaservice.developer.toutiao.com/?appid=${appId}&version=0.0.1`,
  },
  my: {
    ua: () => 'Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 AlipayClient/10.5.60 Language/zh-Hans',
    referer: (appId) => `https://${appId}.hybrid.alipay-eco.com/${appId}/0.0.1/index.html#pages/index/index`,
  },
};
CLIENT.uni = CLIENT.wx;

/** a < b for dotted versions. */
function olderThan(a, b) {
  const x = String(a).split('.').map(Number);
  const y = String(b).split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if ((x[i] || 0) !== (y[i] || 0)) return (x[i] || 0) < (y[i] || 0);
  }
  return false;
}

const MAX_CONCURRENT = 10; // wx.request + wx.uploadFile in flight; the rest wait
const MIME = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.txt': 'text/plain', '.json': 'application/json' };

// ---------------------------------------------------------------------------
// Code that runs INSIDE the context. It is compiled there from its source
// text (so it must not use anything from this file's scope): every object the
// mini-program sees is then of the context's realm, and `bridge` (the host
// side: files, HTTP, timers) is reachable from these closures only.
// ---------------------------------------------------------------------------
/* eslint-disable no-var, prefer-arrow-callback, func-names, object-shorthand, prefer-rest-params */
function bootstrap(bridge, cfg) {
  'use strict';

  var G = globalThis;
  var slice = Array.prototype.slice;
  delete G.WebAssembly; // WeChat has WXWebAssembly only
  delete G.console; // V8's own console prints nowhere; WeChat's is below

  function define(name, value) {
    Object.defineProperty(G, name, { value: value, writable: true, configurable: true, enumerable: false });
  }
  function typeName(v) {
    if (v === null) return 'Null';
    if (Array.isArray(v)) return 'Array';
    var t = typeof v;
    return t.charAt(0).toUpperCase() + t.slice(1);
  }
  function isObject(v) {
    return v !== null && typeof v === 'object';
  }
  /** uploadFile's formData as multipart fields: objects as JSON, the rest as text. */
  function formFields(data) {
    if (!isObject(data)) return [];
    return Object.keys(data).map(function (k) {
      var v = data[k];
      return [k, isObject(v) ? JSON.stringify(v) : String(v)];
    });
  }
  function tag(v) {
    return Object.prototype.toString.call(v).slice(8, -1);
  }
  /** Calls app code; what it throws is reported (WeChat prints it and calls App.onError). */
  function guard(fn, self, args) {
    try {
      return fn.apply(self, args || []);
    } catch (e) {
      bridge.reportError(e, 'callback');
      return undefined;
    }
  }

  // --- console ---------------------------------------------------------------
  var con = {};
  ['log', 'info', 'warn', 'error', 'debug', 'trace'].forEach(function (level) {
    con[level] = function () {
      bridge.log(level, slice.call(arguments));
    };
  });
  con.group = con.log;
  con.groupCollapsed = con.log;
  con.groupEnd = function () {};
  con.table = con.log;
  con.assert = function (ok) {
    if (!ok) bridge.log('error', ['Assertion failed:'].concat(slice.call(arguments, 1)));
  };
  define('console', con);

  // --- timers (numeric ids, like WeChat) -----------------------------------
  function timer(repeat) {
    return function (fn, ms) {
      if (typeof fn !== 'function') throw new TypeError('the callback must be a function (mini-programs cannot run code strings)');
      var args = slice.call(arguments, 2);
      return bridge.setTimer(function () {
        fn.apply(undefined, args);
      }, Number(ms) || 0, repeat);
    };
  }
  define('setTimeout', timer(false));
  define('setInterval', timer(true));
  define('clearTimeout', function (id) {
    bridge.clearTimer(id);
  });
  define('clearInterval', function (id) {
    bridge.clearTimer(id);
  });

  // --- the module system (WeChat's define/require) ---------------------------
  function normalize(p) {
    var out = [];
    p.split('/').forEach(function (seg) {
      if (seg === '' || seg === '.') return;
      if (seg === '..') out.pop();
      else out.push(seg);
    });
    return '/' + out.join('/');
  }
  function dirname(p) {
    var i = p.lastIndexOf('/');
    return i <= 0 ? '/' : p.slice(0, i);
  }
  function candidates(base) {
    return /\.js$/.test(base) ? [base, base + '.js', base + '/index.js'] : [base + '.js', base + '/index.js'];
  }
  function resolve(from, request) {
    var bases = [];
    if (request.charAt(0) === '/') bases.push(normalize(request));
    else if (/^\.\.?(\/|$)/.test(request)) bases.push(normalize(dirname(from) + '/' + request));
    else {
      // npm: miniprogram_npm/<name> in this file's folder or any folder above,
      // then (as WeChat does for a path without ./) relative to this file.
      var dir = dirname(from);
      for (;;) {
        bases.push(normalize(dir + '/' + cfg.npmDir + '/' + request));
        if (dir === '/') break;
        dir = dirname(dir);
      }
      bases.push(normalize(dirname(from) + '/' + request));
    }
    for (var i = 0; i < bases.length; i++) {
      var list = candidates(bases[i]);
      for (var j = 0; j < list.length; j++) if (bridge.isFile(list[j])) return list[j];
    }
    return null;
  }
  var modules = Object.create(null);
  var loading = [];
  function load(file) {
    var cached = modules[file];
    if (cached) return cached.exports; // also a module still running (a cycle)
    var fn = bridge.compile(file);
    var module = { id: file.slice(1), exports: {} };
    modules[file] = module;
    loading.push(file);
    try {
      fn.call(undefined, makeRequire(file), module, module.exports);
    } catch (e) {
      delete modules[file];
      throw e;
    } finally {
      loading.pop();
    }
    return module.exports;
  }
  function makeRequire(from) {
    return function require(request) {
      if (typeof request !== 'string') throw new Error('require args must be a string, not ' + typeName(request));
      var file = resolve(from, request);
      if (!file) {
        var shown = normalize(request.charAt(0) === '/' ? request : dirname(from) + '/' + request);
        throw new Error("module '" + shown.slice(1).replace(/(\.js)?$/, '.js') + "' is not defined, require args is '" + request + "'");
      }
      return load(file);
    };
  }

  // --- WXWebAssembly ----------------------------------------------------------
  function hostError(e) {
    var err = e.type === 'TypeError' ? new TypeError(e.message) : new Error(e.message);
    if (e.name && e.name !== err.name) err.name = e.name;
    return err;
  }
  if (cfg.wasm) {
    var W = {};
    W.instantiate = function instantiate(filePath, imports) {
      return new Promise(function (resolve2, reject) {
        if (typeof filePath !== 'string') {
          reject(new TypeError(cfg.wasmName + '.instantiate: the first argument must be a string, the path of a .wasm (or .wasm.br) file in the code package, not ' + typeName(filePath)));
          return;
        }
        bridge.instantiate(filePath, imports === undefined ? {} : imports, function (err, instance, module) {
          if (err) reject(hostError(err));
          else resolve2({ instance: instance, module: module });
        });
      });
    };
    W.Memory = bridge.wasmClass('Memory');
    W.Table = bridge.wasmClass('Table');
    W.Global = bridge.wasmClass('Global');
    define(cfg.wasmName, W);
  }

  // --- wx ----------------------------------------------------------------------
  var api = {};
  var later = bridge.later;
  function finish(opts, ok, res) {
    if (!isObject(opts)) return;
    if (ok && typeof opts.success === 'function') guard(opts.success, opts, [res]);
    if (!ok && typeof opts.fail === 'function') guard(opts.fail, opts, [res]);
    if (typeof opts.complete === 'function') guard(opts.complete, opts, [res]);
  }
  function wantsPromise(opts) {
    return !isObject(opts) || (opts.success === undefined && opts.fail === undefined && opts.complete === undefined);
  }
  /** An asynchronous API: callbacks, or a Promise when none is given (base library >= 2.10.2). */
  function promisify(name, run) {
    return function (opts) {
      var o = isObject(opts) ? opts : {};
      var usePromise = wantsPromise(opts);
      var done;
      var p = usePromise ? new Promise(function (res, rej) {
        done = function (ok, r) {
          if (ok) res(r);
          else rej(r);
        };
      }) : undefined;
      run(o, function (ok, res) {
        later(function () {
          finish(o, ok, res);
          if (done) done(ok, res);
        });
      });
      return p;
    };
  }
  function paramError(name, param, expected, value) {
    return name + ':fail parameter error: parameter.' + param + ' should be ' + expected + ' instead of ' + typeName(value) + ';';
  }

  // Messages of failed requests, as the WeChat client of each OS words them.
  var NET = {
    ios: {
      ECONNREFUSED: '未能连接到服务器。',
      ECONNRESET: '网络连接已中断。',
      EPIPE: '网络连接已中断。',
      ENOTFOUND: '未能找到使用指定主机名的服务器。',
      EHOSTUNREACH: '未能连接到服务器。',
      other: '发生了SSL错误，无法建立与该服务器的安全连接。',
    },
    android: {
      ECONNREFUSED: '-102:net::ERR_CONNECTION_REFUSED',
      ECONNRESET: '-101:net::ERR_CONNECTION_RESET',
      EPIPE: '-101:net::ERR_CONNECTION_RESET',
      ENOTFOUND: '-105:net::ERR_NAME_NOT_RESOLVED',
      EHOSTUNREACH: '-109:net::ERR_ADDRESS_UNREACHABLE',
      other: '-2:net::ERR_FAILED',
    },
    devtools: {
      ECONNREFUSED: 'net::ERR_CONNECTION_REFUSED',
      ECONNRESET: 'net::ERR_CONNECTION_RESET',
      EPIPE: 'net::ERR_CONNECTION_RESET',
      ENOTFOUND: 'net::ERR_NAME_NOT_RESOLVED',
      EHOSTUNREACH: 'net::ERR_ADDRESS_UNREACHABLE',
      other: 'net::ERR_FAILED',
    },
  };
  // errno (framework/usability/PublicErrno): 5 API timeout, 600001 network
  // error, 600002 url not in domain list, 600003 network interrupted, 600009 invalid url.
  function netFailure(name, err) {
    if (err.code === 'ETIMEDOUT') return { errMsg: name + ':fail timeout', errno: 5 };
    if (err.code === 'EABORT') return { errMsg: name + ':fail abort', errno: 600003 };
    if (err.code === 'EDOMAIN') return { errMsg: name + ':fail url not in domain list', errno: 600002 };
    if (err.code === 'EINVALIDURL') return { errMsg: name + ':fail invalid url "' + err.url + '"', errno: 600009 };
    if (err.code === 'ENOENT') return { errMsg: name + ':fail file not found', errno: 1300002 };
    if (err.code === 'EHEADER') return { errMsg: name + ':fail invalid header: ' + err.message, errno: 600001 };
    var table = NET[cfg.os] || NET.ios;
    var reason = table[err.code] || table.other;
    if (cfg.platform === 'tt') return { errMsg: name + ':fail ' + reason }; // tt's fail documents errMsg only
    return { errMsg: name + ':fail ' + reason, errno: err.code === 'ECONNRESET' || err.code === 'EPIPE' ? 600003 : 600001 };
  }
  function statusOut(status) {
    return cfg.stringStatus ? String(status) : status;
  }
  function copyHeader(h, drop) {
    var out = {};
    if (!isObject(h)) return out;
    Object.keys(h).forEach(function (k) {
      if (drop.test(k)) return;
      if (h[k] === undefined || h[k] === null) return;
      out[k] = String(h[k]);
    });
    return out;
  }
  function findHeader(h, name) {
    var keys = Object.keys(h);
    for (var i = 0; i < keys.length; i++) if (keys[i].toLowerCase() === name) return h[keys[i]];
    return undefined;
  }
  /** WeChat's data rule: encodeURIComponent(k)=encodeURIComponent(v) joined by &. */
  function formEncode(data) {
    return Object.keys(data).map(function (k) {
      return encodeURIComponent(k) + '=' + encodeURIComponent(data[k]);
    }).join('&');
  }
  function bytesOf(v) {
    if (tag(v) === 'ArrayBuffer') return new Uint8Array(v.slice(0));
    if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
    return null;
  }
  function responseHeaders(raw) {
    var header = {};
    var cookies = [];
    for (var i = 0; i + 1 < raw.length; i += 2) {
      var k = raw[i];
      var v = raw[i + 1];
      if (k.toLowerCase() === 'set-cookie') cookies.push(v);
      var existing = Object.keys(header).filter(function (x) { return x.toLowerCase() === k.toLowerCase(); })[0];
      if (existing) header[existing] += ', ' + v;
      else header[k] = v;
    }
    return { header: header, cookies: cookies };
  }
  var METHODS = ['OPTIONS', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'TRACE', 'CONNECT'];
  function timeoutOf(opts) {
    return typeof opts.timeout === 'number' && opts.timeout > 0 ? opts.timeout : cfg.networkTimeout;
  }
  function task(getId, extra) {
    var t = {
      abort: function () {
        var id = getId();
        if (id) bridge.abort(id);
      },
      onHeadersReceived: function () {},
      offHeadersReceived: function () {},
    };
    (extra || []).forEach(function (n) {
      t[n] = function () {};
    });
    return t;
  }

  api.request = function request(opts) {
    bridge.called('request', opts);
    var o = isObject(opts) ? opts : {};
    var id = 0;
    var t = task(function () { return id; }, ['onChunkReceived', 'offChunkReceived']);
    function fail(res) {
      later(function () { finish(o, false, res); });
    }
    if (typeof o.url !== 'string') {
      fail({ errMsg: paramError('request', 'url', 'String', o.url) });
      return t;
    }
    var method = o.method === undefined ? 'GET' : String(o.method).toUpperCase();
    if (METHODS.indexOf(method) < 0) {
      fail({ errMsg: 'request:fail parameter error: parameter.method should be one of ' + METHODS.join(', ') + ' instead of ' + o.method + ';' });
      return t;
    }
    var header = copyHeader(o.header, /^referer$/i);
    var type = findHeader(header, 'content-type');
    if (type === undefined) header['content-type'] = type = 'application/json';
    var url = o.url;
    var body = '';
    var data = o.data;
    if (method === 'GET') {
      var q = data === undefined || data === null ? '' : typeof data === 'string' ? data : isObject(data) && !bytesOf(data) ? formEncode(data) : '';
      if (q) {
        var hash = url.indexOf('#');
        var tail = hash >= 0 ? url.slice(hash) : '';
        if (hash >= 0) url = url.slice(0, hash);
        url += (url.indexOf('?') >= 0 ? '&' : '?') + q + tail;
      }
    } else if (data !== undefined && data !== null) {
      var bytes = bytesOf(data);
      if (bytes) body = bytes;
      else if (typeof data === 'string') body = data;
      else if (isObject(data) && /application\/x-www-form-urlencoded/i.test(type)) body = formEncode(data);
      else body = JSON.stringify(data);
    }
    var dataType = o.dataType === undefined ? 'json' : o.dataType;
    var responseType = o.responseType === undefined ? 'text' : o.responseType;
    id = bridge.http({ kind: 'request', api: 'request', method: method, url: url, headers: header, body: body, timeout: timeoutOf(o) }, function (err, res) {
      if (err) {
        finish(o, false, netFailure('request', err));
        return;
      }
      var hs = responseHeaders(JSON.parse(res.rawHeaders));
      var out;
      if (responseType === 'arraybuffer') out = res.bytes.buffer;
      else {
        out = res.text.charCodeAt(0) === 0xfeff ? res.text.slice(1) : res.text; // one BOM is dropped
        if (dataType === 'json') {
          try {
            out = JSON.parse(out);
          } catch (_) {
            // not JSON: data stays the text
          }
        }
      }
      finish(o, true, { data: out, statusCode: statusOut(res.status), header: hs.header, cookies: hs.cookies, errMsg: 'request:ok' });
    });
    return t;
  };

  api.uploadFile = function uploadFile(opts) {
    bridge.called('uploadFile', opts);
    var o = isObject(opts) ? opts : {};
    var id = 0;
    var t = task(function () { return id; }, ['onProgressUpdate', 'offProgressUpdate']);
    var bad = typeof o.url !== 'string' ? paramError('uploadFile', 'url', 'String', o.url)
      : typeof o.filePath !== 'string' ? paramError('uploadFile', 'filePath', 'String', o.filePath)
        : typeof o.name !== 'string' ? paramError('uploadFile', 'name', 'String', o.name) : null;
    if (bad) {
      later(function () { finish(o, false, { errMsg: bad }); });
      return t;
    }
    var fields = formFields(o.formData);
    var header = copyHeader(o.header, /^(referer|content-type)$/i);
    id = bridge.http({ kind: 'upload', api: 'uploadFile', method: 'POST', url: o.url, headers: header, fields: fields, filePath: o.filePath, name: o.name, timeout: timeoutOf(o) }, function (err, res) {
      if (err) finish(o, false, netFailure('uploadFile', err));
      // uploadFile hands over the body as text: no JSON.parse
      else finish(o, true, { data: res.text, statusCode: statusOut(res.status), errMsg: 'uploadFile:ok' });
    });
    return t;
  };

  api.compressImage = promisify('compressImage', function (o, done) {
    if (typeof o.src !== 'string') return done(false, { errMsg: paramError('compressImage', 'src', 'String', o.src) });
    var out = bridge.copyTempFile(o.src, 'jpg');
    if (!out) return done(false, { errMsg: 'compressImage:fail file not found' });
    return done(true, { tempFilePath: out, errMsg: 'compressImage:ok' });
  });

  // Storage: values are stored serialised (getStorageSync returns a copy);
  // a missing key reads as ''.
  var store = new Map();
  function checkKey(name, key) {
    if (typeof key !== 'string') throw new Error(paramError(name, 'key', 'String', key));
  }
  function save(data) {
    if (tag(data) === 'Date') return { date: data.getTime() };
    return { json: data === undefined ? undefined : JSON.stringify(data) };
  }
  function restore(v) {
    if ('date' in v) return new Date(v.date);
    return v.json === undefined ? undefined : JSON.parse(v.json);
  }
  api.setStorageSync = function setStorageSync(key, data) {
    checkKey('setStorageSync', key);
    store.set(key, save(data));
  };
  api.getStorageSync = function getStorageSync(key) {
    checkKey('getStorageSync', key);
    return store.has(key) ? restore(store.get(key)) : '';
  };
  api.removeStorageSync = function removeStorageSync(key) {
    checkKey('removeStorageSync', key);
    store.delete(key);
  };
  api.clearStorageSync = function clearStorageSync() {
    store.clear();
  };
  api.getStorageInfoSync = function getStorageInfoSync() {
    var size = 0;
    store.forEach(function (v, k) { size += k.length + String(v.json || '').length; });
    return { keys: Array.from(store.keys()), currentSize: Math.ceil(size / 1024), limitSize: 10240 };
  };
  api.setStorage = promisify('setStorage', function (o, done) {
    if (typeof o.key !== 'string') return done(false, { errMsg: paramError('setStorage', 'key', 'String', o.key) });
    store.set(o.key, save(o.data));
    return done(true, { errMsg: 'setStorage:ok' });
  });
  api.getStorage = promisify('getStorage', function (o, done) {
    if (typeof o.key !== 'string') return done(false, { errMsg: paramError('getStorage', 'key', 'String', o.key) });
    if (!store.has(o.key)) return done(false, { errMsg: 'getStorage:fail data not found' });
    return done(true, { data: restore(store.get(o.key)), errMsg: 'getStorage:ok' });
  });
  api.removeStorage = promisify('removeStorage', function (o, done) {
    store.delete(String(o.key));
    return done(true, { errMsg: 'removeStorage:ok' });
  });

  api.getSystemInfoSync = function getSystemInfoSync() {
    return {
      brand: cfg.os === 'ios' ? 'iPhone' : cfg.os === 'android' ? 'HUAWEI' : 'devtools',
      model: cfg.os === 'ios' ? 'iPhone 13' : cfg.os === 'android' ? 'NOH-AN00' : 'iPhone 13',
      platform: cfg.os,
      system: cfg.os === 'android' ? 'Android 12' : 'iOS 16.6',
      version: '8.0.50',
      SDKVersion: cfg.sdkVersion,
      language: 'zh_CN',
      pixelRatio: 3,
      screenWidth: 390,
      screenHeight: 844,
      windowWidth: 390,
      windowHeight: 844,
    };
  };
  // nextTick(fn): fn runs after the current task (WeChat >= 2.2.3; uni-app Vue 2's runtime checks for it).
  api.nextTick = function nextTick(fn) {
    if (typeof fn === 'function') later(fn);
  };
  // canIUse('api[.param…]'): whether this simulated client has that API (frameworks probe with it at start-up).
  api.canIUse = function canIUse(schema) {
    var name = String(schema).split('.')[0];
    return typeof api[name] === 'function';
  };
  api.getAccountInfoSync = function getAccountInfoSync() {
    return { miniProgram: { appId: cfg.appId, envVersion: 'develop', version: '' } };
  };
  if (cfg.hasAppBaseInfo) {
    api.getAppBaseInfo = function getAppBaseInfo() {
      return { SDKVersion: cfg.sdkVersion, language: 'zh_CN', version: '8.0.50', enableDebug: false, host: { env: 'WeChat' }, theme: 'light' };
    };
  }

  // Interface calls apps make around the SDK: recorded in mp.ui, answered at once.
  var loginSeq = 0;
  api.login = promisify('login', function (o, done) {
    bridge.ui('login', {});
    return done(true, { code: 'sim-login-code-' + (++loginSeq), errMsg: 'login:ok' });
  });
  ['showToast', 'showLoading', 'hideLoading', 'showModal', 'navigateTo', 'redirectTo', 'switchTab', 'navigateBack',
    'stopPullDownRefresh', 'setNavigationBarTitle', 'setTabBarBadge', 'removeTabBarBadge'].forEach(function (name) {
    api[name] = promisify(name, function (o, done) {
      var shown = {};
      Object.keys(o).forEach(function (k) {
        if (typeof o[k] !== 'function') shown[k] = o[k];
      });
      bridge.ui(name, JSON.parse(JSON.stringify(shown)));
      var res = { errMsg: name + ':ok' };
      if (name === 'showModal') {
        res.confirm = true;
        res.cancel = false;
      }
      return done(true, res);
    });
  });

  // --- Alipay: my ------------------------------------------------------------------
  // Error codes of my.request (opendocs.alipay.com/mini/api/owycmh).
  function myFailure(err) {
    if (err.code === 'ETIMEDOUT') return { error: 13, errorMessage: '超时' };
    if (err.code === 'EABORT') return { error: 9, errorMessage: 'request:fail abort' };
    if (err.code === 'EDOMAIN') return { error: 4, errorMessage: '无权跨域调用' };
    if (err.code === 'EINVALIDURL') return { error: 2, errorMessage: '参数错误' };
    if (err.code === 'ENOENT') return { error: 11, errorMessage: '文件不存在' };
    return { error: 12, errorMessage: '网络出错' };
  }
  function lowerHeaders(raw) {
    var out = {};
    for (var i = 0; i + 1 < raw.length; i += 2) {
      var k = raw[i].toLowerCase();
      out[k] = out[k] === undefined ? raw[i + 1] : out[k] + ', ' + raw[i + 1];
    }
    return out;
  }
  function makeAlipay() {
    var my = {};
    var MY_METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
    my.request = function request(opts) {
      bridge.called('request', opts);
      var o = isObject(opts) ? opts : {};
      var id = 0;
      var t = task(function () { return id; }, []);
      function fail(res) {
        later(function () { finish(o, false, res); });
      }
      if (typeof o.url !== 'string') {
        fail({ error: 2, errorMessage: '参数错误' });
        return t;
      }
      var method = o.method === undefined ? 'GET' : o.method;
      if (MY_METHODS.indexOf(method) < 0) {
        fail({ error: 2, errorMessage: '参数错误' });
        return t;
      }
      // `headers` only (a `header` option is not read); keys and values must be strings.
      var header = {};
      if (isObject(o.headers)) {
        var bad = Object.keys(o.headers).some(function (k) { return typeof o.headers[k] !== 'string'; });
        if (bad) {
          fail({ error: 2, errorMessage: '参数错误' });
          return t;
        }
        header = copyHeader(o.headers, /^referer$/i);
      }
      var type = findHeader(header, 'content-type');
      if (type === undefined) header['content-type'] = type = 'application/json';
      var url = o.url;
      var body = '';
      var data = o.data;
      if (method === 'GET') {
        var q = isObject(data) && !bytesOf(data) ? formEncode(data) : typeof data === 'string' ? data : '';
        if (q) url += (url.indexOf('?') >= 0 ? '&' : '?') + q;
      } else if (data !== undefined && data !== null) {
        var bytes = bytesOf(data);
        if (bytes) body = bytes;
        else if (typeof data === 'string') body = data;
        else if (/application\/x-www-form-urlencoded/i.test(type)) body = formEncode(data);
        else body = JSON.stringify(data);
      }
      var dataType = o.dataType === undefined ? (cfg.jsonOrTextDefault ? 'json_or_text' : 'json') : String(o.dataType).toLowerCase();
      var timeout = typeof o.timeout === 'number' && o.timeout > 0 ? o.timeout : 30000;
      id = bridge.http({ kind: 'request', api: 'request', method: method, url: url, headers: header, body: body, timeout: timeout }, function (err, res) {
        if (err) {
          finish(o, false, myFailure(err));
          return;
        }
        var headers = lowerHeaders(JSON.parse(res.rawHeaders));
        var text = res.text;
        var out = text;
        if (dataType === 'json' || dataType === 'json_or_text') {
          try {
            out = JSON.parse(text);
          } catch (_) {
            if (dataType === 'json') {
              finish(o, false, { error: 14, errorMessage: 'JSON parse data error', status: statusOut(res.status), headers: headers });
              return;
            }
          }
        } else if (dataType === 'arraybuffer') out = res.bytes.buffer;
        if (res.status >= 200 && res.status < 300) {
          finish(o, true, { data: out, status: statusOut(res.status), headers: headers });
        } else {
          // non-2xx: fail, with the response inside
          finish(o, false, { error: 19, errorMessage: 'HTTP 错误', status: statusOut(res.status), data: out, headers: headers });
        }
      });
      return t;
    };
    my.uploadFile = function uploadFile(opts) {
      bridge.called('uploadFile', opts);
      var o = isObject(opts) ? opts : {};
      var id = 0;
      var t = task(function () { return id; }, ['onProgressUpdate']);
      var name = o.name !== undefined ? o.name : o.fileName; // fileName: the older name of `name`
      var badType = o.fileType !== undefined && ['image', 'video', 'audio'].indexOf(o.fileType) < 0; // checked by the IDE
      if (typeof o.url !== 'string' || typeof o.filePath !== 'string' || typeof name !== 'string' || badType) {
        later(function () { finish(o, false, { error: 11, errorMessage: '无效参数' }); });
        return t;
      }
      var fields = formFields(o.formData);
      var header = copyHeader(o.header, /^(referer|content-type)$/i);
      var timeout = typeof o.timeout === 'number' && o.timeout > 0 ? o.timeout : 60000;
      id = bridge.http({ kind: 'upload', api: 'uploadFile', method: 'POST', url: o.url, headers: header, fields: fields, filePath: o.filePath, name: name, timeout: timeout }, function (err, res) {
        if (err) finish(o, false, err.code === 'ENOENT' ? { error: 11, errorMessage: '文件不存在' } : { error: 12, errorMessage: '上传文件失败' });
        else finish(o, true, { data: res.text, statusCode: statusOut(res.status), header: lowerHeaders(JSON.parse(res.rawHeaders)) });
      });
      return t;
    };
    // Alipay's compressImage takes apFilePaths / compressLevel.
    my.compressImage = promisify('compressImage', function (o, done) {
      if (!Array.isArray(o.apFilePaths)) return done(false, { error: 2, errorMessage: '参数错误' });
      var outs = o.apFilePaths.map(function (p) { return bridge.copyTempFile(p, 'jpg'); });
      if (outs.some(function (p) { return !p; })) return done(false, { error: 11, errorMessage: '文件不存在' });
      return done(true, { apFilePaths: outs });
    });
    // Storage takes an options object: getStorageSync({key}) -> {data}.
    my.setStorageSync = function setStorageSync(o) {
      if (!isObject(o) || typeof o.key !== 'string') throw new Error('setStorageSync: key must be a string');
      store.set(o.key, save(o.data));
    };
    my.getStorageSync = function getStorageSync(o) {
      if (!isObject(o) || typeof o.key !== 'string') throw new Error('getStorageSync: key must be a string');
      return { data: store.has(o.key) ? restore(store.get(o.key)) : null };
    };
    my.removeStorageSync = function removeStorageSync(o) {
      if (isObject(o)) store.delete(String(o.key));
    };
    my.clearStorageSync = function clearStorageSync() {
      store.clear();
    };
    my.getSystemInfoSync = function getSystemInfoSync() {
      var info = api.getSystemInfoSync();
      info.app = 'alipay';
      info.version = '10.5.60';
      return info;
    };
    my.SDKVersion = cfg.sdkVersion;
    return my;
  }

  // --- uni-app compiled to WeChat: uni's APIs call wx's ----------------------------
  function makeUni(wx) {
    var uni = {};
    Object.keys(wx).forEach(function (name) {
      var fn = wx[name];
      if (typeof fn !== 'function') return;
      uni[name] = function (opts) {
        // uni-app copies the options object before handing it to wx
        var o = isObject(opts) ? Object.assign({}, opts) : opts;
        return fn.apply(wx, o === opts ? arguments : [o].concat(slice.call(arguments, 1)));
      };
    });
    return uni;
  }

  if (cfg.platform === 'my') {
    define('my', makeAlipay());
    if (cfg.worker) {
      var listeners = [];
      define('worker', {
        postMessage: function (msg) { bridge.ui('worker.postMessage', JSON.parse(JSON.stringify(msg))); },
        onMessage: function (fn) { listeners.push(fn); },
      });
    }
  } else if (cfg.platform === 'uni') {
    define('wx', api);
    define('uni', makeUni(api));
  } else {
    define(cfg.apiName, api);
  }
  // WeChat's `global`: one object shared by every module (not the global object).
  if (cfg.platform === 'wx' || cfg.platform === 'uni') define('global', {});

  // --- App / Page / Component (registrations are recorded; the test plays the framework) ---
  var app;
  var pages = [];
  var stack = [];
  function currentRoute() {
    return (loading[loading.length - 1] || '').slice(1).replace(/\.js$/, '');
  }
  if (!cfg.worker) {
    define('App', function App(options) {
      app = isObject(options) ? options : {};
    });
    define('getApp', function getApp() {
      return app;
    });
    define('Page', function Page(options) {
      pages.push({ route: currentRoute(), options: options });
    });
    define('Component', function Component(options) {
      pages.push({ route: currentRoute(), options: options, component: true });
    });
    if (cfg.platform !== 'my') {
      define('Behavior', function Behavior(options) {
        return options;
      });
    }
    define('getCurrentPages', function getCurrentPages() {
      return stack.slice();
    });
  }

  /** setData's path keys: 'a.b', 'list[0].name', and 'list.[0].name' (a dot before the index, as Taro writes them). */
  function setPath(data, key, value) {
    var segs = String(key).replace(/\.?\[(\d+)\]/g, '.$1').split('.');
    var obj = data;
    for (var i = 0; i < segs.length - 1; i++) {
      var k = segs[i];
      if (!isObject(obj[k])) obj[k] = /^\d+$/.test(segs[i + 1]) ? [] : {};
      obj = obj[k];
    }
    obj[segs[segs.length - 1]] = value;
  }
  /** A page instance as the framework makes it from a Page() registration. */
  function createPage(route, query) {
    var reg;
    for (var i = pages.length - 1; i >= 0; i--) if (pages[i].route === route && !pages[i].component) reg = pages[i];
    if (!reg) {
      makeRequire('/app.js')('/' + route + '.js');
      for (var j = pages.length - 1; j >= 0; j--) if (pages[j].route === route && !pages[j].component) reg = pages[j];
    }
    if (!reg) throw new Error('Page "' + route + '" has not been registered yet.');
    var options = isObject(reg.options) ? reg.options : {};
    var page = {};
    Object.keys(options).forEach(function (k) {
      if (k !== 'data') page[k] = options[k];
    });
    page.data = JSON.parse(JSON.stringify(options.data || {}));
    page.route = route;
    page.options = Object.assign({}, query || {});
    page.setData = function setData(obj, cb) {
      if (!isObject(obj)) throw new TypeError('setData: the first argument must be an object');
      Object.keys(obj).forEach(function (k) {
        if (obj[k] === undefined) console.warn('Setting data field "' + k + '" to undefined is invalid.');
        setPath(page.data, k, obj[k]);
      });
      if (typeof cb === 'function') later(function () { guard(cb, page, []); });
    };
    stack.push(page);
    return page;
  }

  /** The registration of route: Page() or, for a page made with Component(), that one. */
  function registration(route) {
    function find() {
      var page;
      var comp;
      for (var i = pages.length - 1; i >= 0; i--) {
        if (pages[i].route !== route) continue;
        if (pages[i].component) comp = comp || pages[i];
        else page = page || pages[i];
      }
      return page || comp;
    }
    var reg = find();
    if (!reg) {
      makeRequire('/app.js')('/' + route + '.js');
      reg = find();
    }
    if (!reg) throw new Error('Page "' + route + '" has not been registered yet.');
    return reg;
  }
  var nodeSeq = 0;
  /**
   * A page made with Component() (WeChat calls them "使用 Component 构造器构造页面"):
   * properties (defaults, then the query's values of the same names) and data
   * in one object, methods on the instance, the component instance methods; the
   * framework's creation runs lifetimes.created then lifetimes.attached.
   */
  function createComponentPage(route, reg, query) {
    var options = isObject(reg.options) ? reg.options : {};
    var lifetimes = isObject(options.lifetimes) ? options.lifetimes : {};
    var page = {};
    var data = JSON.parse(JSON.stringify(isObject(options.data) ? options.data : {}));
    var props = isObject(options.properties) ? options.properties : {};
    Object.keys(props).forEach(function (k) {
      var def = props[k];
      if (isObject(def) && 'value' in def) data[k] = def.value;
      else {
        var type = isObject(def) ? def.type : def;
        data[k] = type === String ? '' : type === Number ? 0 : type === Boolean ? false : type === Array ? [] : null;
      }
      if (query && Object.prototype.hasOwnProperty.call(query, k)) data[k] = query[k];
    });
    var methods = isObject(options.methods) ? options.methods : {};
    Object.keys(methods).forEach(function (k) {
      if (typeof methods[k] === 'function') page[k] = methods[k];
    });
    page.is = route;
    page.route = route;
    page.__route__ = route;
    page.__wxWebviewId__ = stack.length + 1;
    page.__wxExparserNodeId__ = 'sim' + (++nodeSeq);
    page.id = '';
    page.dataset = {};
    page.data = data;
    page.properties = data;
    page.options = Object.assign({}, query || {});
    page.setData = function setData(obj, cb) {
      if (!isObject(obj)) throw new TypeError('setData: the first argument must be an object');
      Object.keys(obj).forEach(function (k) {
        if (obj[k] === undefined) console.warn('Setting data field "' + k + '" to undefined is invalid.');
        setPath(data, k, obj[k]);
      });
      if (typeof cb === 'function') later(function () { guard(cb, page, []); });
    };
    page.triggerEvent = function triggerEvent(name) {
      bridge.ui('triggerEvent', { name: String(name) }); // a page has no parent to listen
    };
    page.selectComponent = function selectComponent() { return null; };
    page.selectAllComponents = function selectAllComponents() { return []; };
    page.selectOwnerComponent = function selectOwnerComponent() { return null; };
    page.getRelationNodes = function getRelationNodes() { return []; };
    page.hasBehavior = function hasBehavior() { return false; };
    page.getPageId = function getPageId() { return 'pageId:' + page.__wxWebviewId__; };
    page.getOpenerEventChannel = function getOpenerEventChannel() {
      return { on: function () {}, once: function () {}, off: function () {}, emit: function () {} };
    };
    stack.push(page);
    ['created', 'attached'].forEach(function (name) {
      var fn = typeof lifetimes[name] === 'function' ? lifetimes[name] : options[name];
      if (typeof fn === 'function') guard(fn, page, []);
    });
    return page;
  }
  /**
   * Opens route as the first page: the instance (Page() or Component()
   * registration), then onLoad(query), onShow, and ready/onReady in WeChat's
   * order. Returns the instance.
   */
  function openPage(route, query) {
    var reg = registration(route);
    var q = Object.assign({}, query || {});
    if (!reg.component) {
      var page = createPage(route, q);
      ['onLoad', 'onShow', 'onReady'].forEach(function (name) {
        if (typeof page[name] === 'function') guard(page[name], page, name === 'onLoad' ? [q] : []);
      });
      return page;
    }
    var options = isObject(reg.options) ? reg.options : {};
    var lifetimes = isObject(options.lifetimes) ? options.lifetimes : {};
    var inst = createComponentPage(route, reg, q);
    if (typeof inst.onLoad === 'function') guard(inst.onLoad, inst, [q]);
    if (typeof inst.onShow === 'function') guard(inst.onShow, inst, []);
    var ready = typeof lifetimes.ready === 'function' ? lifetimes.ready : options.ready;
    if (typeof ready === 'function') guard(ready, inst, []);
    if (typeof inst.onReady === 'function') guard(inst.onReady, inst, []);
    return inst;
  }

  /** A copy of a host value made of this realm's objects (arguments for app code). */
  function copyIn(v, seen) {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return v;
    if (typeof v === 'function') {
      return function () {
        return v.apply(this, arguments);
      };
    }
    var s = seen || new Map();
    if (s.has(v)) return s.get(v);
    var t = tag(v);
    var out;
    if (t === 'Date') out = new Date(v.getTime());
    else if (t === 'ArrayBuffer' || ArrayBuffer.isView(v)) out = bytesOf(v);
    else if (Array.isArray(v)) {
      out = [];
      s.set(v, out);
      for (var i = 0; i < v.length; i++) out.push(copyIn(v[i], s));
      return out;
    } else {
      out = {};
      s.set(v, out);
      Object.keys(v).forEach(function (k) {
        out[k] = copyIn(v[k], s);
      });
      return out;
    }
    s.set(v, out);
    return out;
  }

  return {
    require: makeRequire('/app.js'),
    copyIn: copyIn,
    pages: pages,
    getApp: function () { return app; },
    launch: function (options) {
      makeRequire('/app.js')('/app.js');
      if (!app) throw new Error('app.js did not call App()');
      var o = Object.assign({ path: '', query: {}, scene: 1001 }, options || {});
      if (typeof app.onLaunch === 'function') guard(app.onLaunch, app, [o]);
      if (typeof app.onShow === 'function') guard(app.onShow, app, [o]);
      return app;
    },
    createPage: createPage,
    openPage: openPage,
    onError: function (message) {
      if (app && typeof app.onError === 'function') guard(app.onError, app, [message]);
    },
    onUnhandledRejection: function (reason, promise) {
      if (app && typeof app.onUnhandledRejection === 'function') guard(app.onUnhandledRejection, app, [{ reason: reason, promise: promise }]);
    },
  };
}
/* eslint-enable no-var, prefer-arrow-callback, func-names, object-shorthand, prefer-rest-params */

// ---------------------------------------------------------------------------
// The host side.
// ---------------------------------------------------------------------------
const live = new Set(); // simulators whose context promises we watch
function onUnhandledRejection(reason, promise) {
  for (const sim of live) {
    if (sim.owns(promise)) {
      sim.unhandled(reason, promise);
      return;
    }
  }
  // Not ours: keep Node's default (an uncaught exception) unless someone else listens.
  if (process.listenerCount('unhandledRejection') === 1) throw reason;
}

function copyDir(from, to, keep = () => true) {
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    if (!keep(e.name)) continue;
    const a = path.join(from, e.name);
    const b = path.join(to, e.name);
    if (e.isDirectory()) copyDir(a, b, keep);
    else fs.copyFileSync(a, b);
  }
}

/**
 * @param {object} [options]
 * @param {'wx'|'tt'|'my'|'uni'} [options.platform]  default 'wx' (see PLATFORMS)
 * @param {{port:number}|number} [options.backend]  where non-loopback URLs go (tests/server/backend.js)
 * @param {string} [options.app]                 a mini-program project folder copied as the code package (its own miniprogram_npm/ included)
 * @param {Object<string,string>} [options.npm]  package name -> package dir (its package.json "miniprogram" folder, or for 'my' the
 *                                               whole package, is copied); default apifm-wasm from pkg/ ({} with options.app)
 * @param {Object<string,string|Buffer>} [options.files]  more files of the code package, by path from the app root
 * @param {Object<string,Buffer|string>} [options.tempFiles]  temp files (wxfile://…) for uploadFile / compressImage
 * @param {string} [options.sdkVersion]         the base library (defaults per platform); decides the WebAssembly object and .wasm.br
 * @param {boolean} [options.wasm]              false: no WebAssembly object whatever the base library
 * @param {boolean} [options.worker]            'my': the code runs in an Alipay worker (MyWebAssembly, `worker`, no App/Page)
 * @param {boolean} [options.stringStatus]      statusCode / status arrive as strings ('200'), as some clients send them
 * @param {'ios'|'android'|'devtools'} [options.os]  how network failures are worded (default ios)
 * @param {number} [options.networkTimeout]     app.json networkTimeout.request (default 60000)
 * @param {'capture'|'inherit'|'silent'} [options.console]  console output (default capture into .logs)
 */
function createMiniProgram(options = {}) {
  const platform = options.platform || 'wx';
  const spec = PLATFORMS[platform];
  if (!spec) throw new Error(`sim: unknown platform '${platform}' (known: ${Object.keys(PLATFORMS).join(', ')})`);
  if (options.worker && platform !== 'my') throw new Error("sim: options.worker is for platform 'my'");
  const backendPort = typeof options.backend === 'number' ? options.backend : options.backend ? options.backend.port : 0;
  const consoleMode = options.console || (process.env.SIM_DEBUG ? 'inherit' : 'capture');
  const sdkVersion = options.sdkVersion || spec.sdkVersion;
  const hasWasm = options.wasm !== false && !olderThan(sdkVersion, spec.wasmFrom) && (!spec.workerOnly || !!options.worker);
  const brotli = !olderThan(sdkVersion, spec.brotliFrom);
  const globals = (platform === 'my' && options.worker ? PLATFORM_GLOBALS.myWorker : PLATFORM_GLOBALS[platform])
    .filter((n) => hasWasm || n !== spec.wasm);

  // --- the code package on disk ------------------------------------------
  const appDir = fs.mkdtempSync(path.join(os.tmpdir(), 'apifm-mp-'));
  if (options.app) copyDir(options.app, appDir, (name) => name !== 'node_modules');
  const npm = options.npm || (options.app ? {} : { 'apifm-wasm': PKG });
  for (const [name, dir] of Object.entries(npm)) {
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const src = spec.npmWhole ? dir : path.join(dir, meta.miniprogram || 'miniprogram_dist');
    if (!fs.existsSync(src)) throw new Error(`sim: ${name} has no ${meta.miniprogram || 'miniprogram_dist'} folder (build the package first)`);
    copyDir(src, path.join(appDir, spec.npmDir, name));
  }
  function diskPath(appPath) {
    const p = path.posix.normalize(`/${appPath}`);
    return path.join(appDir, p);
  }
  function writeFile(appPath, content) {
    const file = diskPath(appPath);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  for (const [p, content] of Object.entries(options.files || {})) writeFile(p, content);
  const isFile = (appPath) => {
    try {
      return fs.statSync(diskPath(appPath)).isFile();
    } catch (_) {
      return false;
    }
  };

  // --- state ---------------------------------------------------------------
  const logs = [];
  const errors = [];
  const network = []; // every request the simulator sent: {api, method, url, sentTo, headers}
  const ui = []; // interface calls (showToast, navigateTo, login, worker.postMessage…): {api, options}
  const calls = []; // every request / uploadFile call as the app made it: {api, options, callbacks}
  const wasmLoads = []; // every instantiate(path): {path, ok}
  const tempFiles = new Map(Object.entries(options.tempFiles || {}).map(([k, v]) => [k, Buffer.from(v)]));
  let tempSeq = 0;
  const timers = new Map();
  let timerSeq = 0;
  const immediates = new Set();
  const jobs = new Map();
  const queue = [];
  let active = 0;
  let jobSeq = 0;
  let closed = false;
  const agent = new http.Agent({ keepAlive: false });

  const context = vm.createContext({}, {
    name: `${platform} AppService`,
    codeGeneration: { strings: false, wasm: false }, // no eval / new Function / WebAssembly compile, as on WeChat
  });
  const intrinsics = vm.runInContext('({ Promise: Promise, Uint8Array: Uint8Array })', context);
  let handle = null; // what bootstrap returned

  function reportError(err, where) {
    errors.push({ where, error: err });
    if (consoleMode === 'inherit') process.stderr.write(`[sim ${where}] ${util.inspect(err)}\n`);
    if (handle) handle.onError(err && err.stack ? String(err.stack) : String(err));
  }
  function call(fn, args) {
    if (closed) return undefined;
    try {
      return fn(...args);
    } catch (e) {
      reportError(e, 'callback');
      return undefined;
    }
  }

  /** Runs a callback of the context in a later turn (tracked, so close() can drop it). */
  function later(cb) {
    const h = setImmediate(() => {
      immediates.delete(h);
      call(cb, []);
    });
    immediates.add(h);
  }

  // --- HTTP (loopback only) ------------------------------------------------
  function route(raw) {
    let u;
    try {
      u = new URL(raw);
    } catch (_) {
      return { error: { code: 'EINVALIDURL', url: raw } };
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return { error: { code: 'EINVALIDURL', url: raw } };
    const target = u.pathname + u.search; // WHATWG-normalised, as a client sends it; no fragment
    if (u.hostname === '127.0.0.1' || u.hostname === 'localhost') {
      return { host: '127.0.0.1', port: Number(u.port) || (u.protocol === 'https:' ? 443 : 80), path: target };
    }
    if (u.hostname === '[::1]') return { host: '::1', port: Number(u.port) || (u.protocol === 'https:' ? 443 : 80), path: target };
    if (!backendPort) return { error: { code: 'EDOMAIN' } };
    return { host: '127.0.0.1', port: backendPort, path: `/__host/${u.host}${target}` };
  }

  function multipart(job) {
    const boundary = `----WebKitFormBoundary${crypto.randomBytes(8).toString('hex')}`;
    const q = (s) => String(s).replace(/"/g, '%22').replace(/\r?\n/g, ' ');
    const parts = [];
    for (const [k, v] of job.spec.fields) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${q(k)}"\r\n\r\n${v}\r\n`));
    }
    const filename = job.spec.filePath.slice(job.spec.filePath.lastIndexOf('/') + 1);
    const type = MIME[path.extname(filename).toLowerCase()] || 'application/octet-stream';
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${q(job.spec.name)}"; filename="${q(filename)}"\r\nContent-Type: ${type}\r\n\r\n`));
    parts.push(tempFiles.get(job.spec.filePath));
    parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
    return { type: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(parts) };
  }

  function settleJob(job, err, res) {
    if (job.finished) return;
    job.finished = true;
    clearTimeout(job.timer);
    jobs.delete(job.id);
    const i = queue.indexOf(job);
    if (i >= 0) queue.splice(i, 1);
    if (job.started) active--;
    if (job.req) job.req.destroy();
    pump();
    later(() => job.done(err, res)); // callbacks never run inside the wx.request call
  }

  function start(job) {
    job.started = true;
    active++;
    const { spec: s } = job;
    const r = route(s.url);
    if (r.error) return settleJob(job, r.error);
    if (r.host !== '127.0.0.1' && r.host !== '::1') throw new Error('sim: refusing a non-loopback address'); // cannot happen
    let body;
    const headers = { 'User-Agent': CLIENT[platform].ua(sdkVersion), ...s.headers, Referer: CLIENT[platform].referer(options.appId || 'wx0000000000000000') };
    if (s.kind === 'upload') {
      if (!tempFiles.has(s.filePath)) return settleJob(job, { code: 'ENOENT' });
      const m = multipart(job);
      headers['Content-Type'] = m.type;
      body = m.body;
    } else {
      body = typeof s.body === 'string' ? Buffer.from(s.body, 'utf8') : Buffer.from(s.body.buffer, s.body.byteOffset, s.body.byteLength);
    }
    if (body.length || s.method !== 'GET') headers['Content-Length'] = String(body.length);
    network.push({ api: s.api, method: s.method, url: s.url, sentTo: `http://${r.host === '::1' ? '[::1]' : r.host}:${r.port}${r.path}`, headers: { ...headers } });
    let req;
    try {
      req = http.request({ host: r.host, port: r.port, method: s.method, path: r.path, headers, agent });
    } catch (e) {
      return settleJob(job, { code: 'EHEADER', message: e.message });
    }
    job.req = req;
    req.on('error', (e) => settleJob(job, { code: e.code || 'ECONNRESET', message: e.message }));
    req.on('response', (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('aborted', () => settleJob(job, { code: 'ECONNRESET', message: 'aborted' }));
      res.on('error', (e) => settleJob(job, { code: e.code || 'ECONNRESET', message: e.message }));
      res.on('end', () => {
        if (!res.complete) return settleJob(job, { code: 'ECONNRESET', message: 'incomplete response' });
        const buf = Buffer.concat(chunks);
        const bytes = new intrinsics.Uint8Array(buf.length);
        bytes.set(buf);
        return settleJob(job, null, { status: res.statusCode, rawHeaders: JSON.stringify(res.rawHeaders), text: buf.toString('utf8'), bytes });
      });
    });
    req.end(body);
    return undefined;
  }

  function pump() {
    while (!closed && active < MAX_CONCURRENT && queue.length) start(queue.shift());
  }

  // --- the bridge (host functions the bootstrap closes over) ---------------
  const bridge = {
    log(level, args) {
      const text = util.formatWithOptions({ colors: false }, ...args);
      logs.push({ level, text });
      if (consoleMode === 'inherit') process.stderr.write(`[sim console.${level}] ${text}\n`);
    },
    reportError,
    setTimer(cb, ms, repeat) {
      const id = ++timerSeq;
      const run = () => {
        if (!repeat) timers.delete(id);
        call(cb, []);
      };
      timers.set(id, repeat ? setInterval(run, ms) : setTimeout(run, ms));
      return id;
    },
    clearTimer(id) {
      const t = timers.get(id);
      if (t) {
        clearTimeout(t);
        timers.delete(id);
      }
    },
    later,
    isFile,
    compile(appPath) {
      const code = fs.readFileSync(diskPath(appPath), 'utf8');
      const wrapped = `(function (require, module, exports, ${SHADOWED.join(', ')}) {${code}\n})`;
      return new vm.Script(wrapped, { filename: `app://${appPath}` }).runInContext(context);
    },
    instantiate(filePath, imports, done) {
      const load = { path: filePath, ok: false };
      wasmLoads.push(load);
      const fail = (message, type) => Promise.resolve().then(() => call(done, [{ message, type }]));
      const name = spec.wasm;
      if (/^[a-z][a-z0-9+.-]*:/i.test(filePath)) return fail(`${name}.instantiate: only a path in the code package is accepted, not a URL: ${filePath}`, 'TypeError');
      if (!/\.wasm(\.br)?$/.test(filePath)) return fail(`${name}.instantiate: the path must end with .wasm or .wasm.br: ${filePath}`, 'TypeError');
      // Alipay: "仅支持绝对路径" (absolute code package paths only)
      if (platform === 'my' && filePath.charAt(0) !== '/') return fail(`${name}.instantiate: only an absolute path is accepted: ${filePath}`, 'TypeError');
      const appPath = path.posix.normalize(`/${filePath}`);
      if (!isFile(appPath)) return fail(`${name}.instantiate: no such file in the code package: ${filePath}`);
      let bytes = fs.readFileSync(diskPath(appPath));
      // A base library before brotli support compiles the file as it is (and fails).
      if (/\.br$/.test(appPath) && brotli) {
        try {
          bytes = zlib.brotliDecompressSync(bytes);
        } catch (e) {
          return fail(`${name}.instantiate: ${filePath} is not brotli-compressed: ${e.message}`);
        }
      }
      return WebAssembly.instantiate(bytes, imports).then(
        (r) => {
          load.ok = true;
          call(done, [null, r.instance, r.module]);
        },
        (e) => call(done, [{ message: `${name}.instantiate: ${e.message}`, name: e.name }]),
      );
    },
    called(api, opts) {
      const callbacks = opts !== null && typeof opts === 'object' ? Object.keys(opts).filter((k) => typeof opts[k] === 'function') : [];
      calls.push({ api, options: snapshot(opts), callbacks });
    },
    ui(api, opts) {
      ui.push({ api, options: opts === undefined ? undefined : JSON.parse(JSON.stringify(opts)) });
    },
    wasmClass(n) {
      return WebAssembly[n];
    },
    http(s, done) {
      const job = { id: ++jobSeq, spec: s, done, finished: false, started: false, req: null, timer: null };
      jobs.set(job.id, job);
      job.timer = setTimeout(() => settleJob(job, { code: 'ETIMEDOUT' }), s.timeout);
      queue.push(job);
      pump();
      return job.id;
    },
    abort(id) {
      const job = jobs.get(id);
      if (job) settleJob(job, { code: 'EABORT' });
    },
    copyTempFile(src, ext) {
      const bytes = tempFiles.get(src);
      if (!bytes) return null;
      const out = `wxfile://tmp_${Date.now().toString(36)}_${++tempSeq}.${ext}`;
      tempFiles.set(out, Buffer.from(bytes));
      return out;
    },
  };

  const boot = new vm.Script(`(${bootstrap.toString()})`, { filename: 'sim://bootstrap.js' }).runInContext(context);
  handle = boot(bridge, {
    platform,
    apiName: spec.api,
    wasmName: spec.wasm,
    npmDir: spec.npmDir,
    wasm: hasWasm,
    worker: !!options.worker,
    stringStatus: !!options.stringStatus,
    os: options.os || 'ios',
    sdkVersion,
    // Base-library features, decided here so the context needs no version code.
    hasAppBaseInfo: (platform === 'wx' || platform === 'uni') && !olderThan(sdkVersion, '2.25.3'),
    jsonOrTextDefault: !olderThan(sdkVersion, '2.9.5'), // Alipay's my.request dataType default
    appId: options.appId || 'wx0000000000000000',
    networkTimeout: options.networkTimeout || 60000,
  });

  const sim = {
    platform,
    appDir,
    context,
    /** The context's global object. */
    global: vm.runInContext('globalThis', context),
    get wx() {
      return vm.runInContext("typeof wx === 'undefined' ? undefined : wx", context);
    },
    get tt() {
      return vm.runInContext("typeof tt === 'undefined' ? undefined : tt", context);
    },
    get my() {
      return vm.runInContext("typeof my === 'undefined' ? undefined : my", context);
    },
    get uni() {
      return vm.runInContext("typeof uni === 'undefined' ? undefined : uni", context);
    },
    /** The names this platform adds to the ECMAScript globals (PLATFORM_GLOBALS, less a missing WebAssembly object). */
    globals,
    /** The base library simulated, and whether its WebAssembly object reads .wasm.br. */
    sdkVersion,
    brotli,
    logs,
    errors,
    network,
    ui,
    /** Every request / uploadFile call with its options as passed (a host copy; functions left out, named in `callbacks`). */
    calls,
    wasmLoads,
    tempFiles,
    pages: handle.pages,
    /** Plays the framework's start: runs app.js, then App's onLaunch and onShow; returns the app (getApp()). */
    launch(launchOptions) {
      return handle.launch(launchOptions && handle.copyIn(launchOptions));
    },
    /**
     * Opens `route` as the framework does: its Page() or Component() registration (file required if
     * needed), the instance, then onLoad(query), onShow, ready/onReady. Returns the instance.
     */
    openPage(route, query) {
      return handle.openPage(route, query && handle.copyIn(query));
    },
    /** A page instance made from the Page() registration of `route` (its file is required if needed); no hook is called. */
    createPage(route, query) {
      return handle.createPage(route, query && handle.copyIn(query));
    },
    /** require() as app.js at the root of the code package does. */
    require(request) {
      return handle.require(request);
    },
    /** Adds a file to the code package (a page module, a .wasm…). */
    writeFile,
    /** Runs a script at the context's global scope (not a module). */
    evaluate(code, filename = 'sim://evaluate.js') {
      return new vm.Script(code, { filename }).runInContext(context);
    },
    /** A copy of a host value made of the context's objects (for arguments). */
    toContext(value) {
      return handle.copyIn(value);
    },
    /** A plain host copy of a context value (for assertions). */
    toHost,
    addTempFile(p, bytes) {
      tempFiles.set(p, Buffer.from(bytes));
    },
    /** Requests in flight or queued, timers, pending callbacks. */
    pending() {
      return { requests: jobs.size, timers: timers.size, callbacks: immediates.size };
    },
    owns(promise) {
      return promise instanceof intrinsics.Promise;
    },
    unhandled(reason, promise) {
      errors.push({ where: 'unhandledrejection', error: reason });
      bridge.log('warn', ['Unhandled promise rejection', reason]);
      handle.onUnhandledRejection(reason, promise);
    },
    /** Stops everything the simulator started and removes the code package. */
    async close() {
      if (closed) return;
      closed = true;
      for (const job of jobs.values()) {
        job.finished = true;
        clearTimeout(job.timer);
        if (job.req) job.req.destroy();
      }
      jobs.clear();
      queue.length = 0;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      for (const h of immediates) clearImmediate(h);
      immediates.clear();
      agent.destroy();
      live.delete(sim);
      if (!live.size) process.removeListener('unhandledRejection', onUnhandledRejection);
      // Rejections of the context seen after close would otherwise hit Node's default.
      await new Promise((r) => setImmediate(r));
      fs.rmSync(appDir, { recursive: true, force: true });
    },
  };
  if (!live.size) process.on('unhandledRejection', onUnhandledRejection);
  live.add(sim);
  return sim;
}

/** A host copy of the options an app passed to a platform API: functions left out, bytes as Buffers. */
function snapshot(v, seen = new Map()) {
  if (v === null || typeof v !== 'object') return v;
  if (seen.has(v)) return seen.get(v);
  const t = Object.prototype.toString.call(v);
  if (t === '[object ArrayBuffer]') return Buffer.from(new Uint8Array(v));
  if (ArrayBuffer.isView(v)) return Buffer.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  if (t === '[object Date]') return new Date(v.getTime());
  const out = Array.isArray(v) ? [] : {};
  seen.set(v, out);
  for (const k of Object.keys(v)) {
    if (typeof v[k] !== 'function') out[k] = snapshot(v[k], seen);
  }
  return out;
}

/** A plain host copy of a (context) value: objects, arrays, dates, errors' own fields. */
function toHost(v, seen = new Map()) {
  if (v === null || typeof v !== 'object') return v;
  if (seen.has(v)) return seen.get(v);
  const t = Object.prototype.toString.call(v);
  if (t === '[object Date]') return new Date(v.getTime());
  if (Array.isArray(v)) {
    const out = [];
    seen.set(v, out);
    for (const x of v) out.push(toHost(x, seen));
    return out;
  }
  const out = {};
  seen.set(v, out);
  for (const k of Object.keys(v)) out[k] = toHost(v[k], seen);
  return out;
}

module.exports = { createMiniProgram, toHost, PLATFORMS, PLATFORM_GLOBALS, SHADOWED };
