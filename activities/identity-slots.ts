import type { PoolClient } from 'pg';
import type { Prisma } from '../generated/prisma/client';
import { prepared } from '../prisma/prepared';

/** One lock per identity whichever path takes it, so completions and changes for one identity queue on it together. */
const LOCK_IDENTITY = 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))';
export const COUNT_HOLDERS = `SELECT count(*)::int AS holders FROM accounts WHERE identity_key = $1 AND status <> 'unverified' AND id <> $2`;

const lockIdentity = prepared('lock-identity', LOCK_IDENTITY);
const countHolders = prepared('count-holders', COUNT_HOLDERS);

/**
 * R-P5, R-E7: takes a transaction-scoped advisory lock on the identity, so
 * concurrent completions for one identity run one at a time, and counts the
 * other accounts whose current subject is that identity: stored under `key`,
 * or under one of `formerKeys`, the keys the identity was stored under before
 * (R-E7: a credit code before it counted by its organisation code). Only
 * `key` is locked: every completion from now on takes that one.
 */
export async function lockIdentityAndCountHolders(tx: Prisma.TransactionClient, key: string, accountId: string, formerKeys: readonly string[] = []): Promise<number> {
  await tx.$executeRawUnsafe(LOCK_IDENTITY, key);
  return tx.account.count({ where: { identityKey: { in: [key, ...formerKeys] }, status: { not: 'unverified' }, id: { not: accountId } } });
}

/**
 * The same, in a transaction on the pool under Prisma (prisma/sql-transaction.ts).
 * Two statements, not one: under READ COMMITTED a statement sees the rows
 * committed when it began, so the count must begin after the lock is held.
 */
export async function lockIdentityAndCountHoldersInSql(client: PoolClient, key: string, accountId: string): Promise<number> {
  await client.query(lockIdentity([key]));
  const { rows } = await client.query<{ holders: number }>(countHolders([key, accountId]));
  return rows[0]!.holders;
}
