import { randomUUID } from 'node:crypto';
import type { Context } from '@temporalio/activity';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, ActivityInterceptorsFactory, Next } from '@temporalio/worker';
import { isUnavailable } from '../api/unavailable';
import { ANSWERED_FAILURE_TYPES, FAILURES, InvariantViolated, isFailureType, RecordMissing, type FailureType } from '../domain/failures';
import { Prisma } from '../generated/prisma/client';
import type { Database } from '../prisma/client';

/**
 * Activities classify their errors here, once (the catalogue is
 * domain/failures.ts): an error no retry can mend becomes a non-retryable
 * ApplicationFailure of a catalogue type, so the activity is attempted once
 * instead of forever; a dependency that is down stays retryable; anything
 * else is left as it came (retried, as Temporal does by default). Operators
 * see every activity that gave up: an error-level log line and a row in
 * activity_failures (listed by GET /v1/operator/activity-failures, counted by
 * the API's /metrics).
 */

export interface Classification {
  type: FailureType | string;
  retryable: boolean;
}

/** Socket and HTTP-client codes of a peer out of reach or too slow: it may answer later. */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED',
]);
/** Prisma's codes of a database out of reach, a pool or transaction timed out, or a write conflict: the next attempt may pass. */
const TRANSIENT_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028', 'P2034']);
/**
 * SQLSTATEs worth another attempt: connection exceptions (08), insufficient
 * resources (53), a server shutting down or starting (57P01..03), a statement
 * cancelled by its timeout (57014), serialization failures and deadlocks
 * (40001, 40P01), a lock not available (55P03).
 */
const transientSqlState = (code: string) => /^(08|53)/.test(code) || ['57P01', '57P02', '57P03', '57014', '40001', '40P01', '55P03'].includes(code);
/** Data exceptions (22: a value out of range, malformed text for its type): the same value fails the same way. */
const invalidDataSqlState = (code: string) => code.startsWith('22');

/** A Prisma request error's code (P2025, …). */
function prismaCodeOf(error: unknown): string | undefined {
  return error instanceof Prisma.PrismaClientKnownRequestError ? error.code : undefined;
}

/** A PostgreSQL SQLSTATE, from pg's own error or from inside Prisma's driver-adapter error. */
function sqlStateOf(error: unknown): string | undefined {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    const cause = (error.meta?.driverAdapterError as { cause?: { code?: unknown; originalCode?: unknown } } | undefined)?.cause;
    const code = cause?.originalCode ?? cause?.code;
    return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
  }
  const code = (error as { code?: unknown } | null)?.code;
  // pg's DatabaseError carries `severity` beside its five-character SQLSTATE.
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && typeof (error as { severity?: unknown }).severity === 'string' ? code : undefined;
}

function isTransient(error: unknown): boolean {
  if (isUnavailable(error)) return true;
  const prismaCode = prismaCodeOf(error);
  if (prismaCode !== undefined && TRANSIENT_PRISMA_CODES.has(prismaCode)) return true;
  const sqlState = sqlStateOf(error);
  if (sqlState !== undefined && transientSqlState(sqlState)) return true;
  const { code, status, statusCode, name } = (error ?? {}) as { code?: unknown; status?: unknown; statusCode?: unknown; name?: unknown };
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
  // A provider answering 5xx, 429 (slow down) or 408 (request timeout).
  const httpStatus = typeof status === 'number' ? status : typeof statusCode === 'number' ? statusCode : undefined;
  if (httpStatus !== undefined && (httpStatus >= 500 || httpStatus === 429 || httpStatus === 408)) return true;
  return name === 'TimeoutError';
}

/** By shape, not `instanceof`: Node's own errors (fetch's) may come from another realm than this module's Error. */
function isErrorLike(value: unknown): value is Error {
  return typeof value === 'object' && value !== null && typeof (value as Error).name === 'string' && typeof (value as Error).message === 'string';
}

const nameOf = (error: unknown) => (isErrorLike(error) ? error.name : undefined);

/** Whether the error, or any error it was caused by (fetch's TypeError wraps the socket's ECONNREFUSED), is transient. */
function isTransientChain(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && isErrorLike(current); depth++) {
    if (isTransient(current)) return true;
    current = current.cause;
  }
  return !isErrorLike(error) && isTransient(error);
}

/**
 * What an activity's error means for its retries. Transient causes are looked
 * for first, through the whole cause chain: Node's fetch fails with a
 * TypeError whose cause is the refused connection.
 */
export function classifyActivityError(error: unknown): Classification {
  if (error instanceof ApplicationFailure) {
    const type = error.type ?? 'ApplicationFailure';
    return { type, retryable: !error.nonRetryable && !(isFailureType(type) && !FAILURES[type].retryable) };
  }
  if (isTransientChain(error)) return { type: 'DependencyUnavailable', retryable: true };
  if (error instanceof InvariantViolated) return { type: 'InvariantViolated', retryable: false };
  if (error instanceof RecordMissing) return { type: 'RecordMissing', retryable: false };
  // findUniqueOrThrow and friends, and an update or delete of a row that is not there.
  if (prismaCodeOf(error) === 'P2025') return { type: 'RecordMissing', retryable: false };
  const name = nameOf(error);
  if (name === 'NotFoundError') return { type: 'RecordMissing', retryable: false };
  // Prisma's validation error: a query built from a value it cannot take (a missing or ill-typed argument).
  if (name === 'RangeError' || name === 'TypeError' || name === 'ZodError' || name === 'PrismaClientValidationError') return { type: 'InvalidActivityInput', retryable: false };
  const sqlState = sqlStateOf(error);
  if (sqlState !== undefined && invalidDataSqlState(sqlState)) return { type: 'InvalidActivityInput', retryable: false };
  return { type: name ?? typeof error, retryable: true };
}

/**
 * What operators are told of the error: the message of this project's own
 * failures (written to name ids only), otherwise the error's name and code.
 * Other messages may quote the values they refused (a RangeError quoting a
 * birth date); the whole failure stays in the workflow's history.
 */
export function giveUpMessage(error: unknown): string {
  if (error instanceof InvariantViolated || error instanceof RecordMissing) return error.message.slice(0, 500);
  if (error instanceof ApplicationFailure) return `ApplicationFailure ${error.type ?? ''}`.trim();
  if (!isErrorLike(error)) return typeof error;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Za-z_]{1,40}$/.test(code) ? `${error.name} ${code}` : error.name;
}

export interface ActivityGiveUp {
  workflowId: string;
  runId: string;
  workflowType: string;
  activityType: string;
  activityId: string;
  attempt: number;
  failureType: string;
  /** False: no retry could mend it. True: a transient failure on the last attempt its retry policy allowed. */
  retryable: boolean;
  message: string;
}

/** Where give-ups are kept for operators; a failure to keep one is logged, never thrown. */
export type GiveUpRecorder = (giveUp: ActivityGiveUp) => Promise<void>;

/** One row per attempt that gave up, in activity_failures; a row already written (a retried write) is skipped. */
export function recordGiveUpsIn(db: Database): GiveUpRecorder {
  return async (giveUp) => {
    await db.activityFailure.createMany({
      data: [
        {
          id: randomUUID(),
          workflowId: giveUp.workflowId,
          runId: giveUp.runId,
          workflowType: giveUp.workflowType,
          activityType: giveUp.activityType,
          activityId: giveUp.activityId,
          attempt: giveUp.attempt,
          failureType: giveUp.failureType,
          retryable: giveUp.retryable,
          message: giveUp.message,
        },
      ],
      skipDuplicates: true,
    });
  };
}

/**
 * Keeping a give-up must not turn it into something else: a write that hangs
 * (the database is what failed) would outlast the attempt's timeout, and a
 * timed-out attempt is retried.
 */
const RECORD_TIMEOUT_MS = 2_000;

function lastAllowedAttempt(info: Context['info']): boolean {
  const maximumAttempts = info.retryPolicy?.maximumAttempts;
  return maximumAttempts !== undefined && maximumAttempts > 0 && info.attempt >= maximumAttempts;
}

class ClassifyActivityFailures implements ActivityInboundCallsInterceptor {
  constructor(
    private readonly ctx: Context,
    private readonly record: GiveUpRecorder,
  ) {}

  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    try {
      return await next(input);
    } catch (error) {
      throw await this.settle(error);
    }
  }

  private async settle(error: unknown): Promise<unknown> {
    // A cancelled activity is not a failure of it: it goes on as it came.
    if (error instanceof CancelledFailure || this.ctx.cancellationSignal.aborted) return error;
    const { type, retryable } = classifyActivityError(error);
    const failure =
      retryable || error instanceof ApplicationFailure
        ? error
        : ApplicationFailure.create({ type, message: isErrorLike(error) ? error.message : String(error), nonRetryable: true, cause: isErrorLike(error) ? error : undefined });
    const answered = !retryable && isFailureType(type) && ANSWERED_FAILURE_TYPES.has(type);
    // An answer its workflow handles: logged (the type names it, never the arguments), not kept as a give-up.
    if (answered) this.ctx.log.info('activity answered with a failure its workflow handles', { failureType: type });
    else if (!retryable || lastAllowedAttempt(this.ctx.info)) await this.giveUp(type, retryable, error);
    return failure;
  }

  private async giveUp(failureType: string, retryable: boolean, error: unknown): Promise<void> {
    const { info } = this.ctx;
    const message = giveUpMessage(error);
    // Never the arguments: the log line names the activity, its workflow (metadata) and what went wrong.
    this.ctx.log.error('activity gave up', { failureType, retryable, error: message });
    const giveUp: ActivityGiveUp = {
      workflowId: info.workflowExecution?.workflowId ?? '',
      runId: info.workflowExecution?.runId ?? '',
      workflowType: info.workflowType ?? '',
      activityType: info.activityType,
      activityId: info.activityId,
      attempt: info.attempt,
      failureType,
      retryable,
      message,
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`not kept within ${RECORD_TIMEOUT_MS} ms`)), RECORD_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.record(giveUp), timeout]);
    } catch (recordError) {
      this.ctx.log.warn('could not keep an activity give-up for operators', { failureType, error: giveUpMessage(recordError) });
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The worker's activity interceptors: every activity's failure classified, and each give-up kept by `record`. */
export function activityFailureInterceptors(record: GiveUpRecorder): ActivityInterceptorsFactory {
  return (ctx) => ({ inbound: new ClassifyActivityFailures(ctx, record) });
}
