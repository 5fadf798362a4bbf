import type { ReviewInput } from '../../workflows/review/messages';

export interface CreateReviewTaskInput extends ReviewInput {
  /** Epoch ms: end of the SLA (R-E6.3, R-G6). */
  dueAt: number;
  /** Epoch ms: the final deadline (R-G7), past which the review closes expired; absent in reviews without one. */
  expiresAt?: number;
}

export interface CloseReviewInput {
  reviewId: string;
  /** `expired`: closed by the system at the review's final deadline (R-G7), undecided. */
  status: 'approved' | 'rejected' | 'withdrawn' | 'expired';
  actor: string;
  reason?: string;
  via?: 'api' | 'web_ui';
  at: number;
}

/** Side effects of a manual review. Each is idempotent: a retry finds its own earlier write. */
export interface ReviewActivities {
  createReviewTask(input: CreateReviewTaskInput): Promise<void>;
  /** Past the SLA: flags the task and tells operators; never decides it. */
  escalateReview(input: { reviewId: string; processId: string; dueAt: number }): Promise<void>;
  closeReview(input: CloseReviewInput): Promise<void>;
}
