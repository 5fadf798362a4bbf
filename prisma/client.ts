import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { PrismaClient } from '../generated/prisma/client';
import type { Config } from '../config';

export type Database = PrismaClient;

const pools = new WeakMap<Database, Pool>();

/**
 * One client per process, created at start-up. Pool size and timeouts are
 * explicit (Prisma 7 sets none). The pool is ours and handed to the adapter, so
 * the statements hot enough to skip Prisma's query interpreter (those every
 * verification runs, BENCHMARKS.md) can use it too (`sqlPool`); disconnecting
 * the client ends it.
 */
export function createDatabase(databaseUrl: string, pool: Config['database']): Database {
  const sql = new Pool({
    connectionString: databaseUrl,
    max: pool.poolSize,
    connectionTimeoutMillis: pool.connectionTimeoutMs,
    idleTimeoutMillis: pool.idleTimeoutMs,
  });
  // An idle connection the server closes (PostgreSQL restarting) is dropped and
  // reported as 'error'; Prisma's adapter listens only once Prisma itself has
  // connected, and a process whose queries all go through `sqlPool` would die
  // of the unheard event. The next query simply opens a new connection.
  sql.on('error', () => undefined);
  const db = new PrismaClient({ adapter: new PrismaPg(sql, { disposeExternalPool: true }) });
  pools.set(db, sql);
  return db;
}

/** The connection pool under a client made by `createDatabase`. */
export function sqlPool(db: Database): Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error('this client was not made by createDatabase');
  return pool;
}
