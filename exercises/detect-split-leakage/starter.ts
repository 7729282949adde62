// Starter: finds exact copies with a double loop and stops there.
// TODO: near duplicates: compare the normalised texts (lower case, every run of characters
//       other than a-z and 0-9 replaced by one space, trimmed).
// TODO: the clean accuracy must leave out every leaked record (exact and near), and is null
//       when nothing is left.
// TODO: a double loop is train x test comparisons; a set lookup is one per record.

export default function findLeakage(
  train: string[],
  test: string[],
  testCorrect: boolean[],
): { exact: number[]; near: number[]; accuracyAll: number; accuracyClean: number | null } {
  const exact: number[] = [];
  test.forEach((t, i) => {
    for (const s of train) {
      if (s === t) {
        exact.push(i);
        break;
      }
    }
  });
  const accuracyAll = testCorrect.filter(Boolean).length / test.length;
  return { exact, near: [], accuracyAll, accuracyClean: accuracyAll };
}
