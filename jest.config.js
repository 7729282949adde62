// Nest 12 and friends are ESM-only, so Jest runs in its native ESM mode
// (NODE_OPTIONS=--experimental-vm-modules, set by the npm scripts).
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: false }],
  },
  testMatch: [
    '<rootDir>/src/**/*.spec.ts',
    '<rootDir>/exercises/**/*.spec.ts',
    '<rootDir>/graders/**/*.spec.ts',
    '<rootDir>/test/**/*.spec.ts',
    '<rootDir>/test/**/*.e2e-spec.ts',
    '<rootDir>/web/src/**/*.spec.ts',
  ],
  testTimeout: 60000,
  // Worker processes and sandbox children are stopped in afterAll; this only guards CI against a stray handle.
  forceExit: true,
};
