import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { AuditEventEntity } from './audit-event.entity.js';

@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEventEntity) private readonly events: Repository<AuditEventEntity>) {}

  async record(
    actorId: string | null,
    action: string,
    subjectType: string,
    subjectId: string,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await this.events.insert({ actorId, action, subjectType, subjectId, details: details as never });
  }

  /** Events of one action about these subjects, oldest first (e.g. for a report that counts them). */
  async about(action: string, subjectIds: string[]): Promise<AuditEventEntity[]> {
    if (subjectIds.length === 0) return [];
    return this.events.find({ where: { action, subjectId: In(subjectIds) }, order: { createdAt: 'ASC' } });
  }
}
