import { mayStartVerification } from '../domain';
import { PROBLEM_DETAILS } from '../domain/texts';
import type { Database } from '../prisma/client';
import { problems } from './problem';

/**
 * R-G2: a verification start that waited for the account's previous process
 * to close asks again whether the account may still verify: that process may
 * have verified it while the start waited, and a start made on the account as
 * it was would open a process that fails at once (account_not_eligible) and
 * tell the holder so, where it is the start that should be refused.
 */
export function verificationRecheck(db: Database, accountId: string): () => Promise<void> {
  return async () => {
    const fresh = await db.account.findUnique({ where: { id: accountId }, select: { status: true } });
    if (!fresh) throw problems.notFound(`account ${accountId}`);
    if (!mayStartVerification(fresh.status)) {
      throw problems.conflict('account-already-verified', PROBLEM_DETAILS.accountAlreadyVerified(accountId, fresh.status));
    }
  };
}
