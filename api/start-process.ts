import type { Database } from '../prisma/client';
import { sqlPool } from '../prisma/client';
import { createHash, randomUUID } from 'node:crypto';
import {
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition, type Workflow } from '@temporalio/common';
import { AccountId, ProcessKind, VerificationMethod, VerificationStatus } from '../workflows/search-attributes';
import { processWorkflowId } from '../workflows/process-ids';
import { isFinishing } from '../domain';
import { failureKind } from '../domain/failures';
import { ProblemError, problems } from './problem';

/**
 * With an Idempotency-Key the process id is derived from it, so a retried
 * start finds the same process instead of making a second one.
 */
export function processIdFor(accountId: string, idempotencyKey: string | undefined): string {
  if (!idempotencyKey) return `prc_${randomUUID().replace(/-/g, '')}`;
  return `prc_${createHash('sha256').update(`${accountId}\u0000${idempotencyKey}`).digest('hex').slice(0, 32)}`;
}

export interface StartRequest<A> {
  temporal: Client;
  taskQueue: string;
  workflowType: string;
  processId: string;
  accountId: string;
  kind: string;
  method: string;
  args: A;
  /** The process's `VerificationStatus` from its start (default `starting`), so its first step need not upsert it. */
  firstStatus?: string;
  /** Lets a start wait for the account's previous process when it has reached its outcome and is only finishing its notifications. */
  db?: Database;
}

/** Plain SQL on the pool under Prisma, like the start's other reads: a start comes with every verification (BENCHMARKS.md). */
const PROCESS_STATUS = 'SELECT status FROM processes WHERE id = $1';

/**
 * Starts the account's process workflow and asks its first update in the same
 * call (update-with-start): the update reaches the workflow in its first task,
 * one round trip and one workflow task sooner than a start and then an update.
 * R-G2: the workflow id is the account's, so Temporal refuses a second open
 * process; the refusal names the open one. A start that loses a race with its
 * own retry joins it and asks the update there.
 */
export async function startProcessWithUpdate<A, R>(request: StartRequest<A>, update: UpdateDefinition<R, []>, retried = false): Promise<R> {
  const workflowId = processWorkflowId(request.accountId);
  const startWorkflowOperation = new WithStartWorkflowOperation<Workflow>(request.workflowType, {
    taskQueue: request.taskQueue,
    workflowId,
    args: [request.args],
    workflowIdConflictPolicy: 'FAIL',
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    memo: { processId: request.processId },
    typedSearchAttributes: [
      { key: AccountId, value: request.accountId },
      { key: ProcessKind, value: request.kind },
      { key: VerificationMethod, value: request.method },
      { key: VerificationStatus, value: request.firstStatus ?? 'starting' },
    ],
  });
  try {
    return await request.temporal.workflow.executeUpdateWithStart(update, { startWorkflowOperation });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  const handle = request.temporal.workflow.getHandle(workflowId);
  const description = await handle.describe();
  const openProcessId = String((await description.memo)?.processId ?? 'unknown');
  if (openProcessId === request.processId) return request.temporal.workflow.getHandle(workflowId, description.runId).executeUpdate(update);
  const previous = request.db ? (await sqlPool(request.db).query<{ status: string }>(PROCESS_STATUS, [openProcessId])).rows[0] : undefined;
  if (!retried && previous && isFinishing(previous)) {
    // R-G7: its outcome is written; it closes as soon as its last notification is out.
    await Promise.race([handle.result().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5_000))]);
    return startProcessWithUpdate(request, update, true);
  }
  throw problems.conflict('process-already-open', `account ${request.accountId} already has an open process ${openProcessId} (R-G2)`, {
    rule: 'R-G2',
    openProcessId,
  });
}

/**
 * Turns a workflow's typed refusal of an update into the problem its type has
 * in the failure catalogue (domain/failures.ts), a type the catalogue does not
 * list into a 409; an update that finds the workflow already closed, which
 * happens when the process ends between the read that found it open and the
 * update, is a 409 too. A failure that is not a refusal (an internal one, a
 * dependency down) goes on to the app's error handler, which logs it and
 * answers 500 or 503 without its message.
 */
export function updateRefusal(error: unknown): never {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const kind = failureKind(error.cause.type);
    if (kind.retryable) throw problems.unavailable('a dependency is unavailable; retry shortly');
    if (!kind.showMessage) throw error;
    throw new ProblemError({ status: kind.status, type: kind.problem, title: kind.title, detail: error.cause.message });
  }
  if (error instanceof WorkflowNotFoundError) throw problems.conflict('process-closed', 'the process has ended');
  throw error;
}
