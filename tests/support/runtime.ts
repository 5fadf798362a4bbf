import { makeTelemetryFilterString, Runtime } from '@temporalio/worker';

let installed = false;

type WorkerLogSink = (level: string, message: string, meta?: Record<string, unknown>) => void;
let sink: WorkerLogSink | null = null;

/** Sends the worker's logs (SDK, workflows, activities) to `next` until called with null; tests that check logs use it. */
export function captureWorkerLogs(next: WorkerLogSink | null): void {
  sink = next;
}

/** One quiet Temporal runtime per test process: logs go nowhere unless captured, core logs only errors, and jest (not the runtime) owns SIGINT. */
export function installQuietRuntime(): void {
  if (installed) return;
  installed = true;
  const at = (level: string) => (message: string, meta?: Record<string, unknown>) => sink?.(level, message, meta);
  Runtime.install({
    logger: {
      log: (level, message, meta) => sink?.(level, message, meta),
      trace: at('TRACE'),
      debug: at('DEBUG'),
      info: at('INFO'),
      warn: at('WARN'),
      error: at('ERROR'),
    },
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }), forward: {} } },
    shutdownSignals: [],
  });
}
