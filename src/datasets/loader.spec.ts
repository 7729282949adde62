import { describe, expect, it } from '@jest/globals';

import { DatasetError } from './errors.js';
import {
  balancedIndices,
  gatherImages,
  gatherLabels,
  type ImageSplit,
  padSequences,
  type SequenceSplit,
  subset,
} from './loader.js';

function sequences(reviews: number[][], labels: number[] = reviews.map((_, i) => i % 2)): SequenceSplit {
  const offsets = new Int32Array(reviews.length + 1);
  reviews.forEach((r, i) => (offsets[i + 1] = offsets[i] + r.length));
  return {
    tokens: Int32Array.from(reviews.flat()),
    offsets,
    labels: Uint8Array.from(labels),
    count: reviews.length,
    numClasses: 2,
  };
}

function rows(flat: Int32Array, width: number): number[][] {
  return Array.from({ length: flat.length / width }, (_, r) => [...flat.subarray(r * width, (r + 1) * width)]);
}

function images(labels: number[]): ImageSplit {
  const pixels = new Uint8Array(labels.length * 3072);
  // Every byte of image i is i (mod 256), so copies can be traced back.
  labels.forEach((_, i) => pixels.fill(i % 256, i * 3072, (i + 1) * 3072));
  return {
    images: pixels,
    labels: Uint8Array.from(labels),
    count: labels.length,
    height: 32,
    width: 32,
    channels: 3,
    numClasses: 10,
  };
}

describe('padSequences', () => {
  const split = sequences([[5, 6, 7], [], [3, 4, 5, 6, 7, 8]]);

  it('prepends the start id and pads at the front by default', () => {
    expect(rows(padSequences(split, { vocabSize: 100, seqLen: 5 }), 5)).toEqual([
      [0, 1, 5, 6, 7],
      [0, 0, 0, 0, 1],
      [4, 5, 6, 7, 8],
    ]);
  });

  it('cuts the beginning of long reviews by default, dropping the start id like Keras', () => {
    const [, , long] = rows(padSequences(split, { vocabSize: 100, seqLen: 3 }), 3);
    expect(long).toEqual([6, 7, 8]);
  });

  it("keeps the beginning with truncating 'post' and pads at the end with padding 'post'", () => {
    expect(rows(padSequences(split, { vocabSize: 100, seqLen: 4, truncating: 'post', padding: 'post' }), 4)).toEqual([
      [1, 5, 6, 7],
      [1, 0, 0, 0],
      [1, 3, 4, 5],
    ]);
  });

  it('returns a row of exactly the review when lengths match', () => {
    expect(rows(padSequences(sequences([[9, 9]]), { vocabSize: 100, seqLen: 3 }), 3)).toEqual([[1, 9, 9]]);
  });

  it('maps ids at or above the vocabulary size to the out-of-vocabulary id 2', () => {
    expect(rows(padSequences(sequences([[3, 4, 5, 6]]), { vocabSize: 5, seqLen: 5 }), 5)).toEqual([[1, 3, 4, 2, 2]]);
  });

  it('can leave out the start id', () => {
    expect(rows(padSequences(split, { vocabSize: 100, seqLen: 4, startId: false }), 4)[0]).toEqual([0, 5, 6, 7]);
  });

  it('pads only the chosen reviews, in the order given, into a reused buffer', () => {
    const out = new Int32Array(2 * 3).fill(-1);
    const got = padSequences(split, { vocabSize: 100, seqLen: 3, indices: [2, 0], out });
    expect(got).toBe(out);
    expect(rows(got, 3)).toEqual([
      [6, 7, 8],
      [5, 6, 7],
    ]);
  });

  it('rejects bad sizes and indices', () => {
    expect(() => padSequences(split, { vocabSize: 2, seqLen: 3 })).toThrow(/vocabSize/);
    expect(() => padSequences(split, { vocabSize: 10, seqLen: 0 })).toThrow(/seqLen/);
    expect(() => padSequences(split, { vocabSize: 10, seqLen: 2, indices: [3] })).toThrow(/index 3/);
    expect(() => padSequences(split, { vocabSize: 10, seqLen: 2, out: new Int32Array(5) })).toThrow(DatasetError);
  });
});

describe('balancedIndices and subset', () => {
  const labels = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) % 10);

  it('takes the same number from every class', () => {
    const idx = balancedIndices(labels, 10, 50, 1);
    const counts = new Array(10).fill(0);
    idx.forEach((i) => counts[labels[i]]++);
    expect(counts).toEqual(new Array(10).fill(5));
    expect(new Set(idx).size).toBe(50);
    expect([...idx]).toEqual([...idx].sort((a, b) => a - b));
  });

  it('gives the same subset for the same seed and a different one for another seed', () => {
    expect([...balancedIndices(labels, 10, 40, 7)]).toEqual([...balancedIndices(labels, 10, 40, 7)]);
    expect([...balancedIndices(labels, 10, 40, 7)]).not.toEqual([...balancedIndices(labels, 10, 40, 8)]);
  });

  it('spreads a remainder over distinct classes', () => {
    const idx = balancedIndices(labels, 10, 23, 3);
    const counts = new Array(10).fill(0);
    idx.forEach((i) => counts[labels[i]]++);
    expect(counts.filter((c) => c === 3).length).toBe(3);
    expect(counts.filter((c) => c === 2).length).toBe(7);
  });

  it('refuses a subset a class is too small for, or larger than the split', () => {
    const skewed = Uint8Array.from([0, 0, 0, 0, 1]);
    expect(() => balancedIndices(skewed, 2, 4, 1)).toThrow(/class 1 has 1 examples/);
    expect(() => balancedIndices(skewed, 2, 6, 1)).toThrow(/subset size/);
    expect(() => balancedIndices(Uint8Array.from([0, 2]), 2, 2, 1)).toThrow(/example 1 has label 2/);
  });

  it('copies the chosen images with their labels', () => {
    const split = images(Array.from({ length: 40 }, (_, i) => i % 10));
    const small = subset(split, 20, 42);
    expect(small.count).toBe(20);
    expect(small.images.length).toBe(20 * 3072);
    for (let r = 0; r < small.count; r++) {
      const original = small.images[r * 3072]; // the image's index, see images()
      expect(small.images[r * 3072 + 3071]).toBe(original);
      expect(small.labels[r]).toBe(split.labels[original]);
    }
    expect(small.numClasses).toBe(10);
  });

  it('copies the chosen reviews with their tokens and labels', () => {
    const split = sequences([[10], [11, 11], [12, 12, 12], [13, 13, 13, 13]], [0, 1, 0, 1]);
    const small = subset(split, 2, 5);
    expect(small.count).toBe(2);
    expect(new Set(small.labels)).toEqual(new Set([0, 1]));
    for (let r = 0; r < 2; r++) {
      const review = [...small.tokens.subarray(small.offsets[r], small.offsets[r + 1])];
      const original = review[0] - 10;
      expect(review).toEqual(new Array(original + 1).fill(review[0]));
      expect(small.labels[r]).toBe(split.labels[original]);
    }
  });
});

describe('gatherImages and gatherLabels', () => {
  it('scales the chosen images to [0, 1] floats in the order given', () => {
    const split = images([3, 4, 5]);
    split.images[2 * 3072 + 1] = 255;
    const batch = gatherImages(split, [2, 0]);
    expect(batch.length).toBe(2 * 3072);
    expect(batch[0]).toBeCloseTo(2 / 255);
    expect(batch[1]).toBe(1);
    expect(batch[3072]).toBe(0);
    expect([...gatherLabels(split, [2, 0])]).toEqual([5, 3]);
    expect(() => gatherImages(split, [3])).toThrow(/index 3/);
    expect(gatherImages(split, [1], { scale: 1 })[0]).toBe(1);
  });
});
