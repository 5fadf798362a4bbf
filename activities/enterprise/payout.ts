import { randomInt } from 'node:crypto';
import { payoutRefusalOf } from '../../workflows/enterprise/payout-refusal';
import { SMALL_AMOUNT_MAX_FEN, SMALL_AMOUNT_MIN_FEN } from '../../domain';
import type { Database } from '../../prisma/client';
import type { Bank } from '../providers/bank';
import type { ChannelSender } from '../providers/notification-channels';
import type { CheckPayoutAmountInput, PayoutOverdueInput, SendPayoutInput, SentPayout } from './types';
import { alertOperators } from '../operator-alert';

/** The clock skew accepted between the bank and us, as for its webhooks (WEBHOOK_TOLERANCE_SECONDS' default). */
const ARRIVAL_SKEW_MS = 300_000;

/** R-E6.5: an arrival neither before the payout was sent (its row is written before the bank is asked) nor ahead of this clock, beyond the skew. */
function possibleArrival(deliveredAt: number, sentAt: number, now: number): boolean {
  return deliveredAt >= sentAt - ARRIVAL_SKEW_MS && deliveredAt <= now + ARRIVAL_SKEW_MS;
}

/**
 * R-E6.4: a payout cannot be recalled, so it is sent exactly once: the bank
 * dedupes by the idempotency key, and our payout row is keyed by it too, so a
 * retry after a crash adds nothing. R-E6.6: the payout went to the company's
 * bank account, not to the account's balance: it is kept in the payouts table
 * only, never in ledger_entries (which hold what is credited: recharges).
 *
 * The amount must be derivable from nothing Temporal shows, its Web UI
 * decoding history included: this activity draws it (crypto.randomInt) and
 * writes it before asking the bank, so a retry sends the amount drawn first,
 * and it never leaves the activity; `checkPayoutAmount` judges an entry here
 * too. Processes started before this change bring the amount they drew.
 */
export function createPayoutActivities(db: Database, bank: Bank, operatorAlerts?: ChannelSender) {
  return {
    async sendPayout(input: SendPayoutInput): Promise<SentPayout> {
      if (input.amountFen !== undefined && (!Number.isInteger(input.amountFen) || input.amountFen < 1 || input.amountFen > 99)) {
        throw new RangeError(`a remittance payout is 1..99 fen, got ${input.amountFen}`);
      }
      const drawn = input.amountFen ?? randomInt(SMALL_AMOUNT_MIN_FEN, SMALL_AMOUNT_MAX_FEN + 1);
      // The first attempt's draw wins: a retry finds its row and sends that amount.
      await db.payout.createMany({
        data: [{ idempotencyKey: input.idempotencyKey, processId: input.processId, accountId: input.accountId, amountFen: drawn, bankReference: null, deliveredAt: null }],
        skipDuplicates: true,
      });
      const { amountFen, createdAt } = await db.payout.findUniqueOrThrow({ where: { idempotencyKey: input.idempotencyKey }, select: { amountFen: true, createdAt: true } });
      const answer = await bank.payout({ idempotencyKey: input.idempotencyKey, account: input.bankAccount, amountFen, payeeName: input.payeeName }).catch(async (error: unknown) => {
        // R-E6.4: nothing was sent; the row says so (the workflow sends the holder back to correct the details).
        const refusal = payoutRefusalOf(error);
        if (refusal !== null) {
          await db.payout.updateMany({ where: { idempotencyKey: input.idempotencyKey, refusedAt: null }, data: { refusedAt: new Date(), refusal } });
        }
        throw error;
      });
      // R-E6.5: an arrival the money cannot have had is refused here as in the bank's webhook: not kept, the bank's report is awaited.
      const sent = { ...answer, deliveredAt: answer.deliveredAt !== null && possibleArrival(answer.deliveredAt, createdAt.getTime(), Date.now()) ? answer.deliveredAt : null };
      await db.$transaction([
        db.payout.update({ where: { idempotencyKey: input.idempotencyKey }, data: { bankReference: sent.bankReference } }),
        // A delivery the bank's webhook reported meanwhile is kept.
        db.payout.updateMany({
          where: { idempotencyKey: input.idempotencyKey, deliveredAt: null },
          data: sent.deliveredAt === null ? {} : { deliveredAt: new Date(sent.deliveredAt) },
        }),
      ]);
      const row = await db.payout.findUniqueOrThrow({ where: { idempotencyKey: input.idempotencyKey } });
      return { idempotencyKey: input.idempotencyKey, deliveredAt: row.deliveredAt?.getTime() ?? null };
    },

    /** R-E6.5: whether the holder's entry is the amount sent; the answer is all that reaches the workflow. */
    async checkPayoutAmount({ idempotencyKey, amountFen }: CheckPayoutAmountInput): Promise<{ correct: boolean }> {
      const payout = await db.payout.findUniqueOrThrow({ where: { idempotencyKey }, select: { amountFen: true } });
      return { correct: payout.amountFen === amountFen };
    },

    /**
     * R-E6.4: the bank has not reported the payout delivered within its
     * business days. The row keeps when it was flagged (what /metrics counts),
     * and the operators on duty are alerted, once per payout (the alert's id is
     * the payout's). A delivery reported meanwhile leaves the row unflagged.
     */
    async flagPayoutOverdue({ processId, idempotencyKey, sentAt, dueAt, deadline }: PayoutOverdueInput): Promise<void> {
      const flagged = await db.payout.updateMany({ where: { idempotencyKey, deliveredAt: null, overdueAt: null }, data: { overdueAt: new Date() } });
      const row = await db.payout.findUniqueOrThrow({ where: { idempotencyKey }, select: { deliveredAt: true } });
      // Delivered meanwhile: nothing is overdue. A retried activity whose row was flagged still sends (the alert is keyed).
      if (flagged.count === 0 && row.deliveredAt !== null) return;
      const failsAt = deadline === null ? '' : ` The process fails payout_not_delivered at ${new Date(deadline).toISOString()} unless the bank reports it before.`;
      await alertOperators(operatorAlerts, {
        id: `${idempotencyKey}:overdue`,
        accountId: 'operators',
        title: 'Remittance payout delivery overdue',
        body:
          `The payout of process ${processId} sent at ${new Date(sentAt).toISOString()} has no delivery report from the bank ` +
          `past its due time ${new Date(dueAt).toISOString()} (R-E6.4). The holder was asked to check the bank details.${failsAt}`,
      });
    },
  };
}
