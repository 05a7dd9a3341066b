// The published declarations: every runtime export is declared (and nothing
// else), and tsc accepts typical usage and rejects wrong calls.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const ROOT = path.join(__dirname, '..', '..');
const dts = fs.readFileSync(path.join(ROOT, 'pkg', 'index.d.ts'), 'utf8');

test('the declaration lists exactly the runtime exports', () => {
  const WXAPI = require(path.join(ROOT, 'pkg'));
  const runtime = Object.keys(WXAPI).sort();
  const iface = dts.slice(dts.indexOf('export interface WXAPI {'), dts.indexOf('declare const WXAPI'));
  const declared = [...iface.matchAll(/^ {2}([A-Za-z_$][\w$]*)\(/gm)].map((m) => m[1]).sort();
  // withOptions and use (like ready and WXAPIError) are non-enumerable members of the object
  assert.deepEqual(declared, [...runtime, 'withOptions', 'use'].sort());
  assert.equal(typeof WXAPI.use, 'function');
  const named = [...dts.matchAll(/^export declare const ([\w$]+):/gm)].map((m) => m[1]).sort();
  assert.deepEqual(named, [...runtime, 'ready', 'withOptions', 'use'].sort());
  assert.equal(runtime.length, 973);
});

// The surfaces (apifm-wasm/webapi, apifm-wasm/uniapp): the shared methods, the own members and the named exports are exactly the runtime's.
for (const [name, load] of [['webapi', () => require(path.join(ROOT, 'pkg', 'webapi-node.js'))], ['uniapp', () => import(path.join(ROOT, 'pkg', 'uniapp.mjs')).then((m) => m.default)]]) {
  test(`apifm-wasm/${name}: the declaration lists exactly its runtime exports`, async () => {
    const web = fs.readFileSync(path.join(ROOT, 'pkg', `${name}.d.ts`), 'utf8');
    const WXAPI = await load();
    const runtime = Object.keys(WXAPI).sort();
    const shared = [...web.slice(web.indexOf('export type SharedMethod'), web.indexOf('export interface', web.indexOf('export type SharedMethod'))).matchAll(/\| '([\w$]+)'/g)].map((m) => m[1]);
    const iface = web.slice(web.indexOf('API extends Pick<'), web.indexOf('declare const WXAPI'));
    const picked = [...iface.slice(0, iface.indexOf('{')).matchAll(/'([\w$]+)'/g)].map((m) => m[1]).filter((n) => !['ready', 'WXAPIError', 'use'].includes(n));
    const own = [...iface.matchAll(/^ {2}([A-Za-z_$][\w$]*)[(:]/gm)].map((m) => m[1]);
    assert.deepEqual([...shared, ...picked, ...own].sort(), [...runtime, 'withOptions'].sort());
    const named = [...web.matchAll(/^export declare const ([\w$]+):/gm)].map((m) => m[1]).sort();
    assert.deepEqual(named, [...runtime, 'ready', 'withOptions', 'use'].sort());
  });
}

test('the ESM entries export the same names', async () => {
  const esm = await import(path.join(ROOT, 'pkg', 'index.mjs'));
  const names = Object.keys(esm).filter((k) => k !== 'default').sort();
  assert.deepEqual(names, [...Object.keys(esm.default), 'WXAPIError', 'ready', 'withOptions', 'use'].sort());
});

// Under each module resolution a user may have (nodenext, node16, bundler) and
// in a mini-program project (ES2017 library, no DOM, node10 resolution, no
// skipLibCheck): the usage files compile and their @ts-expect-error lines are
// errors (tsc fails on an unused @ts-expect-error).
for (const config of ['tsconfig.json', 'tsconfig.node16.json', 'tsconfig.bundler.json', 'tsconfig.miniprogram.json']) {
  test(`tsc --noEmit accepts the usage files with tests/types/${config}`, () => {
    const link = path.join(ROOT, 'tests', 'types', 'node_modules', 'apifm-wasm');
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.rmSync(link, { force: true, recursive: true });
    fs.symlinkSync(path.join(ROOT, 'pkg'), link, 'dir');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(ROOT, 'tests', 'types', config)], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
}
