// The stages of one call, in the order a call meets them:
//   prepare (encode the arguments, now) → describe (the core builds the
//   descriptor with the config in force) → hooks.before (onRequest) →
//   dispatch (request function, shared GET, gate or at once: route.js) →
//   the transport's answer → after (retry.js, hooks.after) → settle (call.js).

import { WXAPIError } from './errors.js';
import { encode, encodeList, EncodeError } from './encode.js';
import { MAX_CALL } from './limits.js'; // larger calls are refused before they reach wasm
import { textOf } from './scrub.js';
import { build } from './core-api.js';
import { retryLater } from './retry.js';
import { createHookStages } from './hooks.js';
import { createDedupe } from './dedupe.js';
import { follow } from './route.js';
import { AUDIENCE_ALL, KIND_REQUEST, KIND_URL, KIND_COMPRESS_IMAGE, FILE_IN_OBJECT } from './protocol.js';
const unreadable = (cause) => (cause instanceof EncodeError ? cause.message : `could not be read (${textOf(cause)})`);

/** Encodes a call at call time: later changes by the caller cannot leak in. The file stays in JS. */
export function prepare(name, args, spec) {
  let file;
  let list = args;
  try {
    if (spec.file !== null) {
      // A path on mini-programs, a Blob/File/Buffer elsewhere: the core sees a placeholder.
      list = Array.prototype.slice.call(args);
      if (spec.file === 'o') {
        const obj = list[0];
        if (obj && typeof obj === 'object') {
          file = obj[FILE_IN_OBJECT];
          list[0] = Object.assign({}, obj, { [FILE_IN_OBJECT]: typeof file === 'string' ? file : file ? {} : undefined });
        }
      } else {
        const i = Number(spec.file);
        file = list[i];
        if (file !== undefined && file !== null && typeof file !== 'string') list[i] = {};
      }
    }
    const text = encodeList(list, args.length);
    if (text.length > MAX_CALL) throw new EncodeError('is too large: a call may carry at most 8 MB of arguments');
    return { text, file };
  } catch (cause) {
    throw new WXAPIError('argument', name, `an argument ${unreadable(cause)}`, { cause });
  }
}

/** The pipeline of one engine: `now` what settings.js keeps (settings.now), `style` the surface's. */
export function createPipeline(loader, now, route, style) {
  const dedupe = createDedupe(route.enqueue);
  const hooks = createHookStages(loader, route, style, dispatch, replay);

  /** The call's descriptor, built by the core with the config in force now. */
  function describe(call) {
    const { method: name, spec, request } = call;
    const refused = now.refused;
    if (refused) throw new WXAPIError('config', name, `configuration was refused: ${refused.message}`, { cause: refused });
    let storage = '"u"'; // TAG_UNDEFINED, encoded
    if (spec.storage) {
      const v = route.transport().storage(spec.storage);
      try {
        if (v !== undefined && v !== null && v !== '') storage = encode(v);
      } catch (cause) {
        throw new WXAPIError('argument', name, `the stored ${spec.storage} value ${unreadable(cause)}`, { param: spec.storage, cause });
      }
    }
    const random = spec.random ? `"n${Math.random()}"` : '"u"'; // TAG_NUMBER + the number, or TAG_UNDEFINED
    // The call envelope: [arguments, storage value, random default]. With hooks, a platform or fetch call gets every field: the hooks see data, and the core re-forms it for the transport after them.
    const who = call.hooks && !(request && name !== 'request') ? AUDIENCE_ALL : route.audience(name, request);
    return build(loader.core(), name, spec, `[${call.prepared.text},${storage},${random}]`, who, style);
  }

  /** Builds the call's descriptor (in call order, with the config of its time) and sends it. */
  function run(call) {
    if (call.settled) return;
    try {
      call.sent = describe(call);
    } catch (e) {
      call.answer(call.attempt, false, e);
      return;
    }
    // Built once for good (no retry or hook can rebuild it, no file to send): the encoded arguments can go.
    if (call.after === null && call.spec.file === null) call.prepared = null;
    if (call.hooks && call.sent.k !== KIND_URL && call.sent.k !== KIND_COMPRESS_IMAGE) hooks.before(call);
    else dispatch(call);
  }

  /** Sends the built (and hooked) descriptor: request function, shared request, gate or at once. */
  function dispatch(call) {
    if (call.settled) return;
    const d = call.sent;
    try {
      if (d.k === KIND_REQUEST && call.request && call.method !== 'request') {
        // Called exactly as the reference calls its request function (a hook's headers as a fifth argument).
        call.watch(0);
        const args = [d.p, d.s, d.m];
        if (d.d !== undefined || d.h) args.push(d.d);
        if (d.h) args.push(d.h);
        follow(call, call.request.apply(undefined, args));
        return;
      }
      call.transport = route.transport();
    } catch (e) {
      call.answer(call.attempt, false, e);
      return;
    }
    if (now.dedupe && dedupe.shares(call)) dedupe.share(call);
    else route.enqueue(call);
  }

  /** Every answer of a call with hooks or retries comes here first: a retry, then the response hooks. */
  function after(call, ok, value) {
    if (retryLater(call, ok, value, replay)) return;
    if (call.hooks) hooks.after(call, ok, value);
    else call.settle(ok, value);
  }

  /** Sends the call again (a retry or a hook's ctx.retry()), rebuilt with the config in force now. */
  function replay(call) {
    call.timer = null;
    if (call.settled) return;
    call.attempt++;
    run(call);
  }

  /** A synchronous (URL) method's URL, once the core is loaded. */
  function url(name, prepared, spec) {
    return describe({ method: name, prepared, spec, request: null, hooks: null }).u;
  }

  return { run, after, url };
}
