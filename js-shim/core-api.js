// The JS half of the protocol with the wasm core (docs/protocol.md):
// register a row, build a call, re-form a hooked call, configure. The only
// user of wasm-io.js; every function takes the loaded core (loader.js).

import { WXAPIError } from './errors.js';
import { writeInput, readOutput, audienceCode, isError } from './wasm-io.js';
import { INTERNAL_PREFIX } from './protocol.js';

/** Readies a freshly instantiated core for the calls: its memory and the slots of the rows handed over. */
export function attach(c) {
  c.io = { input: c.glue.input, output_ptr: c.glue.output_ptr, memory: c.exports.memory };
  c.slots = {}; // method name -> slot of its row in this instance (core.glue.row)
  return c;
}

/** The error of an error answer (the text after the marker). */
function coreError(method, text, fallbackKind) {
  let e;
  try {
    e = JSON.parse(text);
  } catch (_) {
    e = { e: fallbackKind || 'argument', p: '', m: text };
  }
  const where = e.p ? `${e.p} ` : '';
  return new WXAPIError(e.e, method, where + e.m, { param: e.p || undefined });
}

/** Applies an encoded config (init3's options as the core checks them); throws what the core refused. */
export function configure(core, method, text) {
  const len = writeInput(core.io, text);
  if (len < 0) throw new WXAPIError('config', method, 'options are too large');
  const out = readOutput(core.io, core.glue.configure(len));
  if (out) throw coreError(method, out.slice(1), 'config');
}

/**
 * The slot of the method's row in the loaded core: the row is handed over
 * (and read by the core) once per method, at its first call.
 */
function slotOf(core, spec) {
  if (spec.row === null) return 0; // WXAPI.request itself
  let slot = core.slots[spec.name];
  if (slot === undefined) {
    const len = writeInput(core.io, spec.row);
    slot = len < 0 ? 0 : core.glue.row(len);
    if (!slot) throw new WXAPIError('unsupported', spec.name, `${INTERNAL_PREFIX}the wasm core refused the table row of this method (a defect of apifm-wasm: please report it)`);
    core.slots[spec.name] = slot;
  }
  return slot;
}

/** The descriptor of a call: `text` the call envelope, `who` its audience, `style` the surface's. */
export function build(core, name, spec, text, who, style) {
  let out;
  try {
    const slot = slotOf(core, spec);
    const len = writeInput(core.io, text);
    if (len < 0) throw new WXAPIError('argument', name, 'an argument is too large: a call may carry at most 8 MB of arguments');
    out = readOutput(core.io, core.glue.build(slot, audienceCode(who, style), len));
  } catch (cause) {
    if (cause instanceof WXAPIError) throw cause;
    throw new WXAPIError('unsupported', name, 'internal error in the wasm core', { cause });
  }
  if (isError(out)) throw coreError(name, out.slice(1));
  return JSON.parse(out);
}

/** The fields of a hooked call re-formed for its audience (`text`: the reform envelope). */
export function reform(core, name, text, who, style) {
  const len = writeInput(core.io, text);
  if (len < 0) throw new WXAPIError('argument', name, 'the onRequest hooks made the call too large');
  const out = readOutput(core.io, core.glue.reform(audienceCode(who, style), len));
  if (isError(out)) {
    const e = coreError(name, out.slice(1));
    throw new WXAPIError('argument', name, `after the onRequest hooks: ${e.message.replace(/^WXAPI\.\S+: /, '')}`, { param: e.param, cause: e });
  }
  return JSON.parse(out);
}
