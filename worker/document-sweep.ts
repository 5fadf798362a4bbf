import { sweepExpiredDocuments } from '../activities/document-store';
import type { Config } from '../config';
import type { Logger } from '../config/logger';
import type { Database } from '../prisma/client';
import { runPeriodically } from './periodic';

/**
 * Runs the sweep of expired unreferenced uploads (finding 6) at start and then
 * every `DOCUMENT_SWEEP_INTERVAL_MINUTES` (0: never), one run at a time
 * (worker/periodic.ts); any number of workers may run it.
 */
export function startDocumentSweep(db: Database, config: Config, logger: Logger, now: () => number = Date.now): () => Promise<void> {
  return runPeriodically(logger, config.uploads.sweepIntervalMinutes * 60_000, () => sweepExpiredDocuments(db, config.uploads, now()), {
    done: (deleted) => {
      if (deleted > 0) logger.info({ deleted }, 'expired unreferenced documents deleted');
    },
    failed: 'document sweep failed; the next run retries',
  });
}
