import { NamespaceNotFoundError, ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { Prisma } from '../generated/prisma/client';

/** PostgreSQL SQLSTATEs of a server shutting down, starting, or a connection lost: retry later. */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const unavailableSqlState = (code: unknown) => typeof code === 'string' && (UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08'));
/** The pg adapter's kinds for a database out of reach; raw queries report them as P2010 where model queries say P1001. */
const UNAVAILABLE_ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);

/** The socket errors the pg adapter reports as those kinds, raised as they are when pg is used directly. */
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'ETIMEDOUT']);
const UNAVAILABLE_PG_MESSAGES = ['Connection terminated', 'timeout exceeded when trying to connect', 'Client has encountered a connection error'];

/** gRPC status codes DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, UNAVAILABLE. */
const UNAVAILABLE_GRPC_CODES = new Set([4, 8, 14]);
const GRPC_NOT_FOUND = 5;
function unavailableGrpc(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  // A gRPC status error (@grpc/grpc-js) has a numeric code; PostgreSQL's, Prisma's and Node's are strings.
  if (typeof code !== 'number') return false;
  return UNAVAILABLE_GRPC_CODES.has(code) || (code === GRPC_NOT_FOUND && typeof message === 'string' && /namespace \S+ is not found/i.test(message));
}

/** Errors that mean a dependency is down for now: the client should retry, not give up. */
export function isUnavailable(error: unknown): boolean {
  // An update not answered within its deadline (api/answer-wait.ts): the process goes on, and a retry is answered by it.
  if (error instanceof ServiceError || error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  // Issue 17: a Temporal server whose PostgreSQL is down answers "namespace not found" (its
  // namespace registry cannot read): the SDK raises NamespaceNotFoundError, or from update-with-start
  // the bare gRPC error. The namespace is the API's own setting, never the caller's: retry later
  // (tests/faults/cluster/temporal-postgres-restart.test.ts). Likewise a bare gRPC error of a
  // server out of reach, overloaded or too slow.
  if (error instanceof NamespaceNotFoundError || unavailableGrpc(error)) return true;
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (['P1001', 'P1002', 'P1017', 'P2024'].includes(error.code)) return true;
    // Prisma 7 with the pg adapter reports PostgreSQL's own refusals (e.g. 57P03 while it shuts down) as P2039/P2010 with the SQLSTATE inside.
    const cause = (error.meta?.driverAdapterError as { cause?: { kind?: unknown; code?: unknown; originalCode?: unknown } } | undefined)?.cause;
    if (typeof cause?.kind === 'string' && UNAVAILABLE_ADAPTER_KINDS.has(cause.kind)) return true;
    return unavailableSqlState(cause?.code) || unavailableSqlState(cause?.originalCode);
  }
  // pg's own errors, from the reads and writes that skip Prisma (api/process-read.ts, the webhook and start lookups).
  const { code, message } = (error ?? {}) as { code?: string; message?: unknown };
  if ((typeof code === 'string' && UNAVAILABLE_SOCKET_CODES.has(code)) || unavailableSqlState(code)) return true;
  // Without a code: the server dropped a connection mid-query, none freed up in time, or a connection is already broken.
  return typeof message === 'string' && UNAVAILABLE_PG_MESSAGES.some((prefix) => message.startsWith(prefix));
}
