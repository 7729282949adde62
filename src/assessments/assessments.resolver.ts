import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { IdArg } from '../common/validation.js';
import { Authenticated, CurrentUser, Roles, type AuthUser } from '../access/access.decorators.js';
import { Role } from '../access/role.enum.js';
import { parseLocale } from '../common/locale.js';
import { ExerciseView } from '../exercises/exercise.view.js';
import {
  AssessmentReportView,
  AssessmentView,
  AttemptView,
  CandidateReportView,
  CandidateRowView,
  CreateAssessmentInput,
  InvitationView,
  InviteCandidateInput,
  ReviewCandidateInput,
  SimilarityFlagView,
} from './assessment.types.js';
import { AssessmentsService } from './assessments.service.js';

@Resolver(() => AssessmentView)
export class AssessmentsResolver {
  constructor(private readonly service: AssessmentsService) {}

  @Mutation(() => AssessmentView, {
    description: 'Builds a timed assessment from published exercises, each pinned to its current version.',
  })
  @Roles(Role.HIRING_MANAGER)
  createAssessment(
    @CurrentUser() user: AuthUser,
    @Args('input') input: CreateAssessmentInput,
  ): Promise<AssessmentView> {
    return this.service.create(user, input);
  }

  @Query(() => [AssessmentView], { description: "Your organisation's assessments." })
  @Roles(Role.HIRING_MANAGER)
  assessments(@CurrentUser() user: AuthUser): Promise<AssessmentView[]> {
    return this.service.list(user);
  }

  @Mutation(() => InvitationView, {
    description: 'Invites a candidate by email; returns a single-use link (shown once).',
  })
  @Roles(Role.HIRING_MANAGER)
  inviteCandidate(@CurrentUser() user: AuthUser, @Args('input') input: InviteCandidateInput): Promise<InvitationView> {
    return this.service.invite(user, input.assessmentId, input.email);
  }

  @Mutation(() => AttemptView, { description: "Opens an invitation link and starts the candidate's timed attempt." })
  @Authenticated()
  startAssessment(@CurrentUser() user: AuthUser, @Args('token') token: string): Promise<AttemptView> {
    return this.service.start(user, token);
  }

  @Query(() => AttemptView, {
    description:
      'Your attempt at an assessment you opened: its exercises, start and deadline (FORBIDDEN before you opened the link).',
  })
  @Authenticated()
  myAssessmentAttempt(
    @CurrentUser() user: AuthUser,
    @IdArg('assessmentId') assessmentId: string,
  ): Promise<AttemptView> {
    return this.service.myAttempt(user, assessmentId);
  }

  @Query(() => ExerciseView, {
    description:
      "An exercise of an assessment as its candidates see it: the version the assessment pinned, assessment-only ones included. For the candidate who opened the invitation and the organisation's managers.",
  })
  @Authenticated()
  assessmentExercise(
    @CurrentUser() user: AuthUser,
    @IdArg('assessmentId') assessmentId: string,
    @Args('slug') slug: string,
    @Args('locale', { nullable: true }) locale?: string,
  ): Promise<ExerciseView> {
    return this.service.exercise(user, assessmentId, slug, parseLocale(locale));
  }

  @Query(() => AssessmentReportView, { description: 'The comparison table of an assessment.' })
  @Roles(Role.HIRING_MANAGER)
  assessmentReport(
    @CurrentUser() user: AuthUser,
    @IdArg('assessmentId') assessmentId: string,
  ): Promise<AssessmentReportView> {
    return this.service.report(user, assessmentId);
  }

  @Query(() => String, { description: 'The comparison table as CSV.' })
  @Roles(Role.HIRING_MANAGER)
  assessmentCsv(@CurrentUser() user: AuthUser, @IdArg('assessmentId') assessmentId: string): Promise<string> {
    return this.service.csv(user, assessmentId);
  }

  @Query(() => CandidateReportView, {
    description: "One candidate's submissions in an assessment: code, curves, grades.",
  })
  @Roles(Role.HIRING_MANAGER)
  candidateReport(
    @CurrentUser() user: AuthUser,
    @IdArg('invitationId') invitationId: string,
  ): Promise<CandidateReportView> {
    return this.service.candidateReport(user, invitationId);
  }

  @Query(() => [SimilarityFlagView], {
    description:
      'Near-identical code or identical architectures between candidates (and against the reference), with the evidence. Never an automatic rejection.',
  })
  @Roles(Role.HIRING_MANAGER)
  assessmentSimilarity(
    @CurrentUser() user: AuthUser,
    @IdArg('assessmentId') assessmentId: string,
  ): Promise<SimilarityFlagView[]> {
    return this.service.similarity(user, assessmentId);
  }

  @Mutation(() => CandidateRowView, { description: 'A rating (1–5) and notes on a candidate (audited).' })
  @Roles(Role.HIRING_MANAGER)
  reviewCandidate(
    @CurrentUser() user: AuthUser,
    @Args('input') input: ReviewCandidateInput,
  ): Promise<CandidateRowView> {
    return this.service.review(user, input);
  }
}
