import { Module } from '@nestjs/common';
import { ExercisesModule } from '../exercises/exercises.module.js';
import { LearningRepository } from './learning.repository.js';
import { LearningResolver } from './learning.resolver.js';
import { LearningService } from './learning.service.js';

/** Learning support in practice: hints one at a time, the explanation after a pass or enough attempts. */
@Module({
  imports: [ExercisesModule],
  providers: [LearningRepository, LearningService, LearningResolver],
})
export class LearningModule {}
