import { startChild } from '@temporalio/workflow';
import { AccountId, ProcessKind } from '../search-attributes';
import { reviewWorkflowId, type ReviewInput } from './messages';
import { manualReview } from './workflow';

/** Starts a review as a child of the process that needs it, findable in the Web UI by account and kind. */
export function startReview(input: ReviewInput) {
  return startChild(manualReview, {
    workflowId: reviewWorkflowId(input.reviewId),
    args: [input],
    typedSearchAttributes: [
      { key: AccountId, value: input.accountId },
      { key: ProcessKind, value: 'manual_review' },
    ],
  });
}
