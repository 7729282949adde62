/**
 * Which way dependencies may point (see ../shared/DESIGN.md, "Layers"). Checked by `npm run lint`
 * through scripts/check-dependencies.mjs, which also fails on any cycle between top-level places
 * (a place is the first folder under src/: src/users, src/sandbox…), something dependency-cruiser's
 * own `circular` only sees file by file. Type-only imports count: a type is a dependency too.
 *
 *   features (Nest)  access auth users organisations tracks exercises submissions assessments
 *                    authoring audit content grading health graphql queue redis startup cli
 *                    check-pool (the API's sandbox pool, below practice-checks and authoring)
 *   engines          sandbox python-sandbox training datasets similarity coding graders   (no Nest, no database)
 *   base             config common database
 */
const ENGINES = ['sandbox', 'python-sandbox', 'training', 'datasets', 'similarity', 'coding', 'graders'];
const engines = `^src/(${ENGINES.join('|')})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A file may not reach itself through its imports. Entities are exempt: TypeORM relations point both ways by design (lazy `() => Entity`).',
      from: { pathNot: '\\.entity\\.ts$' },
      to: { circular: true },
    },
    {
      name: 'engines-below-features',
      severity: 'error',
      comment:
        'Engines are plain TypeScript usable from scripts: they import other engines, common and config, never a Nest feature.',
      from: { path: engines },
      to: { path: '^src/', pathNot: `${engines}|^src/(common|config)/` },
    },
    {
      name: 'engines-framework-free',
      severity: 'error',
      comment: 'Engines do not use Nest, the ORM, the queue or Redis.',
      from: { path: engines },
      to: { path: 'node_modules/(@nestjs/|typeorm/|bullmq/|ioredis/|@apollo/|graphql-redis-subscriptions/)' },
    },
    {
      name: 'base-stays-base',
      severity: 'error',
      comment: 'config and common sit under everything: they import nothing of the project above them.',
      from: { path: '^src/(common|config)/' },
      to: { path: '^src/', pathNot: '^src/(common|config)/' },
    },
    {
      name: 'access-below-features',
      severity: 'error',
      comment: 'Roles and access decorators are used by every feature, so they import none.',
      from: { path: '^src/access/' },
      to: { path: '^src/', pathNot: '^src/(access|common|config)/' },
    },
    {
      name: 'database-registers-entities-only',
      severity: 'error',
      comment:
        'The data source lists the entities; anything else (content sync, services) is above it: see src/startup.',
      from: { path: '^src/database/' },
      to: { path: '^src/', pathNot: '^src/(database|common|config)/|\\.entity\\.ts$' },
    },
    {
      name: 'entities-no-sandbox',
      severity: 'error',
      comment: "An entity stores plain JSON; the sandbox's wire format is decoded by the coding engine.",
      from: { path: '\\.entity\\.ts$' },
      to: { path: '^src/sandbox/' },
    },
    {
      name: 'src-stays-in-src',
      severity: 'error',
      comment: 'src/ imports nothing outside it but packages (graders, tests and scripts import src, not the reverse).',
      from: { path: '^src/', pathNot: ['^src/database/data-source\\.ts$', '\\.spec\\.ts$'] },
      to: { dependencyTypes: ['local'], pathNot: '^src/' },
    },
    {
      name: 'unit-specs-use-unit-support',
      severity: 'error',
      comment:
        'A unit spec next to its file may also import the unit helpers (test/support/unit: newTestService, fixtures), nothing else outside src/.',
      from: { path: '^src/.+\\.spec\\.ts$' },
      to: { dependencyTypes: ['local'], pathNot: '^(src|test/support/unit)/' },
    },
    {
      name: 'data-source-registers-migrations',
      severity: 'error',
      comment: 'The one import out of src/: the data source registers the migrations (schema lives in migrations/).',
      from: { path: '^src/database/data-source\\.ts$' },
      to: { dependencyTypes: ['local'], pathNot: '^(src|migrations)/' },
    },
  ],
  allowed: [],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['es6', 'cjs'],
  },
};
