import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { JsonObject } from '../common/json.js';
import { AuditEventEntity } from './audit-event.entity.js';

/** An audit event with the actor's e-mail, as the admin listing shows it. */
export interface AuditEventRecord {
  id: string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  details: JsonObject;
  createdAt: Date;
}

/** The audit_events table: append and list. The only place that queries it. */
@Injectable()
export class AuditRepository {
  constructor(@InjectRepository(AuditEventEntity) private readonly events: Repository<AuditEventEntity>) {}

  async insert(
    row: Pick<AuditEventEntity, 'actorId' | 'action' | 'subjectType' | 'subjectId' | 'details'>,
  ): Promise<void> {
    await this.events.insert(row);
  }

  /**
   * Newest first, optionally one action, actors whose e-mail contains `actor`, one subject type.
   * The actor's e-mail is joined in here (one query, as
   * before) rather than asked of users: users record into audit, so audit cannot import users.
   */
  async newest(
    limit: number,
    action: string | null,
    filter: { actor?: string; subjectType?: string } = {},
  ): Promise<AuditEventRecord[]> {
    const actor = filter.actor ? `%${filter.actor.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    const rows = (await this.events.query(
      `SELECT a.id, a.actor_id, u.email AS actor_email, a.action, a.subject_type, a.subject_id, a.details, a.created_at
         FROM audit_events a LEFT JOIN users u ON u.id = a.actor_id
        WHERE ($1::text IS NULL OR a.action = $1)
          AND ($3::text IS NULL OR lower(u.email) LIKE $3)
          AND ($4::text IS NULL OR a.subject_type = $4)
        ORDER BY a.created_at DESC LIMIT $2`,
      [action, limit, actor, filter.subjectType ?? null],
    )) as {
      id: string;
      actor_id: string | null;
      actor_email: string | null;
      action: string;
      subject_type: string;
      subject_id: string;
      details: JsonObject;
      created_at: Date;
    }[];
    return rows.map((r) => ({
      id: r.id,
      actorId: r.actor_id,
      actorEmail: r.actor_email,
      action: r.action,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      details: r.details,
      createdAt: r.created_at,
    }));
  }

  /** Events of one action about these subjects, oldest first. */
  async about(action: string, subjectIds: string[]): Promise<AuditEventEntity[]> {
    return this.events.find({ where: { action, subjectId: In(subjectIds) }, order: { createdAt: 'ASC' } });
  }
}
