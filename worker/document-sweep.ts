import { sweepExpiredDocuments } from '../activities/document-store';
import type { Config } from '../config';
import type { Logger } from '../config/logger';
import type { Database } from '../prisma/client';

/**
 * Runs the sweep of expired unreferenced uploads (finding 6) at start and then
 * every `DOCUMENT_SWEEP_INTERVAL_MINUTES` (0: never), one run at a time. The
 * timer is unref'd, so it never keeps the process alive; any number of workers
 * may run it. The returned stop waits for a run in flight.
 */
export function startDocumentSweep(db: Database, config: Config, logger: Logger, now: () => number = Date.now): () => Promise<void> {
  const minutes = config.uploads.sweepIntervalMinutes;
  if (minutes === 0) return async () => undefined;
  let running: Promise<void> | undefined;
  const sweep = () => {
    running ??= sweepExpiredDocuments(db, config.uploads, now())
      .then(
        (deleted) => {
          if (deleted > 0) logger.info({ deleted }, 'expired unreferenced documents deleted');
        },
        (error: Error) => logger.warn({ err: { name: error.name, message: error.message } }, 'document sweep failed; the next run retries'),
      )
      .finally(() => {
        running = undefined;
      });
  };
  sweep();
  const timer = setInterval(sweep, minutes * 60_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
