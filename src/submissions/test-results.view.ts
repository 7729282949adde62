/**
 * CODING results test by test, as the candidate may see them (src/coding/test-report.ts): the
 * editor's Run answers `VisibleTestResult`s, a graded submission keeps them with its grade
 * (`Submission.testResults`). Hidden tests are only counted: nothing of their input, expected
 * value, result or output is here.
 */
import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('VisibleTestResult')
export class VisibleTestResultView {
  @Field() name: string;
  @Field({ description: 'The argument list, as JSON.' }) input: string;
  @Field(() => String, { nullable: true, description: 'The expected value as JSON; null when the call must throw.' })
  expected: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'What the function returned, rendered for reading; null when it threw or did not run.',
  })
  got: string | null;
  @Field() passed: boolean;
  @Field(() => String, { nullable: true, description: 'Why it failed.' }) message: string | null;
  @Field(() => Int, { nullable: true, description: 'Where the call failed in the candidate source (1-based).' }) line:
    number | null;
  @Field(() => Int, { nullable: true }) column: number | null;
  @Field({ description: 'What this call printed.' }) console: string;
  @Field(() => Int) millis: number;
}

@ObjectType('HiddenTestCount', { description: 'Hidden tests: how many there were and how many passed, nothing else.' })
export class HiddenTestCountView {
  @Field(() => Int) passed: number;
  @Field(() => Int) total: number;
}

@ObjectType('CodingTestResults', {
  description:
    'A graded CODING submission test by test: every visible test with input, expected and got, in the exercise order; hidden tests only counted.',
})
export class CodingTestResultsView {
  @Field(() => [VisibleTestResultView]) visible: VisibleTestResultView[];
  @Field(() => HiddenTestCountView) hidden: HiddenTestCountView;
}
