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

@Module({
  imports: [OrganisationsModule, ExercisesModule, SubmissionsModule, UsersModule],
  controllers: [StartPageController],
  providers: [AssessmentsService, AssessmentsResolver, AssessmentDraftsService, AssessmentDraftsResolver],
})
export class AssessmentsModule {}
