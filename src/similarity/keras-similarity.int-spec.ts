import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SandboxPool } from '../sandbox/sandbox.js';
import type { SandboxSuccess, SubmissionLanguage } from '../sandbox/sandbox.types.js';
import { kerasFixture } from '../sandbox/testing/keras-fixtures.js';
import { CIFAR10_TASK, GUIDE_CNN_TS } from '../sandbox/testing/submissions.js';
import { findSimilarPairs, type SubmissionForSimilarity } from './index.js';

/**
 * Keras JSON submissions in the similarity check: what the worker stores as a submission's
 * topology is the sandbox's rebuilt (converted) topology, so a Keras 2 or Keras 3 model is
 * compared by architecture with TypeScript builds of the same network.
 */
const pool = new SandboxPool();
beforeAll(() => pool.warmUp());
afterAll(() => pool.close());

async function entry(id: string, language: SubmissionLanguage, code: string): Promise<SubmissionForSimilarity> {
  const outcome = await pool.build({ language, code, task: CIFAR10_TASK });
  if (!outcome.ok) throw new Error(`${id}: ${outcome.message}`);
  return {
    id,
    candidateId: id,
    language: language as 'KERAS_JSON',
    code,
    topology: (outcome as SandboxSuccess).topology,
  };
}

describe('similarity of Keras JSON submissions', () => {
  it("flags a Keras 3 and a Keras 2 to_json() of the guide's CNN as the same architecture as its TypeScript build, and not a different network", async () => {
    const entries = [
      await entry('typescript', 'TYPESCRIPT', GUIDE_CNN_TS),
      await entry('keras3', 'KERAS_JSON', JSON.stringify(kerasFixture('guide-cnn', 3))),
      await entry('keras2', 'KERAS_JSON', JSON.stringify(kerasFixture('guide-cnn', 2))),
    ];
    const other = kerasFixture('guide-cnn', 3);
    const layers = (other.config as { layers: { config: Record<string, unknown> }[] }).layers;
    layers[7].config.units = 128; // the dense layer: a different network
    entries.push(await entry('wider', 'KERAS_JSON', JSON.stringify(other)));

    const report = findSimilarPairs(entries);
    expect(report.unreadableTopologies).toEqual([]);
    const architecture = report.flags
      .filter((f) => f.reasons.includes('ARCHITECTURE'))
      .map((f) => [f.a.id, f.b.id].sort().join(' '))
      .sort();
    expect(architecture).toEqual(['keras2 keras3', 'keras2 typescript', 'keras3 typescript']);
  });
});
