// The mock backend cannot be knocked over or abused (docs/mock.md): the
// BUILT command (pkg/bin/apifm-wasm.js) on an ephemeral port of 127.0.0.1
// survives handler errors and unreadable request lines, answers CORS only
// to loopback pages unless told otherwise, caps request bodies; and the
// server (mock/server.js, what the command runs) cuts off clients that
// drip-feed their headers or body.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('child_process');
const net = require('net');
const path = require('path');
const { startMock } = require('../../mock/server.js');

const BIN = path.join(__dirname, '..', '..', 'pkg', 'bin', 'apifm-wasm.js');
const LIMIT = { timeout: 60000 }; // a bound on each test, not a timed assertion

/** Starts the built CLI on port 0; resolves {url, child, stop(), exited}. */
function startCli(args = []) {
  const child = spawn(process.execPath, [BIN, 'mock', '--port', '0', '--quiet', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (c) => { err += c; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise((resolve, reject) => {
    child.stdout.on('data', (c) => {
      out += c;
      const m = /mock backend: (http:\/\/\S+)/.exec(out);
      if (m && out.includes('Ctrl+C')) resolve(m[1]);
    });
    exited.then(({ code }) => reject(new Error(`the mock exited (${code}): ${err}`)));
  });
  return ready.then((url) => ({
    url,
    child,
    exited,
    alive: () => child.exitCode === null && child.signalCode === null,
    stop() {
      child.kill('SIGTERM');
      return exited;
    },
  }));
}

/** Sends raw bytes on a new connection; resolves with all the server wrote before it closed. */
function raw(url, bytes) {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let got = '';
    s.on('data', (c) => { got += c; });
    s.on('error', () => {});
    s.on('close', () => resolve(got));
    s.write(bytes);
    s.end();
  });
}

const post = (url, pathname, body, headers = {}) => fetch(url + pathname, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });

test('handler errors are 4xx/5xx JSON answers; the mock keeps running', LIMIT, async () => {
  const cli = await startCli();
  try {
    for (const p of ['/demo/user/m/login', '/demo/user/m/register', '/demo/user/m/loginMobile', '/demo/user/username/login', '/demo/shopping-cart/add']) {
      const res = await post(cli.url, p, '{"mobile":{"toString":1},"username":{"toString":1},"token":{"toString":1},"goodsId":{"valueOf":1}}');
      const body = await res.json(); // an answer, whatever the handler made of it
      assert.equal(typeof body.code, 'number', p);
      if (res.status !== 200) assert.equal(body.code, res.status, p);
    }
    // The issue's own case: a handler that throws (String() of an object without toString) is a 500 answer.
    const thrown = await post(cli.url, '/demo/user/m/login', '{"mobile":{"toString":1}}');
    assert.equal(thrown.status, 500);
    assert.match((await thrown.json()).msg, /the mock failed on this request/);
    for (const line of ['GET //[ HTTP/1.1', 'GET http://[ HTTP/1.1', 'POST //[:: HTTP/1.1']) {
      const answer = await raw(cli.url, `${line}\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      assert.match(answer, /^HTTP\/1\.1 400 /, line);
    }
    assert.ok(cli.alive(), 'the mock died');
    const ok = await fetch(`${cli.url}/common/demo/banner/list`);
    assert.equal((await ok.json()).code, 0);
  } finally {
    await cli.stop();
  }
});

test('CORS: loopback pages by default; no other origin, no private-network grant, unless asked', LIMIT, async () => {
  const preflight = (url, origin) => fetch(`${url}/demo/user/m/login`, {
    method: 'OPTIONS',
    headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type', 'Access-Control-Request-Private-Network': 'true' },
  });
  const login = (url, origin) => fetch(`${url}/demo/user/m/login`, { method: 'POST', headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'mobile=13800000000&pwd=123456' });
  const cli = await startCli();
  try {
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:8081', 'https://[::1]:3000']) {
      const pre = await preflight(cli.url, origin);
      assert.equal(pre.headers.get('access-control-allow-origin'), origin);
      assert.equal(pre.headers.get('access-control-allow-private-network'), null, 'granted without --private-network');
      assert.equal((await login(cli.url, origin)).headers.get('access-control-allow-origin'), origin);
    }
    for (const origin of ['https://evil.example', 'http://localhost.evil.example', 'http://127.0.0.1.evil.example', 'null']) {
      const pre = await preflight(cli.url, origin);
      assert.equal(pre.headers.get('access-control-allow-origin'), null, origin);
      assert.equal(pre.headers.get('access-control-allow-headers'), null, origin);
      assert.equal(pre.headers.get('access-control-allow-private-network'), null, origin);
      assert.equal((await login(cli.url, origin)).headers.get('access-control-allow-origin'), null, origin);
    }
    // Asked-for headers are answered only when each is a header name.
    const odd = await fetch(`${cli.url}/x`, { method: 'OPTIONS', headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Headers': 'x-a, bad header' } });
    assert.equal(odd.headers.get('access-control-allow-headers'), 'Content-Type');
  } finally {
    await cli.stop();
  }
  const wide = await startCli(['--cors', 'https://shop.example', '--private-network']);
  try {
    const pre = await preflight(wide.url, 'https://shop.example');
    assert.equal(pre.headers.get('access-control-allow-origin'), 'https://shop.example');
    assert.equal(pre.headers.get('access-control-allow-private-network'), 'true');
    assert.equal((await preflight(wide.url, 'https://evil.example')).headers.get('access-control-allow-origin'), null);
  } finally {
    await wide.stop();
  }
});

test('bodies over 1 MB (or --max-body) are answered 413; the mock keeps running', LIMIT, async () => {
  const cli = await startCli();
  try {
    const big = Buffer.alloc((1 << 20) + 1, 0x61);
    const res = await fetch(`${cli.url}/demo/order/list`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: big }).catch((e) => e);
    if (!(res instanceof Error)) {
      assert.equal(res.status, 413);
      assert.equal((await res.json()).code, 413);
    }
    // Without a Content-Length (chunked): cut off once past the cap.
    const { port } = new URL(cli.url);
    const answer = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      let got = '';
      s.on('data', (c) => { got += c; });
      s.on('error', () => {});
      s.on('close', () => resolve(got));
      s.write('POST /demo/order/list HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n');
      const chunk = Buffer.alloc(64 * 1024, 0x62);
      let sent = 0;
      const more = () => {
        if (s.destroyed || sent > 4 << 20) return s.end();
        sent += chunk.length;
        s.write(`${chunk.length.toString(16)}\r\n`);
        s.write(chunk);
        s.write('\r\n', () => setImmediate(more));
        return undefined;
      };
      more();
    });
    assert.match(answer, /^HTTP\/1\.1 413 /);
    const under = await fetch(`${cli.url}/demo/order/list`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `token=token-demo&pad=${'x'.repeat(900 * 1024)}` });
    assert.equal(under.status, 200);
    assert.ok(cli.alive());
  } finally {
    await cli.stop();
  }
  const small = await startCli(['--max-body', '2k']);
  try {
    assert.equal((await post(small.url, '/demo/order/list', JSON.stringify({ token: 'token-demo', pad: 'x'.repeat(3000) }))).status, 413);
    assert.equal((await post(small.url, '/demo/order/list', JSON.stringify({ token: 'token-demo', pad: 'x'.repeat(1000) }))).status, 200);
  } finally {
    await small.stop();
  }
});

test('the command refuses a malformed --cors or --max-body', LIMIT, async () => {
  for (const args of [['--cors', 'evil.example'], ['--cors', 'https://a.example/path'], ['--max-body', 'lots'], ['--max-body', '0']]) {
    const child = spawn(process.execPath, [BIN, 'mock', '--port', '0', ...args], { stdio: 'ignore' });
    const code = await new Promise((r) => child.on('exit', r));
    assert.equal(code, 2, args.join(' '));
  }
});

test('a client drip-feeding its headers, or its body, is cut off', LIMIT, async () => {
  const mock = await startMock({ port: 0, headerTimeout: 300, bodyTimeout: 600 });
  const { port } = mock;
  /** Writes `first`, then `next` every 100 ms until the server closes the connection; resolves with what it answered. */
  const drip = (first, next) => new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let got = '';
    let i = 0;
    s.on('data', (c) => { got += c; });
    s.on('error', () => {});
    s.write(first);
    const timer = setInterval(() => {
      i++;
      if (!s.destroyed && !s.writableEnded) s.write(next);
    }, 100);
    s.on('close', () => {
      clearInterval(timer);
      resolve({ got, written: i });
    });
  });
  try {
    const headers = await drip('GET /common/demo/banner/list HTTP/1.1\r\n', 'X-Slow: 1\r\n'); // never ends its headers
    assert.ok(headers.written < 200, 'the connection stayed open');
    const body = await drip('POST /demo/order/list HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n', 'a'); // never ends its body
    assert.ok(body.written < 200, 'the connection stayed open');
    // A prompt client is answered as always.
    assert.equal((await (await fetch(`${mock.url}/common/demo/banner/list`)).json()).code, 0);
  } finally {
    await mock.close();
  }
});
