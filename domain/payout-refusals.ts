/**
 * R-E6.4: the bank's refusals of a payout that the holder can mend by
 * correcting the bank details (docs/provider-contracts/bank.md). Any other
 * refusal (an amount out of range) is ours to mend, not the holder's.
 */
export const PAYOUT_REFUSALS = ['account_invalid', 'account_closed', 'payee_name_mismatch'] as const;

export type PayoutRefusal = (typeof PAYOUT_REFUSALS)[number];

export function isPayoutRefusal(code: unknown): code is PayoutRefusal {
  return typeof code === 'string' && (PAYOUT_REFUSALS as readonly string[]).includes(code);
}
