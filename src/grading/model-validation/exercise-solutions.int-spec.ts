/**
 * Every model exercise's own solution files (starter, reference, baseline, extra solutions)
 * go through the sandbox and the validator with the exercise's task and budget: a file the
 * exercise ships must never be refused before training. (Whether each passes or fails the
 * accuracy threshold is `npm run exercises:validate`'s job, not this test's.)
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { SandboxPool } from '../../sandbox/sandbox.js';
import type { DatasetName } from '../../datasets/names.js';
import type { ModelTask } from '../../sandbox/sandbox.types.js';
import type { ModelBudget } from './model-validation.js';
import { prepareSubmission } from './prepare-submission.js';

const EXERCISES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'exercises');
const SOLUTION_FILES = ['starter.ts', 'reference.ts', 'baseline.ts', 'small-model.ts'];

interface ExerciseDoc {
  type?: string;
  dataset?: DatasetName;
  task?: Omit<ModelTask, 'dataset'>;
  budget?: ModelBudget;
}

const cases: [string, string, ModelTask, ModelBudget][] = [];
if (existsSync(EXERCISES)) {
  for (const slug of readdirSync(EXERCISES).sort()) {
    const yamlPath = join(EXERCISES, slug, 'exercise.yaml');
    if (!existsSync(yamlPath)) continue;
    const doc = parse(readFileSync(yamlPath, 'utf8')) as ExerciseDoc;
    if (doc.type !== 'MODEL' || !doc.task || !doc.budget || !doc.dataset) continue;
    for (const file of SOLUTION_FILES) {
      if (existsSync(join(EXERCISES, slug, file)))
        cases.push([slug, file, { dataset: doc.dataset, ...doc.task }, doc.budget]);
    }
  }
}

const pool = new SandboxPool();
afterAll(() => pool.close());

describe("the exercises' own solution files", () => {
  it('are found', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases)('%s/%s builds in the sandbox and passes validation', async (slug, file, task, budget) => {
    const code = readFileSync(join(EXERCISES, slug, file), 'utf8');
    const prepared = await prepareSubmission({ language: 'TYPESCRIPT', code, task }, budget, pool);
    if (!prepared.ok) throw new Error(`${slug}/${file}: ${prepared.code}\n${prepared.message}`);
    expect(prepared.plan.params.total).toBeLessThanOrEqual(budget.maxParams);
  });
});
