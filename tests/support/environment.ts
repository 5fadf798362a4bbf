import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../config';

/** One folder per jest run, so two runs on one machine never share a database. */
export function testDataDir(): string {
  return process.env.REALNAME_TEST_DIR ?? join(__dirname, '..', '..', '.data', `test-${process.pid}`);
}

function environmentFile(): string {
  return join(testDataDir(), 'environment.json');
}

export interface TestEnvironment {
  databaseUrl: string;
  temporalAddress: string;
  workflowBundlePath: string;
  testServerPath: string;
}

export function writeTestEnvironment(environment: TestEnvironment): void {
  writeFileSync(environmentFile(), JSON.stringify(environment));
}

export function testEnvironment(): TestEnvironment {
  return JSON.parse(readFileSync(environmentFile(), 'utf8')) as TestEnvironment;
}

/** The config a test system runs with: the provisioned servers, its own task queue, optional overrides. */
export function testConfig(env: Record<string, string> = {}): Config {
  const environment = testEnvironment();
  return loadConfig({
    DATABASE_URL: environment.databaseUrl,
    TEMPORAL_ADDRESS: environment.temporalAddress,
    TEMPORAL_TASK_QUEUE: `test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    LOG_LEVEL: 'silent',
    ...env,
  });
}
