// Tagged-JSON encoding of call arguments for the core (core/src/value.rs):
// every primitive becomes a string with a type letter — `s` string, `n`
// number (JavaScript's own text of it), `t`/`f`, `u` undefined, `x` a value
// that cannot be sent (function, symbol) — so that JavaScript's number
// formatting and `undefined` survive the trip into Rust. Objects, arrays and
// null stay JSON. Hand-written rather than JSON.stringify + replacer: it is
// several times faster for the small argument lists of API calls. The tags
// are the protocol's (spec/protocol.json, docs/protocol.md).

import { MAX_DEPTH, MAX_ITEMS } from './limits.js'; // the core's too: deeper (or cyclic), or larger, input is refused here
import { TAG_STRING, TAG_NUMBER, TAG_TRUE, TAG_FALSE, TAG_UNDEFINED, TAG_OPAQUE } from './protocol.js';

// Array items and object members of the text being encoded: a call may hold
// at most MAX_ITEMS, however small each ([{},{},…] costs the core wasm
// memory, which never shrinks), and is refused as soon as it has more.
let items = 0;
/** The message of a call past MAX_ITEMS (made when thrown, not at load). */
const tooMany = () => `has too many items: a call may carry at most ${String(MAX_ITEMS).replace(/\B(?=(\d{3})+$)/g, ',')} array items and object members`;

export class EncodeError extends Error {}

/** Whether `s` needs no escaping in JSON (no control character, quote, backslash or surrogate): most keys and values. */
function plain(s) {
  for (let i = 0, n = s.length; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

// Object keys as JSON, by key: an app sends the same few dozen field names
// again and again, and JSON.stringify of a short string costs ≈50 ns.
const quotedKeys = new Map();
function quotedKey(k) {
  let q = quotedKeys.get(k);
  if (q === undefined) {
    q = JSON.stringify(k);
    if (k.length <= 64 && quotedKeys.size < 1024) quotedKeys.set(k, q);
  }
  return q;
}

function value(v, depth) {
  switch (typeof v) {
    // Each constant is folded into the literal at build time (esbuild).
    case 'string':
      return plain(v) ? '"' + TAG_STRING + v + '"' : JSON.stringify(TAG_STRING + v);
    case 'number':
    case 'bigint':
      return '"' + TAG_NUMBER + v + '"';
    case 'boolean':
      return v ? '"' + TAG_TRUE + '"' : '"' + TAG_FALSE + '"';
    case 'undefined':
      return '"' + TAG_UNDEFINED + '"';
    case 'function':
      return '"' + TAG_OPAQUE + 'function"';
    case 'symbol':
      return '"' + TAG_OPAQUE + 'symbol"';
    default:
  }
  if (v === null) return 'null';
  if (depth >= MAX_DEPTH) throw new EncodeError('nests too deeply (or refers to itself)');
  if (v instanceof String || v instanceof Number || v instanceof Boolean) return value(v.valueOf(), depth);
  if (typeof v.toJSON === 'function') return value(v.toJSON(), depth + 1); // Date, as JSON.stringify does
  if (Array.isArray(v)) {
    const n = v.length;
    if ((items += n) > MAX_ITEMS) throw new EncodeError(tooMany());
    let out = '[';
    for (let i = 0; i < n; i++) out += (i ? ',' : '') + value(v[i], depth + 1);
    return out + ']';
  }
  const keys = Object.keys(v);
  if ((items += keys.length) > MAX_ITEMS) throw new EncodeError(tooMany());
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    out += (i ? ',' : '') + quotedKey(k) + ':' + value(v[k], depth + 1);
  }
  return out + '}';
}

/**
 * Encodes one value.
 * @throws {EncodeError} for input nested too deeply, cyclic or too large;
 *   whatever reading the value throws (getters, proxies) propagates.
 */
export function encode(v) {
  const outer = items; // a toJSON that makes a call of its own: its count is its own
  items = 0;
  try {
    return value(v, 0);
  } finally {
    items = outer;
  }
}

/** Encodes an argument list (an array or `arguments`): one count of items for the whole call. */
export function encodeList(args, length) {
  const outer = items;
  items = length;
  try {
    if (items > MAX_ITEMS) throw new EncodeError(tooMany());
    let out = '[';
    for (let i = 0; i < length; i++) out += (i ? ',' : '') + value(args[i], 1);
    return out + ']';
  } finally {
    items = outer;
  }
}
