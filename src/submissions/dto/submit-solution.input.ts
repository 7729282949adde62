import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { MaxBytes } from '../../common/validation.js';
import { loadConfig } from '../../config/config.js';
import { SubmissionLanguage } from '../submission.types.js';

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
    description:
      'TypeScript/JavaScript exporting build(tf, task), or KERAS_JSON; at most MAX_CODE_BYTES bytes of UTF-8 (256 KiB by default).',
  })
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxBytes(() => loadConfig().MAX_CODE_BYTES)
  code: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Submit within your open attempt of this assessment (graded against its pinned version).',
  })
  @IsOptional()
  @IsUUID('all', { message: 'must be an assessment id' })
  assessmentId?: string;
}
