// Reference: Keras-IMDb-style ids (0 padding, 1 start, 2 unknown, then words by frequency),
// ties broken alphabetically so that the same corpus always gives the same vocabulary.

const tokenise = (text: string): string[] => text.toLowerCase().match(/[a-z0-9]+/g) ?? [];

export default function buildVocabulary(
  trainTexts: string[],
  maxSize: number,
  minCount: number,
  texts: string[],
): { vocabulary: string[]; encoded: number[][] } {
  if (!Number.isInteger(maxSize) || maxSize < 3) throw new Error('maxSize must be an integer >= 3 (the reserved ids)');
  if (!Number.isInteger(minCount) || minCount < 1) throw new Error('minCount must be an integer >= 1');
  const counts = new Map<string, number>();
  for (const t of trainTexts) for (const w of tokenise(t)) counts.set(w, (counts.get(w) ?? 0) + 1);
  const words = [...counts.entries()]
    .filter(([, c]) => c >= minCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, maxSize - 3)
    .map(([w]) => w);
  const vocabulary = ['<pad>', '<start>', '<unk>', ...words];
  const ids = new Map(vocabulary.map((w, i) => [w, i]));
  // Only real words are looked up: a text containing "<pad>" is tokenised to "pad" anyway.
  const encoded = texts.map((t) => [1, ...tokenise(t).map((w) => ids.get(w) ?? 2)]);
  return { vocabulary, encoded };
}
