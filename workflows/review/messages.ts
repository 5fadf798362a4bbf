import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { BusinessCalendar } from '../../domain';

export type ReviewKind = 'enterprise_remittance' | 'enterprise_entity_change' | 'enterprise_name_change';

/** What the operator looks at: document ids and field values, never file bytes. */
export interface ReviewMaterials {
  documents: Record<string, string>;
  fields: Record<string, unknown>;
}

export interface ReviewInput {
  reviewId: string;
  processId: string;
  accountId: string;
  kind: ReviewKind;
  materials: ReviewMaterials;
  /** Rule ids the reviewer checks the materials against. */
  rules: string[];
  /** The SLA in business days (R-E6.3: 2), counted on the calendar (R-G6). */
  slaBusinessDays: number;
  /**
   * R-G7: the final deadline in business days from the start, on the same
   * calendar: past it an escalated review closes `expired`. Absent in reviews
   * started before there was one: they wait for an operator however long.
   */
  expiryBusinessDays?: number;
  calendar: BusinessCalendar;
}

export type ReviewVerdict = 'approve' | 'reject';

/**
 * An operator's decision, sent by the API (`POST /v1/reviews/{id}/decision`)
 * once the operator token and the claim are checked: `operator` comes from the
 * token. It names its review, so it decides no other. Reviews decided from the
 * Temporal Web UI before that path was dropped recorded `via: 'web_ui'`.
 */
export interface ReviewDecision {
  reviewId: string;
  decision: ReviewVerdict;
  reason: string;
  operator: string;
  via?: 'api' | 'web_ui';
}

/** `expired`: no decision by the review's final deadline (R-G7); the materials were neither approved nor rejected. */
export type ReviewOutcome =
  | { outcome: 'approved' | 'rejected'; reason: string; operator: string }
  | { outcome: 'withdrawn' }
  | { outcome: 'expired' };

export interface ReviewView {
  reviewId: string;
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'expired';
  /** Epoch ms: the end of the SLA's last business day. */
  dueAt: number;
  /** Epoch ms: the end of the final deadline's last business day (R-G7); absent in reviews started without one. */
  expiresAt?: number;
  escalated: boolean;
}

/** The decision as a signal, from the Temporal Web UI: dropped since decisions go through the API only (security finding 4). */
export const reviewDecisionSignal = defineSignal<[ReviewDecision]>('reviewDecision');
/** The same decision as an update, so the API answers once it is recorded. */
export const decideReviewUpdate = defineUpdate<ReviewView, [ReviewDecision]>('decideReview');
/** The holder withdrew the materials (R-E6.3); sent by the parent process. */
export const withdrawReviewSignal = defineSignal<[{ reviewId: string; request: 'withdraw_review' }]>('withdrawReview');
export const reviewViewQuery = defineQuery<ReviewView>('reviewView');

export const reviewWorkflowId = (reviewId: string) => `review-${reviewId}`;
