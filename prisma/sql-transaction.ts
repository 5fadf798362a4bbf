import type { PoolClient } from 'pg';
import type { Database } from './client';
import { sqlPool } from './client';

/**
 * Runs `work` in one transaction on a connection of the pool under Prisma, for
 * the per-verification writes that skip Prisma's query interpreter
 * (BENCHMARKS.md). Commits what `work` returns, rolls back what it throws, and
 * always gives the connection back: a broken one is dropped, not lent again.
 */
export async function inSqlTransaction<T>(db: Database, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await sqlPool(db).connect();
  // Checked out, a connection the server drops between statements emits 'error' and no pool listens: unheard, it would end the process.
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.removeListener('error', onError);
    client.release(broken);
  }
}
