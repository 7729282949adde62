import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { ExerciseType, VersionStatus } from '../exercises/exercise.types.js';
import { ModelBudgetView, ModelTaskView } from '../exercises/exercise.view.js';

@ObjectType('LocalizedText')
export class LocalizedTextView {
  @Field() en: string;
  @Field() zhCN: string;
}

@ObjectType('SolutionCheck')
export class SolutionCheckView {
  @Field() solution: string;
  @Field({ description: 'True for solutions that must pass (reference), false for ones that must fail (baseline).' })
  mustPass: boolean;
  @Field() passed: boolean;
  @Field({ description: 'Whether the solution did what it must.' }) ok: boolean;
  @Field(() => Float, { nullable: true }) accuracy?: number;
  @Field({ description: 'English.' }) summary: string;
  @Field(() => LocalizedTextView, { description: 'The summary in every locale (English where a run predates it).' })
  summaryText: LocalizedTextView;
}

@ObjectType('ValidationEpoch', { description: 'One trained epoch of one solution in a validation run (epoch from 1).' })
export class ValidationEpochView {
  @Field() solution: string;
  @Field(() => Int) epoch: number;
  @Field(() => Float, { nullable: true }) loss: number | null;
  @Field(() => Float, { nullable: true }) accuracy: number | null;
  @Field(() => Float, { nullable: true }) valLoss: number | null;
  @Field(() => Float, { nullable: true }) valAccuracy: number | null;
}

@ObjectType('ValidationProgress', { description: 'Where a running validation is now.' })
export class ValidationProgressView {
  @Field() solution: string;
  @Field({ description: 'build, train, evaluate or test' }) stage: string;
  @Field(() => Int, { nullable: true, description: 'From 1.' }) epoch: number | null;
  @Field(() => Int, { nullable: true }) batch: number | null;
  @Field(() => Int, { nullable: true }) batchesInEpoch: number | null;
}

@ObjectType('ExerciseValidation')
export class ValidationView {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field({ description: 'QUEUED, RUNNING, PASSED, FAILED or ERROR' }) status: string;
  @Field(() => String, { nullable: true, description: 'English.' }) reason: string | null;
  @Field(() => LocalizedTextView, {
    nullable: true,
    description: 'The reason in every locale (English where a run predates it).',
  })
  reasonText: LocalizedTextView | null;
  @Field({ description: 'False once the draft was edited after this run.' }) current: boolean;
  @Field(() => [SolutionCheckView]) results: SolutionCheckView[];
  @Field(() => [ValidationEpochView], { description: 'MODEL: every trained epoch so far, for the curves.' })
  epochs: ValidationEpochView[];
  @Field(() => ValidationProgressView, { nullable: true, description: 'Null unless RUNNING.' })
  progress: ValidationProgressView | null;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) finishedAt: Date | null;
}

@ObjectType('ExerciseDraftContent', {
  description: 'Everything a draft holds, as createExercise takes it (tests as JSON).',
})
export class DraftContentView {
  @Field(() => ExerciseType) type: ExerciseType;
  @Field() trackSlug: string;
  @Field(() => Int) difficulty: number;
  @Field(() => LocalizedTextView) title: LocalizedTextView;
  @Field(() => LocalizedTextView) summary: LocalizedTextView;
  @Field(() => LocalizedTextView) statement: LocalizedTextView;
  @Field(() => [String]) skills: string[];
  @Field(() => String, { nullable: true }) dataset: string | null;
  @Field(() => ModelTaskView, { nullable: true }) task: ModelTaskView | null;
  @Field(() => ModelBudgetView, { nullable: true }) budget: ModelBudgetView | null;
  @Field() grader: string;
  @Field(() => Float, { nullable: true }) threshold: number | null;
  @Field() starterCode: string;
  @Field() referenceCode: string;
  @Field(() => String, { nullable: true }) baselineCode: string | null;
  @Field(() => String, { nullable: true }) entry: string | null;
  @Field(() => String, { nullable: true, description: 'CODING offered in Python: the function the tests call.' })
  pythonEntry: string | null;
  @Field(() => String, { nullable: true }) pythonStarter: string | null;
  @Field(() => String, { nullable: true }) pythonReference: string | null;
  @Field(() => [LocalizedTextView], { description: 'Practice hints in the order they are revealed ([] for none).' })
  hints: LocalizedTextView[];
  @Field(() => String, { nullable: true, description: 'CODING: every test, hidden ones included, as JSON.' })
  tests: string | null;
}

@ObjectType('ExerciseDraft')
export class DraftView {
  @Field(() => ID) exerciseId: string;
  @Field() slug: string;
  @Field(() => Int) version: number;
  @Field(() => VersionStatus) status: VersionStatus;
  @Field({ description: 'Only reachable through assessments, never in practice.' }) assessmentOnly: boolean;
  @Field({
    description: 'Retired: out of practice, tracks and new assessments; kept for history and pinned assessments.',
  })
  retired: boolean;
  @Field({ description: 'Synced from exercises/: changed there, or duplicated with duplicateExerciseAsDraft.' })
  fromRepository: boolean;
  @Field({ description: 'The newest version’s English title.' }) title: string;
  @Field(() => Int, { description: 'How many assessments have included it.' }) assessmentExposures: number;
  @Field(() => Int, {
    description:
      'Assessments not yet closed that include it: editing it now is worth a second thought (they keep their pinned version).',
  })
  liveAssessmentCount: number;
  @Field(() => ValidationView, { nullable: true }) lastValidation: ValidationView | null;
  @Field(() => DraftContentView, {
    nullable: true,
    description: 'The newest version whole (reference code and hidden tests included): for its author and admins only.',
  })
  content: DraftContentView | null;
}

@ObjectType('ExerciseVersion')
export class ExerciseVersionView {
  @Field(() => Int) version: number;
  @Field(() => VersionStatus) status: VersionStatus;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) publishedAt: Date | null;
  @Field(() => DraftContentView, { nullable: true, description: 'For the author and admins only.' })
  content: DraftContentView | null;
}

@ObjectType('GraderOption')
export class GraderOptionView {
  @Field() name: string;
  @Field(() => ExerciseType) type: ExerciseType;
}

@ObjectType('DatasetOption')
export class DatasetOptionView {
  @Field() name: string;
  @Field({ description: 'The input shape a task on it must declare, e.g. [32, 32, 3] or [seqLen].' })
  inputShape: string;
  @Field(() => Int) numClasses: number;
}

@ObjectType('AuthoringOptions', { description: 'What exercise metadata may name (tracks and skills: `tracks`).' })
export class AuthoringOptionsView {
  @Field(() => [GraderOptionView]) graders: GraderOptionView[];
  @Field(() => [DatasetOptionView]) datasets: DatasetOptionView[];
}
