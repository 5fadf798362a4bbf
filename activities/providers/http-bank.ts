import { isPayoutRefusal } from '../../domain/payout-refusals';
import { payoutRefused, type Bank } from './bank';
import { refusalOf, rejected, type SignedHttpClient } from './signed-http';

/**
 * The bank's payouts over the signed HTTP contract
 * (docs/provider-contracts/bank.md), selected by BANK_PROVIDER=http.
 *
 * R-E6.4: a payout cannot be recalled, so it is sent once. The idempotency key
 * is the workflow's (`<processId>:payout:<reviewId>`, the same on every
 * attempt and after a worker restart); the bank pays once per key and answers
 * a repeat with the first transfer. The amount is the one the activity wrote
 * before its first call, so a retry's body is the first one's byte for byte
 * (the bank refuses a key with another body, 409 `idempotency_conflict`).
 *
 * The payee's name is the enterprise's: the bank checks the account is held
 * in it (户名) and refuses it otherwise (422 `payee_name_mismatch`), so the
 * amount the holder reads back proves the enterprise's own account, not just
 * any account the holder controls (R-E6).
 *
 * The account number and the name go in the body and nowhere else: logs
 * carry the key, the bank's reference and request id.
 */
export interface HttpBankDeps {
  client: SignedHttpClient;
  logger: { info(object: object, message: string): void };
}

const REFERENCE = /^[A-Za-z0-9._:-]{1,100}$/;

export function httpBank({ client, logger }: HttpBankDeps): Bank {
  return {
    async payout({ idempotencyKey, account, amountFen, payeeName }) {
      const what = `bank payout ${idempotencyKey}`;
      // A transfer names its payee (户名), and the bank refuses one the account is not held in.
      if (payeeName === undefined || payeeName.trim() === '') throw rejected(`${what}: no payee name (a payout scheduled before the name was passed)`, 'InvalidActivityInput');
      const request = {
        method: 'POST' as const,
        path: '/v1/payouts',
        idempotencyKey,
        what,
        body: {
          amountFen,
          currency: 'CNY',
          payee: { name: payeeName.trim(), accountNumber: account.accountNumber, bankName: account.bank, location: account.location, branch: account.branch },
          // What the enterprise reads on its statement beside the amount.
          remark: '实名认证打款验证',
        },
      };
      const { body, requestId } = await client.call(request).catch((error: unknown) => {
        // R-E6.4: a refusal of the account (signed by the bank) is the holder's to mend, not a give-up.
        const refusal = refusalOf(error);
        if (refusal?.status === 422 && isPayoutRefusal(refusal.code)) throw payoutRefused(what, refusal.code);
        throw error;
      });
      const answer = (body ?? {}) as { idempotencyKey?: unknown; bankReference?: unknown; status?: unknown; deliveredAt?: unknown };
      if (answer.idempotencyKey !== idempotencyKey) throw rejected(`${what}: the bank's answer names another payout`);
      if (typeof answer.bankReference !== 'string' || !REFERENCE.test(answer.bankReference)) throw rejected(`${what}: the bank's answer has no usable bankReference`);
      let deliveredAt: number | null;
      if (answer.status === 'accepted' && (answer.deliveredAt === null || answer.deliveredAt === undefined)) deliveredAt = null;
      else if (answer.status === 'delivered' && typeof answer.deliveredAt === 'string' && !Number.isNaN(Date.parse(answer.deliveredAt))) deliveredAt = Date.parse(answer.deliveredAt);
      else throw rejected(`${what}: the bank's answer has no usable status and deliveredAt`);
      logger.info({ provider: 'bank', adapter: 'http', idempotencyKey, bankReference: answer.bankReference, requestId, status: answer.status }, 'payout sent');
      return { bankReference: answer.bankReference, deliveredAt };
    },
  };
}
