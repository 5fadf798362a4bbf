import { ApplicationFailure } from '@temporalio/common';
import type { Prisma } from '../generated/prisma/client';

/**
 * R-C3, R-G7: an account write counts only for a process that is still open.
 * An attempt of a completion can outlive its workflow (a slow attempt timed
 * out, the workflow gave up and was closed `failed` by
 * closeProcessEndedInError, or was terminated), then commit after a later
 * process of the account opened. Under the process row's lock, which the
 * closing takes too, the two are ordered: a completion that comes second finds
 * the row closed and writes nothing.
 */
export const LOCK_PROCESS_STATUS = 'SELECT status FROM processes WHERE id = $1 FOR UPDATE';

/** Locks the process row for the rest of the transaction; refuses when it has ended. A process with no row has not ended. */
export async function lockProcessStillOpen(tx: Prisma.TransactionClient, processId: string): Promise<void> {
  const rows = await tx.$queryRawUnsafe<Array<{ status: string }>>(LOCK_PROCESS_STATUS, processId);
  refuseIfEnded(processId, rows[0]?.status ?? null);
}

/** The refusal itself, for a status read under the row's lock; `null` when there is no row. */
export function refuseIfEnded(processId: string, status: string | null): void {
  if (status === null || status === 'open') return;
  throw ApplicationFailure.create({ type: 'ProcessEnded', message: `process ${processId} ended (${status}) before its outcome was written`, nonRetryable: true });
}
