#!/usr/bin/env node
// Extracts the response examples of apifm-wxapi's instructions.md (each
// ```json block is the answer of the nearest `WXAPI.method(` mentioned above
// it) into spec/responses.json, as data: tools/gen-table.js derives the
// response types from them and the test backend answers with them.
// Usage: node tools/extract-responses.js [--check]
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const OUT = path.join(ROOT, 'spec', 'responses.json');
const md = fs.readFileSync(require.resolve('apifm-wxapi/instructions.md'), 'utf8');

const examples = {};
let method = null;
const re = /WXAPI\.([A-Za-z_$][\w$]*)\s*\(|```json\r?\n([\s\S]*?)```/g;
let m;
while ((m = re.exec(md))) {
  if (m[1]) {
    method = m[1];
    continue;
  }
  if (!method || examples[method]) continue;
  try {
    // The examples carry // comments; drop them (not inside strings with ://).
    const v = JSON.parse(m[2].replace(/(^|[^:"])\/\/[^\r\n]*/g, '$1'));
    if (v && typeof v === 'object' && !Array.isArray(v)) examples[method] = v;
  } catch (_) {
    // an example that is not JSON even without comments: left out
  }
}
const text = `${JSON.stringify({ generated: 'tools/extract-responses.js — do not edit', reference: `apifm-wxapi@${require('apifm-wxapi/package.json').version} instructions.md`, examples }, null, 1)}\n`;
const count = Object.keys(examples).length;
if (process.argv.includes('--check')) {
  if (!fs.existsSync(OUT) || fs.readFileSync(OUT, 'utf8') !== text) {
    process.stderr.write('extract-responses: spec/responses.json is stale: run `make regen`\n');
    process.exit(1);
  }
  process.stdout.write(`checked spec/responses.json: ${count} response examples\n`);
} else {
  fs.writeFileSync(OUT, text);
  process.stdout.write(`wrote spec/responses.json: ${count} response examples\n`);
}
