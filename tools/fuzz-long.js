#!/usr/bin/env node
// The long fuzz run: >= 1,000,000 calls of every export of the built package
// with hostile values (the engine of tests/js/fuzz.test.js, tests/js/lib/fuzz.js),
// through both transports — a custom init3({request}) function and a fake
// `wx` — each in its own process, run side by side.
// Usage: node tools/fuzz-long.js [--calls N] [--seed S]
//   --calls  total calls, split evenly between the two modes (default 1000000)
//   --seed   PRNG seed (default: random, printed)
// Prints calls run, traps (must be 0), contract violations, elapsed time and
// wasm memory before/after; exits 1 on any violation.
'use strict';
const path = require('path');
const { spawn } = require('child_process');

const ROOT = path.join(__dirname, '..');
const ENGINE = path.join(ROOT, 'tests', 'js', 'lib', 'fuzz.js');
const arg = (flag, dflt) => {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const total = Number(arg('--calls', 1000000));
const seed = Number(arg('--seed', Math.floor(Math.random() * 2 ** 31)));
if (!(total > 0) || !Number.isInteger(seed)) {
  process.stderr.write('usage: node tools/fuzz-long.js [--calls N] [--seed S]\n');
  process.exit(2);
}
const modes = ['custom', 'wx'];
const per = Math.ceil(total / modes.length);
const mb = (b) => `${(b / 1048576).toFixed(1)} MB`;

function runMode(mode) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [ENGINE, '--mode', mode, '--calls', String(per), '--seed', String(seed), '--progress', '100000'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => process.stderr.write(c));
    child.on('close', (code, signal) => {
      const line = out.trim().split('\n').pop();
      try {
        resolve(JSON.parse(line));
      } catch (_) {
        resolve({ mode, crashed: `exit ${code} ${signal || ''}: ${out.slice(-2000)}` });
      }
    });
  });
}

(async () => {
  process.stdout.write(`fuzz-long: ${per * modes.length} calls (${per} per mode: ${modes.join(', ')}), seed ${seed}\n`);
  const t0 = Date.now();
  const results = await Promise.all(modes.map(runMode));
  let calls = 0;
  let traps = 0;
  let bad = 0;
  for (const r of results) {
    if (r.crashed) {
      process.stdout.write(`${r.mode}: CRASHED ${r.crashed}\n`);
      bad++;
      continue;
    }
    calls += r.calls;
    traps += r.traps;
    const rate = Math.round(r.calls / (r.elapsedMs / 1000));
    process.stdout.write([
      `${r.mode}: ${r.calls} calls in ${(r.elapsedMs / 1000).toFixed(1)} s (${rate} calls/s)`,
      `  resolved ${r.counts.resolved}, rejected ${r.counts.rejected} ${JSON.stringify(r.counts.byKind)}, thrown synchronously ${r.counts.thrown} (init*/withOptions), graphValidateCodeUrl returned ${r.counts.returned}`,
      `  traps ${r.traps}, contract violations ${r.failures.length}, unhandled rejections ${r.unhandled.length}`,
      `  wasm memory: before ${mb(r.memory.before)}, after 10k calls ${mb(r.memory.warm)}, after ${mb(r.memory.after)}, after 2000 more normal calls ${mb(r.memory.afterNormalCalls)}`,
      `  JS heap: before ${mb(r.heap.before)}, after ${mb(r.heap.after)}`,
      `  goodsDetail(1) after the fuzz: ${JSON.stringify(r.after.wire) === JSON.stringify(r.before.wire) && r.after.sent === 1 ? 'same request as before' : `CHANGED ${JSON.stringify(r.after)}`}`,
      '',
    ].join('\n'));
    for (const f of r.failures) process.stdout.write(`  ! ${f}\n`);
    for (const u of r.unhandled) process.stdout.write(`  ! unhandled rejection: ${u}\n`);
    if (r.failures.length || r.unhandled.length || r.traps || r.memory.afterNormalCalls !== r.memory.after) bad++;
    if (JSON.stringify(r.after.wire) !== JSON.stringify(r.before.wire)) bad++;
  }
  process.stdout.write(`total: ${calls} calls, ${traps} traps, ${((Date.now() - t0) / 1000).toFixed(1)} s wall, seed ${seed}: ${bad ? 'FAILED' : 'ok'}\n`);
  process.exitCode = bad ? 1 : 0;
})();
