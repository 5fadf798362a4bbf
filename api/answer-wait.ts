import type { Client } from '@temporalio/client';
import type { Config } from '../config';

/**
 * A request that waits for its process's answer (an update: a start's first
 * code, a refresh, a switch, a choice, a withdrawal, a revocation, a decision)
 * waits `config.api.answerWaitMs` at most. Without a bound it would wait as
 * long as the process does: a code service that is down is retried until the
 * process's deadline, hours away, and with no worker polling the wait has no
 * end. Past the bound the call fails with the gRPC deadline, which the API
 * answers 503 with Retry-After (api/unavailable.ts); the process goes on, and
 * a retry is answered by it.
 */
export function answeredWithin<T>(deps: { temporal: Client; config: Pick<Config, 'api'> }, call: () => Promise<T>): Promise<T> {
  return deps.temporal.withDeadline(Date.now() + deps.config.api.answerWaitMs, call);
}
