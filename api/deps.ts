import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Logger } from '../config/logger';
import type { Database } from '../prisma/client';
import type { ApiMetrics } from './metrics';

/** What every route may use; built once per process by api/main.ts (or a test). */
export interface ApiDeps {
  config: Config;
  db: Database;
  temporal: Client;
  logger: Logger;
  now?: () => number;
  /** Set by createApp, which builds one per app. */
  metrics?: ApiMetrics;
}
