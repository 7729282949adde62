import { Column, Entity, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import type { LocalizedText } from '../common/locale.js';
import { SkillEntity } from './skill.entity.js';

/** One entry of a track's ordered exercise list: an exercise's slug, or a planned one. */
export interface TrackEntry {
  slug: string;
  planned: boolean;
  title?: LocalizedText;
  summary?: LocalizedText;
}

@Entity({ name: 'tracks' })
export class TrackEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  slug: string;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'jsonb' })
  title: LocalizedText;

  @Column({ type: 'jsonb' })
  summary: LocalizedText;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  sources: string[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  entries: TrackEntry[];

  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @OneToMany(() => SkillEntity, (skill) => skill.track)
  skills?: Relation<SkillEntity[]>;
}
