import { Module } from '@nestjs/common';
import { ExercisesModule } from '../exercises/exercises.module.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { SubmissionsModule } from '../submissions/submissions.module.js';
import { UsersModule } from '../users/users.module.js';
import { AssessmentDraftsResolver } from './assessment-drafts.resolver.js';
import { AssessmentDraftsService } from './assessment-drafts.service.js';
import { AssessmentsResolver } from './assessments.resolver.js';
import { AssessmentsService } from './assessments.service.js';
import { StartPageController } from './start-page.controller.js';
import { AssessmentOverviewResolver, CandidateReportFieldsResolver } from './assessment-overview.resolver.js';
import { InvitationsRepository } from './invitations.repository.js';
import { InvitationsResolver } from './invitations.resolver.js';
import { InvitationsService } from './invitations.service.js';

@Module({
  imports: [OrganisationsModule, ExercisesModule, SubmissionsModule, UsersModule],
  controllers: [StartPageController],
  providers: [
    AssessmentsService,
    AssessmentsResolver,
    AssessmentOverviewResolver,
    CandidateReportFieldsResolver,
    InvitationsRepository,
    InvitationsService,
    InvitationsResolver,
    AssessmentDraftsService,
    AssessmentDraftsResolver,
  ],
})
export class AssessmentsModule {}
