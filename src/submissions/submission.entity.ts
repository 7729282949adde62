import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { JsonObject } from '../common/json.js';
import {
  ErrorKind,
  SubmissionLanguage,
  SubmissionStage,
  SubmissionStatus,
  type StoredEvaluation,
  type StoredReconstruction,
  type StoredGrade,
  type StoredRun,
} from './submission.types.js';

@Entity({ name: 'submissions' })
export class SubmissionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'exercise_id', type: 'uuid' })
  exerciseId: string;

  /** The exercise version the submission was made against; it never changes. */
  @Column({ name: 'exercise_version_id', type: 'uuid' })
  exerciseVersionId: string;

  /** Set when the submission was made in a timed assessment attempt. */
  @Column({ name: 'invitation_id', type: 'uuid', nullable: true })
  invitationId: string | null;

  @Column({ type: 'enum', enum: SubmissionLanguage, enumName: 'submission_language' })
  language: SubmissionLanguage;

  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'enum', enum: SubmissionStatus, enumName: 'submission_status', default: SubmissionStatus.QUEUED })
  status: SubmissionStatus;

  @Column({ type: 'varchar', length: 16, nullable: true })
  stage: SubmissionStage | null;

  /** Why the submission is where it is; required once it is final. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'error_kind', type: 'enum', enum: ErrorKind, enumName: 'submission_error_kind', nullable: true })
  errorKind: ErrorKind | null;

  @Column({ name: 'error_code', type: 'varchar', length: 32, nullable: true })
  errorCode: string | null;

  /** Where the candidate's compile or runtime error was (1-based), when the sandbox could tell. */
  @Column({ name: 'error_line', type: 'integer', nullable: true })
  errorLine: number | null;

  @Column({ name: 'error_column', type: 'integer', nullable: true })
  errorColumn: number | null;

  /** What the code printed (console.log & co.), bounded by SANDBOX_CONSOLE_*; a cut ends with a line saying so. */
  @Column({ name: 'console_output', type: 'text', nullable: true })
  consoleOutput: string | null;

  /** True once the candidate's code was judged (pass, fail, or their own error). Our failures never count. */
  @Column({ name: 'counts_as_attempt', type: 'boolean', default: false })
  countsAsAttempt: boolean;

  @Column({ name: 'infra_failures', type: 'integer', default: 0 })
  infraFailures: number;

  @Column({ name: 'cancel_requested', type: 'boolean', default: false })
  cancelRequested: boolean;

  /** The engine in full: backend, libraries, instruction set, threads (text: it outgrew 64 characters). */
  @Column({ type: 'text', nullable: true })
  engine: string | null;

  @Column({
    name: 'param_count',
    type: 'bigint',
    nullable: true,
    transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) },
  })
  paramCount: number | null;

  @Column({ name: 'training_seconds', type: 'double precision', nullable: true })
  trainingSeconds: number | null;

  @Column({ type: 'jsonb', nullable: true })
  evaluation: StoredEvaluation | null;

  @Column({ type: 'jsonb', nullable: true })
  grade: StoredGrade | null;

  /** Reconstruction exercises: the test MSE with its interval (evaluation stays null: nothing is classified). */
  @Column({ type: 'jsonb', nullable: true })
  reconstruction: StoredReconstruction | null;

  /** MODEL: each training run (seed, accuracy, interval, seconds, curve); two when the first was close to the threshold. */
  @Column({ type: 'jsonb', nullable: true })
  runs: StoredRun[] | null;

  /** The first run's accuracy lay within max(its interval's half-width, 2 σ_seed) of the threshold: graded on the mean of two runs. */
  @Column({ name: 'close_to_threshold', type: 'boolean', default: false })
  closeToThreshold: boolean;

  /** The validated model topology (MODEL exercises), kept for similarity checks. */
  @Column({ type: 'jsonb', nullable: true })
  topology: JsonObject | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
