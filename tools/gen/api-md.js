// docs/api.md: every method grouped as the seed documentation groups them,
// its signature and request, and the documented response examples.
'use strict';
const { GEN, rows, documentedRows, documented, responses } = require('./spec.js');
const { paramType, wireSummary, typedResponses } = require('./types.js');

// docs/api.md: grouped as instructions.md groups them, then the rest.
const groups = new Map();
for (const d of documentedRows) {
  if (!groups.has(d.group)) groups.set(d.group, []);
}
const other = '其他（instructions.md 未记载 / not in instructions.md）';
groups.set(other, []);
for (const row of rows) {
  const d = documented.get(row.name);
  groups.get(d ? d.group : other).push(row);
}
// Each method's signature as docs/api.md shows it.
const apiSignature = (row) => `${row.name}(${row.params.map((p, i) => { const t = paramType(row, i); return `${t.name}${t.optional ? '?' : ''}`; }).join(', ')})`;
const apiResponses = require('../gen-api-responses.js'); // the documented response examples (spec/responses.json)
const apiOrder = [...groups.entries()].flatMap(([group, list]) => (group === other ? [...list].sort((a, b) => a.name.localeCompare(b.name)) : list));
const apiMd = [`<!-- ${GEN} -->`, '# API reference', '',
  `${rows.length} methods plus \`init\`, \`init2\`, \`init3\`, \`setMerchantId\` and \`request\`; the types are in the package's \`index.d.ts\`.`,
  'Verbs and paths are those the reference sends; `{subDomain}`, `{merchantId}` and the base URLs come from `init*`.', '',
  '## Types', '',
  'Code that compiles against apifm-wxapi\'s own `index.d.ts` and is right at run time compiles against these declarations too, but for the two cases named below (tested with bundler, node16 and mini-program settings: a mall app compiled against both).', '',
  '- Every call resolves with `ApiResult`: `{ code: number; msg: string; data; [key: string]: any }`. `code` 0 is success; `data` is declared present (after `if (res.code === 0)` it needs no check); the API usually leaves it out when `code` is not 0.',
  `- \`data\` is \`any\`, as apifm-wxapi types it, except for the ${typedResponses.length} methods whose docs show an example (${typedResponses.map((r) => `\`${r.name}\``).join(', ')}): there it has the example's structure (objects, arrays of objects) for completion, but every object is open (a field the example lacks reads as \`any\`), no field is optional and every value is \`any\`, its example's type in a comment. Comparing an id with a query string, doing sums on prices, passing a field to your own function all compile as before. Two things do not compile: reading another key on a documented list (\`kanjiaSet(ids).data.result\`: the data is the array), and assigning a documented \`data\` to your own type that requires a field the example lacks (write \`res.data as MyType\`). With \`noUncheckedIndexedAccess\` (not part of \`strict\`), an element read by index from a documented list may be \`undefined\`, as from any array.`,
  '- Parameters: every argument list apifm-wxapi\'s declaration accepts is accepted (tested for each declared method), and more: ids as numbers or strings, joined id lists, `\'\'` for an optional argument. Object parameters whose fields it declares are interfaces with those fields (`GoodsParams`, …): a misspelled field or a literal outside its declared ones is an error, as there; an extra field goes through a variable or `as GoodsParams`. Other object parameters are `Params` (`Record<string, any>`: your own interfaces fit). `init3({ request })` takes a function written for apifm-wxapi\'s `Request` type.',
  '- Where apifm-wxapi\'s declaration contradicts its code, these follow the code: `graphValidateCodeCheck(key, code)`, `yuyueTeamDeleteMember(data)`, and `graphValidateCodeUrl()` returns the URL string ([compat.md](compat.md#typescript)).', '',
  ...[...groups.entries()].filter(([, list]) => list.length).flatMap(([group, list]) => [
    `## ${group}`, '', '| method | signature | request |', '|---|---|---|',
    ...(group === other ? [...list].sort((a, b) => a.name.localeCompare(b.name)) : list).map((row) => {
      const d = documented.get(row.name);
      const sig = apiSignature(row);
      return `| \`${row.name}\`${d ? `<br>${d.title}` : ''}${row.inferred ? '<br>*(inferred)*' : ''}${apiResponses.exampleLink(row.name)} | \`${sig}\` | \`${wireSummary(row).replace(/\|/g, '\\|')}\` |`;
    }), '']),
  ...apiResponses.responsesMd(apiOrder, documented, apiSignature),
].join('\n');

module.exports = { apiMd };
