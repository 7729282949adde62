import { Module } from '@nestjs/common';
import { ExercisesModule } from '../exercises/exercises.module.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { SubmissionsModule } from '../submissions/submissions.module.js';
import { AssessmentsResolver } from './assessments.resolver.js';
import { AssessmentsService } from './assessments.service.js';
import { StartPageController } from './start-page.controller.js';

@Module({
  imports: [OrganisationsModule, ExercisesModule, SubmissionsModule],
  controllers: [StartPageController],
  providers: [AssessmentsService, AssessmentsResolver],
})
export class AssessmentsModule {}
