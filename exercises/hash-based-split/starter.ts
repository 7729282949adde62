// Starter: splits by position - the last testPercent % of the records become the test set.
// It is deterministic, but it is not stable: append new records and old ones change sides,
// and two records of the same group can land on both sides.
// TODO: decide each record's side from the FNV-1a hash of its key, as the statement specifies.
// TODO: validate testPercent.

export default function hashSplit(keys: string[], testPercent: number): { train: number[]; test: number[] } {
  const cut = Math.round((keys.length * (100 - testPercent)) / 100);
  const train: number[] = [];
  const test: number[] = [];
  keys.forEach((_, i) => (i < cut ? train : test).push(i));
  return { train, test };
}
