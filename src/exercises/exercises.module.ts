import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ExerciseVersionEntity } from './exercise-version.entity.js';
import { ExerciseEntity } from './exercise.entity.js';
import { ExercisesResolver } from './exercises.resolver.js';
import { ExercisesService } from './exercises.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([ExerciseEntity, ExerciseVersionEntity])],
  providers: [ExercisesService, ExercisesResolver],
  exports: [ExercisesService],
})
export class ExercisesModule {}
