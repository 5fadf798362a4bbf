import type { PayloadKey } from '../../codec/key-ring';
import type { Database } from '../../prisma/client';
import { seal, sealedPlaces } from '../../prisma/sealed';
import { QUEUE_REVIEW_DECIDED } from '../platform-events';
import type { ChannelSender } from '../providers/notification-channels';
import { reviewWorkflowId } from '../../workflows/review/messages';
import type { ReviewActivities } from './types';
import { alertOperators } from '../operator-alert';

export interface ReviewActivityDeps {
  db: Database;
  /** The payload key ring: materials (names, ID numbers, bank accounts) are sealed at rest. */
  payloadKeys: readonly PayloadKey[];
  /** Where escalations reach the operators on duty. */
  operatorAlerts?: ChannelSender;
}

/**
 * The review task and its audit trail. Audit rows have ids derived from the
 * review and the action, so a retried activity writes each once.
 */
export function createReviewActivities({ db, payloadKeys, operatorAlerts }: ReviewActivityDeps): ReviewActivities {
  return {
    async createReviewTask(input) {
      await db.$transaction([
        db.review.createMany({
          data: [
            {
              id: input.reviewId,
              processId: input.processId,
              accountId: input.accountId,
              workflowId: reviewWorkflowId(input.reviewId),
              kind: input.kind,
              status: 'pending',
              materials: seal({ documents: input.materials.documents, fields: input.materials.fields }, payloadKeys, sealedPlaces.reviewMaterials(input.reviewId)),
              rules: input.rules,
              dueAt: new Date(input.dueAt),
              expiresAt: input.expiresAt === undefined ? null : new Date(input.expiresAt),
            },
          ],
          skipDuplicates: true,
        }),
        db.reviewAudit.createMany({
          data: [
            {
              id: `${input.reviewId}:created`,
              reviewId: input.reviewId,
              actor: 'system',
              action: 'created',
              // R-G7: the final deadline, past which the review closes expired, where it has one.
              detail: { dueAt: new Date(input.dueAt).toISOString(), ...(input.expiresAt === undefined ? {} : { expiresAt: new Date(input.expiresAt).toISOString() }) },
            },
          ],
          skipDuplicates: true,
        }),
      ]);
    },

    async escalateReview({ reviewId, processId, dueAt }) {
      const alertId = `${reviewId}:escalated`;
      await db.$transaction([
        db.review.updateMany({ where: { id: reviewId, escalatedAt: null }, data: { escalatedAt: new Date() } }),
        db.reviewAudit.createMany({
          data: [{ id: alertId, reviewId, actor: 'system', action: 'escalated', reason: 'SLA passed without a decision', detail: { dueAt: new Date(dueAt).toISOString() } }],
          skipDuplicates: true,
        }),
      ]);
      await alertOperators(operatorAlerts, {
        id: alertId,
        accountId: 'operators',
        title: 'Manual review overdue',
        body: `Review ${reviewId} of process ${processId} passed its SLA (${new Date(dueAt).toISOString()}) without a decision.`,
      });
    },

    async closeReview({ reviewId, status, actor, reason, via, at }) {
      await db.$transaction([
        db.review.updateMany({
          where: { id: reviewId, status: 'pending' },
          data: {
            status,
            claimedBy: null,
            claimExpiresAt: null,
            ...(status === 'withdrawn' ? {} : { decidedBy: actor, decisionReason: reason ?? null, decidedAt: new Date(at) }),
          },
        }),
        db.reviewAudit.createMany({
          data: [{ id: `${reviewId}:${status}`, reviewId, actor, action: status, reason: reason ?? null, detail: via ? { via } : undefined, at: new Date(at) }],
          skipDuplicates: true,
        }),
        // Issue 19: review.decided, after the update it reports (an operator's decision only; once).
        db.$executeRawUnsafe(QUEUE_REVIEW_DECIDED, reviewId),
      ]);
    },
  };
}

export type { ReviewActivities } from './types';
