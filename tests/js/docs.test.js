// The docs that ship in the tarball (pkg/README.md, pkg/docs/*.md) work on
// their own: no link to a file the package does not ship, no anchor that is
// not there, no path of this repository (tests/, tools/, spec/ …) a user
// cannot open; the sizes they state are within 3 % of the current build
// (measured as `make bench` measures them, bench/sizes.js); the response
// examples of api.md are the documented ones; the README shows error
// handling and has its Support and Sizes tables in English too.
// Needs pkg/ built (node tools/build-pkg.js). The snippets are run by
// tests/js/docs-snippets.test.js.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..', '..');
const PKG = path.join(ROOT, 'pkg');
const shipped = ['README.md', ...fs.readdirSync(path.join(PKG, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const read = (f) => fs.readFileSync(path.join(PKG, f), 'utf8');
const withoutComments = (md) => md.replace(/<!--[\s\S]*?-->/g, '');
// Prose only: fenced blocks and code spans out (a `[x](y)` in code is code).
const prose = (md) => withoutComments(md).replace(/^\s*```[\s\S]*?^\s*```/gm, '').replace(/`[^`\n]*`/g, '');

/** The anchors a page has: its headings, as GitHub and npm make them, and explicit ids. */
function anchors(md) {
  const out = new Set();
  for (const m of md.matchAll(/<a id="([^"]+)"/g)) out.add(m[1]);
  for (const m of withoutComments(md).replace(/^\s*```[\s\S]*?^\s*```/gm, '').matchAll(/^#{1,6}\s+(.+)$/gm)) {
    const slug = m[1].replace(/<[^>]+>/g, '').trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    out.add(slug);
  }
  return out;
}

test('the shipped docs are the ones the build copies', () => {
  assert.ok(shipped.length >= 9, shipped.join(' '));
  assert.equal(read('README.md'), fs.readFileSync(path.join(ROOT, 'pkg-template', 'README.md'), 'utf8'));
});

test('every link of a shipped doc reaches a shipped file and an anchor that is there', () => {
  const broken = [];
  for (const doc of shipped) {
    for (const m of prose(read(doc)).matchAll(/\]\(([^)\s]*)\)/g)) {
      const target = m[1];
      if (!target || /^(https?:|mailto:)/.test(target)) continue;
      const [file, hash] = target.split('#');
      const resolved = file ? path.posix.normalize(path.posix.join(path.posix.dirname(doc), file)) : doc;
      if (resolved.startsWith('..') || !fs.existsSync(path.join(PKG, resolved))) {
        broken.push(`${doc}: ${target} (not in the package)`);
        continue;
      }
      if (hash && resolved.endsWith('.md') && !anchors(read(resolved)).has(hash)) broken.push(`${doc}: ${target} (no such anchor)`);
    }
  }
  assert.deepEqual(broken, []);
});

test('no shipped doc names a path of the repository (tests/, tools/, spec/, js-shim/ …)', () => {
  const repo = /(?<![\w./@-])(tests|tools|spec|js-shim|core\/src|examples|bench|mock|plugins|pkg-template|target)\/[\w.*-]*/g;
  const found = [];
  for (const doc of shipped) {
    const lines = withoutComments(read(doc)).split('\n');
    lines.forEach((line, i) => {
      for (const m of line.matchAll(repo)) found.push(`${doc}:${i + 1}: ${m[0]}`);
    });
  }
  assert.deepEqual(found, []);
});

test('the sizes the docs state are within 3 % of this build, as make bench measures it', () => {
  const { shipped: measureShipped, h5Bytes } = require('../../bench/sizes.js');
  const { figures, regions, FILES } = require('../../tools/doc-sizes.js');
  const now = regions(figures({ shipped: measureShipped(), h5: h5Bytes() }));
  const numbers = (text) => [...text.matchAll(/\d[\d,.]*/g)].map((m) => Number(m[0].replace(/,/g, ''))).filter((n) => !Number.isNaN(n));
  for (const [name, file] of Object.entries(FILES)) {
    const doc = fs.readFileSync(path.join(ROOT, file), 'utf8');
    const m = new RegExp(`<!-- sizes:${name} -->([\\s\\S]*?)<!-- /sizes:${name} -->`).exec(doc);
    assert.ok(m, `${file}: no sizes:${name} region`);
    const stated = numbers(m[1]);
    const actual = numbers(now[name]);
    assert.equal(stated.length, actual.length, `${file} sizes:${name}: regenerate with node tools/doc-sizes.js`);
    stated.forEach((n, i) => {
      const a = actual[i];
      // KB figures are rounded: a 1 KB slack on top of the 3 %.
      const slack = Math.max(a * 0.03, n < 1000 ? 1 : 0);
      assert.ok(Math.abs(n - a) <= slack, `${file} sizes:${name}: states ${n} where this build measures ${a} (node tools/doc-sizes.js after make bench)`);
    });
  }
});

test('api.md shows every documented response example, as documented', () => {
  const api = read('docs/api.md');
  const { examples } = JSON.parse(fs.readFileSync(path.join(ROOT, 'spec', 'responses.json'), 'utf8'));
  assert.ok(Object.keys(examples).length >= 29);
  for (const [name, example] of Object.entries(examples)) {
    const id = `response-${name.toLowerCase()}`;
    const at = api.indexOf(`<a id="${id}"></a>\`${name}\``);
    assert.ok(at > 0, `no example heading for ${name}`);
    assert.ok(api.includes(`](#${id})`), `the row of ${name} does not link its example`);
    const block = /```json\n([\s\S]*?)\n```/.exec(api.slice(at));
    assert.deepEqual(JSON.parse(block[1]), example, name);
    assert.equal(typeof example.code, 'number', `${name}: a {code, msg, data} answer`);
  }
});

test('the README shows error handling and has its Support and Sizes tables in English too', () => {
  const readme = read('README.md');
  assert.match(readme, /import WXAPI, \{ WXAPIError \} from 'apifm-wasm'/);
  assert.match(readme, /err instanceof WXAPIError/);
  assert.match(readme, /err\.kind/);
  assert.match(readme, /\| runtime \| minimum \| notes \|/);
  assert.match(readme, /\| 运行环境 \| 最低版本 \| 说明 \|/);
  for (const region of ['readme-zh', 'readme-en']) assert.match(readme, new RegExp(`<!-- sizes:${region} -->\\n\\|[^\\n]+\\|\\n`));
  assert.match(readme, /'wasm-unsafe-eval'/);
});
