import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ExerciseVersionEntity } from './exercise-version.entity.js';
import { ExerciseEntity } from './exercise.entity.js';
import { ExercisesService } from './exercises.service.js';

/**
 * What both processes share of exercises: the tables and the service other features read them
 * through. Imported by ExercisesModule (api, with the resolver) and GradingModule (worker).
 */
@Module({
  imports: [TypeOrmModule.forFeature([ExerciseEntity, ExerciseVersionEntity])],
  providers: [ExercisesService],
  exports: [ExercisesService],
})
export class ExercisesCoreModule {}
