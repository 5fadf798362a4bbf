import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOW_INTERCEPTOR_MODULES, WORKFLOWS_PATH } from '../../worker/workflow-code';
import { migrate } from '../../prisma/migrate';
import { temporalBinaries } from '../../scripts/infra/binaries';
import { freePort } from '../../scripts/infra/ports';
import { startEmbeddedPostgres } from '../../scripts/infra/postgres';
import { startTemporalDevServer } from '../../scripts/infra/temporal';
import { testDataDir, writeTestEnvironment, type TestEnvironment } from './environment';

declare global {
  var __testStops: Array<() => Promise<unknown>> | undefined;
}

/**
 * Provisions what the tests run against: PostgreSQL (DATABASE_URL, else an
 * embedded server in a throw-away folder), a Temporal dev server
 * (TEMPORAL_ADDRESS, else an in-memory one) and one workflow bundle.
 */
export default async function globalSetup(): Promise<void> {
  const stops: Array<() => Promise<unknown>> = [];
  globalThis.__testStops = stops;
  const dir = testDataDir();
  process.env.REALNAME_TEST_DIR = dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });

  const postgresPromise = process.env.DATABASE_URL
    ? Promise.resolve({ url: process.env.DATABASE_URL, stop: async () => undefined })
    : freePort().then((port) =>
        startEmbeddedPostgres({ dataDir: join(dir, 'postgres'), port, database: 'realname_test', persistent: false }),
      );
  const temporalPromise = process.env.TEMPORAL_ADDRESS
    ? Promise.resolve({ address: process.env.TEMPORAL_ADDRESS, stop: async () => undefined })
    : freePort().then((port) => startTemporalDevServer({ cli: temporalBinaries().cli, port }));
  const bundlePromise = bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES, logger: quietLogger });

  const [postgres, temporal, bundle] = await Promise.all([postgresPromise, temporalPromise, bundlePromise]);
  stops.push(() => temporal.stop(), () => postgres.stop(), async () => rmSync(dir, { recursive: true, force: true }));
  await migrate(postgres.url);

  const workflowBundlePath = join(dir, 'workflow-bundle.js');
  writeFileSync(workflowBundlePath, bundle.code);
  const environment: TestEnvironment = {
    databaseUrl: postgres.url,
    temporalAddress: temporal.address,
    workflowBundlePath,
    testServerPath: temporalBinaries().testServer,
  };
  writeTestEnvironment(environment);
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => process.stderr.write(`${message}\n`),
  error: (message: string) => process.stderr.write(`${message}\n`),
};
