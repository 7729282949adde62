import { Module } from '@nestjs/common';
import { ExercisesCoreModule } from './exercises-core.module.js';
import { ExercisesResolver } from './exercises.resolver.js';

@Module({
  imports: [ExercisesCoreModule],
  providers: [ExercisesResolver],
  exports: [ExercisesCoreModule],
})
export class ExercisesModule {}
