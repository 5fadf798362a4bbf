import type { Pool } from 'pg';
import { sqlPool, type Database } from './client';

const listening = new WeakSet<Pool>();

/**
 * The pool under `db`, for the statements that skip Prisma's query interpreter
 * because they run for every verification (BENCHMARKS.md). The pool drops an
 * idle connection the server closes (PostgreSQL restarting) and emits 'error';
 * Prisma's adapter listens only once Prisma itself has connected, and a process
 * that queries only here would die of the unheard event, so this listens too.
 */
export function directSql(db: Database): Pool {
  const pool = sqlPool(db);
  if (!listening.has(pool)) {
    pool.on('error', () => undefined);
    listening.add(pool);
  }
  return pool;
}
