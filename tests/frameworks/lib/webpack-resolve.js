// What a vue-cli project's own webpack resolves imports to: run as a script in
// a child process (vue-cli sets NODE_ENV and reads .env files; the test
// process stays clean), from the project folder:
//
//   node lib/webpack-resolve.js <projectDir> '<json: {cases: {label: {alias, extensions?}}, requests: [...]}>'
//
// For each case the project's production webpack config, as vue-cli resolves
// it (@vue/cli-service's Service with the project's vue.config.js), is made a
// compiler with resolve.alias replaced by the case's (vue-cli's own aliases,
// `@` and `vue$`, kept) and, if given, resolve.extensions; the compiler's
// normal resolver (webpack 5: for an ES module import) then resolves each
// request from src/. Prints {webpack: version, cases: {label: {request: path
// relative to node_modules | 'ERROR …'}}} as JSON on stdout.
'use strict';
const path = require('path');

const [projectDir, json] = process.argv.slice(2);
const { cases, requests } = JSON.parse(json);
const dir = path.resolve(projectDir);
const load = (id) => require(require.resolve(id, { paths: [dir] })); // eslint-disable-line global-require

async function main() {
  const webpack = load('webpack');
  const Service = load('@vue/cli-service/lib/Service');
  const service = new Service(dir);
  await service.init('production');
  const base = service.resolveWebpackConfig();
  const major = Number(webpack.version.split('.')[0]);
  const out = { webpack: webpack.version, cases: {} };
  for (const [label, c] of Object.entries(cases)) {
    const config = { ...base, resolve: { ...base.resolve } };
    const kept = {};
    for (const [k, v] of Object.entries(base.resolve.alias || {})) if (!/^apifm-/.test(k)) kept[k] = v;
    config.resolve.alias = { ...kept, ...c.alias };
    if (c.extensions) config.resolve.extensions = c.extensions;
    config.plugins = []; // resolution only: nothing is built
    const compiler = webpack(config);
    const resolver = compiler.resolverFactory.get('normal', major >= 5 ? { dependencyType: 'esm' } : {});
    const answers = {};
    for (const request of requests) {
      answers[request] = await new Promise((resolve) => {
        resolver.resolve({}, path.join(dir, 'src'), request, {}, (err, result) => {
          if (err) return resolve(`ERROR ${String(err.message).split('\n')[0]}`);
          return resolve(path.relative(path.join(dir, 'node_modules'), result).split(path.sep).join('/'));
        });
      });
    }
    out.cases[label] = answers;
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => {
  process.stderr.write(`${e && e.stack}\n`);
  process.exit(1);
});
