import { randomUUID } from 'node:crypto';
import type { PayloadKey } from '../../codec/key-ring';
import { enterpriseIdentityKey, formerEnterpriseIdentityKeys } from '../../domain';
import type { Database } from '../../prisma/client';
import { seal, sealedPlaces } from '../../prisma/sealed';
import { identityHash } from '../identity-key';
import { lockIdentityAndCountHolders } from '../identity-slots';
import { lockProcessRow, outcomeOfEndedProcess } from '../process-still-open';
import { alertOperators } from '../operator-alert';
import type { ChannelSender } from '../providers/notification-channels';
import type { CompleteEnterpriseInput, EnterpriseAtLimitInput, EnterpriseCompletionOutcome } from './types';

export interface EnterpriseCompletionDeps {
  db: Database;
  identityHashSecret: string;
  /** R-E7: accounts one enterprise may verify (10 by default in config). */
  accountsPerEnterprise: number;
  /** The payload key ring: the subject (contact, legal person) is personal data, sealed at rest. */
  payloadKeys: readonly PayloadKey[];
  /** Where a verifying payment that could not be credited is reported (R-E5). */
  operatorAlerts?: ChannelSender;
}

const ENTERPRISE_COMPLETION_OUTCOMES: readonly EnterpriseCompletionOutcome[] = ['verified', 'enterprise_limit_reached'];

/** R-E7: who the enterprise is (domain/credit-code.ts): its code, an individually-owned business's registration number, else its name. */
export { enterpriseIdentityKey };

/**
 * R-E9: success makes the account `enterprise`; R-E5: the matched payment is
 * credited to its balance. R-E7 is checked under a transaction-scoped advisory
 * lock on the enterprise's keyed hash, so concurrent completions for one
 * enterprise are serialised and exactly N win. The ledger entry is unique per
 * transaction id, so a retried activity credits once.
 */
export function createEnterpriseCompletionActivities({ db, identityHashSecret, accountsPerEnterprise, payloadKeys, operatorAlerts }: EnterpriseCompletionDeps) {
  return {
    async enterpriseAtLimit({ accountId, enterprise }: EnterpriseAtLimitInput): Promise<{ atLimit: boolean }> {
      const keys = [enterpriseIdentityKey(enterprise), ...formerEnterpriseIdentityKeys(enterprise)].map((key) => identityHash(identityHashSecret, key));
      const holders = await db.account.count({ where: { identityKey: { in: keys }, status: { not: 'unverified' }, id: { not: accountId } } });
      return { atLimit: holders >= accountsPerEnterprise };
    },
    async completeEnterpriseVerification(input: CompleteEnterpriseInput): Promise<{ outcome: EnterpriseCompletionOutcome }> {
      if (input.creditedFen !== undefined && (!Number.isInteger(input.creditedFen) || input.creditedFen <= 0)) {
        throw new RangeError(`credited amount must be a positive integer of fen, got ${input.creditedFen}`);
      }
      const key = identityHash(identityHashSecret, enterpriseIdentityKey(input.enterprise));
      // R-E7: accounts verified before a credit code counted by its organisation code are stored under the whole code.
      const formerKeys = formerEnterpriseIdentityKeys(input.enterprise).map((former) => identityHash(identityHashSecret, former));
      let credited = true;
      const result = await db.$transaction(async (tx) => {
        const holders = await lockIdentityAndCountHolders(tx, key, input.accountId, formerKeys);
        const ended = outcomeOfEndedProcess(input.processId, await lockProcessRow(tx, input.processId), ENTERPRISE_COMPLETION_OUTCOMES);
        if (ended !== null) return { outcome: ended };
        const account = await tx.account.findUniqueOrThrow({ where: { id: input.accountId } });
        // A retried activity finds its own earlier success.
        if (account.status === 'enterprise' && account.identityKey !== null && [key, ...formerKeys].includes(account.identityKey)) {
          credited = await credit(tx, input);
          return { outcome: 'verified' as const };
        }
        if (holders >= accountsPerEnterprise) return { outcome: 'enterprise_limit_reached' as const };
        const subject = {
          type: 'enterprise',
          name: input.enterprise.name,
          creditCode: input.enterprise.creditCode,
          ...(input.enterprise.licenceType ? { licenceType: input.enterprise.licenceType } : {}),
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
        credited = await credit(tx, input);
        return { outcome: 'verified' as const };
      });
      if (!credited) await reportUncredited(operatorAlerts, { accountId: input.accountId, processId: input.processId, transactionId: input.transactionId!, amountFen: input.creditedFen! });
      return result;
    },
  };
}

type Transaction = Parameters<Parameters<Database['$transaction']>[0]>[0];

/** Whether the verifying payment is credited, or there is none to credit. */
async function credit(tx: Transaction, input: CompleteEnterpriseInput): Promise<boolean> {
  if (input.creditedFen === undefined || input.transactionId === undefined) return true;
  return creditRecharge(tx, { accountId: input.accountId, processId: input.processId, transactionId: input.transactionId, amountFen: input.creditedFen });
}

type RechargeEntry = { accountId: string; processId: string; transactionId: string; amountFen: number };

/**
 * R-E5: the payment that verified the account had been refunded to its payer
 * before it could be credited (a refund decision reached it first): the
 * account is verified, its balance did not receive the money. Nothing here
 * can mend that, and no ledger check notices it (the refund balances the
 * payment), so the operators on duty are told. Ids and fen only. Sent after
 * the transaction; a retried completion finds its success and reports again
 * under the same id.
 */
export async function reportUncredited(operatorAlerts: ChannelSender | undefined, entry: RechargeEntry): Promise<void> {
  await alertOperators(operatorAlerts, {
    id: `${entry.transactionId}:not-credited`,
    accountId: 'operators',
    title: 'Verifying payment refunded, not credited',
    body: `Payment ${entry.transactionId} (${entry.amountFen} fen) verified account ${entry.accountId} in process ${entry.processId}, but it had been refunded to its payer first: the balance was not credited.`,
  });
}

/**
 * R-E5: credits a recharge payment to the account's balance, once per
 * transaction, and never one that was refunded to its payer: the payment's row
 * is locked first (a refund decision locks it too, so the two serialise), and
 * a refunded transaction is not credited (the database refuses it as well:
 * migration 20261202160000). Returns whether the payment is credited. Used by
 * the enterprise verification and by the change that ends in one.
 */
export async function creditRecharge(tx: Transaction, entry: RechargeEntry): Promise<boolean> {
  await tx.$queryRaw`SELECT 1 FROM payments WHERE transaction_id = ${entry.transactionId} FOR UPDATE`;
  // Refunded first: it verified all the same; the refund row says which process it verified, for operators (R-E5).
  const refunded = await tx.refund.updateMany({ where: { transactionId: entry.transactionId, verifiedProcessId: null }, data: { verifiedProcessId: entry.processId } });
  if (refunded.count > 0 || (await tx.refund.count({ where: { transactionId: entry.transactionId } })) > 0) return false;
  await tx.ledgerEntry.createMany({
    data: [{ id: randomUUID(), accountId: entry.accountId, amountFen: entry.amountFen, kind: 'recharge_verification', transactionId: entry.transactionId, processId: entry.processId }],
    skipDuplicates: true,
  });
  return true;
}
