import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { VisibleTestResultView } from '../submissions/test-results.view.js';

@ObjectType('ConsoleOutput', {
  description:
    'What the code printed (console.log, info, debug; warn and error lines start with "warn: " / "error: "), at most SANDBOX_CONSOLE_MAX_BYTES / _LINES; a cut ends with a line saying so. Output of code stopped for time or memory is lost.',
})
export class ConsoleOutputView {
  @Field() text: string;
  @Field() truncated: boolean;
}

@ObjectType('CodeError', {
  description: "Why the code could not be built or run, and where in the candidate's source.",
})
export class CodeErrorView {
  @Field({
    description:
      'COMPILE_ERROR, RUNTIME_ERROR, TIMEOUT, MEMORY_LIMIT, BAD_RETURN, INVALID_MODEL, OUTPUT_TOO_LARGE, SANDBOX_CRASHED',
  })
  code: string;
  @Field() message: string;
  @Field(() => Int, { nullable: true, description: '1-based line of the candidate source, when known.' }) line:
    number | null;
  @Field(() => Int, { nullable: true, description: '1-based column, when known.' }) column: number | null;
}

@ObjectType('LayerSummary')
export class LayerSummaryView {
  @Field() name: string;
  @Field() className: string;
  @Field({ description: 'Output shape as JSON, batch dimension null: [null,32,32,32].' }) outputShape: string;
  @Field(() => Float) params: number;
}

@ObjectType('ModelRefusal', {
  description: 'One reason the model is refused: where (topology path or plan field) and why.',
})
export class ModelRefusalView {
  @Field() path: string;
  @Field() message: string;
}

@ObjectType('ModelSummary', { description: "The model as built, against the exercise's budget." })
export class ModelSummaryView {
  @Field(() => [LayerSummaryView]) layers: LayerSummaryView[];
  @Field(() => Float) totalParams: number;
  @Field(() => Int) maxParams: number;
  @Field({ description: 'totalParams ≤ maxParams.' }) withinParamBudget: boolean;
  @Field(() => Int, {
    nullable: true,
    description: 'Epochs that would be trained (the plan, capped by maxEpochs); null when the plan is refused.',
  })
  epochs: number | null;
  @Field(() => Int) maxEpochs: number;
  @Field(() => Int, { nullable: true }) batchSize: number | null;
  @Field(() => Int) maxBatchSize: number;
  @Field(() => String, { nullable: true }) optimizer: string | null;
  @Field(() => String, { nullable: true }) loss: string | null;
}

@ObjectType('ModelCheck', {
  description: 'checkModel: the sandbox and validation only — no training, not an attempt, nothing stored.',
})
export class ModelCheckView {
  @Field({ description: 'Built, valid and within budget: a submission would be trained.' }) ok: boolean;
  @Field(() => CodeErrorView, { nullable: true, description: 'The code could not build a model.' })
  error: CodeErrorView | null;
  @Field(() => [ModelRefusalView], {
    description: 'The model was built but would be refused (layers, shapes, budget, plan).',
  })
  refusals: ModelRefusalView[];
  @Field(() => ModelSummaryView, { nullable: true, description: 'Present whenever a model was built.' })
  summary: ModelSummaryView | null;
  @Field(() => ConsoleOutputView) console: ConsoleOutputView;
  @Field(() => Int, { description: 'Time in the sandbox, ms.' }) millis: number;
}

@ObjectType('VisibleTestRun', {
  description: 'runVisibleTests: the visible tests only — not an attempt, nothing stored; hidden tests are not run.',
})
export class VisibleTestRunView {
  @Field(() => Int) passed: number;
  @Field(() => Int) total: number;
  @Field(() => [VisibleTestResultView]) results: VisibleTestResultView[];
  @Field(() => CodeErrorView, {
    nullable: true,
    description: 'The code could not be run at all (every test failed with it).',
  })
  error: CodeErrorView | null;
  @Field(() => ConsoleOutputView, { description: 'Everything printed: loading the module, then each test in order.' })
  console: ConsoleOutputView;
  @Field(() => Int, { description: 'Hidden tests (run only by submitSolution).' }) hiddenTestCount: number;
  @Field(() => Int) millis: number;
}
