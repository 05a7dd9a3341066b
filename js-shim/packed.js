// The packed tables of the generated all.js files (tools/gen/tables.js):
// the builds without named exports carry every method's name and row once,
// front-coded, unpacked here into the plain names and rows (the core's row
// grammar, docs/protocol.md).
//
//   names  space-separated; each entry is one character c (the first
//          c − 35 characters of the previous name) and the rest of the name.
//   rows   newline-separated, '' for a method without a row; each entry is
//          a base-36 digit (its lead in `leads`: verb|host| and the url up to
//          its first '/'), c (the first c − 35 characters of the rest of the
//          previous row's url) and the rest of its own, then ` and the row's
//          params|data|kind, or ^ and the base-36 index of a frequent one in
//          `tails`. `leads` and `tails` are newline-separated. Neither ` nor
//          ^ is in the row grammar.

const SHARED = 35;

function unfront(entry, prev) {
  return prev.slice(0, entry.charCodeAt(0) - SHARED) + entry.slice(1);
}

/** The method names of a packed names string, in order. */
export function unpackNames(text) {
  const out = text.split(' ');
  let prev = '';
  for (let i = 0; i < out.length; i++) out[i] = prev = unfront(out[i], prev);
  return out;
}

/** The rows of a packed rows string ('' for a method without one), in order. */
export function unpackRows(text, leads, tails) {
  const out = text.split('\n');
  const lead = leads.split('\n');
  const common = tails.split('\n');
  let prev = '';
  for (let i = 0; i < out.length; i++) {
    const e = out[i];
    if (e === '') continue;
    const ref = e.indexOf('^');
    const cut = ref >= 0 ? ref : e.indexOf('`');
    prev = unfront(e.slice(1, cut), prev);
    out[i] = `${lead[parseInt(e[0], 36)]}${prev}|${ref >= 0 ? common[parseInt(e.slice(ref + 1), 36)] : e.slice(cut + 1)}`;
  }
  return out;
}

/**
 * The rows of a packed table as a lookup, unpacked at the first call of any
 * of its methods (start-up only splits the names).
 */
export function rowTable(text, leads, tails) {
  let rows = null;
  return (i) => (rows || (rows = unpackRows(text, leads, tails)))[i] || null;
}
