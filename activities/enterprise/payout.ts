import type { Database } from '../../prisma/client';
import type { Bank } from '../providers/bank';
import type { SendPayoutInput, SentPayout } from './types';

/**
 * R-E6.4: a payout cannot be recalled, so it is sent exactly once: the bank
 * dedupes by the idempotency key, and our payout row and ledger entry are
 * keyed by it too, so a retry after a crash adds nothing.
 */
export function createPayoutActivities(db: Database, bank: Bank) {
  return {
    async sendPayout(input: SendPayoutInput): Promise<SentPayout> {
      if (!Number.isInteger(input.amountFen) || input.amountFen < 1 || input.amountFen > 99) {
        throw new RangeError(`a remittance payout is 1..99 fen, got ${input.amountFen}`);
      }
      const sent = await bank.payout({ idempotencyKey: input.idempotencyKey, account: input.bankAccount, amountFen: input.amountFen });
      await db.$transaction([
        db.payout.createMany({
          data: [
            {
              idempotencyKey: input.idempotencyKey,
              processId: input.processId,
              accountId: input.accountId,
              amountFen: input.amountFen,
              bankReference: sent.bankReference,
              deliveredAt: sent.deliveredAt === null ? null : new Date(sent.deliveredAt),
            },
          ],
          skipDuplicates: true,
        }),
        db.ledgerEntry.createMany({
          data: [
            {
              id: `payout:${input.idempotencyKey}`,
              accountId: input.accountId,
              amountFen: input.amountFen,
              kind: 'remittance_payout',
              transactionId: input.idempotencyKey,
              processId: input.processId,
            },
          ],
          skipDuplicates: true,
        }),
      ]);
      const row = await db.payout.findUniqueOrThrow({ where: { idempotencyKey: input.idempotencyKey } });
      return { idempotencyKey: input.idempotencyKey, deliveredAt: row.deliveredAt?.getTime() ?? null };
    },
  };
}
