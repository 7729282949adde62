import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { findSimilarPairs, type SubmissionForSimilarity } from './find-pairs.js';

// Before: byte-identical copies of these scored 0.947 and 0.923 (the tiling leaves gaps around the starter's tokens).
const STARTER = readFileSync('exercises/adam-step/starter.ts', 'utf8');
const REFERENCE = readFileSync('exercises/adam-step/reference.ts', 'utf8');
const IMDB_STARTER = readFileSync('exercises/imdb-sentiment/starter.ts', 'utf8');
const IMDB_REFERENCE = readFileSync('exercises/imdb-sentiment/reference.ts', 'utf8');
const entry = (id: string, candidateId: string, code: string): SubmissionForSimilarity => ({
  id,
  candidateId,
  language: 'TYPESCRIPT',
  code,
});

describe('byte-identical files', () => {
  it('score 100 % with the starter as base (issue 10 saw 73 % and 95 %), with the whole file as evidence', () => {
    const report = findSimilarPairs([entry('a', 'ana', REFERENCE), entry('b', 'ben', REFERENCE)], {
      base: [{ code: STARTER, language: 'TYPESCRIPT' }],
    });
    expect(report.flags).toHaveLength(1);
    expect(report.flags[0]!.score).toBe(1);
    expect(report.flags[0]!.reasons).toEqual(['CODE']);
    expect(report.flags[0]!.code.regions.length).toBeGreaterThan(0);
    const imdb = findSimilarPairs([entry('a', 'ana', IMDB_REFERENCE), entry('b', 'ben', IMDB_REFERENCE)], {
      base: [{ code: IMDB_STARTER, language: 'TYPESCRIPT' }],
    });
    expect(imdb.flags.map((f) => f.score)).toEqual([1]);
  });

  it('are not flagged when both are the unchanged starter everybody received', () => {
    const report = findSimilarPairs([entry('a', 'ana', STARTER), entry('b', 'ben', STARTER)], {
      base: [{ code: STARTER, language: 'TYPESCRIPT' }],
    });
    expect(report.flags).toEqual([]);
  });
});
