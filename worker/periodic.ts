import type { Logger } from '../config/logger';

/**
 * The worker's housekeeping beside its workflows (notices, refunds, the
 * document sweep): `pass` at start and then every `intervalMs`, one pass at a
 * time; a pass that fails is logged by its error's name and message only (no
 * personal data) and the next one retries. The timer is unref'd, so it never
 * keeps the process alive; the returned stop waits for a pass in flight.
 */
export function runPeriodically<R>(
  logger: Logger,
  intervalMs: number,
  pass: () => Promise<R>,
  report: { done: (result: R) => void; failed: string },
): () => Promise<void> {
  if (intervalMs === 0) return async () => undefined;
  let running: Promise<void> | undefined;
  const run = () => {
    running ??= pass()
      .then(report.done, (error: Error) => logger.warn({ err: { name: error.name, message: error.message } }, report.failed))
      .finally(() => {
        running = undefined;
      });
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
