import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { InvitationEntity } from '../../src/assessments/assessment.entity.js';
import type { ExerciseVersionEntity } from '../../src/exercises/exercise-version.entity.js';
import { SubmissionEntity } from '../../src/submissions/submission.entity.js';
import { SubmissionLanguage, SubmissionStatus } from '../../src/submissions/submission.types.js';
import type { UserEntity } from '../../src/users/user.entity.js';
import type { TestApi } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';
import type { Db } from './rows.js';

/** The guide's CNN from the exercise's reference solution. */
export const referenceCnn = () => readFileSync(path.resolve('exercises/cifar10-cnn/reference.ts'), 'utf8');

/** A small dense model that trains fast and reaches well above chance on CIFAR-10. */
export const smallDenseModel = (epochs = 2) => `
export default function build(tf, task) {
  const model = tf.sequential();
  model.add(tf.layers.flatten({ inputShape: task.inputShape }));
  model.add(tf.layers.dense({ units: 32, activation: 'relu' }));
  model.add(tf.layers.dense({ units: task.numClasses, activation: 'softmax' }));
  return {
    model,
    compile: { optimizer: { name: 'adam', learningRate: 0.001 }, loss: 'categoricalCrossentropy' },
    fit: { epochs: ${epochs}, batchSize: 32, validationSplit: 0.1 },
  };
}`;

export const infiniteLoop = `export default function build(tf, task) { while (true) {} }`;

export const SUBMIT = `mutation Submit($input: SubmitSolutionInput!) { submitSolution(input: $input) { id status exerciseVersion } }`;
export const SUBMISSION = `query S($id: ID!) { submission(id: $id) {
  id status stage reason errorKind errorCode countsAsAttempt engine paramCount trainingSeconds
  evaluation { count accuracy accuracyLow accuracyHigh perClassAccuracy confusion classNames }
  grade { passed score summary feedback }
  epochs { epoch loss accuracy valLoss valAccuracy seconds }
  history { status stage message at } } }`;

/** The statuses a submission ends in. */
export const FINAL_STATUSES = ['PASSED', 'FAILED', 'ERROR', 'CANCELLED'];

/**
 * Reads the submission (SUBMISSION's fields, or `query`'s) as `token` until it is final; on a
 * timeout the error carries `log()` (the workers' recent output).
 */
export async function waitForFinalSubmission(
  api: Pick<TestApi, 'gql'>,
  id: string,
  token: string,
  options: { timeoutMs?: number; log?: () => string; query?: string } = {},
): Promise<Record<string, any>> {
  const { query = SUBMISSION, ...wait } = options;
  return waitFor(
    async () => {
      const res = await api.gql<{ submission: Record<string, any> }>(query, { id }, token);
      if (res.errors) throw new Error(`reading submission ${id} failed: ${JSON.stringify(res.errors)}`);
      const submission = res.data!.submission;
      return FINAL_STATUSES.includes(submission.status) ? submission : undefined;
    },
    { what: `submission ${id} to reach a final status`, ...wait },
  );
}

/** A model that cannot learn in one epoch at this learning rate: stays near chance (10 %). */
export const hopelessModel = () => `
export default function build(tf, task) {
  const model = tf.sequential();
  model.add(tf.layers.flatten({ inputShape: task.inputShape }));
  model.add(tf.layers.dense({ units: task.numClasses, activation: 'softmax', kernelInitializer: 'zeros' }));
  return {
    model,
    compile: { optimizer: { name: 'sgd', learningRate: 0.000001 }, loss: 'categoricalCrossentropy' },
    fit: { epochs: 1, batchSize: 64 },
  };
}`;

const FINAL_REASON: Partial<Record<SubmissionStatus, string>> = {
  [SubmissionStatus.PASSED]: 'passed: made by a factory',
  [SubmissionStatus.FAILED]: 'failed: made by a factory',
  [SubmissionStatus.ERROR]: 'error: made by a factory',
  [SubmissionStatus.CANCELLED]: 'cancelled: made by a factory',
};

/**
 * A submission row in any status, without a job: the worker never sees it. Final statuses get
 * a reason and a finish time (the table requires a reason once final); PASSED and FAILED count
 * as attempts, as the lifecycle would have it.
 */
export async function createSubmission(
  db: Db,
  o: {
    user: Pick<UserEntity, 'id'>;
    version: Pick<ExerciseVersionEntity, 'id' | 'exerciseId'>;
    status?: SubmissionStatus;
    invitation?: Pick<InvitationEntity, 'id'>;
    row?: Partial<SubmissionEntity>;
  },
): Promise<SubmissionEntity> {
  const status = o.status ?? SubmissionStatus.QUEUED;
  const final = FINAL_REASON[status];
  return db.getRepository(SubmissionEntity).save({
    userId: o.user.id,
    exerciseId: o.version.exerciseId,
    exerciseVersionId: o.version.id,
    invitationId: o.invitation?.id ?? null,
    language: SubmissionLanguage.TYPESCRIPT,
    code: 'export default function solve(a: number, b: number) { return a + b; }',
    status,
    reason: final ?? null,
    countsAsAttempt: status === SubmissionStatus.PASSED || status === SubmissionStatus.FAILED,
    startedAt: status === SubmissionStatus.QUEUED ? null : new Date(),
    finishedAt: final ? new Date() : null,
    ...o.row,
  });
}
