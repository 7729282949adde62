import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsDate,
  IsEmail,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { registerEnumType } from '@nestjs/graphql';
import { ReviewDecision } from './assessment.entity.js';

registerEnumType(ReviewDecision, { name: 'ReviewDecision' });
import { Trim } from '../common/validation.js';
import { SubmissionView } from '../submissions/submission.view.js';

@InputType()
export class CreateAssessmentInput {
  @Field()
  @IsString()
  @Trim()
  @Length(2, 200, { message: 'must be $constraint1 to $constraint2 characters long, spaces around it not counted' })
  title: string;

  @Field(() => [String], { description: 'Published exercises, in the order candidates see them.' })
  @ArrayMinSize(1, { message: 'must list at least one exercise' })
  @ArrayMaxSize(20, { message: 'must list at most $constraint1 exercises' })
  @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { each: true, message: 'must contain exercise slugs' })
  exerciseSlugs: string[];

  @Field(() => Int, { description: 'Minutes each candidate has once they open their invitation.' })
  @IsInt()
  @Min(1, { message: 'must be at least $constraint1 minute' })
  @Max(1440, { message: 'must be at most $constraint1 minutes (24 hours)' })
  timeLimitMinutes: number;

  @Field({ nullable: true, description: 'Default: now.' })
  @IsOptional()
  @IsDate()
  opensAt?: Date;

  @Field({ nullable: true, description: 'Default: 14 days after opening.' })
  @IsOptional()
  @IsDate()
  closesAt?: Date;
}

@InputType()
export class InviteCandidateInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be an assessment id' })
  assessmentId: string;

  @Field()
  @IsEmail({}, { message: 'must be a valid email address' })
  @MaxLength(254)
  email: string;
}

@InputType()
export class CriterionRatingInput {
  @Field({ description: 'What is rated, e.g. "code quality" (1–40 letters, digits, spaces, - or _).' })
  @IsString()
  @Matches(/^[\p{L}\p{N}][\p{L}\p{N} _-]{0,39}$/u, {
    message: 'must be 1 to 40 letters, digits, spaces, - or _, starting with a letter or digit',
  })
  criterion: string;

  @Field(() => Int, { description: '1 (weak) to 5 (strong).' })
  @IsInt()
  @Min(1, { message: 'must be from 1 to 5' })
  @Max(5, { message: 'must be from 1 to 5' })
  rating: number;
}

@InputType({ description: "Updates the caller's own scorecard of the candidate; fields left out stay as they were." })
export class ReviewCandidateInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be an invitation id' })
  invitationId: string;

  @Field(() => Int, { nullable: true, description: 'Shorthand for the criterion "overall": 1 (weak) to 5 (strong).' })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'must be from 1 to 5' })
  @Max(5, { message: 'must be from 1 to 5' })
  rating?: number;

  @Field(() => [CriterionRatingInput], { nullable: true, description: 'A rating per criterion (at most 20).' })
  @IsOptional()
  @ArrayMaxSize(20, { message: 'must list at most $constraint1 criteria' })
  @ValidateNested({ each: true })
  @Type(() => CriterionRatingInput)
  ratings?: CriterionRatingInput[];

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10000, { message: 'must be at most $constraint1 characters' })
  notes?: string;

  @Field(() => ReviewDecision, { nullable: true, description: 'ADVANCE, HOLD or REJECT; recorded in the audit log.' })
  @IsOptional()
  @IsEnum(ReviewDecision, { message: 'must be ADVANCE, HOLD or REJECT' })
  decision?: ReviewDecision;
}

@ObjectType('CriterionRating')
export class CriterionRatingView {
  @Field() criterion: string;
  @Field(() => Int) rating: number;
}

@ObjectType('Scorecard', { description: "One reviewer's own scorecard of a candidate." })
export class ScorecardView {
  @Field(() => String, { nullable: true }) reviewerId: string | null;
  @Field(() => String, { nullable: true }) reviewerEmail: string | null;
  @Field(() => [CriterionRatingView]) ratings: CriterionRatingView[];
  @Field() notes: string;
  @Field(() => ReviewDecision, { nullable: true }) decision: ReviewDecision | null;
  @Field() updatedAt: Date;
}

@ObjectType('AssessmentExercise')
export class AssessmentExerciseView {
  @Field() slug: string;
  @Field() title: string;
  @Field(() => Int) version: number;
}

@ObjectType('Assessment')
export class AssessmentView {
  @Field(() => ID) id: string;
  @Field() title: string;
  @Field(() => Int) timeLimitMinutes: number;
  @Field() opensAt: Date;
  @Field() closesAt: Date;
  @Field(() => [AssessmentExerciseView]) exercises: AssessmentExerciseView[];
}

@ObjectType('Invitation', { description: 'The token is shown once, here; only its hash is stored.' })
export class InvitationView {
  @Field(() => ID) id: string;
  @Field() email: string;
  @Field() token: string;
  @Field({ description: 'Path of the link to send the candidate.' }) link: string;
}

@ObjectType('AssessmentAttempt')
export class AttemptView {
  @Field(() => ID) invitationId: string;
  @Field(() => ID) assessmentId: string;
  @Field() title: string;
  @Field() startedAt: Date;
  @Field() deadlineAt: Date;
  @Field(() => [AssessmentExerciseView]) exercises: AssessmentExerciseView[];
}

@ObjectType('ExerciseResult', { description: "One candidate's results on one exercise of an assessment." })
export class ExerciseResultView {
  @Field() exerciseSlug: string;
  @Field() passed: boolean;
  @Field(() => Float, {
    nullable: true,
    description:
      'Test accuracy of the best submission, as graded: the mean of its two runs when it was close to the threshold.',
  })
  bestAccuracy: number | null;
  @Field({
    description:
      "The best submission's result was close to the threshold (within its 95 % interval or 2 σ_seed): it was trained a second time with another seed and graded on the mean of the two runs (see the submission's `runs`).",
  })
  closeToThreshold: boolean;
  @Field(() => Float, { nullable: true }) accuracyLow: number | null;
  @Field(() => Float, { nullable: true }) accuracyHigh: number | null;
  @Field(() => Float, { nullable: true }) paramCount: number | null;
  @Field(() => Float, { nullable: true }) trainingSeconds: number | null;
  @Field(() => Int) attempts: number;
  @Field(() => Float, {
    nullable: true,
    description:
      "Best grade score of the attempt, 0–100 (CODING: share of tests passed, hidden included; QUIZ: the quiz score; MODEL: the grader's score, 60 at the threshold); null before any graded submission.",
  })
  score: number | null;
  @Field(() => Int, {
    description:
      'Practice submissions on this exercise refused while the attempt was open (ASSESSMENT_IN_PROGRESS); the times are in the audit log.',
  })
  practiceRefused: number;
}

@ObjectType('CandidateRow')
export class CandidateRowView {
  @Field(() => ID) invitationId: string;
  @Field() email: string;
  @Field(() => String, { nullable: true }) displayName: string | null;
  @Field({ description: 'INVITED, IN_PROGRESS, FINISHED or REVOKED' }) state: string;
  @Field({ description: 'When the invitation was first sent.' }) invitedAt: Date;
  @Field(() => Date, { nullable: true, description: 'When revokeInvitation revoked it.' }) revokedAt: Date | null;
  @Field(() => Date, { nullable: true }) startedAt: Date | null;
  @Field(() => Date, { nullable: true }) deadlineAt: Date | null;
  @Field(() => Int, { nullable: true }) timeUsedSeconds: number | null;
  @Field(() => [ExerciseResultView]) results: ExerciseResultView[];
  @Field(() => Float, {
    description: "Mean of the exercises' scores (an exercise without a graded submission counts 0), 0–100.",
  })
  totalScore: number;
  @Field(() => Int, {
    nullable: true,
    description: 'Place by total score among the candidates who started (1 = best; equal totals share a place).',
  })
  rank: number | null;
  @Field(() => [ScorecardView], { description: "Every reviewer's scorecard, oldest first." })
  scorecards: ScorecardView[];
  @Field(() => Float, { nullable: true, description: 'Mean of every rating in every scorecard.' })
  meanRating: number | null;
}

@ObjectType('AssessmentReport')
export class AssessmentReportView {
  @Field(() => AssessmentView) assessment: AssessmentView;
  @Field(() => [CandidateRowView]) candidates: CandidateRowView[];
}

@ObjectType('CandidateReport')
export class CandidateReportView {
  @Field(() => CandidateRowView) candidate: CandidateRowView;
  @Field(() => [SubmissionView], { description: 'Every submission with code, per-epoch curves, grade and feedback.' })
  submissions: SubmissionView[];
}

@ObjectType('SimilaritySide')
export class SimilaritySideView {
  @Field(() => String, { nullable: true, description: 'Null for the reference solution.' }) submissionId: string | null;
  @Field(() => String, { nullable: true }) candidateEmail: string | null;
  @Field(() => [String], { description: 'Matching line ranges in this side\'s code, e.g. "12-30".' }) lines: string[];
  @Field(() => Date, { nullable: true, description: 'When this submission was made (null for the reference).' })
  submittedAt: Date | null;
  @Field({ description: 'The whole code of this side, for a side-by-side diff.' }) code: string;
}

@ObjectType('SimilarityFlag', { description: 'A pair for a human to look at; never an automatic rejection.' })
export class SimilarityFlagView {
  @Field() exerciseSlug: string;
  @Field(() => SimilaritySideView) a: SimilaritySideView;
  @Field(() => SimilaritySideView) b: SimilaritySideView;
  @Field(() => [String], {
    description:
      'CODE (near-identical after normalising names and formatting) and/or ARCHITECTURE (identical layer for layer).',
  })
  reasons: string[];
  @Field(() => Float) score: number;
  @Field() againstReference: boolean;
  @Field(() => [String], { nullable: true }) sharedLayers: string[] | null;
  @Field() summary: string;
}
