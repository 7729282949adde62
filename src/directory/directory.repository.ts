import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, type DataSource } from 'typeorm';
import type { Role } from '../access/role.enum.js';
import { OrganisationEntity, OrganisationMemberEntity } from '../organisations/organisation.entity.js';
import { UserEntity } from '../users/user.entity.js';
import type { DirectoryUserView, OrganisationWithMembersView } from './directory.types.js';

/** LIKE wildcards in a search are literal. */
const literal = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Reads accounts and organisations for the admin pages (never writes). */
@Injectable()
export class DirectoryRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async users(
    filter: { search?: string; role?: Role },
    page: { limit: number; offset: number },
  ): Promise<{ users: DirectoryUserView[]; total: number }> {
    const q = this.db
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .leftJoin(OrganisationMemberEntity, 'm', 'm.user_id = u.id')
      .leftJoin(OrganisationEntity, 'o', 'o.id = m.organisation_id')
      .select(['u.id AS id', 'u.email AS email', 'u.display_name AS "displayName"', 'u.role AS role'])
      .addSelect(['u.created_at AS "createdAt"', 'o.name AS "organisationName"']);
    if (filter.search) {
      const like = `%${literal(filter.search.toLowerCase())}%`;
      q.andWhere(
        new Brackets((w) =>
          w.where('lower(u.email) LIKE :like', { like }).orWhere('lower(u.display_name) LIKE :like', { like }),
        ),
      );
    }
    if (filter.role) q.andWhere('u.role = :role', { role: filter.role });
    const total = await q.getCount();
    const users = await q
      .orderBy('u.created_at', 'DESC')
      .addOrderBy('u.id')
      .offset(page.offset)
      .limit(page.limit)
      .getRawMany<DirectoryUserView>();
    return { users, total };
  }

  async organisations(): Promise<OrganisationWithMembersView[]> {
    const orgs = await this.db.getRepository(OrganisationEntity).find({ order: { name: 'ASC' } });
    const members = await this.db
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .innerJoin(OrganisationMemberEntity, 'm', 'm.user_id = u.id')
      .select(['u.id AS id', 'u.email AS email', 'u.display_name AS "displayName"', 'u.role AS role'])
      .addSelect(['u.created_at AS "createdAt"', 'm.organisation_id AS "organisationId"'])
      .orderBy('u.email')
      .getRawMany<DirectoryUserView & { organisationId: string }>();
    return orgs.map((o) => ({
      id: o.id,
      name: o.name,
      createdAt: o.createdAt,
      members: members
        .filter((m) => m.organisationId === o.id)
        .map(({ organisationId: _o, ...m }) => ({ ...m, organisationName: o.name })),
    }));
  }
}
