import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Roles } from '../access/access.decorators.js';
import { Role } from '../access/role.enum.js';
import { parseLocale, pick } from '../common/locale.js';
import { ExercisesService } from '../exercises/exercises.service.js';
import { AuditService } from '../audit/audit.service.js';
import { BankExerciseView, InvitationCountsView, PracticeRefusalView } from './assessment-overview.types.js';
import { AssessmentView, CandidateReportView } from './assessment.types.js';
import { PRACTICE_REFUSED } from './assessment-attempts.js';
import { InvitationsRepository } from './invitations.repository.js';

/** What the hiring manager's dashboard and "new assessment" page read beside the assessments themselves. */
@Resolver(() => AssessmentView)
export class AssessmentOverviewResolver {
  constructor(
    private readonly invitations: InvitationsRepository,
    private readonly exercises: ExercisesService,
  ) {}

  @ResolveField(() => String, { description: 'SCHEDULED (before opensAt), OPEN or CLOSED (after closesAt).' })
  status(@Parent() a: AssessmentView): string {
    const now = Date.now();
    return now < a.opensAt.getTime() ? 'SCHEDULED' : now >= a.closesAt.getTime() ? 'CLOSED' : 'OPEN';
  }

  @ResolveField(() => InvitationCountsView)
  async invitationCounts(@Parent() a: AssessmentView): Promise<InvitationCountsView> {
    const counts = await this.invitations.counts([a.id]);
    return counts.get(a.id) ?? { invited: 0, started: 0, finished: 0, revoked: 0 };
  }

  @Query(() => [BankExerciseView], {
    description:
      'Every published exercise (assessment-only ones included) with its type, difficulty and how often assessments used it, by track.',
  })
  @Roles(Role.HIRING_MANAGER)
  async exerciseBank(@Args('locale', { nullable: true }) locale?: string): Promise<BankExerciseView[]> {
    const lang = parseLocale(locale);
    return (await this.exercises.allPublished())
      .map(({ exercise, version }) => ({
        slug: exercise.slug,
        title: pick(version.title, lang),
        type: exercise.type,
        difficulty: version.difficulty,
        trackSlug: exercise.track?.slug ?? '',
        trackTitle: exercise.track ? pick(exercise.track.title, lang) : '',
        version: version.version,
        assessmentExposures: exercise.assessmentExposures,
        assessmentOnly: exercise.assessmentOnly,
      }))
      .sort((x, y) => x.trackSlug.localeCompare(y.trackSlug) || x.difficulty - y.difficulty);
  }
}

/** A candidate's report: the practice refused during the attempt, each with its time, apart from the attempt's submissions. */
@Resolver(() => CandidateReportView)
export class CandidateReportFieldsResolver {
  constructor(private readonly audit: AuditService) {}

  @ResolveField(() => [PracticeRefusalView], {
    description: 'Practice refused while the attempt was open, oldest first.',
  })
  async practiceRefusals(@Parent() report: CandidateReportView): Promise<PracticeRefusalView[]> {
    const events = await this.audit.about(PRACTICE_REFUSED, [report.candidate.invitationId]);
    return events
      .map((e) => ({ exerciseSlug: String(e.details.exerciseSlug ?? ''), at: e.createdAt }))
      .sort((a, b) => a.at.getTime() - b.at.getTime());
  }
}
