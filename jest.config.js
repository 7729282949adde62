// Nest 12 and friends are ESM-only, so Jest runs in its native ESM mode
// (NODE_OPTIONS=--experimental-vm-modules, set by the npm scripts).
//
// Four tiers, one Jest project each, told apart by the spec file's name (see the README's
// "Tests" section): `npm run test:<tier>` runs one, `npm test` runs them all, fastest first.
//   unit         *.spec.ts        no database, Redis, network, child process or sandbox
//   integration  *.int-spec.ts    real PostgreSQL / Redis / isolated-vm, no worker processes
//   e2e          *.e2e-spec.ts    processes: the API with real worker processes, compiled entrypoints
//   data         *.data-spec.ts   the full prepared data sets (`npm run datasets:prepare`)
const roots = ['src', 'exercises', 'test', 'web/src'];
const base = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: false }],
  },
};
const tier = (displayName, suffix, extra = {}) => ({
  ...base,
  displayName,
  testMatch: roots.map((root) => `<rootDir>/${root}/**/*${suffix}`),
  ...extra,
});

/**
 * Line-coverage floors, per file, for the code that has unit specs (`npm run test:unit`
 * measures and enforces them). Set a little under what the specs reach today, so a change
 * that drops tests fails; the goal is 80 % for every file here. Add each service, resolver and
 * job handler as it gets a unit spec (with its repositories stubbed).
 *
 * Measured by istanbul (`coverageProvider: 'babel'`), which counts executable lines only and
 * instruments just these files. V8 coverage counted comments and blank lines as covered and made
 * the whole tier about 3× slower (precise coverage slows every module, tfjs included): 527 s
 * against 160 s on one worker here. Four floors were lowered when the measure changed, no test
 * removed: cifar10 70 → 60, run-solution 70 → 50, train-plan 80 → 65, sources 90 → 85.
 * `fit.ts` and `train-plan.ts` left the list when their specs, which train real (small) models
 * for seconds each, moved to the integration tier (`fit.int-spec.ts`, `train-plan.int-spec.ts`).
 */
const unitCovered = {
  // Accounts, audit, learning, mail, exercises: services and resolvers with their dependencies auto-mocked.
  'src/auth/auth.service.ts': 95,
  'src/auth/token.service.ts': 95,
  'src/auth/account-email.service.ts': 95,
  'src/auth/auth.resolver.ts': 95,
  'src/auth/account-email.resolver.ts': 95,
  'src/users/users.service.ts': 95,
  'src/users/users.resolver.ts': 95,
  'src/organisations/organisations.service.ts': 95,
  'src/organisations/organisations.resolver.ts': 95,
  'src/audit/audit.service.ts': 95,
  'src/audit/audit.resolver.ts': 95,
  'src/directory/directory.resolver.ts': 95,
  'src/learning/learning.service.ts': 95,
  'src/learning/learning.resolver.ts': 95,
  'src/mail/mail.service.ts': 95,
  'src/exercises/exercises.service.ts': 95,
  'src/exercises/exercises.resolver.ts': 95,
  'src/tracks/tracks.resolver.ts': 95,
  'src/graders/accuracy-threshold.ts': 90,
  'src/sandbox/child/keras/augmentation.ts': 90,
  'src/sandbox/child/keras/compile-config.ts': 90,
  'src/sandbox/child/keras/layers.ts': 90,
  'src/sandbox/child/keras/model.ts': 85,
  'src/sandbox/child/keras/objects.ts': 85,
  'src/sandbox/child/keras/submission.ts': 90,
  'src/graders/diagnose.ts': 90,
  'src/graders/quiz.ts': 90,
  'src/graders/seed-noise.ts': 90,
  'src/graders/threshold-and-params.ts': 90,
  'src/graders/unit-tests.ts': 90,
  'src/assessments/csv.ts': 90,
  'src/coding/compare.ts': 90,
  'src/coding/test-report.ts': 95,
  'src/datasets/cifar10.ts': 60, // below the 80 % goal today
  'src/datasets/imdb.ts': 85,
  'src/datasets/loader.ts': 65, // below the 80 % goal today
  'src/grading/training/run-solution.ts': 50, // below the 80 % goal today
  'src/similarity/architecture.ts': 90,
  'src/similarity/code-similarity.ts': 90,
  'src/similarity/find-pairs.ts': 90,
  'src/similarity/normalise.ts': 90,
  'src/training/engine.ts': 85,
  'src/training/evaluate.ts': 90,
  'src/training/seed.ts': 90,
  'src/training/learning-rate.ts': 95,
  'src/training/leading-reduction.ts': 95,
  'src/training/sources.ts': 85,
  'src/tracks/tracks.service.ts': 90,
  'src/submissions/queue-estimate.ts': 90,
  // Services, resolvers and job handlers, each with its dependencies auto-mocked (test/support/unit/new-test-service.ts).
  'src/assessments/assessment-attempts.ts': 95,
  'src/assessments/assessment-drafts.resolver.ts': 95,
  'src/assessments/assessment-drafts.service.ts': 95,
  'src/assessments/assessment-overview.resolver.ts': 95,
  'src/assessments/assessments.resolver.ts': 95,
  'src/assessments/assessments.service.ts': 95,
  'src/assessments/invitations.resolver.ts': 95,
  'src/assessments/invitations.service.ts': 95,
  'src/authoring/authoring.resolver.ts': 95,
  'src/authoring/authoring.service.ts': 95,
  'src/grading/grading.processor.ts': 95,
  'src/grading/submission-sweeper.ts': 95,
  'src/grading/validation-runner.ts': 95,
  'src/practice-checks/practice-checks.resolver.ts': 95,
  'src/practice-checks/practice-checks.service.ts': 95,
  'src/check-pool/check-admission.ts': 95,
  'src/submissions/submissions.resolver.ts': 95,
  'src/submissions/submissions.service.ts': 95,
};

/** @type {import('jest').Config} */
export default {
  projects: [
    // The guard makes a unit spec that opens a socket or starts a process fail at once.
    tier('unit', '.spec.ts', { setupFilesAfterEnv: ['<rootDir>/test/support/unit-guard.cjs'] }),
    tier('integration', '.int-spec.ts'),
    tier('e2e', '.e2e-spec.ts'),
    tier('data', '.data-spec.ts'),
  ],
  // Jest reads the timeout from the top level only; data-tier tests set longer ones themselves.
  testTimeout: 60000,
  coverageProvider: 'babel',
  collectCoverageFrom: Object.keys(unitCovered),
  coverageThreshold: Object.fromEntries(Object.entries(unitCovered).map(([file, lines]) => [`./${file}`, { lines }])),
  coverageReporters: ['text-summary', 'json-summary'],
  // Worker processes and sandbox children are stopped in afterAll; this only guards CI against a stray handle.
  forceExit: true,
};
