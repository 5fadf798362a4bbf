import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../config';

export const TEST_DATA_DIR = join(__dirname, '..', '..', '.data', 'test');
export const ENVIRONMENT_FILE = join(TEST_DATA_DIR, 'environment.json');

export interface TestEnvironment {
  databaseUrl: string;
  temporalAddress: string;
  workflowBundlePath: string;
  testServerPath: string;
}

export function testEnvironment(): TestEnvironment {
  return JSON.parse(readFileSync(ENVIRONMENT_FILE, 'utf8')) as TestEnvironment;
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
