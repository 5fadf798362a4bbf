import { randomUUID } from 'node:crypto';
import type { PayloadKey } from '../../codec/key-ring';
import { enterpriseIdentityKey, formerEnterpriseIdentityKeys } from '../../domain';
import type { Database } from '../../prisma/client';
import { seal, sealedPlaces } from '../../prisma/sealed';
import { identityHash } from '../identity-key';
import { lockIdentityAndCountHolders } from '../identity-slots';
import { lockProcessStillOpen } from '../process-still-open';
import type { CompleteEnterpriseInput, EnterpriseCompletionOutcome } from './types';

export interface EnterpriseCompletionDeps {
  db: Database;
  identityHashSecret: string;
  /** R-E7: accounts one enterprise may verify (10 by default in config). */
  accountsPerEnterprise: number;
  /** The payload key ring: the subject (contact, legal person) is personal data, sealed at rest. */
  payloadKeys: readonly PayloadKey[];
}

/** R-E7: who the enterprise is (domain/credit-code.ts): its code, an individually-owned business's registration number, else its name. */
export { enterpriseIdentityKey };

/**
 * R-E9: success makes the account `enterprise`; R-E5: the matched payment is
 * credited to its balance. R-E7 is checked under a transaction-scoped advisory
 * lock on the enterprise's keyed hash, so concurrent completions for one
 * enterprise are serialised and exactly N win. The ledger entry is unique per
 * transaction id, so a retried activity credits once.
 */
export function createEnterpriseCompletionActivities({ db, identityHashSecret, accountsPerEnterprise, payloadKeys }: EnterpriseCompletionDeps) {
  return {
    async completeEnterpriseVerification(input: CompleteEnterpriseInput): Promise<{ outcome: EnterpriseCompletionOutcome }> {
      if (input.creditedFen !== undefined && (!Number.isInteger(input.creditedFen) || input.creditedFen <= 0)) {
        throw new RangeError(`credited amount must be a positive integer of fen, got ${input.creditedFen}`);
      }
      const key = identityHash(identityHashSecret, enterpriseIdentityKey(input.enterprise));
      // R-E7: accounts verified before a credit code counted by its organisation code are stored under the whole code.
      const formerKeys = formerEnterpriseIdentityKeys(input.enterprise).map((former) => identityHash(identityHashSecret, former));
      return db.$transaction(async (tx) => {
        const holders = await lockIdentityAndCountHolders(tx, key, input.accountId, formerKeys);
        const account = await tx.account.findUniqueOrThrow({ where: { id: input.accountId } });
        // A retried activity finds its own earlier success.
        if (account.status === 'enterprise' && account.identityKey !== null && [key, ...formerKeys].includes(account.identityKey)) {
          await credit(tx, input);
          return { outcome: 'verified' as const };
        }
        await lockProcessStillOpen(tx, input.processId);
        if (holders >= accountsPerEnterprise) return { outcome: 'enterprise_limit_reached' as const };
        const subject = {
          type: 'enterprise',
          name: input.enterprise.name,
          creditCode: input.enterprise.creditCode,
          licenceDocumentId: input.enterprise.licenceDocumentId,
          address: input.enterprise.address,
          contact: { ...input.enterprise.contact },
          method: input.method,
          processId: input.processId,
        };
        await tx.account.update({
          where: { id: input.accountId },
          data: { status: 'enterprise', identityKey: key, verifiedAt: new Date(input.at), subject: seal(subject, payloadKeys, sealedPlaces.accountSubject(input.accountId)) },
        });
        // R-C9: the verification in the account's history, with the subject it set (sealed for that row).
        await tx.subjectHistory.createMany({
          data: [{ processId: input.processId, accountId: input.accountId, kind: 'enterprise_verification', requestedBy: 'holder', after: seal(subject, payloadKeys, sealedPlaces.historyAfter(input.processId)), outcome: 'verified', startedAt: new Date(input.at), endedAt: new Date(input.at) }],
          skipDuplicates: true,
        });
        await credit(tx, input);
        return { outcome: 'verified' as const };
      });
    },
  };
}

type Transaction = Parameters<Parameters<Database['$transaction']>[0]>[0];

async function credit(tx: Transaction, input: CompleteEnterpriseInput): Promise<void> {
  if (input.creditedFen === undefined || input.transactionId === undefined) return;
  await creditRecharge(tx, { accountId: input.accountId, processId: input.processId, transactionId: input.transactionId, amountFen: input.creditedFen });
}

/**
 * R-E5: credits a recharge payment to the account's balance, once per
 * transaction, and never one that was refunded to its payer: the payment's row
 * is locked first (a refund decision locks it too, so the two serialise), and
 * a refunded transaction is not credited (the database refuses it as well:
 * migration 20261202160000). Returns whether the payment is credited. Used by
 * the enterprise verification and by the change that ends in one.
 */
export async function creditRecharge(tx: Transaction, entry: { accountId: string; processId: string; transactionId: string; amountFen: number }): Promise<boolean> {
  await tx.$queryRaw`SELECT 1 FROM payments WHERE transaction_id = ${entry.transactionId} FOR UPDATE`;
  if ((await tx.refund.count({ where: { transactionId: entry.transactionId } })) > 0) return false;
  await tx.ledgerEntry.createMany({
    data: [{ id: randomUUID(), accountId: entry.accountId, amountFen: entry.amountFen, kind: 'recharge_verification', transactionId: entry.transactionId, processId: entry.processId }],
    skipDuplicates: true,
  });
  return true;
}
