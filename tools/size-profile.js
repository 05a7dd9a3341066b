#!/usr/bin/env node
// Where the bytes of the shipped .wasm go: optimizes the wasm-bindgen output
// exactly as the build does but keeps the name section, then lists the
// largest functions and the sections. Usage: node tools/size-profile.js [N]
// (after `make build`).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const { spawnSync } = require('child_process');

const ROOT = path.join(__dirname, '..');
const input = path.join(ROOT, 'target', 'pkg-build', 'apifm_wasm_bg.wasm');
const top = Number(process.argv[2] || 10);
const tmp = path.join(os.tmpdir(), `apifm-size-${process.pid}.wasm`);
const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'wasm-opt'), [input, ...require('./wasm-exports.js').WASM_OPT, '--mvp-features', '--enable-mutable-globals', '-g', '--strip-producers', '--strip-target-features', '-o', tmp], { stdio: 'inherit' });
if (r.status !== 0) process.exit(1);
const b = fs.readFileSync(tmp);
fs.rmSync(tmp);

let p = 8;
const u = () => {
  let x;
  let result = 0;
  let shift = 0;
  do {
    x = b[p++];
    result += (x & 0x7f) * 2 ** shift;
    shift += 7;
  } while (x & 0x80);
  return result;
};
const SECTIONS = { 1: 'type', 2: 'import', 3: 'function', 4: 'table', 5: 'memory', 6: 'global', 7: 'export', 9: 'element', 10: 'code', 11: 'data', 0: 'custom' };
const sections = [];
let imports = 0;
const bodies = [];
const names = new Map();
while (p < b.length) {
  const id = b[p++];
  const size = u();
  const end = p + size;
  const start = p;
  let name = SECTIONS[id] || `section ${id}`;
  if (id === 0) {
    const n = u();
    name = `custom "${b.toString('utf8', p, p + n)}"`;
    p += n;
    if (name === 'custom "name"') {
      while (p < end) {
        const sub = b[p++];
        const len = u();
        const subEnd = p + len;
        if (sub === 1) {
          for (let k = u(); k--;) {
            const idx = u();
            const l = u();
            names.set(idx, b.toString('utf8', p, p + l));
            p += l;
          }
        }
        p = subEnd;
      }
    }
  } else if (id === 2) {
    for (let k = u(); k--;) {
      p += u();
      p += u();
      const kind = b[p++];
      if (kind === 0) {
        u();
        imports++;
      } else if (kind === 1) {
        p++;
        const f = u();
        u();
        if (f & 1) u();
      } else if (kind === 2) {
        const f = u();
        u();
        if (f & 1) u();
      } else p += 2;
    }
  } else if (id === 10) {
    for (let k = u(); k--;) {
      const s = u();
      bodies.push({ size: s, bytes: b.subarray(p, p + s) });
      p += s;
    }
  }
  sections.push({ name, size, gzip: zlib.gzipSync(b.subarray(start, end), { level: 9 }).length });
  p = end;
}
const demangle = (s) => s.replace(/\[[0-9a-f]{16}\]/g, '').replace(/::h[0-9a-f]{16}$/, '');
const rows = bodies.map((x, i) => ({ size: x.size, name: demangle(names.get(i + imports) || `func ${i + imports}`) })).sort((a, c) => c.size - a.size);
const codeTotal = bodies.reduce((s, x) => s + x.size, 0);
console.log(`| section | bytes | gzip alone |\n|---|---|---|`);
for (const s of sections.filter((x) => x.name !== 'custom "name"')) console.log(`| ${s.name} | ${s.size} | ${s.gzip} |`);
console.log(`\nTop ${top} functions of ${bodies.length} (code section ${codeTotal} bytes):\n\n| bytes | share of code | function |\n|---|---|---|`);
for (const x of rows.slice(0, top)) console.log(`| ${x.size} | ${((100 * x.size) / codeTotal).toFixed(1)}% | \`${x.name.slice(0, 110)}\` |`);
