/** One row of a side-by-side diff: a line on either side (1-based numbers), or only on one. */
export interface DiffRow {
  kind: 'same' | 'changed' | 'removed' | 'added';
  left: { n: number; text: string } | null;
  right: { n: number; text: string } | null;
}

/** Beyond this many lines a side, lines are compared in order without alignment (the LCS table grows as n × m). */
const MAX_LINES = 2000;

/**
 * A line diff by longest common subsequence, laid out side by side: equal lines face each other,
 * a run of removed lines next to a run of added ones is shown as changed lines facing each other.
 */
export function sideBySide(a: string, b: string): DiffRow[] {
  const left = a.split('\n');
  const right = b.split('\n');
  if (left.length > MAX_LINES || right.length > MAX_LINES) return pairInOrder(left, right);
  const n = left.length;
  const m = right.length;
  // lcs[i][j]: length of the LCS of left[i..] and right[j..].
  const lcs = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i]![j] = left[i] === right[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const rows: DiffRow[] = [];
  let removed: DiffRow[] = [];
  let added: DiffRow[] = [];
  const flush = () => {
    const k = Math.max(removed.length, added.length);
    for (let x = 0; x < k; x++) {
      const l = removed[x]?.left ?? null;
      const r = added[x]?.right ?? null;
      rows.push({ kind: l && r ? 'changed' : l ? 'removed' : 'added', left: l, right: r });
    }
    removed = [];
    added = [];
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && left[i] === right[j]) {
      flush();
      rows.push({ kind: 'same', left: { n: i + 1, text: left[i]! }, right: { n: j + 1, text: right[j]! } });
      i++;
      j++;
    } else if (j >= m || (i < n && lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      removed.push({ kind: 'removed', left: { n: i + 1, text: left[i]! }, right: null });
      i++;
    } else {
      added.push({ kind: 'added', left: null, right: { n: j + 1, text: right[j]! } });
      j++;
    }
  }
  flush();
  return rows;
}

function pairInOrder(left: string[], right: string[]): DiffRow[] {
  return Array.from({ length: Math.max(left.length, right.length) }, (_, k) => {
    const l = k < left.length ? { n: k + 1, text: left[k]! } : null;
    const r = k < right.length ? { n: k + 1, text: right[k]! } : null;
    return { kind: l && r ? (l.text === r.text ? 'same' : 'changed') : l ? 'removed' : 'added', left: l, right: r };
  });
}
