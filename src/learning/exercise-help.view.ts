import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum HelpUnlockReason {
  PASSED = 'PASSED',
  ATTEMPTS = 'ATTEMPTS',
}
registerEnumType(HelpUnlockReason, {
  name: 'HelpUnlockReason',
  description: 'Why the explanation is open: a passed practice submission, or enough counted practice attempts.',
});

@ObjectType('ExerciseHelp', {
  description:
    'Practice-mode learning support for the caller only: hints revealed so far and the explanation with the reference solution once unlocked. Never offered in assessments; nobody else can read it.',
})
export class ExerciseHelpView {
  @Field() exerciseSlug: string;
  @Field() locale: string;
  @Field(() => Int, { description: 'How many hints the exercise has.' }) hintCount: number;
  @Field(() => [String], { description: 'The hints revealed so far, in order (Markdown).' }) hints: string[];
  @Field({ description: 'Whether the exercise has an explanation or a reference solution to unlock.' })
  explanationAvailable: boolean;
  @Field() unlocked: boolean;
  @Field(() => HelpUnlockReason, { nullable: true }) unlockedBy: HelpUnlockReason | null;
  @Field({ description: 'Whether a practice submission passed.' }) passed: boolean;
  @Field(() => Int, { description: 'Counted practice attempts (assessment submissions excluded).' })
  practiceAttempts: number;
  @Field(() => Int, { description: 'Counted practice attempts that unlock the explanation without a pass.' })
  attemptsToUnlock: number;
  @Field(() => String, { nullable: true, description: 'Markdown; only once unlocked.' }) explanation: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The reference solution; only once unlocked (none for quizzes).',
  })
  referenceSolution: string | null;
}
