import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { LocalizedText } from '../common/locale.js';
import { ExerciseOrigin, ExerciseType } from './exercise.types.js';
import { ExerciseVersionEntity } from './exercise-version.entity.js';

/** What an exercise reads of its track (the `tracks` row, joined by name). */
export interface TrackRef {
  slug: string;
  title: LocalizedText;
}

/** The stable identity of an exercise; its content lives in numbered versions. */
@Entity({ name: 'exercises' })
export class ExerciseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  slug: string;

  @Column({ name: 'track_id', type: 'uuid' })
  trackId: string;

  // Named, not imported: tracks list exercises (tracks → exercises), so exercises only know a
  // track by the two columns their view shows.
  @ManyToOne('TrackEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'track_id', foreignKeyConstraintName: 'fk_exercises_track' })
  track?: TrackRef;

  @Column({ type: 'enum', enum: ExerciseType, enumName: 'exercise_type' })
  type: ExerciseType;

  /** FILE: synced from exercises/; API: authored by a mentor. Sync never touches API ones. */
  @Column({ type: 'enum', enum: ExerciseOrigin, enumName: 'exercise_origin' })
  origin: ExerciseOrigin;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  /** Kept out of practice: only reachable through an assessment. */
  @Column({ name: 'assessment_only', type: 'boolean', default: false })
  assessmentOnly: boolean;

  /** Set when retired: out of practice and tracks; kept for history and the assessments that pinned it. */
  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt: Date | null;

  /** How many assessments have included it (to rotate over-exposed tasks). */
  @Column({ name: 'assessment_exposures', type: 'integer', default: 0 })
  assessmentExposures: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @OneToMany(() => ExerciseVersionEntity, (v) => v.exercise)
  versions?: Relation<ExerciseVersionEntity[]>;
}
