import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ExercisesModule } from '../exercises/exercises.module.js';
import { CatalogueRepository } from './catalogue.repository.js';
import { SkillEntity } from './skill.entity.js';
import { TrackEntity } from './track.entity.js';
import { TracksResolver } from './tracks.resolver.js';
import { TracksService } from './tracks.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([TrackEntity, SkillEntity]), ExercisesModule],
  providers: [CatalogueRepository, TracksService, TracksResolver],
  exports: [CatalogueRepository],
})
export class TracksModule {}
