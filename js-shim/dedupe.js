// Shared GETs (init3({dedupe: true}), docs/hooks.md): identical GETs of a
// read in flight share one request. Each caller keeps its own timeout (its
// own watchdog; the transport's default when it has none) and signal, and
// leaves alone; the shared request has no timeout of its own and lives
// while any caller waits. Each caller gets its own copy of the result or error.

import { WXAPIError, copyError } from './errors.js';
import { Call, promiseOf } from './call.js';
import { KIND_REQUEST } from './protocol.js';

// The shared request gets the longest timeout any caller may set: it is
// cancelled when its last caller leaves.
const SHARED_TIMEOUT = 3600000;
const DEFAULT_TIMEOUT = 60000; // a caller without a timeout, on a transport without a default

/** The de-duplication of one engine; `enqueue` sends the shared request (route.js). */
export function createDedupe(enqueue) {
  const shared = new Map(); // request key -> {key, lead, calls}

  function fan(group, ok, value) {
    if (shared.get(group.key) === group) shared.delete(group.key);
    const calls = group.calls;
    group.calls = [];
    calls.forEach((c, i) => {
      c.cancel = null;
      c.unwatch();
      // The first caller gets the result; each other one a copy of it. An error: a copy for each, naming its method.
      let v = value;
      if (!ok) v = copyError(value, c.method);
      else if (i > 0 && value && typeof value === 'object') v = JSON.parse(JSON.stringify(value));
      c.answer(c.attempt, ok, v);
    });
  }

  /** Whether a call may share: a read's GET. */
  function shares(call) {
    const d = call.sent;
    return call.spec.read && d.k === KIND_REQUEST && String(d.m).toLowerCase() === 'get';
  }

  /** Joins the call to the request in flight with its key, or starts one. */
  function share(call) {
    const d = call.sent;
    const key = `${d.m} ${d.u} ${d.q !== undefined ? d.q : JSON.stringify(d.d)} ${JSON.stringify(d.h || null)}`;
    let group = shared.get(key);
    if (!group) {
      const lead = new Call(call.method, call.spec, SHARED_TIMEOUT, null, call.maxResponseBytes);
      lead.sent = d;
      lead.transport = call.transport;
      group = { key, lead, calls: [] };
      const g = group;
      promiseOf(lead).then((v) => fan(g, true, v), (e) => fan(g, false, e));
      shared.set(key, group);
      enqueue(lead);
    }
    const g = group;
    g.calls.push(call);
    call.onCancel(() => {
      const i = g.calls.indexOf(call);
      if (i >= 0) g.calls.splice(i, 1);
      if (!g.calls.length && !g.lead.settled) {
        if (shared.get(g.key) === g) shared.delete(g.key);
        g.lead.stop(new WXAPIError('aborted', call.method, 'every caller of the shared request left'));
      }
    });
    call.watch(0, call.timeout || call.transport.defaultTimeout || DEFAULT_TIMEOUT);
  }

  return { shares, share };
}
