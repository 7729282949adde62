import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

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
}
