// Which transport sends a call, and through which gate. A transport
// declares what the engine must know of it:
//   gated            its requests share the platform's concurrency limit (queue.js)
//   audience         who reads its descriptors (protocol.js AUDIENCE_*): the core writes only their fields
//   defaultTimeout   it times requests out itself (else the call's watchdog does, call.js)

import { gate } from './queue.js';
import { AUDIENCE_REQUEST_FUNCTION, KIND_REQUEST, KIND_COMPRESS_IMAGE } from './protocol.js';

/**
 * @param {object} runtime  its `transport(options)` picks the transport
 * @param {object} options  the shim's options (settings.js): `transport`, `concurrency`
 */
export function createRoute(runtime, options) {
  let current = null; // picked at the first call, again after init3({transport})
  let platformGate = null; // made with the first gated transport; kept (with its queue) across a switch

  function transport() {
    if (!current) {
      current = runtime.transport(options);
      if (current.gated && !platformGate) platformGate = gate(options.concurrency, launch);
    }
    return current;
  }

  // audience(name, request): who will read the descriptor of a call to `name`
  //   (`request`: init3's request function); enqueue(call): sends it now, or
  //   when its gate lets it; check(t): throws what the runtime says of
  //   transport `t` (init3 checks before anything changes); repick(): the next
  //   call picks the transport again (the gate, and its queue, stay);
  //   limit(n): one queue, a new limit.
  return {
    transport,
    audience(name, request) {
      if (request && name !== 'request') return AUDIENCE_REQUEST_FUNCTION;
      return transport().audience;
    },
    enqueue(call) {
      if (platformGate !== null && call.transport.gated) platformGate.enter(call);
      else launch(call);
    },
    check(t) {
      runtime.transport(Object.assign({}, options, { transport: t }));
    },
    repick() {
      current = null;
    },
    limit(n) {
      if (platformGate) platformGate.setMax(n);
    },
    stats: () => ({ inFlight: platformGate ? platformGate.active : null, queued: platformGate ? platformGate.queued : null }),
  };
}

/** Settles the call with what `result` (a value or a promise) comes to. */
export function follow(call, result) {
  const n = call.attempt;
  if (result && typeof result.then === 'function') {
    const d = call.sent;
    result.then((v) => call.reply(n, true, v, d), (e) => call.reply(n, false, e, d));
  } else {
    call.answer(n, true, result);
  }
}

/** Sends the built descriptor through its transport (when the gate lets it). */
export function launch(call) {
  const t = call.transport;
  // The platform is told the timeout too; a platform that never calls back
  // (or calls back late) is settled by the watchdog at the timeout itself.
  if (!t.defaultTimeout) call.watch(0);
  const d = call.sent;
  const n = call.attempt;
  if (d.k === KIND_REQUEST) {
    // Every transport answers a request through reply(): no promise or closure in between.
    try {
      t.request(d, call);
    } catch (e) {
      call.reply(n, false, e, d);
    }
    return;
  }
  let result;
  try {
    if (d.k === KIND_COMPRESS_IMAGE) result = t.compressImage(d.d, call);
    else result = t.upload(d, call.prepared.file, call);
  } catch (e) {
    call.reply(n, false, e, d);
    return;
  }
  follow(call, result);
}
