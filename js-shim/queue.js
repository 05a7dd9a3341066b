// The FIFO gate of the mini-program transports (at most `max` calls in
// flight, the rest in call order).

/**
 * The FIFO gate of the mini-program transports: at most `max` calls in
 * flight; one per WXAPI object, whose limit init3({maxConcurrent}) changes
 * in place. It queues the call records themselves (no promise or closure of
 * its own): a queue with a moving head, O(1) each way; a call that settles
 * while queued is skipped, one in flight frees its slot (Call#settle).
 */
export function gate(max, launch) {
  let active = 0;
  let waiting = [];
  let head = 0;
  let pumping = false;
  const pump = () => {
    if (pumping) return; // a call that fails as it starts settles inside launch(call): the loop goes on
    pumping = true;
    try {
      while (active < max && head < waiting.length) {
        const call = waiting[head];
        waiting[head++] = null;
        if (head > 1024 && head * 2 > waiting.length) {
          waiting = waiting.slice(head);
          head = 0;
        }
        if (call.slot !== QUEUED) continue;
        call.slot = IN_FLIGHT;
        active++;
        launch(call);
      }
    } finally {
      pumping = false;
    }
  };
  return {
    enter(call) {
      call.gate = this;
      call.slot = QUEUED;
      waiting.push(call);
      pump();
    },
    /** A call settled: its slot (or its place in the queue) is free. */
    leave(call) {
      if (call.slot === IN_FLIGHT) active--;
      call.slot = 0;
      pump();
    },
    setMax(n) {
      max = n;
      pump();
    },
    get active() {
      return active;
    },
    get queued() {
      let n = 0;
      for (let i = head; i < waiting.length; i++) if (waiting[i] && waiting[i].slot === QUEUED) n++;
      return n;
    },
  };
}
const QUEUED = 1;
const IN_FLIGHT = 2;

