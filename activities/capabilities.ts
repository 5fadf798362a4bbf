import { createHmac, hkdfSync } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { SMALL_AMOUNT_MAX_FEN, SMALL_AMOUNT_MIN_FEN, type Fen } from '../domain';
import { InvariantViolated } from '../domain/failures';

/**
 * Secrets and capabilities (R-E6.4): what a caller must not guess is made here,
 * outside the workflow, whose Math.random and uuid4 come from a generator
 * seeded by the run and readable from the ids it returns. Tickets and review
 * ids are an HMAC of the activity's own stable identity (workflow, run,
 * activity id) under a key no one outside the worker holds, so a retried
 * attempt makes the same one and a replay reads it from history; the recharge
 * amount is made the same way, so it is the same however often its call runs.
 */
export function capabilityKey(secret: string): Buffer {
  // Its own key, derived: the identity hash keeps its key to itself.
  return Buffer.from(hkdfSync('sha256', secret, 'realname', 'realname/capability/v1', 32));
}

/**
 * An HMAC of the asking activity's own identity (workflow, run, activity id):
 * the same on every attempt, and on every run of the same call after a
 * workflow task was retried (a worker lost before the task completed), since
 * a local activity's id is its place in the workflow's calls.
 */
function capabilityMac(key: Buffer, purpose: 'code' | 'review' | 'amount'): Buffer {
  const { workflowExecution, activityId } = Context.current().info;
  if (!workflowExecution) throw new InvariantViolated(`a ${purpose} is made only by an activity of a workflow`);
  return createHmac('sha256', key)
    .update([purpose, workflowExecution.workflowId, workflowExecution.runId, activityId].join('\n'))
    .digest();
}

/** A UUID-shaped id for `purpose`, the same on every attempt of the activity that asks for it. */
export function capabilityId(key: Buffer, purpose: 'code' | 'review'): string {
  const bytes = capabilityMac(key, purpose).subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * R-E5: 1..99 fen, uniform to within 99 in 2^48, unguessable without the key.
 * Drawn from the activity's identity rather than at random, so a draw run
 * again (its workflow task retried after the amount was already shown and
 * written) draws the same amount.
 */
export function capabilityAmount(key: Buffer): Fen {
  const span = SMALL_AMOUNT_MAX_FEN - SMALL_AMOUNT_MIN_FEN + 1;
  return SMALL_AMOUNT_MIN_FEN + (capabilityMac(key, 'amount').readUIntBE(0, 6) % span);
}

export function createCapabilityActivities(key: Buffer) {
  return {
    /** R-E5, R-E6.4: the recharge amount, the same whenever this call runs again. */
    async drawSmallAmount(): Promise<{ amountFen: Fen }> {
      return { amountFen: capabilityAmount(key) };
    },
    /** R-E6.3, R-C5.4, R-C6: the id of a review, its workflow's and its console page's. */
    async newReviewId(): Promise<{ reviewId: string }> {
      return { reviewId: capabilityId(key, 'review') };
    },
  };
}

export type CapabilityActivities = ReturnType<typeof createCapabilityActivities>;
