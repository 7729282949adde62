import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type ValidationStatus = 'QUEUED' | 'RUNNING' | 'PASSED' | 'FAILED' | 'ERROR';

/** How one solution of the exercise fared in a validation run. */
export interface SolutionCheck {
  solution: string;
  mustPass: boolean;
  passed: boolean;
  ok: boolean;
  accuracy?: number;
  interval?: { low: number; high: number };
  /** English (API clients, logs). */
  summary: string;
  /** The same in Simplified Chinese; absent on runs made before it was written. */
  summaryZhCN?: string;
}

/** One trained epoch of one solution (0-based epoch, as the trainer logs it), for the curves. */
export interface ValidationEpoch {
  solution: string;
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss?: number;
  valAccuracy?: number;
}

/** Where a running validation is: the part being checked and, while training, the batch. */
export interface ValidationProgress {
  solution: string;
  stage: 'build' | 'train' | 'evaluate' | 'test';
  epoch?: number;
  batch?: number;
  batchesInEpoch?: number;
}

@Entity({ name: 'exercise_validations' })
export class ExerciseValidationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'exercise_version_id', type: 'uuid' })
  exerciseVersionId: string;

  /** The draft content this run checked; an edit after it makes the run stale. */
  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash: string;

  @Column({ name: 'requested_by', type: 'uuid', nullable: true })
  requestedBy: string | null;

  @Column({
    type: 'enum',
    enum: ['QUEUED', 'RUNNING', 'PASSED', 'FAILED', 'ERROR'],
    enumName: 'validation_status',
    default: 'QUEUED',
  })
  status: ValidationStatus;

  /** English (API clients, logs). */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** The reason in Simplified Chinese; null on runs made before it was written. */
  @Column({ name: 'reason_zh_cn', type: 'text', nullable: true })
  reasonZhCN: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  results: SolutionCheck[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  epochs: ValidationEpoch[];

  /** Null before the run starts and once it ends. */
  @Column({ type: 'jsonb', nullable: true })
  progress: ValidationProgress | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
