// Reference: group the rows by the tuple of their quasi-identifiers; k is the smallest group.
// Generalisation replaces a number v by the lower end of its range, floor(v / width) * width.
type Row = Record<string, string | number>;

const WIDTHS = [1, 2, 5, 10, 20, 50, 100];

function smallestGroup(rows: Row[], qi: string[], column: string | null, width: number): number {
  const sizes = new Map<string, number>();
  for (const row of rows) {
    const key = JSON.stringify(qi.map((c) => (c === column ? Math.floor((row[c] as number) / width) * width : row[c])));
    sizes.set(key, (sizes.get(key) ?? 0) + 1);
  }
  return Math.min(...sizes.values());
}

export default function kAnonymity(
  rows: Row[],
  quasiIdentifiers: string[],
  k: number,
  generalise: string,
): { kBefore: number; width: number | null; kAfter: number } {
  if (rows.length === 0) throw new Error('the table is empty');
  if (!Number.isInteger(k) || k < 1) throw new Error('k must be an integer >= 1');
  if (quasiIdentifiers.length === 0 || !quasiIdentifiers.includes(generalise))
    throw new Error('generalise must be one of the quasi-identifiers');
  rows.forEach((row, i) => {
    for (const c of quasiIdentifiers) if (!(c in row)) throw new Error(`row ${i} has no column ${c}`);
    if (typeof row[generalise] !== 'number') throw new Error(`row ${i}: ${generalise} is not a number`);
  });
  const kBefore = smallestGroup(rows, quasiIdentifiers, null, 1);
  let kAfter = kBefore;
  for (const width of WIDTHS) {
    kAfter = smallestGroup(rows, quasiIdentifiers, generalise, width);
    if (kAfter >= k) return { kBefore, width, kAfter };
  }
  return { kBefore, width: null, kAfter };
}
