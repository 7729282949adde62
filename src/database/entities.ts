import { AuditEventEntity } from '../audit/audit-event.entity.js';
import { ExerciseValidationEntity } from '../authoring/exercise-validation.entity.js';
import {
  AssessmentDraftEntity,
  AssessmentEntity,
  AssessmentItemEntity,
  InvitationEntity,
  ScorecardEntity,
} from '../assessments/assessment.entity.js';
import { OrganisationEntity, OrganisationMemberEntity } from '../organisations/organisation.entity.js';
import { ExerciseVersionEntity } from '../exercises/exercise-version.entity.js';
import { ExerciseEntity } from '../exercises/exercise.entity.js';
import { SkillEntity } from '../tracks/skill.entity.js';
import { TrackEntity } from '../tracks/track.entity.js';
import { EpochMetricEntity } from '../submissions/epoch-metric.entity.js';
import { SubmissionEventEntity } from '../submissions/submission-event.entity.js';
import { SubmissionEntity } from '../submissions/submission.entity.js';
import { UserEntity } from '../users/user.entity.js';

export const ENTITIES = [
  UserEntity,
  TrackEntity,
  SkillEntity,
  ExerciseEntity,
  ExerciseVersionEntity,
  AuditEventEntity,
  SubmissionEntity,
  SubmissionEventEntity,
  EpochMetricEntity,
  OrganisationEntity,
  OrganisationMemberEntity,
  AssessmentEntity,
  AssessmentItemEntity,
  InvitationEntity,
  ScorecardEntity,
  AssessmentDraftEntity,
  ExerciseValidationEntity,
];
