// The call sites `apifm-wasm migrate` reports: calls of the SDK in a source
// file that meet a documented difference (docs/compat.md), each with its
// line, what changes and what to do. A reading of the source text, not a
// parser: it finds the names the SDK is bound to (imports, require) and the
// calls made through them; what it cannot read it does not report.
'use strict';
const fs = require('fs');
const path = require('path');

const PKG = path.join(__dirname, '..'); // the installed package (this file is bundled into bin/)

// The methods of each surface and their parameters (name, required), read
// from the package's own builds: `m(engine, "goodsDetail", "g|1|/shop/goods/detail|id:i!,token:s=''|…")`.
const TABLES = { main: 'index.mjs', webapi: 'webapi-node.mjs', uniapp: 'uniapp.mjs' };
const tables = {};
function table(surface) {
  if (tables[surface]) return tables[surface];
  const out = new Map();
  let text = '';
  try {
    text = fs.readFileSync(path.join(PKG, TABLES[surface]), 'utf8');
  } catch (_) {
    // not next to a built package (the source tree): no parameter checks
  }
  for (const m of text.matchAll(/\b[\w$]+\(\s*[\w$]+,\s*"([\w$]+)",\s*"([^"]*)"/g)) {
    const params = m[2].split('|')[3];
    if (params === undefined) continue;
    out.set(m[1], params ? params.split(',').map((p) => {
      const [name, rule = ''] = p.split(':');
      return { name, required: rule.includes('!') };
    }) : []);
  }
  return (tables[surface] = out);
}
const surfaceOf = (spec) => (/\/webapi$|apifm-webapi$/.test(spec) ? 'webapi' : /\/uniapp$|apifm-uniapp$/.test(spec) ? 'uniapp' : 'main');

/** The line (1-based) of offset `i`. */
const lineAt = (text, i) => text.slice(0, i).split('\n').length;

/** Comments and string contents blanked (same length), so that regexes see only code. */
function codeOnly(text) {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const n = text[i + 1];
    if (c === '/' && n === '/') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (c === '/' && n === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      out += c + text.slice(i + 1, j).replace(/[^\n]/g, '_') + (j < text.length ? c : '');
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * The names a file binds the SDK to, imported from one of `specifiers`:
 * objects (`import WXAPI from`, `const WXAPI = require(…)`, `* as`) and
 * named methods (`import { goods as list }` → list: goods), each with the surface.
 */
function sdkBindings(text, specifiers) {
  const objects = new Map();
  const named = new Map();
  const q = specifiers.map((s) => s.replace(/[-/]/g, '\\$&')).join('|');
  const addNamed = (list, spec, sep) => {
    for (const part of list.split(',')) {
      const [from, local] = part.split(sep).map((x) => x && x.trim());
      if (from && /^[\w$]+$/.test(from)) named.set(local || from, { method: from, surface: surfaceOf(spec) });
    }
  };
  for (const m of text.matchAll(new RegExp(`\\bimport\\s+([\\w$]+)?\\s*,?\\s*(?:\\*\\s+as\\s+([\\w$]+))?\\s*(?:\\{([^}]*)\\})?\\s*from\\s*['"](${q})['"]`, 'g'))) {
    if (m[1]) objects.set(m[1], surfaceOf(m[4]));
    if (m[2]) objects.set(m[2], surfaceOf(m[4]));
    if (m[3]) addNamed(m[3], m[4], /\s+as\s+/);
  }
  for (const m of text.matchAll(new RegExp(`\\b(?:const|let|var)\\s+(?:([\\w$]+)|\\{([^}]*)\\})\\s*=\\s*require\\(\\s*['"](${q})['"]\\s*\\)`, 'g'))) {
    if (m[1]) objects.set(m[1], surfaceOf(m[3]));
    if (m[2]) addNamed(m[2], m[3], ':');
  }
  return { objects, named };
}

/** The text of the call's arguments from the `(` at `open`, and how many there are (null: a spread). */
function argsAt(code, text, open) {
  let depth = 0;
  const starts = [open + 1];
  for (let i = open; i < code.length; i++) {
    const c = code[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) {
        const parts = [];
        for (let k = 0; k < starts.length; k++) parts.push(text.slice(starts[k], k + 1 < starts.length ? starts[k + 1] - 1 : i).trim());
        const list = parts.length === 1 && !parts[0] ? [] : parts;
        return { list, end: i, spread: list.some((a) => a.startsWith('...')) };
      }
    } else if (c === ',' && depth === 1) starts.push(i + 1);
  }
  return null;
}

// compat.md 2: methods of apifm-wxapi (and apifm-uniapp) that wrote into the
// caller's object; the fields code might read back.
const MUTATORS = {
  goods: ['shopId'],
  goodsv2: ['shopId'],
  uploadFileV3: ['subDomain'],
  uploadFileFromUrlV2: ['subDomain'],
  uploadFileFromUrlV22: ['subDomain'],
};
const LOOPBACK = /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/;
const UNSUPPORTED_AXIOS = ['defaults', 'put', 'delete', 'patch', 'head', 'options', 'create', 'CancelToken', 'all'];

/**
 * The call sites of one file that meet a documented difference.
 * @param {{objects: Map, named: Map}} bindings  from sdkBindings()
 * @param {{kind: string, vendor: string, file: string}} ctx
 */
function callSites(text, bindings, ctx) {
  const out = [];
  const code = codeOnly(text);
  const report = (at, what, todo) => out.push({ line: lineAt(text, at), what, todo });
  if (ctx.kind === 'uniapp' && /\.n?vue$/.test(ctx.file)) {
    for (const m of code.matchAll(/\brequire\s*\(\s*['"]/g)) {
      const spec = /^['"]([^'"]+)/.exec(text.slice(m.index + m[0].length - 1));
      if (spec && /^apifm-(wasm|wxapi|uniapp)\b/.test(spec[1])) report(m.index, `require('${spec[1]}') in a .vue file: uni-app leaves it as it is and it fails at run time`, `use import WXAPI from '${spec[1]}' (docs/frameworks.md)`);
    }
  }
  const calls = [];
  for (const [name, surface] of bindings.objects) {
    for (const m of code.matchAll(new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}\\s*\\.\\s*([\\w$]+)\\s*(\\.\\s*([\\w$]+))?\\s*(\\()?`, 'g'))) {
      calls.push({ at: m.index, method: m[1], member: m[3], open: m[4] ? m.index + m[0].length - 1 : -1, surface, via: `${name}.${m[1]}` });
    }
  }
  for (const [local, { method, surface }] of bindings.named) {
    for (const m of code.matchAll(new RegExp(`(?<![\\w$.])${local.replace(/\$/g, '\\$')}\\s*(\\.\\s*([\\w$]+))?\\s*(\\()?`, 'g'))) {
      if (text.slice(Math.max(0, m.index - 60), m.index).match(/import\s*\{[^}]*$|\{[^}]*$/) && /^\s*[,}:]|^\s+as\b/.test(text.slice(m.index + local.length))) continue; // the binding itself
      calls.push({ at: m.index, method, member: m[2], open: m[3] ? m.index + m[0].length - 1 : -1, surface, via: local });
    }
  }
  for (const c of calls.sort((a, b) => a.at - b.at)) {
    // apifm-webapi's axios instance: the members apifm-wasm/webapi does not have (compat.md W2).
    if (c.method === 'request' && c.member && c.surface === 'webapi' && UNSUPPORTED_AXIOS.includes(c.member)) {
      report(c.at, `${c.via}.${c.member}: apifm-wasm/webapi's request is axios-like, without ${c.member}`, 'use request(config), request.get/post or requestX, and init3({ header, timeout }) for defaults (docs/compat.md W2)');
      continue;
    }
    if (c.open < 0 || c.member) continue;
    const args = argsAt(code, text, c.open);
    if (!args) continue;
    const literal = (s) => /^(['"`])([^'"`]*)\1$/.exec(s || '');
    if ((c.method === 'init3' || c.method === 'init2') && args.list.length) {
      const urls = c.method === 'init2' ? [literal(args.list[0])] : [...args.list[0].matchAll(/(\w+BaseUrl)\s*:\s*(['"`])([^'"`]*)\2/g)].map((m) => [m[0], m[2], m[3]]);
      for (const u of urls) {
        if (u && /^http:\/\//.test(u[2]) && !LOOPBACK.test(u[2]) && !/allowInsecureHttp\s*:\s*true/.test(args.list[0] || '')) {
          report(c.at, `${c.via}(…) with the base URL ${u[2]}: apifm-wasm refuses http:// off loopback (kind 'config')`, 'use https://, or add allowInsecureHttp: true to init3 for a development server (docs/compat.md 9)');
        }
      }
      continue;
    }
    if (c.method === 'payVariableUrl' && literal(args.list[0]) && /^http:\/\//.test(literal(args.list[0])[2]) && !LOOPBACK.test(literal(args.list[0])[2])) {
      report(c.at, `${c.via}('${literal(args.list[0])[2]}', …): an http:// URL off loopback is refused (kind 'argument'), so that a payment request never leaves in clear text`, 'use the https:// URL, or init3({ allowInsecureHttp: true }) for a development server (docs/compat.md 11)');
      continue;
    }
    if (c.method === 'getLocation' && c.surface === 'uniapp') {
      report(c.at, `${c.via}(): on failure apifm-wasm shows no toast or modal (apifm-uniapp did) and rejects with a WXAPIError`, "show your own message in its catch (err.errMsg is the platform's, as before: docs/compat.md U3)");
      continue;
    }
    const fields = MUTATORS[c.method];
    if (fields && ctx.vendor !== 'apifm-webapi' && /^[\w$]+$/.test(args.list[0] || '')) {
      const obj = args.list[0];
      const after = code.slice(args.end);
      for (const f of fields) {
        const read = new RegExp(`(?<![\\w$.])${obj.replace(/\$/g, '\\$')}\\s*(\\.\\s*${f}\\b|\\[\\s*['"]${f}['"]\\s*\\])`).exec(after);
        if (read) {
          const at = args.end + read.index;
          report(at, `${obj}.${f} is read after ${c.via}(${obj}): ${ctx.vendor} wrote ${f} into ${obj}; apifm-wasm never changes the caller's object, so ${obj}.${f} stays as you set it`, `set ${obj}.${f} yourself before reading it, or read the value from the response (docs/compat.md 2; the call is on line ${lineAt(text, c.at)})`);
        }
      }
    }
    // A required argument left out: apifm-wxapi sent the string "undefined"; apifm-wasm refuses the call.
    const params = table(c.surface).get(c.method);
    if (params && !args.spread) {
      const missing = params.findIndex((p, i) => p.required && i >= args.list.length);
      if (missing >= 0) {
        report(c.at, `${c.via}(${args.list.length ? '…' : ''}) leaves out argument ${missing + 1} (${params[missing].name}), which is required: ${ctx.vendor} sent the text "undefined"; apifm-wasm rejects the call with kind 'argument' before sending anything`, `pass ${params[missing].name} (docs/compat.md 1)`);
      }
    }
  }
  return out;
}

module.exports = { sdkBindings, callSites, codeOnly };
