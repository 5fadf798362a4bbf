import type { Prisma } from '../generated/prisma/client';

/**
 * R-P5, R-E7: takes a transaction-scoped advisory lock on the identity, so
 * concurrent completions for one identity run one at a time, and counts the
 * other accounts whose current subject is that identity.
 */
export async function lockIdentityAndCountHolders(tx: Prisma.TransactionClient, key: string, accountId: string): Promise<number> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
  return tx.account.count({ where: { identityKey: key, status: { not: 'unverified' }, id: { not: accountId } } });
}
