import { patched, uuid4 } from '@temporalio/workflow';
import type { CapabilityActivities } from '../activities/capabilities';
import { drawSmallAmount, type Fen } from '../domain';
import { proxyLocalProcessActivities } from './local-activities';

/**
 * R-E6.4: payout and recharge amounts, code tickets and review ids come from
 * activities (activities/capabilities.ts), never from the workflow's
 * Math.random or uuid4: those share one generator seeded by the run, and four
 * outputs of uuid4 (a ticket, a review id) give away all that follow. The
 * payout amount does not even reach the workflow: sendPayout draws it and
 * checkPayoutAmount judges entries. Processes started before this change drew
 * them here and replay as they ran.
 */
export const CAPABILITIES_PATCH = 'capabilities-from-activities';

/**
 * Asked once, at the very start of a process: a patch asked later, right after
 * a local activity resolved, would be looked for in another workflow task on
 * replay than the one that recorded it.
 */
export function capabilitiesFromActivities(): boolean {
  return patched(CAPABILITIES_PATCH);
}

const capabilities = proxyLocalProcessActivities<CapabilityActivities>();

export async function newReviewId(fromActivities: boolean): Promise<string> {
  return fromActivities ? (await capabilities.newReviewId()).reviewId : uuid4();
}

export async function drawAmount(fromActivities: boolean): Promise<Fen> {
  return fromActivities ? (await capabilities.drawSmallAmount()).amountFen : drawSmallAmount(Math.random);
}

/** The ticket of a code issued by a process started before this change; none otherwise: the activity makes it. */
export function workflowDrawnTicket(fromActivities: boolean): { ticket?: string } {
  return fromActivities ? {} : { ticket: uuid4() };
}
