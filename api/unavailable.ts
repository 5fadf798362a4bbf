import { ServiceError } from '@temporalio/client';
import { Prisma } from '../generated/prisma/client';

/** Errors that mean a dependency is down for now: the client should retry, not give up. */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof ServiceError) return true;
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  if (error instanceof Prisma.PrismaClientKnownRequestError && ['P1001', 'P1002', 'P1017', 'P2024'].includes(error.code)) return true;
  const code = (error as { code?: string } | null)?.code;
  return code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === '57P01';
}
