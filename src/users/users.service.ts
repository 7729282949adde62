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

  /** `verified`: the address counts as verified (accounts an operator creates, e.g. `npm run user:create`). */
  async create(input: {
    email: string;
    password: string;
    displayName?: string;
    role?: Role;
    verified?: boolean;
  }): Promise<UserEntity> {
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
        emailVerifiedAt: input.verified ? new Date() : null,
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

  /** The account with this (normalised) address, or null. */
  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ email: normaliseEmail(email) });
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

  /** E-mail addresses by user id, for the users that exist among `ids`. */
  async emails(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const found = await this.users.find({ where: { id: In(ids) }, select: { id: true, email: true } });
    return new Map(found.map((u) => [u.id, u.email]));
  }

  /** The account's e-mail address and whether its owner proved it (the verification link). */
  async emailStatus(id: string): Promise<{ email: string; verified: boolean } | undefined> {
    const user = await this.users.findOne({ where: { id }, select: { id: true, email: true, emailVerifiedAt: true } });
    return user ? { email: user.email, verified: user.emailVerifiedAt !== null } : undefined;
  }

  /** What a session check needs: the role (from here, not the token) and the token version. */
  async findSessionUser(id: string): Promise<(AuthUser & { tokenVersion: number }) | undefined> {
    const user = await this.users.findOne({
      where: { id },
      select: { id: true, role: true, email: true, tokenVersion: true },
    });
    return user ? { id: user.id, role: user.role, email: user.email, tokenVersion: user.tokenVersion } : undefined;
  }

  /** Revokes every session token issued so far to this account; returns the new version. */
  async endSessions(id: string): Promise<number> {
    const result = await this.users
      .createQueryBuilder()
      .update()
      .set({ tokenVersion: () => 'token_version + 1' })
      .where('id = :id', { id })
      .returning('token_version')
      .execute();
    const row = (result.raw as { token_version: number }[])[0];
    if (!row) throw notFound('Your account');
    return row.token_version;
  }

  /**
   * Sets a new password if `currentPassword` is right, revoking earlier sessions in the same
   * statement; undefined when the current password is wrong.
   */
  async changePassword(id: string, currentPassword: string, newPassword: string): Promise<UserEntity | undefined> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw notFound('Your account');
    if (!(await argon2.verify(user.passwordHash, currentPassword))) return undefined;
    const passwordHash = await argon2.hash(newPassword, { type: argon2.argon2id });
    // One statement: the new password and the end of every earlier session.
    await this.users.update(
      { id },
      { passwordHash, tokenVersion: () => 'token_version + 1', updatedAt: () => 'now()' },
    );
    await this.audit.record(id, 'user.password_changed', 'user', id);
    return this.users.findOneByOrFail({ id });
  }

  async setRole(actor: AuthUser | undefined, email: string, role: Role): Promise<UserEntity> {
    const user = await this.users.findOneBy({ email: normaliseEmail(email) });
    if (!user) throw notFound(`A user with email ${normaliseEmail(email)}`);
    const before = user.role;
    if (before !== role) {
      // A new role ends the account's sessions: its holder signs in again under the new role.
      await this.users.update({ id: user.id }, { role, tokenVersion: () => 'token_version + 1' });
    }
    user.role = role;
    await this.audit.record(actor?.id ?? null, 'user.role_changed', 'user', user.id, { from: before, to: role });
    return user;
  }
}
