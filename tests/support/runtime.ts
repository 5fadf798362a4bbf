import * as os from 'node:os';
import { makeTelemetryFilterString, Runtime } from '@temporalio/worker';

type WorkerLogSink = (level: string, message: string, meta?: Record<string, unknown>) => void;

/**
 * The runtime is one per process, but jest gives every test file its own
 * module registry, globals and `process` object: the installed flag and the
 * current sink live on a core module, the one object all of them share, so the
 * logger the first file installed sends to the sink of whichever file captures now.
 */
const shared = os as unknown as { realnameRuntimeInstalled?: boolean; realnameWorkerLogSink?: WorkerLogSink | null };
const sink = (level: string, message: string, meta?: Record<string, unknown>) => shared.realnameWorkerLogSink?.(level, message, meta);

/** Sends the worker's logs (SDK, workflows, activities) to `next` until called with null; tests that check logs use it. */
export function captureWorkerLogs(next: WorkerLogSink | null): void {
  shared.realnameWorkerLogSink = next;
}

/** One quiet Temporal runtime per test process: logs go nowhere unless captured, core logs only errors, and jest (not the runtime) owns SIGINT. */
export function installQuietRuntime(): void {
  if (shared.realnameRuntimeInstalled) return;
  shared.realnameRuntimeInstalled = true;
  const at = (level: string) => (message: string, meta?: Record<string, unknown>) => sink(level, message, meta);
  Runtime.install({
    logger: {
      log: (level, message, meta) => sink(level, message, meta),
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
