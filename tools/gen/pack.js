// The packed rows of the generated all.js files: shared leads, urls
// front-coded, frequent tails shared (js-shim/packed.js unpacks them and
// documents the form).
'use strict';
const { fail } = require('./spec.js');

const SHARED = 35; // the code of "nothing shared"
const MOST = 56; // SHARED + MOST is '[': codes stay clear of '"' and '\\'
const RESTART = 16; // js-shim/packed.js: the url chain restarts every RESTART entries
const TAIL_USES = 3; // a tail used this often goes to the shared list

function shared(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && i < MOST && a[i] === b[i]) i++;
  return i;
}

/** The items used at least `least` times, most used first (ties by text), and their base-36 index. */
function frequent(items, least) {
  const uses = new Map();
  for (const t of items) uses.set(t, (uses.get(t) || 0) + 1);
  const list = [...uses].filter(([, n]) => n >= least).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([t]) => t);
  return { list, index: new Map(list.map((t, i) => [t, i.toString(36)])) };
}

/**
 * rows: the row of each method. Returns { rows, leads, tails }: each row is
 * its lead (verb|host| and the url up to its first '/') as one base-36
 * digit, the rest of the url front-coded against the previous row's (not
 * across a restart), and its params|data|kind, shared when frequent.
 */
function packRows(rows) {
  const split = rows.map((r) => {
    if (/[\n`^]/.test(r)) fail(`pack: row ${JSON.stringify(r)} holds a character the packed form uses`);
    const cols = r.split('|');
    if (cols.length !== 6) fail(`pack: row ${JSON.stringify(r)} does not have six columns`);
    const slash = cols[2].indexOf('/');
    const cut = slash < 0 ? cols[2].length : slash;
    return { lead: `${cols[0]}|${cols[1]}|${cols[2].slice(0, cut)}`, url: cols[2].slice(cut), tail: cols.slice(3).join('|') };
  });
  const leads = frequent(split.map((s) => s.lead), 1);
  if (leads.list.length > 36) fail(`pack: ${leads.list.length} leads, more than one base-36 digit holds`);
  const tails = frequent(split.map((s) => s.tail), TAIL_USES);
  let prev = '';
  const packed = split.map((s, i) => {
    if (i % RESTART === 0) prev = '';
    const k = shared(prev, s.url);
    const t = tails.index.get(s.tail);
    prev = s.url;
    return leads.index.get(s.lead) + String.fromCharCode(SHARED + k) + s.url.slice(k) + (t !== undefined ? `^${t}` : `\`${s.tail}`);
  });
  return { rows: packed.join('\n'), leads: leads.list.join('\n'), tails: tails.list.join('\n') };
}

module.exports = { packRows };
