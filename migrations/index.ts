import { Foundation1763900000000 } from './1763900000000-foundation.js';
import { Submissions1763900100000 } from './1763900100000-submissions.js';
import { Assessments1763900200000 } from './1763900200000-assessments.js';
import { ExerciseValidations1763900300000 } from './1763900300000-exercise-validations.js';
import { CodingAndQuiz1763900400000 } from './1763900400000-coding-and-quiz.js';
import { ReviewScorecards1763900710000 } from './1763900710000-review-scorecards.js';
import { AuthSessions1764600000000 } from './1764600000000-auth-sessions.js';
import { SubmissionHistory1764700000000 } from './1764700000000-submission-history.js';
import { SubmissionConsole1764700100000 } from './1764700100000-submission-console.js';
import { FairGrades1764800000000 } from './1764800000000-fair-grades.js';
import { CatalogueGeneration1764800100000 } from './1764800100000-catalogue-generation.js';
import { AssessmentDrafts1764900000000 } from './1764900000000-assessment-drafts.js';
import { InvitationRevocation1764800200000 } from './1764800200000-invitation-revocation.js';
import { ExerciseRetired1764800300000 } from './1764800300000-exercise-retired.js';
import { EmailVerification1764800400000 } from './1764800400000-email-verification.js';
import { PythonCoding1764900300000 } from './1764900300000-python-coding.js';
import { LearningSupport1765000700000 } from './1765000700000-learning-support.js';
import { EngineDescription1765000800000 } from './1765000800000-engine-description.js';
import { TrainTestGap1765100200000 } from './1765100200000-train-test-gap.js';
import { Reconstruction1765100200100 } from './1765100200100-reconstruction.js';
import { ValidationProgress1765100300000 } from './1765100300000-validation-progress.js';
import { ValidationTextZh1765100400000 } from './1765100400000-validation-text-zh.js';
import { CatalogueNotify1765100500000 } from './1765100500000-catalogue-notify.js';

/** Every migration, in order. Listed explicitly so the same list works compiled and under Jest. */
export const MIGRATIONS = [
  Foundation1763900000000,
  Submissions1763900100000,
  Assessments1763900200000,
  ExerciseValidations1763900300000,
  CodingAndQuiz1763900400000,
  ReviewScorecards1763900710000,
  AuthSessions1764600000000,
  SubmissionHistory1764700000000,
  SubmissionConsole1764700100000,
  FairGrades1764800000000,
  CatalogueGeneration1764800100000,
  InvitationRevocation1764800200000,
  ExerciseRetired1764800300000,
  EmailVerification1764800400000,
  AssessmentDrafts1764900000000,
  PythonCoding1764900300000,
  LearningSupport1765000700000,
  EngineDescription1765000800000,
  TrainTestGap1765100200000,
  Reconstruction1765100200100,
  ValidationProgress1765100300000,
  ValidationTextZh1765100400000,
  CatalogueNotify1765100500000,
];
