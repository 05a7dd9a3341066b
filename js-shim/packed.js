// The packed rows of the generated all.js files (tools/gen/pack.js): the
// builds without named exports carry every method's row once, packed, and
// unpack a row at the first call of its method (start-up pays nothing).
//
//   rows   newline-separated; each entry is a base-36 digit (its lead in
//          `leads`: verb|host| and the url up to its first '/'), c (the first
//          c − 35 characters of the rest of the previous entry's url, nothing
//          at an entry whose index is a multiple of RESTART) and the rest of
//          its own, then ` and the row's params|data|kind, or ^ and the
//          base-36 index of a frequent one in `tails`. `leads` and `tails` are
//          newline-separated. Neither ` nor ^ is in the row grammar
//          (docs/protocol.md).

const SHARED = 35;
const RESTART = 16; // tools/gen/pack.js: a row unpacks at most this many entries

/** A packed table's lookup: the row of entry i, unpacked on first use. */
export function rowTable(text, leads, tails) {
  let entries = null;
  let lead = null;
  let common = null;
  const rows = [];
  return (i) => {
    if (rows[i] !== undefined) return rows[i];
    if (entries === null) {
      entries = text.split('\n');
      lead = leads.split('\n');
      common = tails.split('\n');
    }
    let url = '';
    for (let j = i - (i % RESTART); j <= i; j++) {
      const e = entries[j];
      const ref = e.indexOf('^');
      const cut = ref >= 0 ? ref : e.indexOf('`');
      url = url.slice(0, e.charCodeAt(1) - SHARED) + e.slice(2, cut);
      rows[j] = `${lead[parseInt(e[0], 36)]}${url}|${ref >= 0 ? common[parseInt(e.slice(ref + 1), 36)] : e.slice(cut + 1)}`;
    }
    return rows[i];
  };
}
