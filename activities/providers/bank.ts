import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { PayoutRefusal } from '../../domain/payout-refusals';
import type { Database } from '../../prisma/client';
import type { BankAccount } from '../../workflows/enterprise/messages';

export interface PayoutRequest {
  /** The bank pays once per key: a retried call gets the first transfer back (R-E6.4). */
  idempotencyKey: string;
  account: BankAccount;
  amountFen: number;
  /**
   * The name the account must be held in (户名: the enterprise's), which the
   * bank checks, so the payout proves the enterprise's own account (R-E6).
   * Absent from payouts scheduled before it was passed; the sandbox ignores it.
   */
  payeeName?: string;
}

/**
 * The bank that sends remittance payouts (R-E6.4) as this system needs it. A
 * payout the bank refuses for the account (no such account, closed, another
 * holder's name) fails with `payoutRefused`: nothing was sent.
 */
export interface Bank {
  payout(request: PayoutRequest): Promise<{ bankReference: string; deliveredAt: number | null }>;
}

/**
 * Sandbox accounts whose number ends in this are slow banks: the payout is
 * accepted but delivery is reported later, through the bank webhook or
 * `POST /v1/sandbox/payouts/{processId}/delivered`. Every other account is
 * credited at once.
 */
export const SANDBOX_DELAYED_ACCOUNT_SUFFIX = '0000';

/** Sandbox accounts whose number ends in this do not exist: the payout is refused (`account_invalid`). */
export const SANDBOX_REFUSED_ACCOUNT_SUFFIX = '9999';

/** The bank refused the account; `details[0].refusal` says why (domain/payout-refusals.ts). No money left. */
export function payoutRefused(what: string, refusal: PayoutRefusal): ApplicationFailure {
  return ApplicationFailure.create({ type: 'PayoutRefused', message: `${what}: the bank refused the account (${refusal})`, nonRetryable: true, details: [{ refusal }] });
}

/**
 * Sandbox bank. Keeps its own books in PostgreSQL (one row per idempotency
 * key, as a real bank would on its side), so a worker killed mid-call and
 * started again still gets one transfer. `delayMs` holds the answer back to
 * let tests kill the worker while the call is in flight.
 */
export function sandboxBank(db: Database, options: { delayMs?: number } = {}): Bank {
  return {
    async payout({ idempotencyKey, account, amountFen }) {
      if (account.accountNumber.endsWith(SANDBOX_REFUSED_ACCOUNT_SUFFIX)) throw payoutRefused(`sandbox payout ${idempotencyKey}`, 'account_invalid');
      await db.sandboxBankTransfer.createMany({
        data: [
          {
            idempotencyKey,
            reference: `sandbox-payout-${idempotencyKey}`,
            // The sandbox keeps no clear account number either.
            accountNumberHash: createHash('sha256').update(account.accountNumber).digest('hex'),
            amountFen,
          },
        ],
        skipDuplicates: true,
      });
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      const delayed = account.accountNumber.endsWith(SANDBOX_DELAYED_ACCOUNT_SUFFIX);
      return { bankReference: `sandbox-payout-${idempotencyKey}`, deliveredAt: delayed ? null : Date.now() };
    },
  };
}
