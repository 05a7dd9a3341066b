#!/usr/bin/env node
// The main job: with the package built (make build), start the local test
// backend, run the Node demo, then load the H5 demo page in headless Chromium
// and print what each fetched. Exits non-zero if either half fails.
'use strict';
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
    const { chromium } = require('playwright-core');
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS.slice(1) });
    let text = '';
    try {
      const page = await browser.newPage();
      await page.goto(`${backend.url}/static/index.html`);
      await page.waitForFunction(() => /DEMO-(OK|FAILED)/.test(document.getElementById('out').textContent), null, { timeout: 30000 });
      text = await page.textContent('#out');
      const shot = path.join(__dirname, '..', '..', 'out', 'demo');
      fs.mkdirSync(shot, { recursive: true });
      await page.screenshot({ path: path.join(shot, 'h5.png'), fullPage: true });
    } finally {
      await browser.close();
    }
    console.log(text);
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
