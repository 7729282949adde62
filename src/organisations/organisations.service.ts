import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../access/access.decorators.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { Role } from '../access/role.enum.js';
import { UserEntity } from '../users/user.entity.js';
import { normaliseEmail } from '../users/users.service.js';
import { OrganisationEntity, OrganisationMemberEntity } from './organisation.entity.js';

@Injectable()
export class OrganisationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(actor: AuthUser, name: string): Promise<OrganisationEntity> {
    const repo = this.db.getRepository(OrganisationEntity);
    if (await repo.findOneBy({ name: name.trim() })) {
      throw new DomainError('CONFLICT', `name: an organisation called "${name.trim()}" already exists`, {
        field: 'name',
      });
    }
    const org = await repo.save(repo.create({ name: name.trim() }));
    await this.audit.record(actor.id, 'organisation.created', 'organisation', org.id, { name: org.name });
    return org;
  }

  /** Adds a user to an organisation as a hiring manager (a candidate account is promoted; audited). */
  async addMember(actor: AuthUser, organisationId: string, email: string): Promise<UserEntity> {
    return this.db.transaction(async (em) => {
      const org = await em.findOneBy(OrganisationEntity, { id: organisationId });
      if (!org) throw notFound(`Organisation ${organisationId}`);
      const user = await em.findOneBy(UserEntity, { email: normaliseEmail(email) });
      if (!user)
        throw new DomainError(
          'NOT_FOUND',
          `email: no account uses ${normaliseEmail(email)}; ask them to register first`,
          { field: 'email' },
        );
      await em.upsert(OrganisationMemberEntity, { userId: user.id, organisationId }, ['userId']);
      if (user.role === Role.CANDIDATE) {
        await em.update(UserEntity, { id: user.id }, { role: Role.HIRING_MANAGER });
        user.role = Role.HIRING_MANAGER;
        await this.audit.record(actor.id, 'user.role_changed', 'user', user.id, {
          from: Role.CANDIDATE,
          to: Role.HIRING_MANAGER,
        });
      }
      await this.audit.record(actor.id, 'organisation.member_added', 'organisation', organisationId, {
        userId: user.id,
        email: user.email,
      });
      return user;
    });
  }

  /** The caller's organisation; FORBIDDEN for a manager who belongs to none. */
  async organisationOf(user: AuthUser): Promise<OrganisationEntity> {
    const member = await this.db.getRepository(OrganisationMemberEntity).findOneBy({ userId: user.id });
    const org = member && (await this.db.getRepository(OrganisationEntity).findOneBy({ id: member.organisationId }));
    if (!org)
      throw new DomainError('FORBIDDEN', 'You are not a member of any organisation; an admin has to add you to one');
    return org;
  }
}
