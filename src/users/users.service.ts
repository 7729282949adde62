import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import argon2 from 'argon2';
import { In, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuthUser } from '../access/access.decorators.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { Role } from '../access/role.enum.js';
import { UserEntity } from './user.entity.js';

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly audit: AuditService,
  ) {}

  async create(input: { email: string; password: string; displayName?: string; role?: Role }): Promise<UserEntity> {
    const email = normaliseEmail(input.email);
    const passwordHash = await argon2.hash(input.password, { type: argon2.argon2id });
    const result = await this.users
      .createQueryBuilder()
      .insert()
      .values({
        email,
        passwordHash,
        displayName: input.displayName?.trim() || email.split('@')[0]!,
        role: input.role ?? Role.CANDIDATE,
      })
      .orIgnore()
      .returning('*')
      .execute();
    if ((result.raw as unknown[]).length === 0) {
      throw new DomainError('CONFLICT', 'email: an account with this email already exists', { field: 'email' });
    }
    return this.users.findOneByOrFail({ email });
  }

  /** The user if the password matches; the same answer for a wrong email and a wrong password. */
  async verifyPassword(email: string, password: string): Promise<UserEntity | undefined> {
    const user = await this.users.findOneBy({ email: normaliseEmail(email) });
    if (!user) {
      await argon2.hash(password); // keeps the timing of unknown and known emails alike
      return undefined;
    }
    return (await argon2.verify(user.passwordHash, password)) ? user : undefined;
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  /** Display names by user id, for the users that exist among `ids`. */
  async displayNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const found = await this.users.find({ where: { id: In(ids) }, select: { id: true, displayName: true } });
    return new Map(found.map((u) => [u.id, u.displayName]));
  }

  async findAuthUser(id: string): Promise<AuthUser | undefined> {
    const user = await this.users.findOne({ where: { id }, select: { id: true, role: true, email: true } });
    return user ? { id: user.id, role: user.role, email: user.email } : undefined;
  }

  async setRole(actor: AuthUser | undefined, email: string, role: Role): Promise<UserEntity> {
    const user = await this.users.findOneBy({ email: normaliseEmail(email) });
    if (!user) throw notFound(`A user with email ${normaliseEmail(email)}`);
    const before = user.role;
    user.role = role;
    await this.users.save(user);
    await this.audit.record(actor?.id ?? null, 'user.role_changed', 'user', user.id, { from: before, to: role });
    return user;
  }
}
