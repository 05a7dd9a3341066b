// What a project's Vite resolves imports to, in a real production build: run
// as a script in a child process, from the project folder:
//
//   node lib/vite-resolve.js <projectDir> '<json: {cases: {label: {alias: [[regex source, replacement], …]}}, requests: [...]}>'
//
// For each case, Vite (the project's own) builds an entry in
// <projectDir>/dist-probe/ that imports every request, with resolve.alias
// set to the case's; a plugin asks Vite's resolver (this.resolve, through
// the alias and resolve plugins) what each request is from that entry, and
// the bundle it writes (in memory) is checked for what a Node build would
// bring (import.meta.url, node: imports). Prints {vite: version, cases:
// {label: {resolved: {request: path relative to node_modules}, files: [the
// package files in the bundle], nodeOnly: [what was found]}}} as JSON.
'use strict';
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');

const [projectDir, json] = process.argv.slice(2);
const { cases, requests } = JSON.parse(json);
const dir = path.resolve(projectDir);

async function main() {
  // Vite's ES module API (its package's exports: '.' → import), as a config file would load it
  const manifest = require.resolve('vite/package.json', { paths: [dir] });
  const esm = JSON.parse(fs.readFileSync(manifest, 'utf8')).exports['.'].import;
  const vite = await import(pathToFileURL(path.join(path.dirname(manifest), typeof esm === 'string' ? esm : esm.default)).href);
  const probeDir = path.join(dir, 'dist-probe');
  fs.rmSync(probeDir, { recursive: true, force: true });
  fs.mkdirSync(probeDir, { recursive: true });
  const entry = path.join(probeDir, 'entry.js');
  fs.writeFileSync(entry, `${requests.map((r, i) => `import * as m${i} from ${JSON.stringify(r)};`).join('\n')}\nwindow.probe = [${requests.map((_, i) => `m${i}`).join(', ')}];\n`);
  const rel = (id) => path.relative(path.join(dir, 'node_modules'), id.split('?')[0]).split(path.sep).join('/');
  const out = { vite: vite.version, cases: {} };
  for (const [label, c] of Object.entries(cases)) {
    const resolved = {};
    const files = new Set();
    const probe = {
      name: 'apifm-probe',
      async buildStart() {
        for (const r of requests) {
          const res = await this.resolve(r, entry);
          resolved[r] = res ? rel(res.id) : 'ERROR unresolved';
        }
      },
      generateBundle(_, bundle) {
        for (const chunk of Object.values(bundle)) {
          if (chunk.type !== 'chunk') continue;
          for (const id of Object.keys(chunk.modules)) if (id.includes(`${path.sep}node_modules${path.sep}`)) files.add(rel(id));
        }
      },
    };
    const result = await vite.build({
      root: probeDir,
      configFile: false,
      logLevel: 'silent',
      resolve: { alias: (c.alias || []).map(([find, replacement]) => ({ find: new RegExp(find), replacement })) },
      build: { write: false, minify: false, rollupOptions: { input: entry } },
      plugins: [probe],
    });
    const code = [].concat(result).flatMap((r) => r.output).filter((o) => o.type === 'chunk').map((o) => o.code).join('\n');
    const nodeOnly = ['import.meta.url', 'node:fs', 'readFileSync'].filter((s) => code.includes(s));
    out.cases[label] = { resolved, files: [...files].sort(), nodeOnly };
  }
  fs.rmSync(probeDir, { recursive: true, force: true });
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => {
  process.stderr.write(`${e && e.stack}\n`);
  process.exit(1);
});
