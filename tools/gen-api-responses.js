// The response examples of docs/api.md, written from spec/responses.json —
// the documented examples of instructions.md, the same source the response
// types of index.d.ts come from (tools/gen-table.js) and the mock backend
// answers with. tools/gen-table.js calls these when it writes docs/api.md.
'use strict';
const fs = require('fs');
const path = require('path');

const examples = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'spec', 'responses.json'), 'utf8')).examples;

/** The heading anchor of `name`'s example (GitHub and npm make it from the heading text). */
const anchor = (name) => `response-${name.toLowerCase().replace(/[^a-z0-9_-]/g, '')}`;

/** A link from a method's row to its example, or '' when it has none. */
function exampleLink(name) {
  return examples[name] ? `<br>[response example](#${anchor(name)})` : '';
}

/**
 * The "Responses" section: what every call resolves with, then each
 * documented example in full, in table order.
 * @param {{name: string}[]} rows        the table's methods, in the order of docs/api.md
 * @param {Map<string, {title: string}>} documented  instructions.md's titles
 * @param {(row: object) => string} signature
 */
function responsesMd(rows, documented, signature) {
  const shown = rows.filter((row) => examples[row.name]);
  return [
    '## Responses',
    '',
    'Every call resolves with the JSON body the backend answers, `{code, msg, data}`, whatever the HTTP status: `code` 0 is',
    'success and `data` the result; any other `code` is a business answer that still *resolves* — e.g. `700` (暂无数据, nothing',
    'found), `2000` (未登录, no valid token). Only a failure to get a JSON answer rejects',
    '(a `WXAPIError`: [errors.md](errors.md)).',
    '',
    `The ${shown.length} examples below are API工厂's own documented answers (instructions.md of apifm-wxapi),`,
    `shown as documented; the response types of \`index.d.ts\` (\`data\` field by field) are derived from the same examples, and`,
    'the mock backend (`npx apifm-wasm mock`, [mock.md](mock.md)) answers with them. The other methods answer the same',
    '`{code, msg, data}` with a `data` of their own.',
    '',
    '每个调用都 resolve 后端返回的 JSON `{code, msg, data}`：`code` 为 0 表示成功；其他 `code`（如 `700` 暂无数据、`2000` 未登录）',
    '同样 resolve。以下是 API工厂 文档中的返回示例（类型定义由同一批示例生成）。',
    '',
    ...shown.flatMap((row) => {
      const d = documented.get(row.name);
      return [
        `### <a id="${anchor(row.name)}"></a>\`${row.name}\``,
        '',
        `${d ? `${d.title} — ` : ''}\`${signature(row)}\` resolves with:`,
        '',
        '```json',
        JSON.stringify(examples[row.name], null, 2),
        '```',
        '',
      ];
    }),
  ];
}

module.exports = { responsesMd, exampleLink, examples };
