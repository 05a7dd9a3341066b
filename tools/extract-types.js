#!/usr/bin/env node
// Extracts facts from the reference's own declarations (apifm-wxapi's
// index.d.ts): for every method whose parameter is an object with named
// fields, the fields' names, optionality and types (primitives and literal
// unions), into spec/param-fields.json. Only these facts are kept — no
// comment, no prose: tools/gen-table.js turns them into our own interfaces.
// Usage: node tools/extract-types.js [--check]
'use strict';
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const ROOT = path.join(__dirname, '..');
const OUT = path.join(ROOT, 'spec', 'param-fields.json');
const file = require.resolve('apifm-wxapi/index.d.ts');
const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
const fail = (m) => {
  process.stderr.write(`extract-types: ${m}\n`);
  process.exit(1);
};

// Type aliases the reference composes its parameters from (Token, Pagination, DateQuery).
const aliases = new Map();
source.forEachChild((node) => {
  if (ts.isTypeAliasDeclaration(node)) aliases.set(node.name.text, node.type);
});

/** A field's type as our own text: primitives and literal unions only; anything else is `unknown`. */
function typeText(node) {
  if (!node) return 'unknown';
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
      return 'string';
    case ts.SyntaxKind.NumberKeyword:
      return 'number';
    case ts.SyntaxKind.BooleanKeyword:
      return 'boolean';
    default:
  }
  if (ts.isLiteralTypeNode(node)) {
    const lit = node.literal;
    if (ts.isStringLiteral(lit)) return JSON.stringify(lit.text);
    if (ts.isNumericLiteral(lit)) return lit.text;
    if (ts.isPrefixUnaryExpression(lit) && ts.isNumericLiteral(lit.operand)) return `-${lit.operand.text}`;
    if (lit.kind === ts.SyntaxKind.TrueKeyword) return 'true';
    if (lit.kind === ts.SyntaxKind.FalseKeyword) return 'false';
    return 'unknown';
  }
  if (ts.isUnionTypeNode(node)) {
    const parts = node.types.map(typeText);
    return parts.includes('unknown') ? 'unknown' : parts.join(' | ');
  }
  if (ts.isParenthesizedTypeNode(node)) return typeText(node.type);
  return 'unknown';
}

/** The fields of an object-ish type node: a literal, an alias of one, or an intersection of those; null otherwise. */
function fieldsOf(node, seen = new Set()) {
  if (!node) return null;
  if (ts.isParenthesizedTypeNode(node)) return fieldsOf(node.type, seen);
  if (ts.isTypeLiteralNode(node)) {
    const out = [];
    for (const m of node.members) {
      if (!ts.isPropertySignature(m) || !m.name || !(ts.isIdentifier(m.name) || ts.isStringLiteral(m.name))) return null; // index signatures: open-ended
      out.push([m.name.text, !!m.questionToken, typeText(m.type)]);
    }
    return out;
  }
  if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName) && aliases.has(node.typeName.text) && !seen.has(node.typeName.text)) {
    return fieldsOf(aliases.get(node.typeName.text), new Set([...seen, node.typeName.text]));
  }
  if (ts.isIntersectionTypeNode(node)) {
    const all = [];
    for (const t of node.types) {
      const f = fieldsOf(t, seen);
      if (!f) return null;
      for (const field of f) if (!all.some((x) => x[0] === field[0])) all.push(field);
    }
    return all;
  }
  return null;
}

const methods = {};
source.forEachChild((node) => {
  if (!ts.isInterfaceDeclaration(node) || node.name.text !== 'WXAPI') return;
  for (const m of node.members) {
    if (!ts.isPropertySignature(m) || !m.type || !ts.isFunctionTypeNode(m.type) || !ts.isIdentifier(m.name)) continue;
    m.type.parameters.forEach((p, i) => {
      const fields = fieldsOf(p.type);
      if (fields && fields.length) methods[m.name.text] = { param: i, fields };
    });
  }
});
const count = Object.keys(methods).length;
if (count < 40) fail(`only ${count} methods with typed object parameters found: has the reference's index.d.ts changed shape?`);
const text = `${JSON.stringify({ generated: 'tools/extract-types.js — do not edit', reference: `apifm-wxapi@${require('apifm-wxapi/package.json').version}`, methods }, null, 1)}\n`;
if (process.argv.includes('--check')) {
  if (!fs.existsSync(OUT) || fs.readFileSync(OUT, 'utf8') !== text) fail('spec/param-fields.json is stale: run `make regen`');
  process.stdout.write(`checked spec/param-fields.json: ${count} methods\n`);
} else {
  fs.writeFileSync(OUT, text);
  process.stdout.write(`wrote spec/param-fields.json: ${count} methods with typed object parameters\n`);
}
