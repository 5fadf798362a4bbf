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
  calendar: BusinessCalendar;
}

export type ReviewVerdict = 'approve' | 'reject';

/**
 * An operator's decision. Sent by the API (`POST /v1/reviews/{id}/decision`,
 * after the operator token and claim are checked) or typed into the Temporal
 * Web UI's signal form, in which case `operator` is whoever the UI user says
 * they are: the audit log records which way it came.
 */
export interface ReviewDecision {
  decision: ReviewVerdict;
  reason: string;
  operator: string;
  via?: 'api' | 'web_ui';
}

export type ReviewOutcome =
  | { outcome: 'approved' | 'rejected'; reason: string; operator: string }
  | { outcome: 'withdrawn' };

export interface ReviewView {
  reviewId: string;
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  /** Epoch ms: the end of the SLA's last business day. */
  dueAt: number;
  escalated: boolean;
}

/** The decision as a signal: what an operator sends from the Temporal Web UI. */
export const reviewDecisionSignal = defineSignal<[ReviewDecision]>('reviewDecision');
/** The same decision as an update, so the API answers once it is recorded. */
export const decideReviewUpdate = defineUpdate<ReviewView, [ReviewDecision]>('decideReview');
/** The holder withdrew the materials (R-E6.3); sent by the parent process. */
export const withdrawReviewSignal = defineSignal('withdrawReview');
export const reviewViewQuery = defineQuery<ReviewView>('reviewView');

export const reviewWorkflowId = (reviewId: string) => `review-${reviewId}`;
