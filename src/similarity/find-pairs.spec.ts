import { describe, it, expect, beforeAll } from '@jest/globals';
import { readFileSync } from 'node:fs';
import {
  findSimilarPairs,
  REFERENCE_CANDIDATE,
  type SubmissionForSimilarity,
  type SimilarityReport,
} from './find-pairs.js';
import { topologyOf } from './testing/topology.js';
import { architectureSignature } from './architecture.js';
import {
  ALICE_PLANTED_COPY_JS,
  ALICE_VGG_TS,
  BOB_PLANTED_COPY_JS,
  INDEPENDENT_SOLUTIONS,
  REFERENCE_CNN_FUNCTIONAL_JS,
} from './testing/cifar-solutions.js';

const STARTER = readFileSync('exercises/cifar10-cnn/starter.ts', 'utf8');
const REFERENCE = readFileSync('exercises/cifar10-cnn/reference.ts', 'utf8');

/** Submissions as they would come out of one assessment, topologies from real tfjs builds. */
let submissions: SubmissionForSimilarity[];
let starterTopology: Record<string, unknown>;

async function submission(
  id: string,
  candidateId: string,
  language: SubmissionForSimilarity['language'],
  code: string,
): Promise<SubmissionForSimilarity> {
  return { id, candidateId, language, code, topology: await topologyOf(code) };
}

beforeAll(async () => {
  starterTopology = await topologyOf(STARTER);
  submissions = [
    ...(await Promise.all(INDEPENDENT_SOLUTIONS.map((s) => submission(`${s.id}-1`, s.id, s.language, s.code)))),
    // Alice tried again with less dropout: her own two submissions are never paired.
    await submission('alice-2', 'alice', 'TYPESCRIPT', ALICE_VGG_TS.replace('rate: 0.3', 'rate: 0.1')),
    await submission('mallory-1', 'mallory', 'JAVASCRIPT', ALICE_PLANTED_COPY_JS),
    await submission('oscar-1', 'oscar', 'JAVASCRIPT', BOB_PLANTED_COPY_JS),
    await submission('grace-1', 'grace', 'JAVASCRIPT', REFERENCE_CNN_FUNCTIONAL_JS),
    // Two people who submitted the starter as it is (one renamed its parameter).
    await submission('heidi-1', 'heidi', 'TYPESCRIPT', STARTER),
    await submission('ivan-1', 'ivan', 'TYPESCRIPT', STARTER.replace(/\btask\b/g, 'info')),
    { ...(await submission('ref-cifar', REFERENCE_CANDIDATE, 'TYPESCRIPT', REFERENCE)) },
  ];
}, 120_000);

const pairs = (report: SimilarityReport) =>
  report.flags.map((f) => `${f.a.id}~${f.b.id}:${f.reasons.join('+')}`).sort();

describe('findSimilarPairs', () => {
  it('flags the planted copies and the re-typed reference architecture, and nothing among independent solutions', () => {
    const report = findSimilarPairs(submissions, {
      base: [{ code: STARTER, language: 'TYPESCRIPT' }],
      baseTopologies: [starterTopology],
    });
    expect(pairs(report)).toEqual([
      'alice-1~mallory-1:CODE+ARCHITECTURE',
      'alice-2~mallory-1:CODE',
      'bob-1~oscar-1:CODE+ARCHITECTURE',
      'grace-1~ref-cifar:ARCHITECTURE',
    ]);
    expect(report.unreadableTopologies).toEqual([]);
  });

  it('gives each flag its evidence and says it is not a verdict', () => {
    const report = findSimilarPairs(submissions, {
      base: [{ code: STARTER, language: 'TYPESCRIPT' }],
      baseTopologies: [starterTopology],
    });
    const copy = report.flags.find((f) => f.b.id === 'mallory-1' && f.a.id === 'alice-1')!;
    expect(copy.score).toBeGreaterThanOrEqual(0.7);
    expect(copy.code.regions.length).toBeGreaterThan(0);
    expect(copy.architecture?.layers[0]).toMatch(
      /^Conv2D\(filters=32, kernel_size=3x3, strides=1x1, padding=same, activation=linear, use_bias=false\)$/,
    );
    expect(copy.summary).toMatch(/not a verdict/);
    expect(copy.againstReference).toBe(false);
    const grace = report.flags.find((f) => f.a.id === 'grace-1')!;
    expect(grace.againstReference).toBe(true);
    expect(grace.b.candidateId).toBe(REFERENCE_CANDIDATE);
    expect(grace.summary).toMatch(/same architecture as the reference solution, layer for layer \(9 layers\)/);
    // Most similar first.
    expect(report.flags.map((f) => f.score)).toEqual([...report.flags.map((f) => f.score)].sort((x, y) => y - x));
  });

  it('flags candidates who both kept the starter unchanged when the starter is not given as base', () => {
    const report = findSimilarPairs(submissions);
    expect(pairs(report)).toContain('heidi-1~ivan-1:CODE+ARCHITECTURE');
  });

  it('compares only different candidates, never two references, and only within one exercise', () => {
    const refs: SubmissionForSimilarity[] = [
      { id: 'r1', candidateId: REFERENCE_CANDIDATE, language: 'TYPESCRIPT', code: REFERENCE },
      { id: 'r2', candidateId: REFERENCE_CANDIDATE, language: 'TYPESCRIPT', code: REFERENCE },
      { id: 'x1', candidateId: 'x', language: 'TYPESCRIPT', code: REFERENCE, exerciseId: 'cifar' },
      { id: 'x2', candidateId: 'x', language: 'TYPESCRIPT', code: REFERENCE, exerciseId: 'cifar' },
      { id: 'y1', candidateId: 'y', language: 'TYPESCRIPT', code: REFERENCE, exerciseId: 'imdb' },
    ];
    const report = findSimilarPairs(refs);
    // r1-x1, r1-x2, r1-y1, r2-x1, r2-x2, r2-y1; x-y pairs are in different exercises.
    expect(report.pairsCompared).toBe(6);
    expect(pairs(report)).toEqual(['x1~r1:CODE', 'x1~r2:CODE', 'x2~r1:CODE', 'x2~r2:CODE', 'y1~r1:CODE', 'y1~r2:CODE']);
  });

  it('accepts stored architecture signatures in place of topologies', () => {
    const stored = submissions.map((s) => ({ ...s, topology: architectureSignature(s.topology) }));
    const options = {
      base: [{ code: STARTER, language: 'TYPESCRIPT' as const }],
      baseTopologies: [architectureSignature(starterTopology)],
    };
    expect(pairs(findSimilarPairs(stored, options))).toEqual(pairs(findSimilarPairs(submissions, options)));
  });

  it('reports a topology it cannot read and still compares the code', () => {
    const report = findSimilarPairs([
      { id: 'a', candidateId: 'a', language: 'TYPESCRIPT', code: REFERENCE, topology: '{broken' },
      {
        id: 'b',
        candidateId: 'b',
        language: 'TYPESCRIPT',
        code: REFERENCE,
        topology: { class_name: 'Sequential', config: { layers: [] } },
      },
    ]);
    expect(report.unreadableTopologies).toEqual([{ id: 'a', error: 'The topology is not valid JSON.' }]);
    expect(pairs(report)).toEqual(['a~b:CODE']);
  });
});
