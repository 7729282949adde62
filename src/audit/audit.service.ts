import { Injectable } from '@nestjs/common';
import type { JsonObject } from '../common/json.js';
import type { AuditEventEntity } from './audit-event.entity.js';
import type { AuditEventView } from './audit-event.view.js';
import { AuditRepository } from './audit.repository.js';

@Injectable()
export class AuditService {
  constructor(private readonly events: AuditRepository) {}

  async record(
    actorId: string | null,
    action: string,
    subjectType: string,
    subjectId: string,
    details: JsonObject = {},
  ): Promise<void> {
    await this.events.insert({ actorId, action, subjectType, subjectId, details });
  }

  /** Newest first; `limit` is clamped to 1..1000. */
  async list(
    limit: number,
    action?: string,
    filter: { actor?: string; subjectType?: string } = {},
  ): Promise<AuditEventView[]> {
    const rows = await this.events.newest(Math.max(1, Math.min(limit, 1000)), action ?? null, filter);
    return rows.map((r) => ({ ...r, details: JSON.stringify(r.details) }));
  }

  /** Events of one action about these subjects, oldest first (e.g. for a report that counts them). */
  async about(action: string, subjectIds: string[]): Promise<AuditEventEntity[]> {
    if (subjectIds.length === 0) return [];
    return this.events.about(action, subjectIds);
  }
}
