// Reference: a set of the training texts and a set of their normalised forms; each test text
// is looked up in both (linear time overall, not a train x test double loop).

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export default function findLeakage(
  train: string[],
  test: string[],
  testCorrect: boolean[],
): { exact: number[]; near: number[]; accuracyAll: number; accuracyClean: number | null } {
  if (test.length === 0) throw new Error('the test split is empty');
  if (testCorrect.length !== test.length) throw new Error('one correctness flag per test record is needed');
  const raw = new Set(train);
  const norm = new Set(train.map(normalise));
  const exact: number[] = [];
  const near: number[] = [];
  let correct = 0;
  let cleanCorrect = 0;
  let clean = 0;
  test.forEach((t, i) => {
    if (testCorrect[i]) correct++;
    if (raw.has(t)) exact.push(i);
    else if (norm.has(normalise(t))) near.push(i);
    else {
      clean++;
      if (testCorrect[i]) cleanCorrect++;
    }
  });
  return { exact, near, accuracyAll: correct / test.length, accuracyClean: clean === 0 ? null : cleanCorrect / clean };
}
