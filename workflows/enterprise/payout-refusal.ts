import { ApplicationFailure } from '@temporalio/common';
import { isPayoutRefusal, type PayoutRefusal } from '../../domain/payout-refusals';

/**
 * R-E6.4: why the bank refused the payout, when `failure` is the bank
 * refusing the account (the activity's own failure, or as its workflow sees
 * it: an ActivityFailure caused by it); null for any other failure. Used by
 * both, so from @temporalio/common, which the workflow SDK re-exports.
 */
export function payoutRefusalOf(failure: unknown): PayoutRefusal | null {
  let current: unknown = failure;
  for (let depth = 0; depth < 3 && current instanceof Error; depth++) {
    if (current instanceof ApplicationFailure && current.type === 'PayoutRefused') {
      const refusal = (current.details?.[0] as { refusal?: unknown } | undefined)?.refusal;
      return isPayoutRefusal(refusal) ? refusal : null;
    }
    current = current.cause;
  }
  return null;
}
