import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../access/access.decorators.js';
import { Role } from '../access/role.enum.js';
import { AuditEventView } from './audit-event.view.js';
import { AuditService } from './audit.service.js';

@Resolver()
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Query(() => [AuditEventView], {
    description: 'Admins only: who did what and when (role changes, assessments, invitations, reviews), newest first.',
  })
  @Roles(Role.ADMIN)
  auditEvents(
    @Args('limit', { type: () => Int, nullable: true, defaultValue: 100 }) limit: number,
    @Args('action', { nullable: true }) action?: string,
    @Args('actor', { nullable: true, description: 'Events by accounts whose e-mail contains this.' }) actor?: string,
    @Args('subjectType', { nullable: true, description: 'exercise, user, organisation, assessment, invitation…' })
    subjectType?: string,
  ): Promise<AuditEventView[]> {
    return this.audit.list(limit, action || undefined, {
      actor: actor?.trim() || undefined,
      subjectType: subjectType || undefined,
    });
  }
}
