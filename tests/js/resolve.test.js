// Which build of the package each import gets from esbuild (platform
// browser, ES modules), with the package installed as apifm-wasm and under
// the npm-alias names apifm-webapi and apifm-uniapp
// (`npm install apifm-webapi@npm:apifm-wasm`), with and without the alias
// lines of docs/migration.md. The same table for webpack 4 (vue-cli 4),
// webpack 5 (vue-cli 5) and Vite is checked by tests/frameworks/vuecli4.test.js
// and vuecli5.test.js with those bundlers' own resolvers.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const esbuild = require('esbuild');

const ROOT = path.join(__dirname, '..', '..');
const PKG = path.join(ROOT, 'pkg');
const REQUESTS = ['apifm-wasm', 'apifm-wasm/webapi', 'apifm-wasm/uniapp', 'apifm-webapi', 'apifm-uniapp'];

// The browser build each import must reach (package folder / file).
const WITHOUT_ALIAS = {
  'apifm-wasm': 'apifm-wasm/web.mjs',
  'apifm-wasm/webapi': 'apifm-wasm/webapi-web.mjs',
  'apifm-wasm/uniapp': 'apifm-wasm/uniapp.mjs',
  'apifm-webapi': 'apifm-webapi/web.mjs', // the main entry: the bundle cannot know its install name (docs/migration.md)
  'apifm-uniapp': 'apifm-uniapp/web.mjs',
};
const WITH_ALIAS = { ...WITHOUT_ALIAS, 'apifm-webapi': 'apifm-webapi/webapi-web.mjs', 'apifm-uniapp': 'apifm-uniapp/uniapp.mjs' };
// docs/migration.md's esbuild lines
const ALIAS = { 'apifm-webapi': 'apifm-webapi/webapi', 'apifm-uniapp': 'apifm-uniapp/uniapp' };

let dir;
test.before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apifm-resolve-'));
  for (const name of ['apifm-wasm', 'apifm-webapi', 'apifm-uniapp']) fs.cpSync(PKG, path.join(dir, 'node_modules', name), { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'h5-shop', private: true }));
});
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The package files esbuild bundles for `import * as m from request`, and what of a Node build reached the output. */
async function bundleOf(request, alias) {
  const r = await esbuild.build({
    stdin: { contents: `import * as m from ${JSON.stringify(request)}; window.m = m;`, resolveDir: dir, loader: 'js' },
    absWorkingDir: dir, bundle: true, write: false, metafile: true, format: 'esm', platform: 'browser', target: 'es2019', logLevel: 'silent', alias,
  });
  const files = Object.keys(r.metafile.inputs).filter((f) => f.startsWith('node_modules/')).map((f) => f.slice('node_modules/'.length));
  const code = r.outputFiles[0].text;
  return { files, nodeOnly: ['import.meta.url', 'node:fs', 'readFileSync'].filter((s) => code.includes(s)) };
}

for (const [label, alias, expected] of [['without the alias lines', undefined, WITHOUT_ALIAS], ['with the alias lines of docs/migration.md', ALIAS, WITH_ALIAS]]) {
  test(`esbuild ${esbuild.version}, ${label}: each import bundles one browser build, and no Node build`, async () => {
    const got = {};
    for (const request of REQUESTS) {
      const { files, nodeOnly } = await bundleOf(request, alias);
      assert.deepEqual(nodeOnly, [], `${request}: a Node build reached the bundle`);
      assert.equal(files.length, 1, `${request}: ${files}`);
      got[request] = files[0];
    }
    assert.deepEqual(got, expected);
    process.stdout.write(`# esbuild ${label}: ${Object.entries(got).map(([k, v]) => `${k} → ${v}`).join(', ')}\n`);
  });
}
