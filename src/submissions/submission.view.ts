import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { EpochMetricView } from './submission-update.js';
import { CodingTestResultsView } from './test-results.view.js';
import {
  ErrorKind,
  SubmissionLanguage,
  SubmissionStage,
  SubmissionStatus,
  type StoredGrade,
} from './submission.types.js';

@ObjectType('StatusChange')
export class StatusChangeView {
  @Field(() => SubmissionStatus) status: SubmissionStatus;
  @Field(() => String, { nullable: true }) stage: string | null;
  @Field(() => String, { nullable: true }) message: string | null;
  @Field() at: Date;
}

@ObjectType('Evaluation', { description: 'Figures on the held-out test split.' })
export class EvaluationView {
  @Field(() => Int) count: number;
  @Field(() => Int) correct: number;
  @Field(() => Float) accuracy: number;
  @Field(() => Float, { description: 'Wilson 95 % interval, lower bound.' }) accuracyLow: number;
  @Field(() => Float, { description: 'Wilson 95 % interval, upper bound.' }) accuracyHigh: number;
  @Field(() => Float) loss: number;
  @Field(() => [String]) classNames: string[];
  @Field(() => [Float], { nullable: 'items', description: 'Accuracy per true class.' }) perClassAccuracy: (
    number | null
  )[];
  @Field(() => [[Int]], { description: 'confusion[true][predicted] = count.' }) confusion: number[][];
  @Field(() => Float, {
    nullable: true,
    description:
      'Final train accuracy, measured after training like the test accuracy (inference mode, no augmentation) on trainCount training examples; only for graders that read the train–test gap.',
  })
  trainAccuracy: number | null;
  @Field(() => Int, { nullable: true, description: 'Training examples trainAccuracy was measured on.' })
  trainCount: number | null;
}

@ObjectType('Reconstruction', {
  description:
    'A reconstruction exercise (an autoencoder) on the held-out test split: each image’s mean squared error over its pixels and channels (values 0..1), averaged; not a classification.',
})
export class ReconstructionView {
  @Field(() => Int, { description: 'Test images.' }) count: number;
  @Field(() => Float) mse: number;
  @Field(() => Float, { description: '95 % interval (mean ± 1.96 s/√n), lower bound.' }) mseLow: number;
  @Field(() => Float, { description: '95 % interval, upper bound.' }) mseHigh: number;
}

@ObjectType('Grade')
export class GradeView {
  @Field() grader: string;
  @Field() passed: boolean;
  @Field(() => Float, { description: '0–100.' }) score: number;
  /** English; the `summary` and `feedback` fields resolve per locale (grade.resolver.ts). */
  summary: string;
  feedback: string[];
  localized?: StoredGrade['localized'];
  @Field(() => Float, { nullable: true }) threshold: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'threshold-and-gap: the largest gap between train and test accuracy that passes (0..1).',
  })
  maxGap: number | null;
}

@ObjectType('TrainingRun', {
  description:
    'One training of a MODEL submission on the real data: the first, and a second with another seed when the first was close to the threshold.',
})
export class TrainingRunView {
  @Field(() => Int, { description: 'The training seed (initialisation, data order, dropout).' }) seed: number;
  @Field(() => Float, { description: 'Test accuracy of this run.' }) accuracy: number;
  @Field(() => Float, { description: 'Wilson 95 % interval, lower bound.' }) accuracyLow: number;
  @Field(() => Float, { description: 'Wilson 95 % interval, upper bound.' }) accuracyHigh: number;
  @Field(() => Float) trainingSeconds: number;
  @Field(() => [EpochMetricView], { description: "This run's curve." }) epochs: EpochMetricView[];
}

@ObjectType('Submission')
export class SubmissionView {
  @Field(() => ID) id: string;
  @Field() exerciseSlug: string;
  @Field(() => Int, { description: 'The exercise version this submission is pinned to.' }) exerciseVersion: number;
  @Field(() => SubmissionLanguage) language: SubmissionLanguage;
  @Field() code: string;
  @Field(() => SubmissionStatus) status: SubmissionStatus;
  @Field(() => SubmissionStage, { nullable: true }) stage: SubmissionStage | null;
  @Field(() => String, { nullable: true, description: 'Why it is in this state; always set once final.' }) reason:
    string | null;
  @Field(() => ErrorKind, { nullable: true }) errorKind: ErrorKind | null;
  @Field(() => String, { nullable: true }) errorCode: string | null;
  @Field(() => Int, {
    nullable: true,
    description: "Line (1-based) of the candidate's source where the compile or runtime error was, when known.",
  })
  errorLine: number | null;
  @Field(() => Int, { nullable: true, description: 'Column (1-based) of that error, when known.' })
  errorColumn: number | null;
  @Field(() => String, {
    nullable: true,
    description:
      'What the code printed (console.log & co.), at most SANDBOX_CONSOLE_MAX_BYTES / _LINES; a cut ends with a line saying so. Null before it ran.',
  })
  consoleOutput: string | null;
  @Field({ description: 'Whether this submission counts as one of your attempts (our own failures never do).' })
  countsAsAttempt: boolean;
  @Field(() => String, { nullable: true }) engine: string | null;
  @Field(() => Float, { nullable: true }) paramCount: number | null;
  @Field(() => Float, { nullable: true }) trainingSeconds: number | null;
  @Field(() => EvaluationView, { nullable: true, description: 'Classification exercises, once graded.' })
  evaluation: EvaluationView | null;
  @Field(() => ReconstructionView, {
    nullable: true,
    description: 'Reconstruction exercises (grader mse-threshold), once graded; evaluation is then null.',
  })
  reconstruction: ReconstructionView | null;
  @Field(() => GradeView, { nullable: true }) grade: GradeView | null;
  @Field(() => CodingTestResultsView, {
    nullable: true,
    description:
      'CODING, once graded: each visible test with input, expected and got, and how many hidden tests passed (nothing else of them). Null for other types, when the code could not run at all (see reason and errorLine), and for submissions graded before per-test results were kept (their grade.feedback says it in words).',
  })
  testResults: CodingTestResultsView | null;
  @Field(() => [TrainingRunView], {
    // At most two runs: the complexity estimate counts two, not the default ten list items.
    complexity: ({ childComplexity }) => 1 + 2 * childComplexity,
    description:
      'MODEL, once graded: every training run, in order (empty before). Two when the first result was close to the threshold; `epochs` and `evaluation` are those of the first run.',
  })
  runs: TrainingRunView[];
  @Field({
    description:
      "MODEL: the first result lay within max(its 95 % interval's half-width, 2 σ_seed) of the threshold, so a second run with another seed was trained (at no cost: not an attempt) and the grade was decided on the mean accuracy of the two.",
  })
  closeToThreshold: boolean;
  @Field(() => Float, {
    nullable: true,
    description:
      'MODEL: the accuracy the grade was decided on: the mean of the runs (the single run when there is one).',
  })
  gradedAccuracy: number | null;
  @Field(() => Int, {
    nullable: true,
    description:
      'QUEUED only: 1 when the next free worker takes it, 2 after one more job, …; null when it is not in the waiting line (running, finished, or waiting for another of your submissions to finish).',
  })
  queuePosition: number | null;
  @Field(() => Int, {
    nullable: true,
    description:
      'QUEUED only: seconds until a worker takes it, estimated from its place in line, the jobs running now and the average length of recent jobs; null when unknown.',
  })
  estimatedWaitSeconds: number | null;
  @Field(() => [EpochMetricView]) epochs: EpochMetricView[];
  @Field(() => [StatusChangeView]) history: StatusChangeView[];
  @Field(() => String, {
    nullable: true,
    description:
      'Something the candidate should know while the submission waits, e.g. that no grading worker is running right now (it stays queued and is graded when one starts). Null when there is nothing to say.',
  })
  notice: string | null;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) startedAt: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt: Date | null;
}

export enum ProgressState {
  SOLVED = 'SOLVED',
  ATTEMPTED = 'ATTEMPTED',
  NEW = 'NEW',
}
registerEnumType(ProgressState, {
  name: 'ProgressState',
  description: 'SOLVED: a submission passed; ATTEMPTED: submitted, none passed yet; NEW: never submitted.',
});

@ObjectType('ExerciseProgress', { description: "The signed-in candidate's standing on one exercise." })
export class ExerciseProgressView {
  @Field() exerciseSlug: string;
  @Field(() => ProgressState) state: ProgressState;
  @Field(() => Int, { description: 'Every submission, whatever became of it.' }) submissions: number;
  @Field(() => Int, { description: 'Submissions that counted as attempts.' }) attempts: number;
  @Field(() => Float, { nullable: true, description: 'Best grade score, 0–100.' }) bestScore: number | null;
  @Field(() => Date, { nullable: true }) lastSubmittedAt: Date | null;
}
