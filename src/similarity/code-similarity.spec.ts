import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { codeSimilarity, type SourceInput } from './code-similarity.js';
import { DEFAULT_THRESHOLD } from './find-pairs.js';
import {
  ALICE_PLANTED_COPY_JS,
  ALICE_VGG_TS,
  BOB_LOOP_JS,
  BOB_PLANTED_COPY_JS,
  INDEPENDENT_SOLUTIONS,
} from './testing/cifar-solutions.js';
import { GUIDE_CNN_KERAS_JSON } from '../sandbox/testing/submissions.js';

const STARTER: SourceInput = { code: readFileSync('exercises/cifar10-cnn/starter.ts', 'utf8'), language: 'TYPESCRIPT' };
const REFERENCE: SourceInput = {
  code: readFileSync('exercises/cifar10-cnn/reference.ts', 'utf8'),
  language: 'TYPESCRIPT',
};
const ts = (code: string): SourceInput => ({ code, language: 'TYPESCRIPT' });
const js = (code: string): SourceInput => ({ code, language: 'JAVASCRIPT' });

/** 1-based number of the first line of `code` containing `needle`. */
const lineOf = (code: string, needle: string) => code.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('codeSimilarity', () => {
  it.each([
    ['without', undefined],
    ['with', [STARTER]],
  ])(
    'scores planted copies (renamed, reformatted, commented, statements swapped) above the threshold, %s the starter as base',
    (_label, base) => {
      const alice = codeSimilarity(ts(ALICE_VGG_TS), js(ALICE_PLANTED_COPY_JS), { base });
      const bob = codeSimilarity(js(BOB_LOOP_JS), js(BOB_PLANTED_COPY_JS), { base });
      expect(alice.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
      expect(bob.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    },
  );

  it('keeps every pair of independent solutions (and each against the reference) below the threshold, with the starter as base', () => {
    const all = [...INDEPENDENT_SOLUTIONS, { id: 'reference', ...REFERENCE }];
    const above: string[] = [];
    let highest = 0;
    for (let i = 0; i < all.length; i++)
      for (let j = i + 1; j < all.length; j++) {
        const s = codeSimilarity(all[i], all[j], { base: [STARTER] }).score;
        highest = Math.max(highest, s);
        if (s >= DEFAULT_THRESHOLD) above.push(`${all[i].id}/${all[j].id} ${s.toFixed(2)}`);
      }
    expect(above).toEqual([]);
    expect(highest).toBeGreaterThan(0.1); // they do share API vocabulary: the measure is not blind
  });

  it('needs the starter as base: without it, boilerplate kept from the starter lifts a starter edit towards the reference', () => {
    const eve = INDEPENDENT_SOLUTIONS.find((s) => s.id === 'eve')!;
    const without = codeSimilarity(eve, REFERENCE).score;
    const withBase = codeSimilarity(eve, REFERENCE, { base: [STARTER] }).score;
    expect(without).toBeGreaterThan(withBase + 0.15);
  });

  it('still flags a copy with a few hyperparameters changed, or a junk statement after every layer', () => {
    const numbers = ALICE_PLANTED_COPY_JS.replace('filters: 64', 'filters: 96')
      .replace('rate: 0.2', 'rate: 0.25')
      .replace('epochs: 4', 'epochs: 3');
    const junk = ALICE_PLANTED_COPY_JS.split('\n')
      .map((line, i) => (line.includes('m.add') ? `${line}\n\tconst unused${i} = ${i}` : line))
      .join('\n');
    expect(codeSimilarity(ts(ALICE_VGG_TS), js(numbers), { base: [STARTER] }).score).toBeGreaterThanOrEqual(
      DEFAULT_THRESHOLD,
    );
    expect(codeSimilarity(ts(ALICE_VGG_TS), js(junk), { base: [STARTER] }).score).toBeGreaterThanOrEqual(
      DEFAULT_THRESHOLD,
    );
  });

  it('shows where the copy came from: matching regions as line ranges in both files', () => {
    const result = codeSimilarity(ts(ALICE_VGG_TS), js(ALICE_PLANTED_COPY_JS));
    // The global-average-pooling line is where it is in each file; some region must pair them.
    const inOriginal = lineOf(ALICE_VGG_TS, 'globalAveragePooling2d');
    const inCopy = lineOf(ALICE_PLANTED_COPY_JS, 'globalAveragePooling2d');
    const region = result.regions.find((r) => r.a.startLine <= inOriginal && inOriginal <= r.a.endLine);
    expect(region).toBeDefined();
    expect(region!.b.startLine).toBeLessThanOrEqual(inCopy);
    expect(region!.b.endLine).toBeGreaterThanOrEqual(inCopy);
    for (const r of result.regions) {
      expect(r.a.startLine).toBeLessThanOrEqual(r.a.endLine);
      expect(r.a.endLine).toBeLessThanOrEqual(ALICE_VGG_TS.split('\n').length);
      expect(r.b.endLine).toBeLessThanOrEqual(ALICE_PLANTED_COPY_JS.split('\n').length);
    }
    // The `fit` entry moved: it is matched even though it is out of order.
    const fitOriginal = lineOf(ALICE_VGG_TS, 'fit: {');
    const fitCopy = lineOf(ALICE_PLANTED_COPY_JS, 'fit: {');
    expect(
      result.regions.some(
        (r) =>
          r.a.startLine <= fitOriginal &&
          fitOriginal <= r.a.endLine &&
          r.b.startLine <= fitCopy &&
          fitCopy <= r.b.endLine,
      ),
    ).toBe(true);
  });

  it('barely moves when two independent statements trade places', () => {
    const lines = REFERENCE.code.split('\n');
    const i = lines.findIndex((l) => l.includes("metrics: ['accuracy']"));
    const swapped = [...lines];
    [swapped[i - 1], swapped[i]] = [swapped[i], swapped[i - 1]];
    const result = codeSimilarity(REFERENCE, ts(swapped.join('\n')));
    // Tiling finds both lines at their new places; only the k-grams across the swap change.
    expect(result.coverage).toBeGreaterThan(0.95);
    expect(result.score).toBeGreaterThan(0.85);
    expect(result.score).toBeLessThan(1);
  });

  it('gives 1 for a file against itself reformatted and 0 for unrelated code', () => {
    const oneLine = REFERENCE.code.replace(/\/\/.*$/gm, '').replace(/\n\s*/g, ' ');
    expect(oneLine.split('\n')).toHaveLength(1);
    expect(codeSimilarity(REFERENCE, ts(oneLine)).score).toBe(1);
    expect(codeSimilarity(REFERENCE, js('for (let i = 0; i < 10; i++) console.log(i * i);')).score).toBe(0);
  });

  it('does not count code both candidates took from the starter', () => {
    const renamed = ts(STARTER.code.replace(/\btask\b/g, 'cfg'));
    const unchanged = codeSimilarity(STARTER, renamed, { base: [STARTER] });
    expect(unchanged.score).toBe(0);
    expect(unchanged.tokens.baseA).toBe(unchanged.tokens.a);
    // Without the base the same pair is identical.
    expect(codeSimilarity(STARTER, renamed).score).toBe(1);
  });

  it('compares only the first maxTokens tokens of a very long file, and says so', () => {
    const padded = ts(`${REFERENCE.code}\nconst table = [${Array(20_000).fill('0.5').join(', ')}];`);
    const result = codeSimilarity(REFERENCE, padded);
    expect(result.truncated).toBe(true);
    expect(result.tokens.b).toBe(8000);
    expect(codeSimilarity(REFERENCE, padded, { maxTokens: 100_000 }).tokens.b).toBeGreaterThan(40_000);
    expect(codeSimilarity(REFERENCE, REFERENCE).truncated).toBe(false);
  });

  it('reports a KERAS_JSON submission and a script as not comparable as code', () => {
    const result = codeSimilarity({ code: GUIDE_CNN_KERAS_JSON, language: 'KERAS_JSON' }, REFERENCE);
    expect(result.comparable).toBe(false);
    expect(result.score).toBe(0);
  });

  it('matches two KERAS_JSON submissions that differ only in layer names and key order', () => {
    const renamed = GUIDE_CNN_KERAS_JSON.replace(/conv2d_1/g, 'second_conv').replace(/dense_1/g, 'classifier');
    expect(renamed).not.toEqual(GUIDE_CNN_KERAS_JSON);
    expect(
      codeSimilarity({ code: GUIDE_CNN_KERAS_JSON, language: 'KERAS_JSON' }, { code: renamed, language: 'KERAS_JSON' })
        .score,
    ).toBe(1);
  });
});
