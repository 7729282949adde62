import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { JsonObject } from '../common/json.js';
import { AuditEventEntity } from './audit-event.entity.js';

@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEventEntity) private readonly events: Repository<AuditEventEntity>) {}

  async record(
    actorId: string | null,
    action: string,
    subjectType: string,
    subjectId: string,
    details: JsonObject = {},
  ): Promise<void> {
    await this.events.insert({ actorId, action, subjectType, subjectId, details });
  }
}
