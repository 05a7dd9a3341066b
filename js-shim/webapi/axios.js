// apifm-webapi exports its axios instance (axios 0.24) as `request`, and
// every one of its methods goes through that instance. apifm-wasm/webapi
// ships no axios: `request` here is the part of the instance apps use, over
// the surface's engine (docs/migration.md lists it exactly):
//   request(config), request(url, config), request.get(url, config),
//   request.post(url, data, config): config.url (a path is on the API host,
//   as requestX), method (default get), params (GET) or data (POST); resolves
//   with the response body, as apifm-webapi's response interceptor makes it.
//   request.interceptors.request/response .use(fulfilled, rejected) and
//   .eject(id): they apply to every call of the surface from then on, as in
//   apifm-webapi, through the engine's hooks (docs/hooks.md).

function interceptorList(install) {
  const handlers = [];
  return {
    handlers,
    use(fulfilled, rejected) {
      install();
      handlers.push({ fulfilled, rejected });
      return handlers.length - 1;
    },
    eject(id) {
      if (handlers[id]) handlers[id] = null;
    },
  };
}

const isGet = (verb) => verb === 'get' || verb === 'GET';

/** The headers a request interceptor left: own string and number values (axios' per-verb objects are not ours). */
function flatHeaders(headers) {
  const out = {};
  if (!headers || typeof headers !== 'object') return out;
  for (const k of Object.keys(headers)) {
    const v = headers[k];
    if (typeof v === 'string' || typeof v === 'number') out[k] = String(v);
  }
  return out;
}

/** Runs `value` (resolved, or rejected when `failed`) through handlers as axios chains them. */
function through(handlers, value, failed) {
  let p = failed ? Promise.reject(value) : Promise.resolve(value);
  for (const h of handlers) if (h) p = p.then(h.fulfilled, h.rejected);
  return p;
}

/**
 * @param {object} engine     the surface's engine (engine.js createEngine)
 * @param {Function} requestX the generic call, (url, needSubDomain, method, data)
 */
export function axiosLike(engine, requestX) {
  let installed = false;
  const install = () => {
    if (installed) return;
    installed = true;
    engine.use(hooks); // eslint-disable-line no-use-before-define
  };
  const interceptors = { request: interceptorList(install), response: interceptorList(install) };
  const hooks = {
    // An axios config of the call ({url, method, headers, params | data}); axios runs the request interceptors added last first.
    onRequest(ctx) {
      const list = interceptors.request.handlers.slice().reverse();
      if (!list.some(Boolean)) return undefined;
      const get = isGet(ctx.verb);
      const config = { url: ctx.url, method: ctx.verb, headers: Object.assign({}, ctx.header) };
      config[get ? 'params' : 'data'] = ctx.data;
      return through(list, config, false).then((c) => {
        if (!c || typeof c !== 'object') throw new TypeError('a request interceptor must return the config');
        ctx.header = flatHeaders(c.headers);
        ctx.data = get ? c.params : c.data;
      });
    },
    // The body, through each response interceptor in the order added; what the last returns is the result (undefined keeps the body).
    onResponse(ctx, body) {
      return interceptors.response.handlers.some(Boolean) ? through(interceptors.response.handlers, body, false) : undefined;
    },
    // The WXAPIError, through the rejected handlers: the call still rejects with it (with kind 'hook' if one throws another error).
    onError(ctx, err) {
      if (!interceptors.response.handlers.some((h) => h && h.rejected)) return undefined;
      return through(interceptors.response.handlers, err, true).then(() => undefined, (e) => {
        if (e !== err) throw e;
      });
    },
  };
  function request(configOrUrl, config) {
    const c = typeof configOrUrl === 'string' ? Object.assign({}, config, { url: configOrUrl }) : Object.assign({}, configOrUrl);
    const method = String(c.method === undefined ? 'get' : c.method).toLowerCase(); // axios lower-cases the verb
    return requestX(c.url, false, method, isGet(method) ? c.params : c.data);
  }
  request.get = (url, config) => request(Object.assign({}, config, { url, method: 'get' }));
  request.post = (url, data, config) => request(Object.assign({}, config, { url, method: 'post', data }));
  request.interceptors = interceptors;
  return request;
}
