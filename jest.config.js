/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  // The generated Prisma client imports its TypeScript siblings as `./x.js`.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/domain/__tests__/**/*.test.ts', '<rootDir>/tests/**/*.test.ts'],
  // tests/faults run on their own: `npm run test:faults` (jest.faults.config.js; CI in its short mode).
  testPathIgnorePatterns: ['/node_modules/', '/.data/', '/.tools/', '<rootDir>/tests/faults/'],
  // Real PostgreSQL and a real Temporal dev server, started once for the run.
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  testTimeout: 60_000,
};
