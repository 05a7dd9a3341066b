// Tagged-JSON encoding of call arguments for the core (core/src/value.rs):
// primitives become strings with a type letter, so that JavaScript's own
// number formatting and `undefined` survive the trip into Rust.

function replacer(key, v) {
  if (v !== null && typeof v === 'object' && (v instanceof String || v instanceof Number || v instanceof Boolean)) {
    v = v.valueOf();
  }
  switch (typeof v) {
    case 'string': return 's' + v;
    case 'number': return 'n' + v;
    case 'boolean': return v ? 't' : 'f';
    case 'undefined': return 'u';
    case 'bigint': return 'n' + v;
    case 'function': return 'xfunction';
    case 'symbol': return 'xsymbol';
    default: return v;
  }
}

/**
 * @param {unknown} value
 * @returns {string}
 * @throws whatever reading the value throws (cycles, throwing getters, proxies)
 */
export function encode(value) {
  return JSON.stringify(value, replacer);
}
