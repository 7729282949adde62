import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

export interface InvitationCounts {
  invited: number;
  started: number;
  finished: number;
  revoked: number;
}

@Injectable()
export class InvitationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Per assessment: invitations sent, attempts started, attempts whose deadline passed, revoked ones. */
  async counts(assessmentIds: string[]): Promise<Map<string, InvitationCounts>> {
    const rows = (await this.db.query(
      `SELECT assessment_id,
              count(*)::int AS invited,
              count(*) FILTER (WHERE started_at IS NOT NULL)::int AS started,
              count(*) FILTER (WHERE deadline_at <= now())::int AS finished,
              count(*) FILTER (WHERE revoked_at IS NOT NULL)::int AS revoked
         FROM invitations WHERE assessment_id = ANY($1) GROUP BY assessment_id`,
      [assessmentIds],
    )) as ({ assessment_id: string } & InvitationCounts)[];
    return new Map(rows.map(({ assessment_id, ...c }) => [assessment_id, c]));
  }

  /** The caller's attempt in progress (deadline ahead) of an assessment containing `exerciseId`, the one ending first. */
  async openAttemptContaining(
    candidateId: string,
    exerciseId: string,
  ): Promise<{ id: string; assessmentId: string; deadlineAt: Date } | undefined> {
    const [row] = (await this.db.query(
      `SELECT i.id, i.assessment_id, i.deadline_at
         FROM invitations i JOIN assessment_items ai ON ai.assessment_id = i.assessment_id
        WHERE i.candidate_id = $1 AND ai.exercise_id = $2 AND i.deadline_at > now()
        ORDER BY i.deadline_at LIMIT 1`,
      [candidateId, exerciseId],
    )) as { id: string; assessment_id: string; deadline_at: Date }[];
    return row && { id: row.id, assessmentId: row.assessment_id, deadlineAt: new Date(row.deadline_at) };
  }

  /** Within `em`'s transaction: waits for any other review of this invitation by this reviewer (one scorecard each). */
  async lockScorecard(em: EntityManager, invitationId: string, reviewerId: string): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`review:${invitationId}:${reviewerId}`]);
  }
}
