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

// Drop-in for TypeScript projects. tests/types/real-usage.ts is a mall mini-program written
// in strict TypeScript against apifm-wxapi@26.9.21's own index.d.ts; it must compile with
// `apifm-wxapi` being the vendor package and being apifm-wasm (the npm alias), under a
// bundler, a node16 and a mini-program (WeChat devtools' TypeScript template) setting.
// typo-checks.ts: the misspelled fields both declarations reject (@ts-expect-error lines).
// real-usage-beyond-vendor.ts, real-usage-surfaces.ts: the calls the vendor's declaration
// cannot type, and the webapi/uniapp entries (their vendors ship no declarations), against
// apifm-wasm. vendor-signatures.ts: every argument list the vendor declares is accepted.
const os = require('os');
const TYPES = path.join(ROOT, 'tests', 'types');
const VENDOR = path.dirname(require.resolve('apifm-wxapi/package.json', { paths: [ROOT] }));
const PKG = path.join(ROOT, 'pkg');
const SETTINGS = {
  bundler: { module: 'esnext', moduleResolution: 'bundler', target: 'es2020', lib: ['es2020', 'dom'] },
  node16: { module: 'node16', moduleResolution: 'node16', target: 'es2020', lib: ['es2020'] },
  // WeChat devtools' TypeScript template: CommonJS, the ES2020 library without DOM, strict, unused-code checks.
  miniprogram: { module: 'commonjs', target: 'es2020', lib: ['es2020'], esModuleInterop: true, allowSyntheticDefaultImports: true, noImplicitReturns: true, noUnusedLocals: true, noUnusedParameters: true, noFallthroughCasesInSwitch: true },
};
/** Compiles `files` (from tests/types) in a fresh project whose node_modules links `links`; returns tsc's errors. */
function tsc(settings, files, links, skipLibCheck) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apifm-types-'));
  try {
    fs.writeFileSync(path.join(dir, 'package.json'), '{ "private": true, "type": "commonjs" }\n');
    for (const f of files) fs.copyFileSync(path.join(TYPES, f), path.join(dir, f));
    fs.mkdirSync(path.join(dir, 'node_modules'));
    for (const [name, target] of Object.entries(links)) fs.symlinkSync(target, path.join(dir, 'node_modules', name), 'dir');
    const compilerOptions = { strict: true, noEmit: true, types: [], skipLibCheck, ...settings };
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files }, null, 2));
    const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.', '--pretty', 'false'], { cwd: dir, encoding: 'utf8' });
    return { status: r.status, errors: `${r.stdout}${r.stderr}`.trim() };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
for (const [name, settings] of Object.entries(SETTINGS)) {
  // The vendor's declaration has an implicit any (goodsFavCheck's goodsId): its users compile with skipLibCheck.
  test(`real-usage.ts and typo-checks.ts compile against apifm-wxapi@26.9.21's index.d.ts (${name})`, () => {
    const r = tsc(settings, ['real-usage.ts', 'typo-checks.ts'], { 'apifm-wxapi': VENDOR }, true);
    assert.equal(r.status, 0, r.errors);
  });
  test(`real-usage.ts, typo-checks.ts and the beyond-vendor and surface files compile against apifm-wasm's declarations (${name})`, () => {
    const r = tsc(settings, ['real-usage.ts', 'typo-checks.ts', 'real-usage-beyond-vendor.ts', 'real-usage-surfaces.ts'], { 'apifm-wxapi': PKG, 'apifm-wasm': PKG }, false);
    assert.equal(r.status, 0, r.errors);
  });
}
test("every argument list apifm-wxapi@26.9.21's index.d.ts accepts, apifm-wasm's accepts (vendor-signatures.ts)", () => {
  const r = tsc(SETTINGS.bundler, ['vendor-signatures.ts'], { 'apifm-wxapi': VENDOR, 'apifm-wasm': PKG }, true);
  assert.equal(r.status, 0, r.errors);
});
