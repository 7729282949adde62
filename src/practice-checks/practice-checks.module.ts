import { Module } from '@nestjs/common';
import { CheckPoolModule } from '../check-pool/check-pool.module.js';
import { ExercisesModule } from '../exercises/exercises.module.js';
import { PracticeChecksResolver } from './practice-checks.resolver.js';
import { PracticeChecksService } from './practice-checks.service.js';

/** checkModel and runVisibleTests, served by the API's check pool (CheckPoolModule). */
@Module({
  imports: [ExercisesModule, CheckPoolModule],
  providers: [PracticeChecksService, PracticeChecksResolver],
})
export class PracticeChecksModule {}
