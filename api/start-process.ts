import type { Database } from '../prisma/client';
import { sqlPool } from '../prisma/client';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import {
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure, CancelledFailure, type UpdateDefinition, type Workflow } from '@temporalio/common';
import { AccountId, ProcessKind, VerificationMethod, VerificationStatus } from '../workflows/search-attributes';
import { processWorkflowId } from '../workflows/process-ids';
import { isFinishing } from '../domain';
import { failureKind } from '../domain/failures';
import { PROBLEM_DETAILS, refusalDetail } from '../domain/texts';
import { ProblemError, problems, refusal } from './problem';
import { isRefusedField } from '../workflows/refused-field';

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
  /** What its Idempotency-Key stands for, kept in the workflow's memo (security finding 5). */
  record?: StartRecord;
  /**
   * Run after waiting for the account's previous process to close, before the
   * start is tried again: what the caller judged before the wait (the
   * account's subject, say) may be what that process has just changed. Throws
   * the problem to answer instead.
   */
  recheck?: () => Promise<void>;
}

/**
 * Security finding 5: what a start under an Idempotency-Key was, kept in its
 * workflow's memo (sealed by the codec like every payload): a keyed hash of
 * its validated body and the document ids it carried. A retry under the same
 * key must carry the same body (else 422 `idempotency-key-reused`) and
 * attaches none but these ids: a retry's body is not what was checked and
 * started, so it must not take documents out of the upload quota for good.
 */
export interface StartRecord {
  requestHash: string;
  documentIds: string[];
}

/**
 * The hash a start's record holds: HMAC-SHA256 under IDENTITY_HASH_SECRET
 * (the body holds names and ID numbers, so no plain digest of it) of the route
 * and the body as validated, its keys sorted, so a retry that sends the same
 * fields in another order is the same request.
 */
export function requestHash(secret: string, route: string, body: unknown): string {
  const canonical = JSON.stringify(body, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
  return createHmac('sha256', secret).update(`realname/idempotent-start/v1\u0000${route}\u0000${canonical}`).digest('hex');
}

const keyReused = (processId: string): ProblemError =>
  refusal(422, 'idempotency-key-reused', PROBLEM_DETAILS.idempotencyKeyReused(processId), { processId });

const recordOf = (memo: Record<string, unknown> | undefined): Partial<StartRecord> => ({
  ...(typeof memo?.requestHash === 'string' ? { requestHash: memo.requestHash } : {}),
  ...(Array.isArray(memo?.documentIds) ? { documentIds: memo.documentIds.filter((id): id is string => typeof id === 'string') } : {}),
});

/**
 * A start whose process already exists (its Idempotency-Key was used): 422
 * unless it is the same request, as far as can be known (the process's kind;
 * the hash a start of this version recorded). Returns the document ids the
 * original start carried, the only ones a retry may attach: none for a
 * process started before starts kept them (all its documents were recorded as
 * taken when references began), or whose history Temporal no longer keeps.
 */
export async function retriedStart(
  temporal: Client,
  process: { id: string; kind: string; workflowId: string; runId: string },
  expected: { kind: string; requestHash: string },
): Promise<{ documentIds: string[] }> {
  if (process.kind !== expected.kind) throw keyReused(process.id);
  let record: Partial<StartRecord>;
  try {
    record = recordOf(await (await temporal.workflow.getHandle(process.workflowId, process.runId).describe()).memo);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return { documentIds: [] };
    throw error;
  }
  if (record.requestHash !== undefined && record.requestHash !== expected.requestHash) throw keyReused(process.id);
  return { documentIds: record.documentIds ?? [] };
}

/** Plain SQL on the pool under Prisma, like the start's other reads: a start comes with every verification (BENCHMARKS.md). */
const PROCESS_STATUS = 'SELECT status FROM processes WHERE id = $1';

/**
 * Starts the account's process workflow and asks its first update in the same
 * call (update-with-start): the update reaches the workflow in its first task,
 * one round trip and one workflow task sooner than a start and then an update.
 * R-G2: the workflow id is the account's, so Temporal refuses a second open
 * process; the refusal names the open one. A start that loses a race with its
 * own retry joins it and asks the update there: `joined`, so the caller answers
 * it as the retry it is (200, not a second 201).
 */
export async function startProcessWithUpdate<A, R>(
  request: StartRequest<A>,
  update: UpdateDefinition<R, []>,
  retried = false,
): Promise<{ result: R; joined: boolean }> {
  const workflowId = processWorkflowId(request.accountId);
  const startWorkflowOperation = new WithStartWorkflowOperation<Workflow>(request.workflowType, {
    taskQueue: request.taskQueue,
    workflowId,
    args: [request.args],
    workflowIdConflictPolicy: 'FAIL',
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    memo: { processId: request.processId, ...request.record },
    typedSearchAttributes: [
      { key: AccountId, value: request.accountId },
      { key: ProcessKind, value: request.kind },
      { key: VerificationMethod, value: request.method },
      { key: VerificationStatus, value: request.firstStatus ?? 'starting' },
    ],
  });
  try {
    return { result: await request.temporal.workflow.executeUpdateWithStart(update, { startWorkflowOperation }), joined: false };
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  const handle = request.temporal.workflow.getHandle(workflowId);
  const description = await handle.describe();
  const memo = await description.memo;
  const openProcessId = String(memo?.processId ?? 'unknown');
  if (openProcessId === request.processId) {
    // Its own retry won the race: the same key with another body is refused here too (security finding 5).
    const recorded = recordOf(memo).requestHash;
    if (request.record && recorded !== undefined && recorded !== request.record.requestHash) throw keyReused(request.processId);
    return { result: await request.temporal.workflow.getHandle(workflowId, description.runId).executeUpdate(update), joined: true };
  }
  const previous = request.db ? (await sqlPool(request.db).query<{ status: string }>(PROCESS_STATUS, [openProcessId])).rows[0] : undefined;
  // R-G7: its outcome is written; it closes as soon as its last notification is out. With no row at all it is a
  // start being opened, or one refused before it opened (R-C1, R-C2 subject-changed), which closes at once.
  const closing = previous ? isFinishing(previous) : request.db !== undefined;
  if (!retried && closing) {
    await Promise.race([handle.result().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, previous ? 5_000 : 1_000))]);
    await request.recheck?.();
    return startProcessWithUpdate(request, update, true);
  }
  throw problems.conflict('process-already-open', PROBLEM_DETAILS.processAlreadyOpen(request.accountId, openProcessId), {
    rule: 'R-G2',
    openProcessId,
  });
}

/** The type the Temporal server fails an accepted update with when its workflow completes first. */
const UPDATE_OUTLIVED_BY_WORKFLOW = 'AcceptedUpdateCompletedWorkflow';

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
  // The server's answer to an update the workflow accepted and then ended before answering (an operator terminated its
  // part, R-G7): the process is closed; the holder reads it again for how.
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type === UPDATE_OUTLIVED_BY_WORKFLOW) {
    throw problems.conflict('process-closed', PROBLEM_DETAILS.processEnded());
  }
  // An update whose wait the workflow's cancellation cut short (an operator cancelled the process while it ran): the
  // process is closing as it was stopped, or as the update made it; the holder reads it again for which.
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof CancelledFailure) {
    throw problems.conflict('process-closed', PROBLEM_DETAILS.processEnded());
  }
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const kind = failureKind(error.cause.type);
    if (kind.retryable) throw problems.unavailable(PROBLEM_DETAILS.dependencyUnavailable());
    if (!kind.showMessage) throw error;
    // The workflow's message is English (its history keeps it); the catalogue has it in the holder's language by type.
    const detail = refusalDetail(error.cause.type, error.cause.message);
    const named = error.cause.details?.find(isRefusedField);
    throw refusal(kind.status, kind.problem, detail, named ? { field: named.field, rule: named.rule } : {});
  }
  if (error instanceof WorkflowNotFoundError) throw problems.conflict('process-closed', PROBLEM_DETAILS.processEnded());
  throw error;
}
