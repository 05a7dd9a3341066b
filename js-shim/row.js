// What the shim must know of a method before calling the core, read from
// the columns of its table row (verb|host|url|params|data|kind: the core's
// grammar, tools/gen-table.js and docs/protocol.md). The core reads the row
// itself; this is the little JS needs first.

const URL = 2;
const PARAMS = 3;
const DATA = 4;
const KIND = 5;

/**
 * @param {string} name
 * @param {string | null} row  null: WXAPI.request itself
 * @param {number} [read]      1: the method only reads (spec/retry-safe.json), so retries and shared GETs apply
 */
export function readRow(name, row, read) {
  const cols = row === null ? null : row.split('|');
  const kind = cols ? cols[KIND] || '' : '';
  const storage = cols && /\$k:(\w+)/.exec(cols[DATA]);
  const file = /^[ut](\d|o):/.exec(kind);
  // sync: it returns its URL synchronously; random: a parameter has a
  // Math.random() default; storage: the storage key its data reads; file: the
  // argument holding the file ('o': the object argument's tempFilePath).
  return {
    name,
    row,
    sync: kind === 'r',
    random: cols !== null && /=~(,|$)/.test(cols[PARAMS]),
    read: read === 1,
    storage: storage ? storage[1] : null,
    file: file ? file[1] : null,
  };
}

/** The url column: the template the core expands (early.js reads it before the core loads). */
export function urlTemplate(row) {
  return row.split('|')[URL];
}
