import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'assessments' })
export class AssessmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ name: 'time_limit_minutes', type: 'integer' })
  timeLimitMinutes: number;

  @Column({ name: 'opens_at', type: 'timestamptz' })
  opensAt: Date;

  @Column({ name: 'closes_at', type: 'timestamptz' })
  closesAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** One exercise of an assessment, pinned to the version it was built with. */
@Entity({ name: 'assessment_items' })
export class AssessmentItemEntity {
  @PrimaryColumn({ name: 'assessment_id', type: 'uuid' })
  assessmentId: string;

  @PrimaryColumn({ type: 'integer' })
  position: number;

  @Column({ name: 'exercise_id', type: 'uuid' })
  exerciseId: string;

  @Column({ name: 'exercise_version_id', type: 'uuid' })
  exerciseVersionId: string;
}

/** A single-use invitation; only the SHA-256 of its token is stored. */
@Entity({ name: 'invitations' })
export class InvitationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'assessment_id', type: 'uuid' })
  assessmentId: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  @Column({ name: 'invited_by', type: 'uuid', nullable: true })
  invitedBy: string | null;

  @Column({ name: 'candidate_id', type: 'uuid', nullable: true })
  candidateId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'deadline_at', type: 'timestamptz', nullable: true })
  deadlineAt: Date | null;

  /** Set by revokeInvitation: the link stops working and an attempt under way ends then. */
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}

export enum ReviewDecision {
  ADVANCE = 'ADVANCE',
  HOLD = 'HOLD',
  REJECT = 'REJECT',
}

/** One reviewer's scorecard of one candidate: a rating (1–5) per criterion, notes, a decision. */
@Entity({ name: 'review_scorecards' })
export class ScorecardEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'invitation_id', type: 'uuid' })
  invitationId: string;

  @Column({ name: 'reviewer_id', type: 'uuid', nullable: true })
  reviewerId: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  ratings: Record<string, number>;

  @Column({ type: 'text', default: '' })
  notes: string;

  @Column({ type: 'enum', enum: ReviewDecision, enumName: 'review_decision', nullable: true })
  decision: ReviewDecision | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * The code in a candidate's editor during an attempt, saved as they type (one row per exercise
 * of the attempt), so a reload or a lost connection loses nothing. Not a submission: never graded.
 */
@Entity({ name: 'assessment_drafts' })
export class AssessmentDraftEntity {
  @PrimaryColumn({ name: 'invitation_id', type: 'uuid' })
  invitationId: string;

  @PrimaryColumn({ name: 'exercise_slug', type: 'varchar', length: 64 })
  exerciseSlug: string;

  @Column({ type: 'varchar', length: 20 })
  language: string;

  @Column({ type: 'text' })
  code: string;

  @UpdateDateColumn({ name: 'saved_at', type: 'timestamptz' })
  savedAt: Date;
}
