/** @type {import('jest').Config} */
// `npm run test:cluster`: tests on the production-shaped Temporal server of
// scripts/infra/cluster (PostgreSQL, 8 history shards) instead of the dev
// server (SQLite, one shard), started once by tests/support/cluster-global-setup.ts.
// What runs here is what a Temporal server can change: every end-to-end file
// that starts, signals, updates, queries, lists or reads the history of
// workflows (below), and every fault test (tests/faults; FAULTS_SHORT=1 in CI),
// with the faults only a cluster has (tests/faults/cluster). Left to the
// dev-server tier: the files that test HTTP alone (headers, bodies, upload
// limits, authorization tables, logs, metrics text, the demo seed, the
// production-mode refusals), where the server behind is not what is tested.
const base = require('./jest.config');

const E2E_ON_CLUSTER = [
  'walk-through',
  'individual-wechat',
  'individual-qq-face',
  'individual-limits',
  'tencent-faceid',
  'enterprise-remittance',
  'enterprise-recharge',
  'change-enterprise-part',
  'changes',
  'subjects',
  'idempotent-retry',
  'activity-failures',
  'process-events',
  'payout-delivery',
  'stray-payment-refunds',
  'notice-outbox',
  'review-documents',
  'ledger-balance',
  'operator-calendar',
  'pagination',
  'history-encrypted',
  'codec-server',
  'temporal-cli-codec',
  'temporal-trust-boundary',
];

module.exports = {
  ...base,
  testMatch: [...E2E_ON_CLUSTER.map((name) => `<rootDir>/tests/e2e/${name}.test.ts`), '<rootDir>/tests/faults/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/.data/', '/.tools/'],
  globalSetup: '<rootDir>/tests/support/cluster-global-setup.ts',
  // Each file begins on a running server and PostgreSQL, whatever a fault test before it stopped.
  setupFilesAfterEnv: ['<rootDir>/tests/support/cluster-whole.ts'],
  testTimeout: 600_000,
};
