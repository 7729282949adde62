// Starter: looks at one column only, and never generalises.
// TODO: a group is the set of rows that agree on *all* the quasi-identifiers together.
// TODO: try the widths 1, 2, 5, 10, 20, 50, 100 on the generalise column, in that order, and
//       stop at the first that makes every group at least k rows; null if none does.
// TODO: validate the inputs.
type Row = Record<string, string | number>;

export default function kAnonymity(
  rows: Row[],
  quasiIdentifiers: string[],
  k: number,
  generalise: string,
): { kBefore: number; width: number | null; kAfter: number } {
  void k;
  void generalise;
  const sizes = new Map<unknown, number>();
  for (const row of rows) sizes.set(row[quasiIdentifiers[0]], (sizes.get(row[quasiIdentifiers[0]]) ?? 0) + 1);
  const kBefore = Math.min(...sizes.values());
  return { kBefore, width: 1, kAfter: kBefore };
}
