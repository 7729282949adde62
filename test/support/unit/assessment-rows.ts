/** Rows and callers for the assessments feature's unit specs (src/assessments/*.spec.ts). */
import { createHash } from 'node:crypto';
import type { AuthUser } from '../../../src/access/access.decorators.js';
import { Role } from '../../../src/access/role.enum.js';
import type { AssessmentEntity, InvitationEntity } from '../../../src/assessments/assessment.entity.js';
import type { PublishedExercise } from '../../../src/exercises/exercises.service.js';

export const DAY = 24 * 3600 * 1000;
export const manager: AuthUser = { id: 'manager-1', role: Role.HIRING_MANAGER, email: 'boss@acme.test' };
export const admin: AuthUser = { id: 'admin-1', role: Role.ADMIN, email: 'root@dojo.test' };
export const candidate: AuthUser = { id: 'cand-1', role: Role.CANDIDATE, email: 'Ada@Example.test' };
export const org = { id: 'org-1' };
export const sha = (t: string) => createHash('sha256').update(t).digest('hex');

export const assessmentRow = (over: Partial<AssessmentEntity> = {}): AssessmentEntity => ({
  id: 'asm-1',
  organisationId: org.id,
  createdBy: manager.id,
  title: 'Backend hire',
  timeLimitMinutes: 60,
  opensAt: new Date(Date.now() - DAY),
  closesAt: new Date(Date.now() + DAY),
  createdAt: new Date(0),
  ...over,
});
export const invitationRow = (over: Partial<InvitationEntity> = {}): InvitationEntity => ({
  id: 'inv-1',
  assessmentId: 'asm-1',
  email: 'ada@example.test',
  tokenHash: sha('tok'),
  invitedBy: manager.id,
  candidateId: null,
  createdAt: new Date(0),
  startedAt: null,
  deadlineAt: null,
  revokedAt: null,
  ...over,
});
export const publishedOf = (slug: string, retiredAt: Date | null = null) =>
  ({ exercise: { id: `ex-${slug}`, slug, retiredAt }, version: { id: `v-${slug}` } }) as unknown as PublishedExercise;
