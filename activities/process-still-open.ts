import { ApplicationFailure } from '@temporalio/common';
import type { Prisma } from '../generated/prisma/client';

/**
 * R-C3, R-G7: an account write counts only for a process that is still open.
 * An attempt of a completion can outlive its workflow (a slow attempt timed
 * out, the workflow gave up and was closed `failed` by
 * closeProcessEndedInError, or was terminated), then commit after a later
 * process of the account opened. Under the process row's lock, which the
 * closing takes too, the two are ordered: a completion that comes second finds
 * the row closed and writes nothing. NO KEY UPDATE: the row's steps, tickets
 * and sessions, which reference it, are still written meanwhile.
 */
export const LOCK_PROCESS_ROW = 'SELECT status, failure_reason FROM processes WHERE id = $1 FOR NO KEY UPDATE';

export interface ProcessRowState {
  status: string;
  failureReason: string | null;
}

/** Locks the process row for the rest of the transaction and reads how it stands; null when there is none. */
export async function lockProcessRow(tx: Prisma.TransactionClient, processId: string): Promise<ProcessRowState | null> {
  const rows = await tx.$queryRawUnsafe<Array<{ status: string; failure_reason: string | null }>>(LOCK_PROCESS_ROW, processId);
  return rows[0] ? { status: rows[0].status, failureReason: rows[0].failure_reason } : null;
}

/**
 * What a completion does for its process's row, read under the lock: null to
 * go on (the row is open, or there is none); the outcome the row was closed
 * with when it is one this completion gives (`outcomes`), since then it was
 * closed by this completion's own earlier attempt (a stage retried after it
 * recorded its outcome) and the answer is that outcome again, written once.
 * Any other end (closed in error, cancelled, revoked) refuses: nothing is
 * written for a process that ended otherwise.
 */
export function outcomeOfEndedProcess<Outcome extends string>(processId: string, row: ProcessRowState | null, outcomes: readonly Outcome[]): Outcome | null {
  if (row === null || row.status === 'open') return null;
  const own = row.status === 'failed' ? row.failureReason : row.status;
  if (own !== null && (outcomes as readonly string[]).includes(own)) return own as Outcome;
  throw ApplicationFailure.create({
    type: 'ProcessEnded',
    message: `process ${processId} ended (${row.status}${row.failureReason ? `, ${row.failureReason}` : ''}) before its outcome was written`,
    nonRetryable: true,
  });
}
