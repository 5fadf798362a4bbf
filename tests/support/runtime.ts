import { makeTelemetryFilterString, Runtime } from '@temporalio/worker';

let installed = false;

/** One quiet Temporal runtime per test process: core logs only errors, and jest (not the runtime) owns SIGINT. */
export function installQuietRuntime(): void {
  if (installed) return;
  installed = true;
  const silent = () => undefined;
  Runtime.install({
    logger: { log: silent, trace: silent, debug: silent, info: silent, warn: silent, error: silent },
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }), forward: {} } },
    shutdownSignals: [],
  });
}
