#!/usr/bin/env node
// The package's command line: `npx apifm-wasm mock [options]` (docs/mock.md)
// and `npx apifm-wasm migrate [dir] [--write]` (migrate/, docs/migration.md).
// Built into pkg/bin/apifm-wasm.js (tools/build-pkg.js).
'use strict';
const fs = require('fs');
const os = require('os');
const { startMock, ROUTES } = require('./server.js');

const USAGE = `usage: apifm-wasm mock [--port 8080] [--host 127.0.0.1] [--data file.json] [--quiet]
                        [--cors ORIGIN]... [--private-network] [--max-body 1mb]

  --port N             port to listen on (0: any free port)              default 8080
  --host H             address to listen on (0.0.0.0: every interface)   default 127.0.0.1
  --data FILE          JSON: catalogue records and fixed responses to add or replace (docs/mock.md)
  --quiet              no log line per request
  --cors ORIGIN        also let pages of ORIGIN (http://host:port) read the answers; '*' any page
                       (default: pages of loopback origins only, such as http://localhost:5173)
  --private-network    answer Private Network Access preflights (a public page calling the mock)
  --max-body SIZE      largest request body, in bytes or with k/m (larger: HTTP 413)   default 1m
`;

function fail(msg, code = 2) {
  process.stderr.write(`apifm-wasm: ${msg}\n`);
  process.exit(code);
}

function parseArgs(argv) {
  const opts = { port: 8080, host: '127.0.0.1', data: undefined, quiet: false, cors: [], privateNetwork: false, maxBody: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) fail(`${a} needs a value\n\n${USAGE}`);
      return argv[++i];
    };
    if (a === '--port') {
      opts.port = Number(value());
      if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) fail(`--port: not a port number: ${argv[i]}`);
    } else if (a === '--host') opts.host = value();
    else if (a === '--data') opts.data = value();
    else if (a === '--quiet') opts.quiet = true;
    else if (a === '--cors') {
      const o = value();
      if (o !== '*' && !/^https?:\/\/[^/\s?#]+$/i.test(o)) fail(`--cors: not an origin (scheme://host[:port], or '*'): ${o}`);
      opts.cors.push(o);
    } else if (a === '--private-network') opts.privateNetwork = true;
    else if (a === '--max-body') {
      const m = /^(\d+)\s*(k|kb|m|mb)?$/i.exec(value());
      const n = m ? Number(m[1]) * ({ k: 1024, kb: 1024, m: 1 << 20, mb: 1 << 20 }[(m[2] || '').toLowerCase()] || 1) : NaN;
      if (!(n > 0 && n <= 1 << 30)) fail(`--max-body: not a size (bytes, or with k/m, at most 1024m): ${argv[i]}`);
      opts.maxBody = n;
    }
    else if (a === '--help' || a === '-h') {
      process.stdout.write(USAGE);
      process.exit(0);
    } else fail(`unknown option ${a}\n\n${USAGE}`);
  }
  return opts;
}

function readData(file) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return fail(`--data: cannot read ${file}: ${e.message}`, 1);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    return fail(`--data: ${file} is not JSON: ${e.message}`, 1);
  }
}

/** The address a client should use: a wildcard bind is reached at this machine's LAN address. */
function reachable(host) {
  if (host !== '0.0.0.0' && host !== '::') return host;
  const lan = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
  return lan ? lan.address : '127.0.0.1';
}

function banner(url, documented, opts) {
  const loopback = /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\]):/.test(url);
  const lines = [
    `apifm-wasm mock backend: ${url}`,
    `${ROUTES.length} endpoints: ${documented} with the example documented in instructions.md, a shop with users, cart and orders, the rest generic (docs/mock.md)`,
    '',
    'Point the SDK at it:',
    '  WXAPI.init3({',
    `    apiBaseUrl: '${url}',`,
    `    commonBaseUrl: '${url}/common',`,
    `    cmsBaseUrl: '${url}/cms',`,
    `    ossBaseUrl: '${url}/oss',`,
    "    subDomain: 'demo',",
    ...(loopback ? [] : ['    allowInsecureHttp: true, // http:// off loopback']),
    '  })',
    '',
    'Log in: login_wx / authorize with any code (token "token-demo"), or login_mobile 13800000000 / login_username demo, password 123456.',
    'WeChat devtools: 详情 → 本地设置 → 不校验合法域名、web-view（业务域名）、TLS 版本以及 HTTPS 证书',
    `H5 pages: ${opts.cors.includes('*') ? 'any origin (--cors *)' : `loopback origins${opts.cors.length ? ` and ${opts.cors.join(', ')}` : ' (--cors <origin> for others)'}`}${opts.privateNetwork ? '; private-network preflights answered' : ''}.`,
    'Ctrl+C stops it.',
    '',
  ];
  return lines.join('\n');
}

async function mock(argv) {
  const opts = parseArgs(argv);
  const data = opts.data === undefined ? undefined : readData(opts.data);
  const log = opts.quiet ? null : (line) => process.stdout.write(`${new Date().toTimeString().slice(0, 8)} ${line}\n`);
  let server;
  try {
    server = await startMock({ port: opts.port, host: opts.host, data, log, cors: opts.cors, privateNetwork: opts.privateNetwork, maxBody: opts.maxBody });
  } catch (e) {
    if (e && e.code === 'EADDRINUSE') fail(`port ${opts.port} is in use: try --port ${opts.port + 1}, or --port 0 for any free one`, 1);
    fail(`${opts.data && !e.code ? `--data: ${opts.data}: ` : ''}${e && e.message}`, 1);
  }
  const host = reachable(opts.host);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${server.port}`;
  process.stdout.write(banner(url, ROUTES.filter((r) => r.example).length, opts));
  const stop = () => server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

const HELP = `${USAGE}
${require('../migrate/migrate.js').USAGE}`;

// Output piped into a pager or `head` that stops reading: end quietly.
process.stdout.on('error', (e) => {
  if (e && e.code === 'EPIPE') process.exit(0);
  throw e;
});

const [command, ...rest] = process.argv.slice(2);
if (command === 'mock') mock(rest);
else if (command === 'migrate') process.exitCode = require('../migrate/migrate.js').main(rest);
else if (command === '--help' || command === '-h' || command === undefined) process.stdout.write(HELP);
else fail(`unknown command ${command}\n\n${HELP}`);
