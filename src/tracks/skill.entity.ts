import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { LocalizedText } from '../common/locale.js';
import { TrackEntity } from './track.entity.js';

@Entity({ name: 'skills' })
export class SkillEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  slug: string;

  @Column({ name: 'track_id', type: 'uuid' })
  trackId: string;

  @ManyToOne(() => TrackEntity, (track) => track.skills, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'track_id', foreignKeyConstraintName: 'fk_skills_track' })
  track?: Relation<TrackEntity>;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'jsonb' })
  title: LocalizedText;

  @Column({ type: 'jsonb' })
  description: LocalizedText;
}
