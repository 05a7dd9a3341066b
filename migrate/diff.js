// A unified diff of two texts (the edits `apifm-wasm migrate` prints): the
// common head and tail are cut first, the rest compared line by line.
'use strict';

/** The longest common subsequence of two line arrays, as pairs of indexes. */
function lcs(a, b) {
  const n = a.length;
  const m = b.length;
  const t = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) t[i][j] = a[i] === b[j] ? t[i + 1][j + 1] + 1 : Math.max(t[i + 1][j], t[i][j + 1]);
  const pairs = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (t[i + 1][j] >= t[i][j + 1]) i++;
    else j++;
  }
  return pairs;
}

/** `--- a/file` / `+++ b/file` and hunks with 3 lines of context. */
function unifiedDiff(name, before, after, context = 3) {
  if (before === after) return '';
  const a = before.split('\n');
  const b = after.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  // The edit script: ' ' same, '-' removed, '+' added, with positions in a and b.
  const ops = [];
  for (let i = 0; i < head; i++) ops.push([' ', i, i]);
  let i = 0;
  let j = 0;
  for (const [pi, pj] of lcs(midA, midB)) {
    while (i < pi) ops.push(['-', head + i++, null]);
    while (j < pj) ops.push(['+', null, head + j++]);
    ops.push([' ', head + i++, head + j++]);
  }
  while (i < midA.length) ops.push(['-', head + i++, null]);
  while (j < midB.length) ops.push(['+', null, head + j++]);
  for (let k = 0; k < tail; k++) ops.push([' ', a.length - tail + k, b.length - tail + k]);
  // Hunks: runs of changes with their context.
  const out = [`--- a/${name}`, `+++ b/${name}`];
  let k = 0;
  while (k < ops.length) {
    while (k < ops.length && ops[k][0] === ' ') k++;
    if (k >= ops.length) break;
    let start = Math.max(0, k - context);
    let end = k;
    for (;;) {
      while (end < ops.length && ops[end][0] !== ' ') end++;
      let next = end;
      while (next < ops.length && ops[next][0] === ' ') next++;
      if (next < ops.length && next - end <= context * 2) end = next;
      else {
        end = Math.min(ops.length, end + context);
        break;
      }
    }
    const hunk = ops.slice(start, end);
    const aStart = (hunk.find((o) => o[1] !== null) || [0, 0])[1];
    const bStart = (hunk.find((o) => o[2] !== null) || [0, 0, 0])[2];
    const aLen = hunk.filter((o) => o[0] !== '+').length;
    const bLen = hunk.filter((o) => o[0] !== '-').length;
    out.push(`@@ -${aStart + 1},${aLen} +${bStart + 1},${bLen} @@`);
    for (const [op, ai, bi] of hunk) out.push(`${op}${op === '+' ? b[bi] : a[ai]}`);
    k = end;
    start = end;
  }
  return `${out.join('\n')}\n`;
}

module.exports = { unifiedDiff };
