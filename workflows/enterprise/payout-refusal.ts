import { ApplicationFailure } from '@temporalio/workflow';
import { isPayoutRefusal, type PayoutRefusal } from '../../domain/payout-refusals';

/**
 * R-E6.4: why the bank refused the payout, when `failure` (sendPayout's, an
 * ActivityFailure whose cause is the activity's) is the bank refusing the
 * account; null for any other failure.
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
