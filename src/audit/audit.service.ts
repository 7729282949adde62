import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
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
}
