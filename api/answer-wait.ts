import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import { isUnavailable } from './unavailable';

/**
 * A request that waits for its process's answer (an update: a start's first
 * code, a refresh, a switch, a choice, a withdrawal, a revocation, a decision)
 * waits `config.api.answerWaitMs` at most. Without a bound it would wait as
 * long as the process does: a code service that is down is retried until the
 * process's deadline, hours away, and with no worker polling the wait has no
 * end. Past the bound the call fails with the gRPC deadline, which the API
 * answers 503 with Retry-After (api/unavailable.ts); the process goes on.
 *
 * `whenLate` runs before that 503 (or any other of Temporal being out of
 * reach): the process may still take the request once the API has stopped
 * waiting, so what must outlive the request is written anyway, as the
 * documents it carried, which the sweep deletes while no process references them.
 */
export async function answeredWithin<T>(
  deps: { temporal: Client; config: Pick<Config, 'api'> },
  call: () => Promise<T>,
  whenLate?: () => Promise<unknown>,
): Promise<T> {
  try {
    return await deps.temporal.withDeadline(Date.now() + deps.config.api.answerWaitMs, call);
  } catch (error) {
    if (whenLate && isUnavailable(error)) await whenLate();
    throw error;
  }
}
