#!/usr/bin/env node
// The local test backend: the mock backend of the package (mock/server.js,
// `npx apifm-wasm mock`: an in-memory API工厂 shop and every endpoint of the
// table) on 127.0.0.1, plus what tests need around it:
// - records every request (verb, host, path, query, content type, body):
//   GET /__log, POST /__reset (also resets the shop);
// - serves static files for browser tests: /pkg/* (the built package) and
//   /static/* (a directory given by the caller);
// - fault routes for transport tests: /__fault/<kind>;
// - /__host/<host>/… : a request a test redirected from a real API工厂 host,
//   answered as if it had reached that host;
// - an echo ({code: 0, data: {path, params}}) of a request to another host
//   or to a path no endpoint has, where the mock answers 404.
// URL layout (docs/mock.md): API host = http://127.0.0.1:PORT, common host =
// …/common, CMS host = …/cms, file host = …/oss; then the subDomain (or
// merchantId) segment, as on the real hosts.
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');
const { URL } = require('url');
const { createMock, cors, parseForm, parseBody } = require('../../mock/server.js');

const ROOT = path.join(__dirname, '..', '..');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml' };

function faults(kind, req, res) {
  switch (kind) {
    case 'html': res.writeHead(200, { 'Content-Type': 'text/html' }); return res.end('<html><body>维护中</body></html>');
    case 'empty': res.writeHead(200); return res.end();
    case 'http500': res.writeHead(500, { 'Content-Type': 'application/json' }); return res.end(JSON.stringify({ code: 500, msg: '服务器内部错误' }));
    case 'http502': res.writeHead(502, { 'Content-Type': 'text/html' }); return res.end('<h1>502 Bad Gateway</h1>');
    case 'truncated': res.writeHead(200, { 'Content-Type': 'application/json' }); return res.end('{"code":0,"data":{"a":');
    case 'reset': res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' }); res.write('{"code":0,'); return setTimeout(() => req.socket.destroy(), 20);
    case 'hang': return undefined; // never answers; the client's timeout must fire
    case 'drip': {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const body = JSON.stringify({ code: 0, msg: 'success', data: { slow: true } });
      let i = 0;
      const t = setInterval(() => {
        if (i >= body.length) { clearInterval(t); res.end(); return; }
        res.write(body[i++]);
      }, 5);
      return undefined;
    }
    case 'big': {
      const items = Array.from({ length: 40000 }, (_, i) => ({ id: i, name: `商品${i}`, price: i * 1.5 }));
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ code: 0, msg: 'success', data: items }));
    }
    default: res.writeHead(404); return res.end();
  }
}

/**
 * @param {{port?: number, staticDir?: string, quiet?: boolean}} [opts]
 * @returns {Promise<{url: string, port: number, requests: object[], reset(): void, close(): Promise<void>}>}
 */
// The mock's host prefixes (docs/mock.md) of the real hosts a test redirects with /__host/.
const HOSTS = { 'api.it120.cc': '', 'jdvop.apifm.com': '', 'common.apifm.com': '/common', 'cms.apifm.com': '/cms', 'oss.apifm.com': '/oss', 'dfs.apifm.com': '/oss' };

function startBackend(opts = {}) {
  const mock = createMock();
  const requests = [];
  const sockets = new Set();
  const reset = () => {
    requests.length = 0;
    mock.reset();
  };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url, 'http://127.0.0.1');
      const raw = Buffer.concat(chunks);
      if (cors(req, res)) return undefined;
      if (u.pathname === '/favicon.ico') { res.writeHead(204); return res.end(); }
      if (u.pathname === '/__log') { res.writeHead(200, { 'Content-Type': 'application/json' }); return res.end(JSON.stringify(requests)); }
      if (u.pathname === '/__reset') { reset(); res.writeHead(200); return res.end('{}'); }
      if (u.pathname.startsWith('/__fault/')) return faults(u.pathname.slice(9), req, res);
      for (const [prefix, dir] of [['/pkg/', path.join(ROOT, 'pkg')], ['/static/', opts.staticDir || path.join(__dirname, 'static')]]) {
        if (u.pathname.startsWith(prefix)) {
          const file = path.join(dir, decodeURIComponent(u.pathname.slice(prefix.length)));
          if (!file.startsWith(dir + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) { res.writeHead(404); return res.end('not found'); }
          res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' });
          return res.end(fs.readFileSync(file));
        }
      }
      const type = req.headers['content-type'] || '';
      const multipart = type.startsWith('multipart/');
      const hosted = /^\/__host\/([^/]+)(\/.*)?$/.exec(u.pathname);
      const pathname = hosted ? hosted[2] || '/' : u.pathname;
      const record = { method: req.method, host: hosted ? hosted[1] : null, path: pathname, query: u.search.slice(1), contentType: type, body: multipart ? '' : raw.toString('utf8') };
      // All request headers, for tests that need them; not enumerable, so the
      // records stay comparable as they were.
      Object.defineProperty(record, 'headers', { value: req.headers, enumerable: false });
      if (multipart) record.multipart = parseBody(raw, type);
      requests.push(record);
      const json = (status, body) => {
        res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
        return res.end(JSON.stringify(body));
      };
      const echo = () => json(200, { code: 0, msg: 'success', data: { path: pathname, params: { ...parseForm(u.search.slice(1)), ...parseForm(record.body) } } });
      // Another host (a platform test's https://example.com/…): an echo of what was asked.
      if (hosted && !(hosted[1] in HOSTS)) return echo();
      const { status, body } = mock.answer({
        method: req.method, pathname: (hosted ? HOSTS[hosted[1]] : '') + pathname, query: u.search.slice(1), type, body: raw, origin: `http://${req.headers.host}`,
      });
      // A path no endpoint has (a transport test's /x): also an echo, where the mock says 404.
      return status === 404 ? echo() : json(status, body);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(opts.port || 0, '127.0.0.1', () => {
      const port = server.address().port;
      const url = `http://127.0.0.1:${port}`;
      if (!opts.quiet) process.stderr.write(`[backend] listening on ${url}\n`);
      resolve({
        url,
        port,
        requests,
        reset,
        close() {
          for (const s of sockets) s.destroy();
          return new Promise((r) => server.close(() => r()));
        },
      });
    });
  });
}

module.exports = { startBackend, parseForm };

if (require.main === module) {
  const i = process.argv.indexOf('--port');
  startBackend({ port: i > 0 ? Number(process.argv[i + 1]) : 8787 });
}
