'use strict';
const { GEN, limits } = require('./spec.js');

// Shared limits (spec/limits.json): one source for Rust and JS.
const limitsRs = [`// ${GEN}`,
  '//! What the core and the JS shim must agree on (spec/limits.json).', '',
  '/// Longest call text accepted, in bytes of UTF-8 (the shim checks it before copying anything in).',
  `pub const MAX_CALL: usize = ${limits.maxCall};`,
  '/// Deepest nesting of a call\'s arguments (the shim refuses deeper, or cyclic, input first).',
  `pub const MAX_DEPTH: usize = ${limits.maxDepth};`,
  '/// Most array items and object members in one call (or options) text: each costs wasm memory, which never shrinks.',
  `pub const MAX_ITEMS: usize = ${limits.maxItems};`,
  '/// The init3 options the core reads (the shim keeps the others).',
  `pub const CORE_OPTIONS: [&str; ${limits.coreOptions.length}] = [${limits.coreOptions.map((k) => JSON.stringify(k)).join(', ')}];`, ''].join('\n');
const limitsJs = [`// ${GEN}`, '// What the shim and the Rust core must agree on (spec/limits.json).',
  `export const MAX_CALL = ${limits.maxCall};`,
  `export const MAX_DEPTH = ${limits.maxDepth};`,
  `export const MAX_ITEMS = ${limits.maxItems};`,
  `export const CORE_OPTIONS = ${JSON.stringify(limits.coreOptions)};`, ''].join('\n');

module.exports = { limitsRs, limitsJs };
