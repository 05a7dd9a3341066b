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
   * The answer to one request: HTTP status and the JSON body.
   * @param {{method: string, pathname: string, query: string, type?: string, body?: Buffer, origin?: string}} req
   */
  function answer(req) {
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

/** CORS: an H5 page on another origin may call the mock; preflights are answered here. Returns true for one. */
function cors(req, res) {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin || '*');
  res.setHeader('Vary', 'Origin');
  if (req.method !== 'OPTIONS') return false;
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] || 'Content-Type');
  if (req.headers['access-control-request-private-network']) res.setHeader('Access-Control-Allow-Private-Network', 'true');
  res.setHeader('Access-Control-Max-Age', '600');
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

/**
 * Starts the mock backend on a port.
 * @param {{port?: number, host?: string, data?: object, log?: (line: string) => void}} [opts]
 * @returns {Promise<{url: string, port: number, server: http.Server, reset(): void, close(): Promise<void>}>}
 */
function startMock(opts = {}) {
  const mock = createMock(opts);
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (cors(req, res)) return;
      const u = new URL(req.url, 'http://mock');
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
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
      return res.end(JSON.stringify(body));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port === undefined ? 8080 : opts.port, opts.host || '127.0.0.1', () => {
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

module.exports = { createMock, startMock, cors, match, parseForm, parseBody, ROUTES };
