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
  /** GET /v1/processes/{id}/events: its timings (tests shorten them), and the signal that ends every open stream (the API stopping). */
  processEvents?: { heartbeatMs?: number; rereadMs?: number; shutdown?: AbortSignal };
  /** Set by createApp, which builds one per app. */
  metrics?: ApiMetrics;
}
