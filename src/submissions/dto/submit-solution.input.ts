import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { MAX_CODE_BYTES, SubmissionLanguage } from '../submission.types.js';

@InputType()
export class SubmitSolutionInput {
  @Field()
  @IsString()
  @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'must be an exercise slug such as cifar10-cnn' })
  @MaxLength(64, { message: 'must be at most $constraint1 characters' })
  exerciseSlug: string;

  @Field(() => SubmissionLanguage)
  @IsEnum(SubmissionLanguage, { message: `must be one of ${Object.values(SubmissionLanguage).join(', ')}` })
  language: SubmissionLanguage;

  @Field({
    description: `TypeScript/JavaScript exporting build(tf, task), or KERAS_JSON; at most ${MAX_CODE_BYTES / 1024} KB.`,
  })
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(MAX_CODE_BYTES, { message: `must be at most ${MAX_CODE_BYTES} characters (${MAX_CODE_BYTES / 1024} KB)` })
  code: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Submit within your open attempt of this assessment (graded against its pinned version).',
  })
  @IsOptional()
  @IsUUID('all', { message: 'must be an assessment id' })
  assessmentId?: string;
}
