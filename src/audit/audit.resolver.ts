import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditEventView } from '../assessments/assessment.types.js';
import { Roles } from '../auth/auth.decorators.js';
import { Role } from '../users/role.enum.js';

@Resolver()
export class AuditResolver {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Query(() => [AuditEventView], {
    description: 'Admins only: who did what and when (role changes, assessments, invitations, reviews), newest first.',
  })
  @Roles(Role.ADMIN)
  async auditEvents(
    @Args('limit', { type: () => Int, nullable: true, defaultValue: 100 }) limit: number,
    @Args('action', { nullable: true }) action?: string,
  ): Promise<AuditEventView[]> {
    const rows = (await this.db.query(
      `SELECT a.id, a.actor_id, u.email AS actor_email, a.action, a.subject_type, a.subject_id, a.details, a.created_at
         FROM audit_events a LEFT JOIN users u ON u.id = a.actor_id
        WHERE ($1::text IS NULL OR a.action = $1)
        ORDER BY a.created_at DESC LIMIT $2`,
      [action ?? null, Math.max(1, Math.min(limit, 1000))],
    )) as {
      id: string;
      actor_id: string | null;
      actor_email: string | null;
      action: string;
      subject_type: string;
      subject_id: string;
      details: unknown;
      created_at: Date;
    }[];
    return rows.map((r) => ({
      id: r.id,
      actorId: r.actor_id,
      actorEmail: r.actor_email,
      action: r.action,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      details: JSON.stringify(r.details),
      createdAt: r.created_at,
    }));
  }
}
