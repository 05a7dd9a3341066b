// Framework test projects (tests/frameworks/<name>/): install, put the built
// package in, build. Framework-neutral: every function takes the project's
// folder, nothing here knows uni-app, Taro or any bundler.
//
//   const { ensureInstalled, installPackage, build } = require('../lib/project.js');
//   ensureInstalled(dir);                 // npm ci / npm install from the committed lockfile, once
//   installPackage(dir);                  // pkg/ as `npm install apifm-wasm` would put it there
//   const out = await build(dir, { command: ['uni', 'build', '-p', 'mp-weixin', '--outDir', 'dist/x'], env: { … }, outDir: 'dist/x' });
//
// ensureInstalled(projectDir, {npmCi})
//   Installs the project's pinned dependencies from its package-lock.json,
//   unless node_modules/.apifm-stamp is newer than package.json and
//   package-lock.json (then nothing is done). `npm ci` is tried first;
//   when it fails (a lockfile whose optional per-platform packages are not on
//   the registry), `npm install` with the same lockfile is run instead, and
//   the lockfile is put back as committed if npm rewrote it. npmCi: false
//   goes straight to `npm install`. Both prefer the local npm cache
//   (--prefer-offline). Logs what it did and how long it took; returns
//   {ms, how: 'cached' | 'npm ci' | 'npm install'}.
//
// installPackage(projectDir)
//   Packs pkg/ once per process (`npm pack pkg` into target/frameworks/<pid>/,
//   removed when the process exits; test files may run side by side) and
//   extracts the tarball into projectDir/node_modules/apifm-wasm: only the
//   package's "files", real files, no symlink into the repository — what an
//   install from the registry gives. Run it after ensureInstalled (npm ci
//   empties node_modules). Returns the installed folder.
//
// build(projectDir, {command, env, outDir, timeout})
//   Runs command ([program, ...args]; a program found in the project's
//   node_modules/.bin is run from there) in the project folder with env added
//   to the environment, after removing outDir (relative to the project). Resolves
//   to the absolute outDir; rejects with the whole build log when the command
//   fails, times out (default 5 minutes) or leaves no outDir. buildInfo(outDir)
//   then gives {ms, log} of that build.
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..', '..', '..');
const PKG = path.join(ROOT, 'pkg');
const PACK_DIR = path.join(ROOT, 'target', 'frameworks');
const STAMP = '.apifm-stamp';

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const log = (line) => process.stderr.write(`[frameworks] ${line}\n`);
const mtime = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0);

function npm(projectDir, args) {
  const r = spawnSync('npm', args, {
    cwd: projectDir,
    encoding: 'utf8',
    timeout: 15 * 60 * 1000,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', npm_config_update_notifier: 'false' },
  });
  return { ok: r.status === 0, output: `${r.stdout || ''}${r.stderr || ''}${r.error ? `\n${r.error}` : ''}` };
}

/** Installs projectDir's dependencies from its lockfile unless the stamp says they are current. */
function ensureInstalled(projectDir, options = {}) {
  const name = path.basename(path.resolve(projectDir));
  const lock = path.join(projectDir, 'package-lock.json');
  if (!fs.existsSync(lock)) throw new Error(`${name}: no package-lock.json (the versions must be pinned)`);
  const stamp = path.join(projectDir, 'node_modules', STAMP);
  const inputs = Math.max(mtime(lock), mtime(path.join(projectDir, 'package.json')));
  if (mtime(stamp) > inputs) {
    log(`${name}: dependencies up to date (node_modules/${STAMP})`);
    return { ms: 0, how: 'cached' };
  }
  const t0 = Date.now();
  const flags = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];
  let how = 'npm ci';
  let r = options.npmCi === false ? { ok: false, output: '(npm ci skipped)' } : npm(projectDir, ['ci', ...flags]);
  if (!r.ok) {
    how = 'npm install';
    const committed = fs.readFileSync(lock);
    const first = r.output;
    r = npm(projectDir, ['install', ...flags]);
    if (!fs.readFileSync(lock).equals(committed)) {
      fs.writeFileSync(lock, committed);
      log(`${name}: npm install rewrote package-lock.json; the committed one is put back`);
    }
    if (!r.ok) throw new Error(`${name}: npm ci and npm install failed.\n--- npm ci ---\n${first}\n--- npm install ---\n${r.output}`);
  }
  fs.writeFileSync(stamp, `${new Date().toISOString()} ${how}\n`);
  const ms = Date.now() - t0;
  log(`${name}: ${how} took ${seconds(ms)}`);
  return { ms, how };
}

let packed = null; // the tarball of pkg/, made once per process

function packOnce() {
  if (packed && fs.existsSync(packed)) return packed;
  if (!fs.existsSync(path.join(PKG, 'package.json'))) throw new Error('pkg/ is not built: run node tools/build-pkg.js');
  const dir = path.join(PACK_DIR, String(process.pid));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const r = spawnSync('npm', ['pack', PKG, '--json', '--pack-destination', dir, '--loglevel=error'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm pack pkg failed:\n${r.stdout}${r.stderr}`);
  const [info] = JSON.parse(r.stdout);
  packed = path.join(dir, info.filename);
  return packed;
}

/** Extracts the packed pkg/ into projectDir/node_modules/apifm-wasm (replacing what is there). */
function installPackage(projectDir) {
  const tgz = packOnce();
  const dest = path.join(projectDir, 'node_modules', 'apifm-wasm');
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  const r = spawnSync('tar', ['-xzf', tgz, '-C', dest, '--strip-components=1', '--no-same-owner'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`extracting ${tgz} failed:\n${r.stderr}`);
  return dest;
}

const builds = new Map(); // absolute outDir -> {ms, log}

/** Runs a build in projectDir; resolves to the absolute output folder. */
function build(projectDir, { command, env = {}, outDir, timeout = 5 * 60 * 1000 }) {
  if (!Array.isArray(command) || !command.length) throw new TypeError('build: command must be [program, ...args]');
  if (!outDir) throw new TypeError('build: outDir is required');
  const out = path.resolve(projectDir, outDir);
  fs.rmSync(out, { recursive: true, force: true });
  const [program, ...args] = command;
  const local = path.join(projectDir, 'node_modules', '.bin', program);
  const exe = fs.existsSync(local) ? local : program;
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(exe, args, { cwd: projectDir, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => { output += c; });
    child.stderr.on('data', (c) => { output += c; });
    const timer = setTimeout(() => {
      output += `\n(build: killed after ${seconds(timeout)})`;
      child.kill('SIGKILL');
    }, timeout);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`${command.join(' ')}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = Date.now() - t0;
      const what = `${path.basename(path.resolve(projectDir))}: ${command.join(' ')}${Object.keys(env).length ? ` (${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ')})` : ''}`;
      if (code !== 0) return reject(new Error(`${what} failed (${signal || `exit ${code}`}) after ${seconds(ms)}:\n${output}`));
      if (!fs.existsSync(out)) return reject(new Error(`${what} left no ${outDir}:\n${output}`));
      builds.set(out, { ms, log: output });
      log(`${what}: ${seconds(ms)}`);
      return resolve(out);
    });
  });
}

/** {ms, log} of the build that made outDir in this process. */
function buildInfo(outDir) {
  return builds.get(path.resolve(outDir));
}

/** Every file under `dir`, relative and sorted. */
function filesOf(dir) {
  return fs.readdirSync(dir, { recursive: true }).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}

/**
 * The JS file of a build output that carries the package's wasm (the browser
 * build brings it along, deflated in base64: no asset to emit or find), or null.
 */
function carriesWasm(out) {
  const b64 = /export default "([A-Za-z0-9+/=]+)"/.exec(fs.readFileSync(path.join(PKG, 'apifm_wasm_bg.mjs'), 'utf8'))[1];
  return filesOf(out).filter((f) => f.endsWith('.js')).find((f) => fs.readFileSync(path.join(out, f), 'utf8').includes(b64)) || null;
}

module.exports = { ensureInstalled, installPackage, build, buildInfo, filesOf, carriesWasm, ROOT, PKG };
