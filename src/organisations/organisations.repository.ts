import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Role } from '../access/role.enum.js';
import { UserEntity } from '../users/user.entity.js';
import { OrganisationEntity, OrganisationMemberEntity } from './organisation.entity.js';

/** What adding a manager found and changed; nothing is written unless `added`. */
export type AddManagerResult =
  | { outcome: 'no organisation' }
  | { outcome: 'no account' }
  | { outcome: 'added'; user: UserEntity; promotedFrom: Role | null };

/**
 * The organisations and organisation_members tables. Adding a manager also promotes a
 * CANDIDATE account to HIRING_MANAGER (users.role) in the same transaction, so membership and
 * role never disagree.
 */
@Injectable()
export class OrganisationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  findByName(name: string): Promise<OrganisationEntity | null> {
    return this.db.getRepository(OrganisationEntity).findOneBy({ name });
  }

  create(name: string): Promise<OrganisationEntity> {
    const repo = this.db.getRepository(OrganisationEntity);
    return repo.save(repo.create({ name }));
  }

  /** The organisation the account is a member of, if any. */
  async organisationOfMember(userId: string): Promise<OrganisationEntity | null> {
    const member = await this.db.getRepository(OrganisationMemberEntity).findOneBy({ userId });
    return member && this.db.getRepository(OrganisationEntity).findOneBy({ id: member.organisationId });
  }

  /** Makes the account with this (normalised) address a member; a manager belongs to one organisation, so this moves one. */
  addManager(organisationId: string, email: string): Promise<AddManagerResult> {
    return this.db.transaction(async (em): Promise<AddManagerResult> => {
      const org = await em.findOneBy(OrganisationEntity, { id: organisationId });
      if (!org) return { outcome: 'no organisation' };
      const user = await em.findOneBy(UserEntity, { email });
      if (!user) return { outcome: 'no account' };
      await em.upsert(OrganisationMemberEntity, { userId: user.id, organisationId }, ['userId']);
      if (user.role !== Role.CANDIDATE) return { outcome: 'added', user, promotedFrom: null };
      await em.update(UserEntity, { id: user.id }, { role: Role.HIRING_MANAGER });
      user.role = Role.HIRING_MANAGER;
      return { outcome: 'added', user, promotedFrom: Role.CANDIDATE };
    });
  }
}
