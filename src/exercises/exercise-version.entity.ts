import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { LocalizedText } from '../common/locale.js';
import { ExerciseEntity } from './exercise.entity.js';
import {
  VersionStatus,
  type DatasetName,
  type ModelBudgetSpec,
  type ModelCalibrationSpec,
  type ModelTaskSpec,
} from './exercise.types.js';
import type { QuizFile } from '../coding/quiz-file.js';
import type { StoredCodingTests } from '../coding/stored-tests.js';

/**
 * One version of an exercise's content. A published version is immutable (a database
 * trigger refuses updates); every submission points at the version it was made against.
 */
@Entity({ name: 'exercise_versions' })
export class ExerciseVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'exercise_id', type: 'uuid' })
  exerciseId: string;

  @ManyToOne(() => ExerciseEntity, (e) => e.versions, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'exercise_id', foreignKeyConstraintName: 'fk_exercise_versions_exercise' })
  exercise?: Relation<ExerciseEntity>;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'enum', enum: VersionStatus, enumName: 'exercise_version_status' })
  status: VersionStatus;

  @Column({ type: 'jsonb' })
  title: LocalizedText;

  @Column({ type: 'jsonb' })
  summary: LocalizedText;

  @Column({ type: 'jsonb' })
  statement: LocalizedText;

  @Column({ type: 'smallint' })
  difficulty: number;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  skills: string[];

  @Column({ type: 'varchar', length: 32, nullable: true })
  dataset: DatasetName | null;

  @Column({ type: 'jsonb', nullable: true })
  task: ModelTaskSpec | null;

  @Column({ type: 'jsonb', nullable: true })
  budget: ModelBudgetSpec | null;

  @Column({ type: 'varchar', length: 64 })
  grader: string;

  @Column({ type: 'double precision', nullable: true })
  threshold: number | null;

  /** MODEL, grader threshold-and-gap: how far the final train accuracy may lie above the test accuracy (0..1). */
  @Column({ name: 'max_gap', type: 'double precision', nullable: true })
  maxGap: number | null;

  /** MODEL: the calibration table from exercise.yaml; its reference σ is σ_seed for the close-to-threshold second run. */
  @Column({ type: 'jsonb', nullable: true })
  calibration: ModelCalibrationSpec | null;

  @Column({ name: 'starter_code', type: 'text' })
  starterCode: string;

  @Column({ name: 'reference_code', type: 'text' })
  referenceCode: string;

  @Column({ name: 'baseline_code', type: 'text', nullable: true })
  baselineCode: string | null;

  /** Further solutions that must pass (e.g. a well-chosen small model), by name. */
  @Column({ name: 'extra_solutions', type: 'jsonb', default: () => "'{}'" })
  extraSolutions: Record<string, string>;

  /** CODING: the export the tests call (`default` or a name). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  entry: string | null;

  /** CODING in Python (optional): the function the tests call, snake_case (exercise.yaml's python-entry). */
  @Column({ name: 'python_entry', type: 'varchar', length: 64, nullable: true })
  pythonEntry: string | null;

  /** CODING in Python: starter.py (fails some tests) and reference.py (passes all); null when not offered. */
  @Column({ name: 'python_starter_code', type: 'text', nullable: true })
  pythonStarterCode: string | null;

  @Column({ name: 'python_reference_code', type: 'text', nullable: true })
  pythonReferenceCode: string | null;

  /**
   * CODING: every test, hidden ones included, in the sandbox's wire form (JSON cannot hold
   * NaN or ±Infinity, which tests use); read with codingTests() from src/coding/stored-tests.ts.
   * Never sent to a candidate as is.
   */
  @Column({ type: 'jsonb', nullable: true })
  tests: StoredCodingTests | null;

  /** QUIZ: questions with the answer key and explanations. Never sent to a candidate as is. */
  @Column({ type: 'jsonb', nullable: true })
  quiz: QuizFile | null;

  /** Practice only: hints in the order they are revealed, one at a time (src/learning). */
  @Column({ type: 'jsonb', nullable: true })
  hints: LocalizedText[] | null;

  /** Practice only: Markdown shown with the reference solution once unlocked (src/learning). */
  @Column({ type: 'jsonb', nullable: true })
  explanation: LocalizedText | null;

  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;
}
