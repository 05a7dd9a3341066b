// What both framework test files keep per case: a summary of each target ×
// variant (built, wasm in the output, app started, requests identical to the
// vendor SDK's) printed at the end, and builds/runs done once and shared.
//
//   const cases = createCases('taro');
//   cases.note('weapp', 'plugin', { built: 'yes (5.6 s)' });
//   const out = await cases.once('build weapp plugin', () => build(...));
//   test.after(() => cases.print(install, [['weapp', VARIANTS], ['h5', VARIANTS]]));
'use strict';
const fs = require('fs');
const path = require('path');

/** Where the plugins put the wasm in a mini-program output. */
const WASM_PATH = 'apifm-wasm/apifm_wasm_bg.wasm.br';
const VARIANTS = ['plugin', 'none', 'vendor'];

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const sameBytes = (file, expected) => fs.existsSync(file) && fs.readFileSync(file).equals(fs.readFileSync(expected));

function createCases(framework) {
  const summary = new Map(); // 'weapp plugin' -> {built, wasm, started, identical}
  const memo = new Map();
  return {
    note(target, variant, fields) {
      const key = `${target} ${variant}`;
      summary.set(key, { ...summary.get(key), ...fields });
    },
    once(key, fn) {
      if (!memo.has(key)) memo.set(key, fn());
      return memo.get(key);
    },
    /** One line per case; `install` is ensureInstalled()'s answer. */
    print(install, rows) {
      const how = !install ? '-' : install.how === 'cached' ? 'cached (stamp)' : `${install.how} ${seconds(install.ms)}`;
      const width = Math.max(...rows.map(([t]) => t.length));
      const lines = [`${framework}: install ${how}`];
      for (const [target, variants] of rows) {
        for (const variant of variants) {
          const s = summary.get(`${target} ${variant}`) || {};
          const { built, wasm, started, identical, ...more } = s; // more: what one framework's file notes besides (e.g. intercepted)
          const extra = Object.entries(more).map(([k, v]) => ` | ${k}: ${v}`).join('');
          lines.push(`${framework} ${target.padEnd(width)} ${variant.padEnd(6)} | built: ${built || '-'} | wasm: ${wasm || '-'} | started: ${started || '-'} | requests identical to vendor: ${identical || '-'}${extra}`);
        }
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    },
  };
}

/**
 * A mini-program built without the plugin: the app started (no uncaught
 * error), every call of the page rejected with a WXAPIError of kind
 * 'unsupported' whose message names `plugin`, and nothing was sent or loaded.
 * @param r        runMiniProgram()'s answer
 * @param results  the page's outcome per call: {ok, error|name, kind, message}
 */
function assertUnsupported(assert, r, results, calls, plugin) {
  assert.deepEqual(r.errors, [], 'uncaught errors or unhandled rejections');
  assert.ok(results, `the page's load hook did not finish: ${JSON.stringify(r.pageData)}`);
  for (const name of calls) {
    const o = results[name];
    assert.equal(o.ok, false, `${name} did not reject: ${JSON.stringify(o)}`);
    assert.equal(o.error || o.name, 'WXAPIError', name);
    assert.equal(o.kind, 'unsupported', `${name}: ${JSON.stringify(o)}`);
    assert.ok(o.message.includes(plugin), `${name}: the message does not say what to add: ${o.message}`);
  }
  assert.deepEqual(r.requests, []);
  assert.ok(r.wasmLoads.every((l) => !l.ok), `a wasm load succeeded: ${JSON.stringify(r.wasmLoads)}`);
}

/**
 * A mini-program built with the plugin: the one wasm file is the package's
 * .wasm.br at WASM_PATH. Returns the summary text.
 */
function assertPluginWasm(assert, out, installed, wasm) {
  assert.deepEqual(wasm, [WASM_PATH], `plugin: wasm files ${wasm}`);
  const file = path.join(out, WASM_PATH);
  assert.ok(sameBytes(file, path.join(installed, 'miniprogram_dist', 'apifm_wasm_bg.wasm.br')), 'the emitted .wasm.br is not the package\'s');
  return `${WASM_PATH} ${fs.statSync(file).size} B (= package's)`;
}

module.exports = { createCases, assertUnsupported, assertPluginWasm, WASM_PATH, VARIANTS, seconds, sameBytes };
