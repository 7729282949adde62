import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { SubmissionEntity } from './submission.entity.js';
import type { SubmissionStatus } from './submission.types.js';

/** Per-candidate best result of an assessment's exercise, as the candidate table shows it. */
export interface InvitationExerciseStats {
  invitationId: string;
  slug: string;
  passed: boolean;
  attempts: number;
  /** Highest grade score among the submissions, null when none has one. */
  bestScore: number | null;
  bestId: string;
}

export interface ProgressRow {
  slug: string;
  submissions: number;
  attempts: number;
  solved: boolean;
  best_score: number | null;
  last_submitted_at: Date;
}

/**
 * The SQL the submissions tables need beyond TypeORM's repositories: advisory locks, counts and
 * aggregates. Methods taking an EntityManager run inside the caller's transaction.
 */
@Injectable()
export class SubmissionsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Serialises one candidate's `submit` (count + insert) or `run` (claim a running slot) steps
   * until the transaction ends.
   */
  async lockCandidate(em: EntityManager, purpose: 'submit' | 'run', userId: string): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${purpose}:${userId}`]);
  }

  /** The candidate's RUNNING submissions other than `exceptId`. */
  async runningCount(em: EntityManager, userId: string, exceptId: string): Promise<number> {
    const [{ running }] = (await em.query(
      `SELECT count(*)::int AS running FROM submissions WHERE user_id = $1 AND status = 'RUNNING' AND id <> $2`,
      [userId, exceptId],
    )) as { running: number }[];
    return running;
  }

  /**
   * Practice attempts at one exercise in the last hour that count (or still wait or run), and
   * the seconds until the oldest of them leaves the hour (null when there is none).
   */
  async practiceAttemptsLastHour(
    em: EntityManager,
    userId: string,
    exerciseId: string,
  ): Promise<{ used: number; retry_after: number | null } | undefined> {
    const [row] = (await em.query(
      `SELECT count(*)::int AS used,
              ceil(extract(epoch FROM min(created_at) + interval '1 hour' - now()))::int AS retry_after
         FROM submissions
        WHERE user_id = $1 AND exercise_id = $2 AND invitation_id IS NULL
          AND created_at > now() - interval '1 hour'
          AND (counts_as_attempt OR status IN ('QUEUED', 'RUNNING'))`,
      [userId, exerciseId],
    )) as { used: number; retry_after: number | null }[];
    return row;
  }

  /** QUEUED or RUNNING submissions untouched for `seconds`, oldest first, at most 500. */
  async stale(seconds: number): Promise<{ id: string; status: SubmissionStatus }[]> {
    return (await this.db.query(
      `SELECT id, status FROM submissions
        WHERE status IN ('QUEUED', 'RUNNING') AND updated_at < now() - make_interval(secs => $1)
        ORDER BY created_at LIMIT 500`,
      [seconds],
    )) as { id: string; status: SubmissionStatus }[];
  }

  /** For each invitation and exercise: passed at all, attempts that count, the best submission by accuracy. */
  async invitationStats(invitationIds: string[]): Promise<InvitationExerciseStats[]> {
    const rows = (await this.db.query(
      `SELECT s.invitation_id, e.slug,
              bool_or(s.status = 'PASSED') AS passed,
              count(*) FILTER (WHERE s.counts_as_attempt)::int AS attempts,
              max((s.grade->>'score')::float8) AS best_score,
              (array_agg(s.id ORDER BY (s.evaluation->>'accuracy')::float8 DESC NULLS LAST, s.created_at))[1] AS best_id
         FROM submissions s JOIN exercises e ON e.id = s.exercise_id
        WHERE s.invitation_id = ANY($1)
        GROUP BY s.invitation_id, e.slug`,
      [invitationIds],
    )) as {
      invitation_id: string;
      slug: string;
      passed: boolean;
      attempts: number;
      best_score: number | null;
      best_id: string;
    }[];
    return rows.map((r) => ({
      invitationId: r.invitation_id,
      slug: r.slug,
      passed: r.passed,
      attempts: r.attempts,
      bestScore: r.best_score,
      bestId: r.best_id,
    }));
  }

  /** Mean seconds from a worker taking a job to its end, over the last `recent` graded submissions. */
  async averageJobSeconds(recent: number): Promise<number | null> {
    const [row] = (await this.db.query(
      `SELECT avg(extract(epoch FROM finished_at - started_at))::float8 AS seconds
         FROM (SELECT started_at, finished_at FROM submissions
                WHERE started_at IS NOT NULL AND finished_at IS NOT NULL AND language <> 'QUIZ_ANSWERS'
                ORDER BY finished_at DESC LIMIT $1) recent`,
      [recent],
    )) as { seconds: number | null }[];
    return row?.seconds ?? null;
  }

  /** Submissions waiting in the queue, and the age in seconds of the oldest (null when none waits). */
  async queuedSummary(): Promise<{ queued: number; oldest: number | null }> {
    const [row] = (await this.db.query(
      `SELECT count(*)::int AS queued, extract(epoch FROM now() - min(created_at))::float AS oldest
         FROM submissions WHERE status = 'QUEUED'`,
    )) as { queued: number; oldest: number | null }[];
    return row ?? { queued: 0, oldest: null };
  }

  /** Per exercise the caller submitted to: counts, solved or not, best score, last submission. */
  async progressRows(userId: string): Promise<ProgressRow[]> {
    return (await this.db.query(
      `SELECT e.slug,
              count(*)::int AS submissions,
              count(*) FILTER (WHERE s.counts_as_attempt)::int AS attempts,
              bool_or(s.status = 'PASSED') AS solved,
              max((s.grade->>'score')::float8) AS best_score,
              max(s.created_at) AS last_submitted_at
         FROM submissions s JOIN exercises e ON e.id = s.exercise_id
        WHERE s.user_id = $1
        GROUP BY e.slug`,
      [userId],
    )) as ProgressRow[];
  }

  /** An assessment attempt's submissions, oldest first (the manager's candidate report). */
  async ofInvitation(invitationId: string): Promise<SubmissionEntity[]> {
    return this.db.getRepository(SubmissionEntity).find({ where: { invitationId }, order: { createdAt: 'ASC' } });
  }

  /** What these attempts submitted for one exercise (the similarity check). */
  async ofInvitationsForExercise(invitationIds: string[], exerciseId: string): Promise<SubmissionEntity[]> {
    if (invitationIds.length === 0) return [];
    return this.db.getRepository(SubmissionEntity).find({ where: { invitationId: In(invitationIds), exerciseId } });
  }

  async byIds(ids: string[]): Promise<SubmissionEntity[]> {
    if (ids.length === 0) return [];
    return this.db.getRepository(SubmissionEntity).find({ where: { id: In(ids) } });
  }
}
