import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';
import type { Config } from '../config';

export type Database = PrismaClient;

/** One client per process, created at start-up. Pool size and timeouts are explicit (Prisma 7 sets none). */
export function createDatabase(databaseUrl: string, pool: Config['database']): Database {
  const adapter = new PrismaPg({
    connectionString: databaseUrl,
    max: pool.poolSize,
    connectionTimeoutMillis: pool.connectionTimeoutMs,
    idleTimeoutMillis: pool.idleTimeoutMs,
  });
  return new PrismaClient({ adapter });
}
