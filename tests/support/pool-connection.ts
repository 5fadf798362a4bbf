import type { PoolClient } from 'pg';
import { createDatabase, sqlPool, type Database } from '../../prisma/client';
import { testConfig } from './environment';

/**
 * One connection of the pool under Prisma, held for a describe's tests (its
 * session settings and prepared statements stay with it) and discarded after
 * them rather than returned. Call at the describe's top level; `connection()`
 * inside the tests.
 */
export function heldPoolConnection(prepare?: (connection: PoolClient) => Promise<unknown>): { connection: () => PoolClient } {
  let db: Database | undefined;
  let held: PoolClient | undefined;
  beforeAll(async () => {
    const config = testConfig();
    db = createDatabase(config.databaseUrl!, config.database);
    held = await sqlPool(db).connect();
    await prepare?.(held);
  });
  afterAll(async () => {
    held?.release(true);
    await db?.$disconnect();
  });
  return { connection: () => held! };
}
