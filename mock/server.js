// The mock backend (`npx apifm-wasm mock`, docs/mock.md): answers every
// endpoint of the table on one port, the four API工厂 hosts as path prefixes
// — API at /, common at /common, CMS at /cms, files and QR codes at /oss —
// each followed by the subDomain (or merchantId) segment, as on the real hosts.
// An answer comes from, in this order: a fixed response of --data; the shop
// (mock/shop.js: users, carts, orders, catalogue); 2000 for a route that
// needs a token and was given none that is live; the example documented in
// instructions.md; a generic answer (700 暂无数据 for lists, code 0 otherwise).
'use strict';
const http = require('http');
const { URL } = require('url');
const { createShop, ok, fail, NONE, NO_TOKEN, EXAMPLES } = require('./shop.js');
const { routes: TABLE } = require('./routes.json');

const PREFIX = { api: '', common: 'common', cms: 'cms', oss: 'oss' };
const ROUTES = TABLE.map(([verbs, host, path, names, token]) => ({
  verbs, host, path, names: names.split(','), token: token === 1,
  segs: path.split('/').slice(1),
  prefix: PREFIX[host],
  // The path the shop knows it by: without the subDomain/merchantId segment.
  key: path.replace(/^\/\{[sm]\}(?=\/)/, ''),
  example: names.split(',').map((n) => EXAMPLES[n]).find(Boolean),
}));

/** Literal segments of `segs` matched from `from` on, or -1 if the route does not match. */
function score(route, segs, from) {
  if (segs.length - from !== route.segs.length) return -1;
  let n = 0;
  for (let i = 0; i < route.segs.length; i++) {
    const want = route.segs[i];
    if (want[0] === '{') continue; // {s} subDomain, {m} merchantId, {*} an argument
    if (want !== segs[from + i]) return -1;
    n++;
  }
  return n;
}

/**
 * The route of a request path: the most literal match, a host prefix
 * counting as one more literal. A host's base URL may also be the bare
 * origin (commonBaseUrl: 'http://127.0.0.1:8080'): the route then matches
 * without its prefix, after any route that matches with one.
 */
function match(pathname) {
  const segs = pathname.split('/').slice(1);
  let best = null;
  let bestScore = -1;
  for (const r of ROUTES) {
    const tries = r.prefix ? [[1, segs[0] === r.prefix], [0, true]] : [[0, true]];
    for (const [from, possible] of tries) {
      if (!possible) continue;
      const n = score(r, segs, from);
      if (n >= 0 && n * 2 + from > bestScore) {
        best = r;
        bestScore = n * 2 + from;
      }
    }
  }
  return best;
}

function parseForm(text) {
  const out = {};
  for (const part of (text || '').split('&')) {
    if (!part) continue;
    const i = part.indexOf('=');
    const dec = (s) => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch (_) {
        return s;
      }
    };
    out[dec(i < 0 ? part : part.slice(0, i))] = i < 0 ? '' : dec(part.slice(i + 1));
  }
  return out;
}

/** Field values of a multipart body; a file is {filename, size}. */
function parseMultipart(buf, type) {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type || '');
  if (!m) return {};
  const out = {};
  for (const part of buf.toString('latin1').split(`--${m[1] || m[2]}`).slice(1, -1)) {
    const [head, ...rest] = part.split('\r\n\r\n');
    const body = rest.join('\r\n\r\n').replace(/\r\n$/, '');
    const name = /name="([^"]*)"/.exec(head);
    if (!name) continue;
    const file = /filename="([^"]*)"/.exec(head);
    out[name[1]] = file ? { filename: file[1], size: Buffer.byteLength(body, 'latin1') } : Buffer.from(body, 'latin1').toString('utf8');
  }
  return out;
}

/** The fields of a request body: a form, multipart, or a JSON object. Throws on JSON that is not an object. */
function parseBody(buf, type) {
  if (!buf.length) return {};
  if (/^multipart\//i.test(type)) return parseMultipart(buf, type);
  if (/^application\/json/i.test(type)) {
    const v = JSON.parse(buf.toString('utf8'));
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new SyntaxError('not a JSON object');
    return v;
  }
  return parseForm(buf.toString('utf8'));
}

/** What a route answers when nothing more specific does. */
function generic(route, verb) {
  if (route.example) return route.example;
  const last = route.path.split('/').pop();
  if (/list|logs?$|^my|page|history|his$/i.test(last) || /\/list\//i.test(route.path)) return NONE();
  return ok(verb === 'GET' ? {} : null);
}

// Fields shown in a log line, in this order; other fields are left out.
const LOGGED = ['id', 'goodsId', 'orderId', 'key', 'number', 'type', 'status', 'page', 'categoryId', 'code', 'mobile', 'username', 'token'];
function logLine(verb, pathname, route, params, answer) {
  const fields = LOGGED.filter((k) => params[k] !== undefined && params[k] !== '' && typeof params[k] !== 'object')
    .map((k) => `${k}=${String(params[k]).slice(0, 24)}`);
  const what = route ? route.names[0] + (route.names.length > 1 ? `(+${route.names.length - 1})` : '') : '-';
  return `${verb} ${pathname} ${what}${fields.length ? ` ${fields.join(' ')}` : ''} → ${answer.code}`;
}

/**
 * A mock backend's request handling, without a server of its own.
 * @param {{data?: object, log?: (line: string) => void}} [opts]  data: the --data object (throws if it is malformed)
 */
function createMock(opts = {}) {
  let shop = createShop(opts.data);
  const log = opts.log || null;

  /**
   * The answer to one request: HTTP status and the JSON body. Never throws:
   * a handler error is a 500 answer.
   * @param {{method: string, pathname: string, query: string, type?: string, body?: Buffer, origin?: string}} req
   */
  function answer(req) {
    try {
      return answerOf(req);
    } catch (e) {
      // A handler that threw on what it was sent (a JSON field that is an object, …): an answer, never a crash.
      const body = fail(500, `模拟后端处理请求时出错 / the mock failed on this request: ${e && e.message ? e.message : e}`);
      if (log) log(`${String(req.method).toUpperCase()} ${req.pathname} → 500 ${body.msg}`);
      return { status: 500, body, route: null };
    }
  }

  function answerOf(req) {
    const verb = req.method.toUpperCase();
    const route = match(req.pathname);
    let params = parseForm(req.query);
    let result;
    let status = 200;
    try {
      params = { ...params, ...parseBody(req.body || Buffer.alloc(0), req.type || '') };
    } catch (e) {
      status = 400;
      result = fail(400, `请求体不是合法的 JSON 对象 / the body is not a JSON object: ${e.message}`);
    }
    if (!result && !route) {
      status = 404;
      result = fail(404, `没有这个接口 / no such API工厂 endpoint: ${verb} ${req.pathname}`);
    }
    if (!result) {
      const fixed = shop.responses;
      const byName = route.names.find((n) => fixed[n]);
      result = (byName ? fixed[byName] : fixed[route.key])
        || shop.handle(route.key, params, { origin: req.origin || '' })
        || (route.token && !shop.userOf(params.token) ? NO_TOKEN() : generic(route, verb));
    }
    if (log) log(logLine(verb, req.pathname, route, params, result));
    return { status, body: result, route };
  }

  return {
    answer,
    /** Back to the state at start-up (the same --data). */
    reset() {
      shop = createShop(opts.data);
    },
  };
}

// CORS: an H5 page on another origin of this machine (Vite's
// http://localhost:5173) may call the mock; a page elsewhere may not, unless
// the mock was started with --cors <origin> (or --cors '*'): the mock hands
// out tokens, and any page a developer opens could otherwise log in to it
// and read them. Private-network access (a public page calling a local
// server) is granted only with --private-network.
const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d{1,5})?$/i;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const LOOPBACK_ONLY = { origins: [], privateNetwork: false };

/** Whether a page of `origin` may read the mock's answers under `policy`. */
function originAllowed(origin, policy) {
  if (typeof origin !== 'string' || !origin) return false;
  return LOOPBACK_ORIGIN.test(origin) || policy.origins.includes('*') || policy.origins.includes(origin);
}

/**
 * CORS headers for an allowed origin, and the answer to a preflight
 * (OPTIONS): returns true when it answered one.
 * @param {{origins: string[], privateNetwork: boolean}} [policy]  loopback origins only, by default
 */
function cors(req, res, policy = LOOPBACK_ONLY) {
  const origin = req.headers.origin;
  const allowed = originAllowed(origin, policy);
  if (allowed) {
    res.setHeader('Access-Control-Allow-Origin', origin);
  }
  res.setHeader('Vary', 'Origin');
  if (req.method !== 'OPTIONS') return false;
  if (allowed) {
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    // The request headers the page asked for, when each is a header name (an SDK hook may add its own).
    const asked = String(req.headers['access-control-request-headers'] || '').split(',').map((h) => h.trim()).filter(Boolean);
    const names = asked.length && asked.length <= 32 && asked.every((h) => HEADER_NAME.test(h)) ? asked.join(',') : 'Content-Type';
    res.setHeader('Access-Control-Allow-Headers', names);
    if (policy.privateNetwork && req.headers['access-control-request-private-network']) res.setHeader('Access-Control-Allow-Private-Network', 'true');
    res.setHeader('Access-Control-Max-Age', '600');
  }
  res.writeHead(204);
  res.end();
  return true;
}

/** A placeholder picture for the catalogue's /static/img/<name>.svg. */
function picture(name) {
  const hue = [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 360, 7);
  const text = name.replace(/[^\w-]/g, '').slice(0, 12);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300" viewBox="0 0 300 300"><rect width="300" height="300" fill="hsl(${hue},55%,78%)"/><text x="150" y="160" font-family="sans-serif" font-size="28" text-anchor="middle" fill="#333">${text}</text></svg>`;
}

const MAX_BODY = 1 << 20; // bytes of a request body (--max-body); larger is HTTP 413
const HEADER_TIMEOUT = 10000; // ms for a client to send its request line and headers
const BODY_TIMEOUT = 30000; // ms for a client to send its whole request, body included

function sendJson(res, status, body, extra) {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, Object.assign({ 'Content-Type': 'application/json; charset=utf-8' }, extra));
  res.end(JSON.stringify(body));
}

/**
 * Starts the mock backend on a port. It answers every request, whatever it
 * is sent: a handler error is a 500 JSON answer, a request line it cannot
 * read 400, a body over `maxBody` 413; a client that is too slow to send its
 * headers (`headerTimeout`) or its whole request (`bodyTimeout`) is cut off.
 * @param {{port?: number, host?: string, data?: object, log?: (line: string) => void,
 *   cors?: string[], privateNetwork?: boolean, maxBody?: number, headerTimeout?: number, bodyTimeout?: number}} [opts]
 * @returns {Promise<{url: string, port: number, server: http.Server, reset(): void, close(): Promise<void>}>}
 */
function startMock(opts = {}) {
  const mock = createMock(opts);
  const policy = { origins: opts.cors || [], privateNetwork: Boolean(opts.privateNetwork) };
  const maxBody = opts.maxBody === undefined ? MAX_BODY : opts.maxBody;
  const headersTimeout = opts.headerTimeout || HEADER_TIMEOUT;
  const requestTimeout = Math.max(opts.bodyTimeout || BODY_TIMEOUT, headersTimeout);
  const sockets = new Set();
  const tooLarge = (req, res) => {
    sendJson(res, 413, fail(413, `请求体超过 ${maxBody} 字节 / the body is larger than ${maxBody} bytes (--max-body)`), { Connection: 'close' });
    res.on('finish', () => req.socket.destroy()); // the rest of the body is not read
  };
  const server = http.createServer({ headersTimeout, requestTimeout, connectionsCheckingInterval: Math.min(1000, Math.ceil(headersTimeout / 2)) }, (req, res) => {
    req.on('error', () => {}); // a client that goes away mid-body
    res.on('error', () => {});
    try {
      if (cors(req, res, policy)) return undefined;
      if (Number(req.headers['content-length']) > maxBody) return tooLarge(req, res);
    } catch (e) {
      return sendJson(res, 400, fail(400, `请求无法读取 / the request could not be read: ${e.message}`));
    }
    const chunks = [];
    let size = 0;
    let over = false;
    req.on('data', (c) => {
      if (over) return;
      size += c.length;
      if (size > maxBody) {
        over = true;
        chunks.length = 0;
        tooLarge(req, res);
      } else {
        chunks.push(c);
      }
    });
    req.on('end', () => {
      if (over) return undefined;
      try {
        let u;
        try {
          u = new URL(req.url, 'http://mock');
        } catch (_) {
          return sendJson(res, 400, fail(400, `请求行无法读取 / the request target could not be read: ${String(req.url).slice(0, 100)}`));
        }
        if (u.pathname === '/favicon.ico') {
          res.writeHead(204);
          return res.end();
        }
        const img = /^\/static\/img\/([\w-]+)\.svg$/.exec(u.pathname);
        if (img && req.method === 'GET') {
          res.writeHead(200, { 'Content-Type': 'image/svg+xml' });
          return res.end(picture(img[1]));
        }
        const { status, body } = mock.answer({
          method: req.method, pathname: u.pathname, query: u.search.slice(1), type: req.headers['content-type'],
          body: Buffer.concat(chunks), origin: `http://${req.headers.host}`,
        });
        return sendJson(res, status, body);
      } catch (e) {
        return sendJson(res, 500, fail(500, `模拟后端出错 / the mock failed on this request: ${e && e.message}`));
      }
    });
    return undefined;
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port === undefined ? 8080 : opts.port, opts.host || '127.0.0.1', () => {
      server.removeListener('error', reject);
      server.on('error', () => {}); // after the start, an error of the server is not the end of it
      const { port } = server.address();
      const host = opts.host || '127.0.0.1';
      resolve({
        url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
        port,
        server,
        reset: mock.reset,
        close() {
          for (const s of sockets) s.destroy();
          return new Promise((r) => server.close(() => r()));
        },
      });
    });
  });
}

module.exports = { createMock, startMock, cors, originAllowed, match, parseForm, parseBody, ROUTES, MAX_BODY };
