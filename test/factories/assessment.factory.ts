import { createHash, randomBytes } from 'node:crypto';
import { AssessmentEntity, AssessmentItemEntity, InvitationEntity } from '../../src/assessments/assessment.entity.js';
import type { ExerciseVersionEntity } from '../../src/exercises/exercise-version.entity.js';
import { OrganisationEntity, OrganisationMemberEntity } from '../../src/organisations/organisation.entity.js';
import type { UserEntity } from '../../src/users/user.entity.js';
import { secondsAgo, secondsFromNow, unique, type Db } from './rows.js';

/** An organisation with these accounts (hiring managers) as its members. */
export async function createOrganisation(
  db: Db,
  o: { name?: string; members?: Pick<UserEntity, 'id'>[] } = {},
): Promise<OrganisationEntity> {
  const organisation = await db.getRepository(OrganisationEntity).save({ name: o.name ?? `Organisation ${unique()}` });
  for (const m of o.members ?? []) {
    await db.getRepository(OrganisationMemberEntity).save({ userId: m.id, organisationId: organisation.id });
  }
  return organisation;
}

/**
 * An assessment over these exercise versions, open from an hour ago for a week. Made by
 * `manager` in a new organisation of theirs unless `organisation` is given.
 */
export async function createAssessment(
  db: Db,
  o: {
    manager: Pick<UserEntity, 'id'>;
    versions: Pick<ExerciseVersionEntity, 'id' | 'exerciseId'>[];
    organisation?: Pick<OrganisationEntity, 'id'>;
    title?: string;
    timeLimitMinutes?: number;
  },
): Promise<AssessmentEntity> {
  const organisation = o.organisation ?? (await createOrganisation(db, { members: [o.manager] }));
  const assessment = await db.getRepository(AssessmentEntity).save({
    organisationId: organisation.id,
    createdBy: o.manager.id,
    title: o.title ?? `Assessment ${unique()}`,
    timeLimitMinutes: o.timeLimitMinutes ?? 60,
    opensAt: secondsAgo(3600),
    closesAt: secondsFromNow(7 * 24 * 3600),
  });
  await db.getRepository(AssessmentItemEntity).save(
    o.versions.map((v, position) => ({
      assessmentId: assessment.id,
      position,
      exerciseId: v.exerciseId,
      exerciseVersionId: v.id,
    })),
  );
  return assessment;
}

/**
 * An invitation and its token (only the token's SHA-256 is stored, as the service does). With
 * `startedAt` it is an attempt under way by `candidate`, its deadline the time limit later
 * unless `deadlineAt` says otherwise (a past one: a finished attempt).
 */
export async function createInvitation(
  db: Db,
  assessment: Pick<AssessmentEntity, 'id' | 'createdBy' | 'timeLimitMinutes'>,
  o: { email?: string; candidate?: Pick<UserEntity, 'id' | 'email'>; startedAt?: Date; deadlineAt?: Date } = {},
): Promise<{ invitation: InvitationEntity; token: string }> {
  const token = randomBytes(32).toString('base64url');
  const invitation = await db.getRepository(InvitationEntity).save({
    assessmentId: assessment.id,
    email: o.email ?? o.candidate?.email ?? `invited-${unique()}@example.com`,
    tokenHash: createHash('sha256').update(token).digest('hex'),
    invitedBy: assessment.createdBy,
    candidateId: o.startedAt ? (o.candidate?.id ?? null) : null,
    startedAt: o.startedAt ?? null,
    deadlineAt: o.startedAt
      ? (o.deadlineAt ?? new Date(o.startedAt.getTime() + assessment.timeLimitMinutes * 60_000))
      : null,
  });
  return { invitation, token };
}
