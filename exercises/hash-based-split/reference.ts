// Reference: 32-bit FNV-1a over the key's bytes (ASCII: one byte per character), bucket =
// hash mod 100, test when bucket < testPercent. Math.imul keeps the product modulo 2^32.

function fnv1a(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c > 127) throw new Error(`key "${key}": only ASCII characters are allowed`);
    h ^= c;
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h >>> 0;
}

export default function hashSplit(keys: string[], testPercent: number): { train: number[]; test: number[] } {
  if (typeof testPercent !== 'number' || !Number.isInteger(testPercent) || testPercent < 0 || testPercent > 100)
    throw new Error('testPercent must be an integer from 0 to 100');
  const train: number[] = [];
  const test: number[] = [];
  keys.forEach((key, i) => {
    if (typeof key !== 'string') throw new Error(`keys[${i}] is not a string`);
    (fnv1a(key) % 100 < testPercent ? test : train).push(i);
  });
  return { train, test };
}
