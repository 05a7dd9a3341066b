// Resolves the argument rule of every parameter: the per-method rule of
// spec/rules.jsonl if there is one, else the rule for its name in
// spec/param-rules.json, else none. Shared by tools/gen-table.js (which
// writes the rules into the table) and the conformance tests (which pick
// argument vectors that the rules accept).
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const byName = JSON.parse(fs.readFileSync(path.join(ROOT, 'spec', 'param-rules.json'), 'utf8'));
const LETTER = { id: 'i', number: 'n', string: 's', json: 'j', bool: 'b', array: 'a' };
const nameRule = new Map();
for (const [kind, letter] of Object.entries(LETTER)) {
  for (const n of byName[kind]) {
    if (nameRule.has(n)) throw new Error(`spec/param-rules.json: ${n} has two kinds`);
    nameRule.set(n, letter);
  }
}
const required = new Set(byName.required);

/**
 * @param {object} row       a spec row (name, params, data, …)
 * @param {object} [methodRules]  the row's entry of spec/rules.jsonl
 * @returns {string[]} one rule string per parameter ('' for none)
 */
function rulesFor(row, methodRules) {
  const explicit = (methodRules && methodRules.params) || {};
  return row.params.map((p, i) => {
    if (explicit[p.name] !== undefined) return explicit[p.name];
    const isObject = row.data && !Array.isArray(row.data) && row.data.arg === i;
    if (isObject || p.unused) return isObject ? 'o' : '';
    const fileParam = (row.kind || '').endsWith('uploadFile') && row.filePath === i;
    if (fileParam) return 'f!';
    let rule = nameRule.get(p.name) || '';
    if (required.has(p.name) && !('default' in p)) rule += '!';
    return rule;
  });
}

module.exports = { rulesFor };
