import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsEnum, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { MaxBytes } from '../common/validation.js';
import { loadConfig } from '../config/config.js';
import { SubmissionLanguage } from '../submissions/submission.types.js';

@InputType()
export class SaveAssessmentDraftInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be an assessment id' })
  assessmentId: string;

  @Field()
  @IsString()
  @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'must be an exercise slug such as cifar10-cnn' })
  @MaxLength(64, { message: 'must be at most $constraint1 characters' })
  exerciseSlug: string;

  @Field(() => SubmissionLanguage)
  @IsEnum(SubmissionLanguage, { message: `must be one of ${Object.values(SubmissionLanguage).join(', ')}` })
  language: SubmissionLanguage;

  @Field({ description: 'The whole editor content (may be empty); at most MAX_CODE_BYTES bytes of UTF-8.' })
  @IsString()
  @MaxBytes(() => loadConfig().MAX_CODE_BYTES)
  code: string;
}

@ObjectType('AssessmentDraft', {
  description: "The code in the candidate's editor for one exercise of their attempt, as last saved. Never graded.",
})
export class AssessmentDraftView {
  @Field() exerciseSlug: string;
  @Field(() => SubmissionLanguage) language: SubmissionLanguage;
  @Field() code: string;
  @Field() savedAt: Date;
}

@ObjectType('InvitationPreview', {
  description: 'What an invitation link is for, before it is opened: shown to whoever holds the link.',
})
export class InvitationPreviewView {
  @Field() title: string;
  @Field(() => Int) timeLimitMinutes: number;
  @Field(() => Int) exerciseCount: number;
  @Field() opensAt: Date;
  @Field() closesAt: Date;
  @Field({ description: 'The link was already opened (by the invited account; opening it again resumes).' })
  started: boolean;
}
