import { patched, uuid4 } from '@temporalio/workflow';
import type { CapabilityActivities } from '../activities/capabilities';
import { drawSmallAmount, type Fen } from '../domain';
import { proxyLocalProcessActivities } from './local-activities';

/**
 * R-E6.4: payout and recharge amounts, code tickets and review ids come from
 * activities (activities/capabilities.ts), never from the workflow's
 * Math.random or uuid4: those share one generator seeded by the run, and four
 * outputs of uuid4 (a ticket, a review id) give away all that follow. Processes
 * started before this change drew them here and replay as they ran.
 */
export const CAPABILITIES_PATCH = 'capabilities-from-activities';

const capabilities = proxyLocalProcessActivities<CapabilityActivities>();

const fromActivities = () => patched(CAPABILITIES_PATCH);

export async function newReviewId(): Promise<string> {
  return fromActivities() ? (await capabilities.newReviewId()).reviewId : uuid4();
}

export async function drawAmount(): Promise<Fen> {
  return fromActivities() ? (await capabilities.drawSmallAmount()).amountFen : drawSmallAmount(Math.random);
}

/**
 * R-E6.4: the payout amount is drawn and judged by the activities (sendPayout,
 * checkPayoutAmount) and never enters history, where the Web UI could decode
 * it; processes started before drew it here and hold it in workflow state.
 */
export function payoutAmountInActivities(): boolean {
  return fromActivities();
}

/** The ticket of a code issued by a process started before this change; none otherwise: the activity makes it. */
export function workflowDrawnTicket(): { ticket?: string } {
  return fromActivities() ? {} : { ticket: uuid4() };
}
