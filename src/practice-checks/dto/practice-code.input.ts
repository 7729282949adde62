import { Field, InputType } from '@nestjs/graphql';
import { IsEnum, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { MaxBytes } from '../../common/validation.js';
import { loadConfig } from '../../config/config.js';
import { SubmissionLanguage } from '../../submissions/submission.types.js';

/** Code to check or run without submitting it: the same rules as submitSolution's input. */
@InputType()
export class PracticeCodeInput {
  @Field()
  @IsString()
  @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'must be an exercise slug such as cifar10-cnn' })
  @MaxLength(64, { message: 'must be at most $constraint1 characters' })
  exerciseSlug: string;

  @Field(() => SubmissionLanguage)
  @IsEnum(SubmissionLanguage, { message: `must be one of ${Object.values(SubmissionLanguage).join(', ')}` })
  language: SubmissionLanguage;

  @Field({ description: 'At most MAX_CODE_BYTES bytes of UTF-8 (256 KiB by default).' })
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxBytes(() => loadConfig().MAX_CODE_BYTES)
  code: string;
}
