import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { ExerciseType, SubmissionLanguage } from './exercise.types.js';

@ObjectType('ExerciseLanguage', { description: 'A language the exercise accepts, and whether this server can run it now.' })
export class ExerciseLanguageView {
  @Field(() => SubmissionLanguage) language: SubmissionLanguage;
  @Field({ description: 'False when this server cannot run the language (e.g. PYTHON without bwrap or NumPy): submissions in it are refused.' })
  available: boolean;
  @Field(() => String, { nullable: true, description: 'Why it is unavailable, for the staff; null when available.' })
  reason: string | null;
}

@ObjectType('ModelTask', { description: "What the candidate's build(tf, task) receives." })
export class ModelTaskView {
  @Field(() => [Int]) inputShape: number[];
  @Field(() => Int) numClasses: number;
  @Field(() => Int, { nullable: true }) vocabSize?: number;
  @Field(() => Int, { nullable: true }) seqLen?: number;
  @Field({ nullable: true, description: 'softmax or sigmoid output expected' }) output?: string;
}

@ObjectType('ModelBudget')
export class ModelBudgetView {
  @Field(() => Int) maxParams: number;
  @Field(() => Int) maxEpochs: number;
  @Field(() => Int) maxBatchSize: number;
  @Field(() => Int, { nullable: true }) minBatchSize?: number;
  @Field(() => Int) wallClockSeconds: number;
  @Field(() => Int, { nullable: true, description: 'Training uses a class-balanced subset of this size.' }) trainSubset?: number;
  @Field(() => Int, { nullable: true, description: 'Grading uses a class-balanced test subset of this size.' }) testSubset?: number;
}

@ObjectType('TrainingDefaults', {
  description:
    'MODEL: the compile and fit settings used when a submission gives none (a bare Keras model.to_json() has no fit settings, and compile settings only when Keras 3 wrote a compile_config).',
})
export class TrainingDefaultsView {
  @Field({ description: 'Optimizer name, as compile.optimizer.name (adam).' }) optimizer: string;
  @Field(() => Float) learningRate: number;
  @Field({ description: 'sparseCategoricalCrossentropy or binaryCrossentropy.' }) loss: string;
  @Field(() => Int) epochs: number;
  @Field(() => Int) batchSize: number;
  @Field(() => Float) validationSplit: number;
}

@ObjectType('VisibleTest', { description: 'A test a candidate may see; hidden tests are only counted.' })
export class VisibleTestView {
  @Field() name: string;
  @Field({ description: 'The argument list, as JSON.' }) input: string;
  @Field(() => String, { nullable: true, description: 'The expected value, as JSON (absent when the call must throw).' }) expected: string | null;
  @Field() throws: boolean;
}

@ObjectType('QuizOption')
export class QuizOptionView {
  @Field() id: string;
  @Field() text: string;
}

@ObjectType('QuizQuestion', { description: 'A question without its answer or explanation (those come with the grade).' })
export class QuizQuestionView {
  @Field() id: string;
  @Field({ description: 'single, multiple or short' }) kind: string;
  @Field() text: string;
  @Field(() => [QuizOptionView]) options: QuizOptionView[];
}

@ObjectType('ExerciseTrack')
export class ExerciseTrackView {
  @Field() slug: string;
  @Field() title: string;
}

@ObjectType('Exercise')
export class ExerciseView {
  @Field(() => ID) id: string;
  @Field() slug: string;
  @Field() locale: string;
  @Field(() => Int, { description: 'The published version shown; submissions are pinned to it.' }) version: number;
  @Field(() => ExerciseType) type: ExerciseType;
  @Field() title: string;
  @Field() summary: string;
  @Field({ description: 'The task in Markdown.' }) statement: string;
  @Field(() => Int) difficulty: number;
  @Field(() => ExerciseTrackView) track: ExerciseTrackView;
  @Field(() => [String]) skills: string[];
  @Field({ nullable: true }) dataset?: string;
  @Field(() => ModelTaskView, { nullable: true }) task?: ModelTaskView;
  @Field(() => ModelBudgetView, { nullable: true }) budget?: ModelBudgetView;
  @Field(() => TrainingDefaultsView, { nullable: true, description: 'MODEL: compile/fit used when a submission gives none.' })
  trainingDefaults?: TrainingDefaultsView;
  @Field() grader: string;
  @Field(() => Float, { nullable: true, description: 'Test accuracy needed to pass (0–1).' }) threshold?: number;
  @Field(() => Float, {
    nullable: true,
    description: 'MODEL graded by threshold-and-gap: how far the final train accuracy may lie above the test accuracy (0–1).',
  })
  maxGap?: number | null;
  @Field() starterCode: string;
  @Field(() => String, { nullable: true, description: 'CODING: the export the tests call.' }) entry?: string | null;
  @Field(() => String, { nullable: true, description: 'CODING offered in Python: the function the tests call; null when Python is not offered.' })
  pythonEntry?: string | null;
  @Field(() => String, { nullable: true, description: 'CODING offered in Python: the Python starter code.' })
  pythonStarterCode?: string | null;
  @Field(() => [VisibleTestView], { nullable: true, description: 'CODING: the visible tests.' }) visibleTests?: VisibleTestView[] | null;
  @Field(() => Int, { nullable: true, description: 'CODING: how many hidden tests there are.' }) hiddenTestCount?: number | null;
  @Field(() => [QuizQuestionView], { nullable: true, description: 'QUIZ: the questions.' }) questions?: QuizQuestionView[] | null;
  @Field(() => Int, { description: 'Graded attempts allowed per hour in practice (submitSolution and answerQuiz); more are refused with RATE_LIMITED. Assessments are bounded by their time limit instead.' })
  practiceAttemptsPerHour: number;
}
