/** @type {import('jest').Config} */
// `npm run test:faults`: the fault tests (tests/faults) alone, against the same
// global setup as `npm test`. FAULTS_SHORT=1 (CI) runs them with fewer processes.
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/tests/faults/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/.data/', '/.tools/'],
  testTimeout: 600_000,
};
