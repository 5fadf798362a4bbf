import { makeTelemetryFilterString, Runtime, type LogLevel, type LogMetadata, type Logger as SdkLogger } from '@temporalio/worker';
import type { Logger } from '../config/logger';

const PINO_LEVEL = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;
const RANK: Record<LogLevel, number> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4 };

/**
 * The SDK's context keys (activity, workflow, core) that name a run, never a
 * person: ids the system makes, types, queues, counts.
 */
const CONTEXT_KEYS = new Set([
  'namespace', 'taskQueue', 'workflowId', 'workflowRunId', 'runId', 'workflowType', 'activityId', 'activityType',
  'isLocal', 'attempt', 'durationMs', 'sdkComponent', 'target', 'run_id', 'workflow_id', 'task_queue', 'activity_id',
  'activity_type', 'workflow_type',
]);

const WITHHELD = '[withheld]';

/**
 * Lines our code writes through the SDK's loggers: the workflows' `log` and
 * the activities' `Context.current().log` (sdkComponent `workflow`,
 * `activity`); the SDK's own are `worker` and `core`.
 */
const writtenByUs = (meta: LogMetadata | undefined) => meta?.sdkComponent === 'workflow' || meta?.sdkComponent === 'activity';

/** An error as its class and failure type: its message, stack and causes may quote what it refused (a birth date, a name). */
function errorOf(value: Error): { name: string; type?: string } {
  const type = (value as { type?: unknown }).type;
  return { name: value.name, ...(typeof type === 'string' ? { type } : {}) };
}

/**
 * What of a line's metadata may be written: its first error as `err` (the
 * logger lets an error class's name through there), the run's context, and
 * anything else withheld by key. Our workflows' and activities' own lines
 * keep their fields, which we write knowing the rule; pino's redaction still
 * applies to them.
 */
function safeFields(meta: LogMetadata | undefined): { err?: { name: string; type?: string }; temporal: Record<string, unknown> } {
  const temporal: Record<string, unknown> = {};
  if (!meta) return { temporal };
  const ours = writtenByUs(meta);
  let err: { name: string; type?: string } | undefined;
  const withheld: string[] = [];
  for (const [key, value] of Object.entries(meta)) {
    if (value instanceof Error && err === undefined) err = errorOf(value);
    else if (!(value instanceof Error) && (ours || (CONTEXT_KEYS.has(key) && (typeof value !== 'object' || value === null)))) temporal[key] = value;
    else withheld.push(key);
  }
  if (withheld.length > 0) temporal.withheld = withheld;
  return err ? { err, temporal } : { temporal };
}

/**
 * The SDK's messages quote an error's text after a colon ("Error while
 * processing ActivityTask.start: <message>", "Workflow Worker Thread failed:
 * <error>"): only the part before it is the SDK's own. Our own lines are
 * kept whole.
 */
function safeMessage(message: string, meta: LogMetadata | undefined): string {
  if (writtenByUs(meta)) return message;
  const colon = message.indexOf(': ');
  return colon < 0 ? message : `${message.slice(0, colon)}: ${WITHHELD}`;
}

/**
 * The Temporal runtime's logger (the SDK's worker and activity lines, the
 * workflows' `log`, core's forwarded lines) writing through our pino logger,
 * from `minLevel` up, with nothing a failure quotes: personal data never
 * reaches a log in clear text, the SDK's lines included.
 */
export function sdkLogger(logger: Logger, minLevel: LogLevel = 'INFO'): SdkLogger {
  const log = (level: LogLevel, message: string, meta?: LogMetadata) => {
    if (RANK[level] < RANK[minLevel]) return;
    logger[PINO_LEVEL[level]](safeFields(meta), safeMessage(message, meta));
  };
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}

/**
 * The process's one Temporal runtime, before its first connection: the SDK's
 * lines through `sdkLogger`, core's forwarded at WARN (its default), and the
 * SDK's worker metrics in Prometheus format when an address is given.
 */
export function installWorkerRuntime(logger: Logger, options: { metricsAddress?: string; minLevel?: LogLevel } = {}): void {
  Runtime.install({
    logger: sdkLogger(logger, options.minLevel),
    telemetryOptions: {
      logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }) },
      ...(options.metricsAddress ? { metrics: { prometheus: { bindAddress: options.metricsAddress } } } : {}),
    },
  });
}
