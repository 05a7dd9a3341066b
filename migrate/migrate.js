// `npx apifm-wasm migrate [dir] [--write] [--force]`: switches a project from
// a vendor SDK (apifm-wxapi, apifm-webapi, apifm-uniapp) to apifm-wasm the
// way docs/migration.md recommends for its kind, in one command.
//   1. detects the project (native mini-program, uni-app with Vite, Taro 4,
//      Vite or webpack H5, Node) and the vendor SDK in package.json;
//   2. plans the edits: the dependency (an npm alias where the package
//      serves that vendor's surface under its name, else apifm-wasm and the
//      imports rewritten), the framework plugin line (uni-app's
//      vite.config.*, Taro's config/index.*);
//   3. prints them as a diff (nothing is written without --write) and the
//      call sites that meet a documented difference (docs/compat.md), with
//      file:line, what changes and what to do.
// Idempotent (a migrated project has nothing to do); files it does not
// understand are left alone and said so; --write refuses a git work tree
// with uncommitted changes unless --force.
// Part of the package's command (mock/cli.js, bundled into bin/apifm-wasm.js).
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { unifiedDiff } = require('./diff.js');
const { callSites, sdkBindings } = require('./sites.js');

const USAGE = `usage: apifm-wasm migrate [dir] [--write] [--force]

  Switches the project in dir (default: the current directory) from apifm-wxapi,
  apifm-webapi or apifm-uniapp to apifm-wasm, as docs/migration.md recommends.
  Prints the changes as a diff and the call sites to check; changes nothing
  unless --write.

  --write    apply the changes
  --force    apply them even in a git work tree with uncommitted changes
`;

const VENDORS = ['apifm-wxapi', 'apifm-webapi', 'apifm-uniapp'];
const SOURCE = /\.(m?js|cjs|jsx|ts|mts|cts|tsx|vue|nvue)$/;
const SKIP_DIRS = new Set(['node_modules', 'miniprogram_npm', 'dist', 'build', 'unpackage', '.git', '.taro', 'out', 'coverage']);

/** This package's version range, as a dependency would name it. */
function ownRange() {
  try {
    return `^${JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')).version}`;
  } catch (_) {
    return 'latest';
  }
}

const exists = (p) => {
  try {
    fs.statSync(p);
    return true;
  } catch (_) {
    return false;
  }
};
const firstOf = (dir, names) => names.map((n) => path.join(dir, n)).find(exists) || null;

/** Every source file of the project (not node_modules, outputs or VCS folders). */
function sourceFiles(dir) {
  const out = [];
  const walk = (d) => {
    let entries;
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch (_) {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) walk(path.join(d, e.name));
      } else if (SOURCE.test(e.name) && !/\.d\.ts$/.test(e.name)) out.push(path.join(d, e.name));
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * What the project is: its kind (with the evidence), its package.json, and
 * the vendor SDK it uses (null: none; `migrated`: already this package).
 */
function detect(dir) {
  const pkgFile = path.join(dir, 'package.json');
  if (!exists(pkgFile)) return { error: `no package.json in ${dir}: run it in the project's folder (or pass the folder)` };
  const text = fs.readFileSync(pkgFile, 'utf8');
  let pkg;
  try {
    pkg = JSON.parse(text);
  } catch (e) {
    return { error: `package.json is not JSON: ${e.message}` };
  }
  const deps = { ...(pkg.devDependencies || {}), ...(pkg.dependencies || {}) };
  const has = (name) => Object.prototype.hasOwnProperty.call(deps, name);
  const evidence = [];
  let kind;
  const viteConfig = firstOf(dir, ['vite.config.js', 'vite.config.ts', 'vite.config.mjs', 'vite.config.cjs', 'vite.config.mts']);
  const taroConfig = firstOf(dir, ['config/index.js', 'config/index.ts', 'config/index.mjs', 'config/index.cjs']);
  const webpackConfig = firstOf(dir, ['webpack.config.js', 'webpack.config.cjs', 'webpack.config.mjs', 'webpack.config.ts', 'vue.config.js']);
  if (has('@dcloudio/vite-plugin-uni') || has('@dcloudio/uni-app')) {
    kind = 'uniapp';
    evidence.push(has('@dcloudio/vite-plugin-uni') ? '@dcloudio/vite-plugin-uni in package.json' : '@dcloudio/uni-app in package.json');
    if (viteConfig) evidence.push(path.relative(dir, viteConfig));
  } else if (has('@tarojs/taro') || has('@tarojs/cli')) {
    kind = 'taro';
    evidence.push(`${has('@tarojs/cli') ? '@tarojs/cli' : '@tarojs/taro'} in package.json`);
    if (taroConfig) evidence.push(path.relative(dir, taroConfig));
  } else if (exists(path.join(dir, 'project.config.json')) || exists(path.join(dir, 'app.json')) || exists(path.join(dir, 'mini.project.json'))) {
    kind = 'miniprogram';
    evidence.push(['project.config.json', 'app.json', 'mini.project.json'].filter((f) => exists(path.join(dir, f))).join(', '));
  } else if (has('vite') || viteConfig) {
    kind = 'vite';
    evidence.push(has('vite') ? 'vite in package.json' : path.relative(dir, viteConfig));
  } else if (has('webpack') || has('@vue/cli-service') || webpackConfig) {
    kind = 'webpack';
    evidence.push(has('webpack') ? 'webpack in package.json' : has('@vue/cli-service') ? '@vue/cli-service in package.json' : path.relative(dir, webpackConfig));
  } else {
    kind = 'node';
    evidence.push('no mini-program, framework or bundler found');
  }
  const alipay = kind === 'miniprogram' && exists(path.join(dir, 'mini.project.json'));
  const vendors = VENDORS.filter(has).map((name) => ({ name, spec: deps[name], section: (pkg.dependencies || {})[name] !== undefined ? 'dependencies' : 'devDependencies' }));
  const ours = vendors.filter((v) => /^npm:apifm-wasm(@|$)/.test(v.spec));
  const theirs = vendors.filter((v) => !/^npm:apifm-wasm(@|$)/.test(v.spec));
  return { dir, pkgFile, pkgText: text, pkg, kind, evidence, viteConfig, taroConfig, alipay, vendors: theirs, aliased: ours, hasOwn: has('apifm-wasm') };
}

const KIND_LABEL = {
  miniprogram: 'native mini-program',
  uniapp: 'uni-app (Vue 3, Vite)',
  taro: 'Taro 4',
  vite: 'Vite H5',
  webpack: 'webpack H5',
  node: 'Node',
};

/**
 * How a vendor SDK is swapped in a project of this kind (docs/migration.md):
 *   alias: package.json keeps the name, as npm:apifm-wasm (no code change);
 *   rewrite: apifm-wasm replaces the dependency and imports of the name
 *            become `to`.
 * apifm-webapi's surface is apifm-wasm/webapi, which an alias cannot give
 * without a bundler alias line: its imports are rewritten.
 */
function strategy(kind, vendor) {
  if (vendor === 'apifm-webapi') return { how: 'rewrite', to: 'apifm-wasm/webapi' };
  if (vendor === 'apifm-uniapp' && kind !== 'uniapp') return { how: 'rewrite', to: 'apifm-wasm/uniapp' };
  return { how: 'alias' }; // apifm-wxapi everywhere; apifm-uniapp in uni-app (its plugin resolves the alias)
}

/** package.json with `name`'s dependency line replaced (its formatting kept). */
function swapDependency(text, name, newName, newSpec) {
  const re = new RegExp(`("${name.replace(/[-/]/g, '\\$&')}"\\s*:\\s*)"[^"]*"`);
  if (!re.test(text)) return null;
  return text.replace(re, () => `"${newName}": "${newSpec}"`);
}

/**
 * package.json with `name` in devDependencies (sorted in, as npm keeps
 * them), or null when the file is not formatted as npm writes it (then it
 * is left to the user).
 */
function addDevDependency(text, name, spec) {
  let pkg;
  try {
    pkg = JSON.parse(text);
  } catch (_) {
    return null;
  }
  const indent = (/\n([ \t]+)"/.exec(text) || [null, '  '])[1];
  const eol = text.endsWith('\n') ? '\n' : '';
  if (`${JSON.stringify(pkg, null, indent)}${eol}` !== text) return null;
  const dev = { ...(pkg.devDependencies || {}), [name]: spec };
  pkg.devDependencies = Object.fromEntries(Object.keys(dev).sort().map((k) => [k, dev[k]]));
  return `${JSON.stringify(pkg, null, indent)}${eol}`;
}

/** The import of `from` in a source file rewritten to `to` (only that exact specifier). */
function rewriteImports(text, from, to) {
  const q = from.replace(/[-/]/g, '\\$&');
  return text
    .replace(new RegExp(`(\\bfrom\\s*)(['"])${q}\\2`, 'g'), `$1$2${to}$2`)
    .replace(new RegExp(`(\\brequire\\s*\\(\\s*)(['"])${q}\\2(\\s*\\))`, 'g'), `$1$2${to}$2$3`)
    .replace(new RegExp(`(\\bimport\\s*\\(\\s*)(['"])${q}\\2(\\s*\\))`, 'g'), `$1$2${to}$2$3`)
    .replace(new RegExp(`(^\\s*import\\s*)(['"])${q}\\2`, 'gm'), `$1$2${to}$2`);
}

/** The index of the `]` closing the `[` at `open` (strings and nesting skipped), or -1. */
function closing(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) return -1;
      i = end;
    } else if (c === '[' || c === '(' || c === '{') depth++;
    else if (c === ']' || c === ')' || c === '}') {
      depth--;
      if (depth === 0) return c === ']' ? i : -1;
    }
  }
  return -1;
}

/** `entry` added at the end of the one `plugins: [...]` array of a config, or null if there is not exactly one. */
function addToPlugins(text, entry) {
  const found = [...text.matchAll(/\bplugins\s*:\s*\[/g)];
  if (found.length !== 1) return null;
  const open = found[0].index + found[0][0].length - 1;
  const close = closing(text, open);
  if (close < 0) return null;
  const inside = text.slice(open + 1, close);
  if (!inside.trim()) return `${text.slice(0, open + 1)}${entry}${text.slice(close)}`;
  const trailing = /,\s*$/.test(inside);
  // Keep a multi-line array multi-line.
  const multiline = /\n/.test(inside);
  if (multiline) {
    const lastLine = inside.replace(/\s+$/, '');
    const indent = (/\n([ \t]*)\S[^\n]*$/.exec(lastLine) || [null, '  '])[1];
    return `${text.slice(0, open + 1)}${lastLine}${trailing ? '' : ','}\n${indent}${entry},${inside.slice(lastLine.length)}${text.slice(close)}`;
  }
  return `${text.slice(0, open + 1)}${inside.replace(/\s+$/, '')}${trailing ? ' ' : ', '}${entry}${text.slice(close)}`;
}

/** uni-app's vite.config.*: `apifmWasm()` in plugins and its import, or why not. */
function addVitePlugin(text) {
  if (/apifm-wasm\/vite/.test(text)) return { text, already: true };
  const esm = /^\s*import\s/m.test(text) || /^\s*export\s+default\b/m.test(text);
  const cjs = /\brequire\s*\(/.test(text) || /module\.exports\s*=/.test(text);
  if (!esm && !cjs) return { why: 'neither ES module imports nor require() found' };
  const withPlugin = addToPlugins(text, 'apifmWasm()');
  if (!withPlugin) return { why: 'no single `plugins: [...]` array found' };
  const line = esm ? "import apifmWasm from 'apifm-wasm/vite'" : "const apifmWasm = require('apifm-wasm/vite')";
  // After the last import/require line at the top, else first.
  const lines = withPlugin.split('\n');
  let at = -1;
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*import\s.*from\s*['"]/.test(lines[i]) || /^\s*import\s*['"]/.test(lines[i]) || /^\s*(const|let|var)\s+[\w{}\s,]+=\s*require\(/.test(lines[i])) at = i;
    else if (/^\s*(export|module\.exports|function|class)\b/.test(lines[i])) break;
  }
  const semi = at >= 0 && /;\s*$/.test(lines[at]) ? ';' : '';
  lines.splice(at + 1, 0, `${line}${semi}`);
  return { text: lines.join('\n') };
}

/** Taro's config/index.*: `'apifm-wasm/taro'` in plugins, or why not. */
function addTaroPlugin(text) {
  if (/['"]apifm-wasm\/taro['"]/.test(text)) return { text, already: true };
  const quote = /plugins\s*:\s*\[[^\]]*"/.test(text) ? '"' : "'";
  const withPlugin = addToPlugins(text, `${quote}apifm-wasm/taro${quote}`);
  if (!withPlugin) return { why: 'no single `plugins: [...]` array found' };
  return { text: withPlugin };
}

/** The plan for a detected project: edits {file, before, after}, notes, problems, call sites. */
function plan(p) {
  const edits = new Map(); // file -> {before, after}
  const notes = [];
  const problems = [];
  const edit = (file, f) => {
    const cur = edits.has(file) ? edits.get(file).after : fs.readFileSync(file, 'utf8');
    const next = f(cur);
    if (next === null || next === undefined) return false;
    if (!edits.has(file)) edits.set(file, { before: cur, after: next });
    else edits.get(file).after = next;
    return true;
  };
  const range = ownRange();
  const files = sourceFiles(p.dir);
  const vendor = p.vendors[0] || null;
  if (p.vendors.length > 1) problems.push(`more than one vendor SDK in package.json (${p.vendors.map((v) => v.name).join(', ')}): only ${vendor.name} is migrated; run again for the next`);
  if (p.alipay) problems.push('an Alipay mini-program: apifm-wasm needs MyWebAssembly, which Alipay has only in workers (docs/platforms.md): calls on the main thread reject with kind unsupported. Keep the vendor SDK there');
  let surfaceOf = null; // the specifier the code now imports, for the call-site scan
  if (vendor) {
    const s = strategy(p.kind, vendor.name);
    if (s.how === 'alias') {
      edit(p.pkgFile, (t) => swapDependency(t, vendor.name, vendor.name, `npm:apifm-wasm@${range}`));
      notes.push(`package.json: "${vendor.name}": "npm:apifm-wasm@${range}" — the npm alias: \`${vendor.name}\` is apifm-wasm, no import changes (docs/migration.md)`);
      surfaceOf = vendor.name;
    } else {
      edit(p.pkgFile, (t) => (p.hasOwn ? removeDependency(t, vendor.name) : swapDependency(t, vendor.name, 'apifm-wasm', range)));
      notes.push(`package.json: ${vendor.name} replaced by "apifm-wasm": "${range}"; imports of '${vendor.name}' become '${s.to}' (docs/migration.md)`);
      let n = 0;
      for (const f of files) {
        if (edit(f, (t) => {
          const r = rewriteImports(t, vendor.name, s.to);
          return r === t ? null : r;
        })) n++;
      }
      notes.push(`${n} source file${n === 1 ? '' : 's'} import ${vendor.name}`);
      surfaceOf = s.to;
    }
  } else if (p.aliased.length || p.hasOwn) {
    notes.push(`already on apifm-wasm (${[...p.aliased.map((v) => `${v.name}: ${v.spec}`), ...(p.hasOwn ? ['apifm-wasm'] : [])].join(', ')})`);
    surfaceOf = p.aliased.length ? p.aliased[0].name : 'apifm-wasm';
  } else {
    return { error: 'no apifm-wxapi, apifm-webapi or apifm-uniapp in package.json: nothing to migrate' };
  }
  // The framework plugin: uni-app and Taro mini-program builds need it. It is
  // imported as apifm-wasm/vite or apifm-wasm/taro: with only the alias
  // installed, apifm-wasm itself goes into devDependencies too.
  if ((p.kind === 'uniapp' || p.kind === 'taro') && !p.hasOwn && vendor && strategy(p.kind, vendor.name).how === 'alias') {
    if (edit(p.pkgFile, (t) => addDevDependency(t, 'apifm-wasm', range))) notes.push(`package.json: "apifm-wasm": "${range}" in devDependencies, where the build imports the ${p.kind === 'taro' ? 'Taro' : 'Vite'} plugin from`);
    else problems.push(`package.json is not formatted as npm writes it: add "apifm-wasm": "${range}" to its devDependencies yourself (the plugin line imports apifm-wasm/${p.kind === 'taro' ? 'taro' : 'vite'})`);
  }
  if (p.kind === 'uniapp') {
    if (!p.viteConfig) problems.push('no vite.config.* found: add apifmWasm() from apifm-wasm/vite to the Vite plugins yourself (docs/frameworks.md)');
    else {
      const r = addVitePlugin(edits.has(p.viteConfig) ? edits.get(p.viteConfig).after : fs.readFileSync(p.viteConfig, 'utf8'));
      const rel = path.relative(p.dir, p.viteConfig);
      if (r.why) problems.push(`${rel} left alone (${r.why}): add apifmWasm() from apifm-wasm/vite to its plugins yourself (docs/frameworks.md)`);
      else if (r.already) notes.push(`${rel}: apifmWasm() already there`);
      else {
        edit(p.viteConfig, () => r.text);
        notes.push(`${rel}: apifmWasm() added to the plugins (mini-program builds load the wasm from the code package)`);
      }
    }
  } else if (p.kind === 'taro') {
    if (!p.taroConfig) problems.push("no config/index.* found: add 'apifm-wasm/taro' to the Taro plugins yourself (docs/frameworks.md)");
    else {
      const r = addTaroPlugin(edits.has(p.taroConfig) ? edits.get(p.taroConfig).after : fs.readFileSync(p.taroConfig, 'utf8'));
      const rel = path.relative(p.dir, p.taroConfig);
      if (r.why) problems.push(`${rel} left alone (${r.why}): add 'apifm-wasm/taro' to its plugins yourself (docs/frameworks.md)`);
      else if (r.already) notes.push(`${rel}: 'apifm-wasm/taro' already there`);
      else {
        edit(p.taroConfig, () => r.text);
        notes.push(`${rel}: 'apifm-wasm/taro' added to the plugins`);
      }
    }
  }
  // Call sites meeting documented differences, in the code as it will be.
  const sites = [];
  const vendorName = vendor ? vendor.name : (p.aliased[0] && p.aliased[0].name) || 'apifm-wxapi';
  for (const f of files) {
    const text = edits.has(f) ? edits.get(f).after : fs.readFileSync(f, 'utf8');
    const bindings = sdkBindings(text, [surfaceOf, vendorName, 'apifm-wasm', 'apifm-wasm/webapi', 'apifm-wasm/uniapp'].filter(Boolean));
    for (const s of callSites(text, bindings, { kind: p.kind, vendor: vendorName, file: f })) sites.push({ file: path.relative(p.dir, f), ...s });
  }
  const next = [];
  if (vendor) next.push('npm install');
  if (p.kind === 'miniprogram') next.push('WeChat devtools: 工具 → 构建 npm');
  return { edits, notes, problems, sites, next };
}

function removeDependency(text, name) {
  const re = new RegExp(`\\n[ \\t]*"${name.replace(/[-/]/g, '\\$&')}"\\s*:\\s*"[^"]*",?`);
  const out = text.replace(re, '');
  return out === text ? null : out.replace(/,(\s*\n\s*\})/g, '$1');
}

/** Uncommitted changes of the git work tree holding `dir` ('' clean; null: not in git). */
function dirtyTree(dir) {
  const top = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, encoding: 'utf8' });
  if (top.status !== 0) return null;
  const st = spawnSync('git', ['status', '--porcelain', '--', '.'], { cwd: dir, encoding: 'utf8' });
  return st.status === 0 ? st.stdout.trim() : null;
}

function parseArgs(argv) {
  const opts = { dir: '.', write: false, force: false, help: false };
  for (const a of argv) {
    if (a === '--write') opts.write = true;
    else if (a === '--force') opts.force = true;
    else if (a === '--help' || a === '-h') opts.help = true;
    else if (a.startsWith('-')) return { error: `unknown option ${a}` };
    else opts.dir = a;
  }
  return opts;
}

/** Runs the command; returns its exit code (0 done or nothing to do, 1 refused or failed, 2 usage). */
function main(argv, out = process.stdout, err = process.stderr) {
  const opts = parseArgs(argv);
  if (opts.error) {
    err.write(`apifm-wasm migrate: ${opts.error}\n\n${USAGE}`);
    return 2;
  }
  if (opts.help) {
    out.write(USAGE);
    return 0;
  }
  const dir = path.resolve(opts.dir);
  const p = detect(dir);
  if (p.error) {
    err.write(`apifm-wasm migrate: ${p.error}\n`);
    return 1;
  }
  const say = (s = '') => out.write(`${s}\n`);
  say(`apifm-wasm migrate: ${dir}`);
  say(`  project: ${KIND_LABEL[p.kind]} (${p.evidence.join('; ')})`);
  say(`  vendor SDK: ${p.vendors.length ? p.vendors.map((v) => `${v.name} ${v.spec}`).join(', ') : 'none left'}`);
  const r = plan(p);
  if (r.error) {
    err.write(`apifm-wasm migrate: ${r.error}\n`);
    return 1;
  }
  for (const n of r.notes) say(`  - ${n}`);
  for (const n of r.problems) say(`  ! ${n}`);
  const changed = [...r.edits.entries()].filter(([, e]) => e.before !== e.after);
  say();
  if (!changed.length) say('Nothing to change: the project is already migrated.');
  for (const [file, e] of changed) out.write(unifiedDiff(path.relative(dir, file).split(path.sep).join('/'), e.before, e.after));
  if (r.sites.length) {
    say();
    say(`Call sites to check (documented differences, docs/compat.md): ${r.sites.length}`);
    for (const s of r.sites) say(`  ${s.file.split(path.sep).join('/')}:${s.line}  ${s.what}\n      → ${s.todo}`);
  }
  say();
  if (!changed.length) return 0;
  if (!opts.write) {
    say('Dry run: nothing was written. Apply with: npx apifm-wasm migrate --write');
    return 0;
  }
  const dirty = dirtyTree(dir);
  if (dirty && !opts.force) {
    err.write(`apifm-wasm migrate: the git work tree has uncommitted changes:\n${dirty.split('\n').slice(0, 10).map((l) => `  ${l}`).join('\n')}\ncommit or stash them first (so the migration is one reviewable change), or pass --force\n`);
    return 1;
  }
  for (const [file, e] of changed) fs.writeFileSync(file, e.after);
  say(`Written: ${changed.map(([f]) => path.relative(dir, f).split(path.sep).join('/')).join(', ')}`);
  if (r.next.length) say(`Next: ${r.next.join('; then ')}`);
  return 0;
}

module.exports = { main, detect, plan, strategy, addVitePlugin, addTaroPlugin, rewriteImports, swapDependency, USAGE };
