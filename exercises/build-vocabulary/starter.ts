// Starter: counts words and numbers them, but the vocabulary is not reproducible.
// TODO: ids 0, 1 and 2 are reserved for '<pad>', '<start>' and '<unk>'; words start at 3.
// TODO: sort by count, then alphabetically: a Map keeps insertion order, so ties follow the
//       order of the corpus and change when the data is shuffled.
// TODO: apply minCount and maxSize (which includes the three reserved ids); encode each text
//       as the start id followed by its word ids, unknown words as 2; validate the arguments.

export default function buildVocabulary(
  trainTexts: string[],
  maxSize: number,
  minCount: number,
  texts: string[],
): { vocabulary: string[]; encoded: number[][] } {
  void maxSize;
  void minCount;
  const counts = new Map<string, number>();
  for (const t of trainTexts) for (const w of t.toLowerCase().split(/\s+/).filter(Boolean)) counts.set(w, (counts.get(w) ?? 0) + 1);
  const vocabulary = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([w]) => w);
  const encoded = texts.map((t) =>
    t
      .toLowerCase()
      .split(/\s+/)
      .filter(Boolean)
      .map((w) => vocabulary.indexOf(w)),
  );
  return { vocabulary, encoded };
}
