/**
 * Line diffs by longest common subsequence, for the mentor's version history (`diffLines`: one
 * column, lines kept, removed, added) and the manager's similarity evidence (`sideBySide`: two
 * columns, changed lines facing each other). One LCS walk serves both.
 */
export interface DiffLine {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** One row of a side-by-side diff: a line on either side (1-based numbers), or only on one. */
export interface DiffRow {
  kind: 'same' | 'changed' | 'removed' | 'added';
  left: { n: number; text: string } | null;
  right: { n: number; text: string } | null;
}

/** Beyond this many line pairs the LCS table (n × m) is too big: each function falls back as it says. */
const MAX_CELLS = 4_000_000;

type Op = { kind: DiffLine['kind']; i: number; j: number };

/** The edit script from a to b (indices into both), or null when the table would be too big. */
function lcsOps(a: string[], b: string[]): Op[] | null {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_CELLS) return null;
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) out.push({ kind: 'same', i: i++, j: j++ });
    else if (j >= m || (i < n && lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) out.push({ kind: 'removed', i: i++, j });
    else out.push({ kind: 'added', i, j: j++ });
  }
  return out;
}

/** One column: each line kept, removed or added, in order; too big a pair is "all removed, all added". */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const ops = lcsOps(a, b);
  if (!ops)
    return [
      ...a.map((text) => ({ kind: 'removed' as const, text })),
      ...b.map((text) => ({ kind: 'added' as const, text })),
    ];
  return ops.map((o) => ({ kind: o.kind, text: o.kind === 'added' ? b[o.j]! : a[o.i]! }));
}

/**
 * Two columns: equal lines face each other; a run of removed lines next to a run of added ones is
 * shown as changed lines facing each other. Too big a pair is compared line by line in order.
 */
export function sideBySide(before: string, after: string): DiffRow[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const ops = lcsOps(a, b);
  if (!ops) return pairInOrder(a, b);
  const rows: DiffRow[] = [];
  let removed: DiffRow['left'][] = [];
  let added: DiffRow['right'][] = [];
  const flush = () => {
    for (let k = 0; k < Math.max(removed.length, added.length); k++) {
      const l = removed[k] ?? null;
      const r = added[k] ?? null;
      rows.push({ kind: l && r ? 'changed' : l ? 'removed' : 'added', left: l, right: r });
    }
    removed = [];
    added = [];
  };
  for (const o of ops) {
    if (o.kind === 'removed') removed.push({ n: o.i + 1, text: a[o.i]! });
    else if (o.kind === 'added') added.push({ n: o.j + 1, text: b[o.j]! });
    else {
      flush();
      rows.push({ kind: 'same', left: { n: o.i + 1, text: a[o.i]! }, right: { n: o.j + 1, text: b[o.j]! } });
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
