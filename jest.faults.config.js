/** @type {import('jest').Config} */
// `npm run test:faults`: the fault tests (tests/faults) alone, against the same
// global setup as `npm test`. FAULTS_SHORT=1 (CI) runs them with fewer processes.
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/tests/faults/**/*.test.ts'],
  // tests/faults/cluster: faults only the cluster tier has (jest.cluster.config.js).
  testPathIgnorePatterns: ['/node_modules/', '/.data/', '/.tools/', '<rootDir>/tests/faults/cluster/'],
  testTimeout: 600_000,
};
