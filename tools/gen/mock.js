'use strict';
const { GEN, rows, rules, paramFields } = require('./spec.js');
const { surfaces, surfaceRule } = require('./tables.js');

// The mock backend's routes (mock/server.js): [verbs, host, path pattern,
// methods, needs a token]. Hosts as the SDK names them (api, common, cms,
// oss); the fixed hosts it cannot be pointed at are answered at their paths
// on the API host (jdvop.apifm.com) and the file host (dfs.apifm.com). {s} is
// the subDomain segment, {m} the merchantId one, {*} an argument's. A route needs a token when
// one of its methods takes a token it cannot do without.
function mockRoute(r) {
  const url = (r.url.startsWith('/') && r.sub ? `/{sub}${r.url}` : r.url).replace(/\?.*$/, '');
  const m = /^(?:\{(api|common|cms)\}\/?|https:\/\/(oss|dfs|jdvop)\.apifm\.com)?(\/?.*)$/.exec(url);
  const host = m[1] || { oss: 'oss', dfs: 'oss' }[m[2]] || 'api';
  const path = `/${m[3].replace(/^\//, '')}`.replace(/\{sub\}/g, '{s}').replace(/\{mch\}/g, '{m}').replace(/\{\d\}/g, '{*}');
  return path === '/{*}' ? null : { host, path }; // payVariableUrl: any URL
}
// Every surface's rows (the main entry's, then apifm-webapi's and
// apifm-uniapp's: docs/mock.md): a vendor SDK that sends a method elsewhere
// (apifm-webapi's cmsPage without /v2, its jssdkSign) gets that route too.
const mockRoutes = new Map();
const mockRows = [
  ...rows.map((row) => ({ ...row, ...((rules.get(row.name) || {}).row || {}) })),
  ...surfaces.flatMap((sf) => sf.rows.filter((row) => !sf.shared.includes(row.name)).map((row) => ({ ...row, ...(surfaceRule(row).row || {}) }))),
];
for (const r of mockRows) {
  const at = r.url && mockRoute(r);
  if (!at) continue;
  const verb = r.kind === 'url' ? 'get' : r.kind ? 'post' : /^\{\d\}$/.test(r.verb) ? 'any' : r.verb;
  const fields = paramFields[r.name];
  const token = r.params.some((p) => p.name === 'token' && !('default' in p))
    || Boolean(fields && fields.fields.some(([name, optional]) => name === 'token' && !optional));
  const key = `${at.host} ${at.path}`;
  const route = mockRoutes.get(key) || { ...at, verbs: [], names: [], token: false };
  if (!route.verbs.includes(verb)) route.verbs.push(verb);
  if (!route.names.includes(r.name)) route.names.push(r.name);
  route.token = route.token || token;
  mockRoutes.set(key, route);
}
const mockJson = `{"//": ${JSON.stringify(`${GEN}; [verbs, host, path, methods, needs a token]`)},\n"routes": [\n${
  [...mockRoutes.values()].map((r) => JSON.stringify([r.verbs.join(','), r.host, r.path, r.names.join(','), r.token ? 1 : 0])).join(',\n')}\n]}\n`;

module.exports = { mockJson };
