import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../access/access.decorators.js';
import { DomainError, notFound } from '../common/domain-error.js';
import type { UserEntity } from '../users/user.entity.js';
import { normaliseEmail } from '../users/users.service.js';
import type { OrganisationEntity } from './organisation.entity.js';
import { OrganisationsRepository } from './organisations.repository.js';

@Injectable()
export class OrganisationsService {
  constructor(
    private readonly organisations: OrganisationsRepository,
    private readonly audit: AuditService,
  ) {}

  async create(actor: AuthUser, name: string): Promise<OrganisationEntity> {
    if (await this.organisations.findByName(name.trim())) {
      throw new DomainError('CONFLICT', `name: an organisation called "${name.trim()}" already exists`, {
        field: 'name',
      });
    }
    const org = await this.organisations.create(name.trim());
    await this.audit.record(actor.id, 'organisation.created', 'organisation', org.id, { name: org.name });
    return org;
  }

  /** Adds a user to an organisation as a hiring manager (a candidate account is promoted; audited). */
  async addMember(actor: AuthUser, organisationId: string, email: string): Promise<UserEntity> {
    const added = await this.organisations.addManager(organisationId, normaliseEmail(email));
    if (added.outcome === 'no organisation') throw notFound(`Organisation ${organisationId}`);
    if (added.outcome === 'no account')
      throw new DomainError(
        'NOT_FOUND',
        `email: no account uses ${normaliseEmail(email)}; ask them to register first`,
        {
          field: 'email',
        },
      );
    const { user, promotedFrom } = added;
    if (promotedFrom) {
      await this.audit.record(actor.id, 'user.role_changed', 'user', user.id, { from: promotedFrom, to: user.role });
    }
    await this.audit.record(actor.id, 'organisation.member_added', 'organisation', organisationId, {
      userId: user.id,
      email: user.email,
    });
    return user;
  }

  /** The caller's organisation; FORBIDDEN for a manager who belongs to none. */
  async organisationOf(user: AuthUser): Promise<OrganisationEntity> {
    const org = await this.organisations.organisationOfMember(user.id);
    if (!org)
      throw new DomainError('FORBIDDEN', 'You are not a member of any organisation; an admin has to add you to one');
    return org;
  }
}
