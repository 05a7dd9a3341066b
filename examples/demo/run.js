#!/usr/bin/env node
// The main job: with the package built (make build), start the local test
// backend, run the Node demo, then load the H5 demo page in headless Chromium
// and print what each fetched. Exits non-zero if either half fails.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { startBackend } = require('../../tests/server/backend.js');
const { main } = require('./node-demo.js');

const CHROMIUM_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];

(async () => {
  const backend = await startBackend({ staticDir: path.join(__dirname, 'h5'), quiet: true });
  let failed = false;
  try {
    console.log(`local test backend: ${backend.url}\n\n== Node ${process.version} (pkg/index.js, fetch) ==`);
    console.log((await main(backend.url)).join('\n'));

    console.log('\n== H5 page in headless Chromium (pkg/web.mjs, fetch) ==');
    const profile = fs.mkdtempSync(path.join(require('os').tmpdir(), 'apifm-demo-'));
    const shot = path.join(__dirname, '..', '..', 'out', 'demo');
    fs.mkdirSync(shot, { recursive: true });
    const r = spawnSync('chromium', [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, '--virtual-time-budget=10000', '--dump-dom', `${backend.url}/static/index.html`], { encoding: 'utf8', timeout: 60000 });
    fs.rmSync(profile, { recursive: true, force: true });
    const m = /<pre id="out">([\s\S]*?)<\/pre>/.exec(r.stdout || '');
    const text = m ? m[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&') : '';
    console.log(text || `(no output; chromium exit ${r.status}: ${(r.stderr || '').slice(-400)})`);
    if (!text.includes('DEMO-OK')) failed = true;
    console.log(`\nbackend saw ${backend.requests.length} API requests`);
  } catch (e) {
    console.error(e);
    failed = true;
  } finally {
    await backend.close();
  }
  process.exit(failed ? 1 : 0);
})();
