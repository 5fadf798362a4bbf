import { answeredWithin } from '../answer-wait';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { WorkflowNotFoundError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { decideReviewUpdate } from '../../workflows/review/messages';
import { requireOperator, type AuthEnv } from '../auth';
import type { ApiDeps } from '../deps';
import { problems } from '../problem';
import { PROBLEM_DETAILS } from '../../domain/texts';
import { REVIEW_STATUSES, materialDocumentIds, reviewDetail, reviewMaterials, reviewSummary } from '../review-view';
import { problemContent } from '../schemas';
import { updateRefusal } from '../start-process';

const security = [{ bearer: [] }];
const ReviewIdParam = z.object({ reviewId: z.string().min(1).max(100).openapi({ param: { name: 'reviewId', in: 'path' } }) });

/** `expired`: closed by the system, undecided, at the review's final deadline (R-G7). */
const ReviewStatus = z.enum(REVIEW_STATUSES);

const ReviewSummary = z
  .object({
    reviewId: z.string(),
    processId: z.string(),
    accountId: z.string(),
    kind: z.string(),
    status: ReviewStatus,
    rules: z.array(z.string()),
    dueAt: z.string().openapi({ description: 'End of the SLA in business days (R-E6.3, R-G6)' }),
    expiresAt: z.string().nullable().openapi({ description: 'R-G7: the final deadline in business days; undecided then, the review closes expired and its process fails review_expired. Null for reviews started without one' }),
    escalated: z.boolean(),
    overdue: z.boolean(),
    claimedBy: z.string().nullable(),
    claimExpiresAt: z.string().nullable(),
    decidedBy: z.string().nullable(),
    decisionReason: z.string().nullable(),
    decidedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('ReviewSummary');

const ReviewDetail = ReviewSummary.extend({
  materials: z.object({
    documents: z.record(
      z.string(),
      z.object({
        documentId: z.string(),
        url: z.string().nullable().openapi({ description: "Null when the stored id is not a document id (finding 5) or no document of the review's account (security finding 6)" }),
        refused: z.enum(['not-a-document-id', 'not-the-accounts-document']).nullable().openapi({ description: 'Why url is null; null when it is not' }),
      }),
    ),
    fields: z.record(z.string(), z.unknown()),
  }),
  audit: z.array(z.object({ actor: z.string(), action: z.string(), reason: z.string().nullable(), at: z.string(), detail: z.unknown() })),
}).openapi('ReviewDetail');

const operatorOnly = {
  401: { description: 'No valid token', content: problemContent },
  403: { description: 'Operators only', content: problemContent },
};

const listReviews = createRoute({
  method: 'get',
  path: '/v1/reviews',
  tags: ['reviews'],
  summary: 'Reviews in a status, oldest first (operators)',
  security,
  request: { query: z.object({ status: ReviewStatus.default('pending') }) },
  responses: { 200: { description: 'The queue', content: { 'application/json': { schema: z.object({ reviews: z.array(ReviewSummary) }) } } }, ...operatorOnly },
});

const getReview = createRoute({
  method: 'get',
  path: '/v1/reviews/{reviewId}',
  tags: ['reviews'],
  summary: 'One review with its materials (masked) and audit log (operators)',
  security,
  request: { params: ReviewIdParam },
  responses: {
    200: { description: 'The review', content: { 'application/json': { schema: ReviewDetail } } },
    404: { description: 'No such review', content: problemContent },
    ...operatorOnly,
  },
});

const claimRoute = (action: 'claim' | 'release', summary: string) =>
  createRoute({
    method: 'post',
    path: `/v1/reviews/{reviewId}/${action}`,
    tags: ['reviews'],
    summary,
    security,
    request: { params: ReviewIdParam },
    responses: {
      200: { description: 'Done', content: { 'application/json': { schema: ReviewSummary } } },
      404: { description: 'No such review', content: problemContent },
      409: { description: 'Decided already, or claimed by another operator', content: problemContent },
      ...operatorOnly,
    },
  });

const claimReview = claimRoute('claim', 'Claim a pending review for a while (operators)');
const releaseReview = claimRoute('release', 'Give a claimed review back to the queue (operators)');

const DecisionBody = z
  .object({
    decision: z.enum(['approve', 'reject']),
    reason: z.string().trim().min(1, 'a reason is mandatory').max(1000),
  })
  .openapi('ReviewDecision');

const decideReview = createRoute({
  method: 'post',
  path: '/v1/reviews/{reviewId}/decision',
  tags: ['reviews'],
  summary: 'Approve or reject, with a mandatory reason (operators)',
  description: 'Allowed when the review is unclaimed, or claimed by the caller. Deciding claims the review first (audited), so another operator\'s claim racing it is refused (409); the claim stays until it runs out, whatever the answer. The process moves on at once.',
  security,
  request: { params: ReviewIdParam, body: { content: { 'application/json': { schema: DecisionBody } }, required: true } },
  responses: {
    200: { description: 'Decided', content: { 'application/json': { schema: ReviewSummary } } },
    400: { description: 'No decision or no reason', content: problemContent },
    404: { description: 'No such review', content: problemContent },
    409: { description: 'Decided or withdrawn already, or claimed by another operator', content: problemContent },
    ...operatorOnly,
  },
});

/** The operators' review queue (R-E6.3). Every action is written to the review's audit log. */
export function registerReviewRoutes(app: OpenAPIHono<AuthEnv>, { db, temporal, config, now = Date.now }: ApiDeps): void {
  const find = async (reviewId: string) => {
    const review = await db.review.findUnique({ where: { id: reviewId } });
    if (!review) throw problems.notFound(`review ${reviewId}`);
    return review;
  };
  const audit = (reviewId: string, actor: string, action: string, reason?: string) =>
    db.reviewAudit.create({ data: { id: randomUUID(), reviewId, actor, action, reason: reason ?? null } });
  const claimedByOther = (review: { claimedBy: string | null; claimExpiresAt: Date | null }, operator: string) =>
    review.claimedBy !== null && review.claimedBy !== operator && review.claimExpiresAt !== null && review.claimExpiresAt.getTime() > now();
  // One statement decides the race between two operators at once: whoever's
  // statement runs first holds the review, the other is refused.
  const claim = (reviewId: string, operator: string) => {
    const at = new Date(now());
    return db.review.updateMany({
      where: { id: reviewId, status: 'pending', OR: [{ claimedBy: null }, { claimedBy: operator }, { claimExpiresAt: { lte: at } }] },
      data: { claimedBy: operator, claimExpiresAt: new Date(at.getTime() + config.review.claimMinutes * 60_000) },
    });
  };
  const claimRefusal = (review: { id: string; status: string; claimedBy: string | null; claimExpiresAt: Date | null }) =>
    review.status !== 'pending'
      ? problems.conflict('review-closed', PROBLEM_DETAILS.reviewClosed(review.id, review.status))
      : problems.conflict('review-claimed', PROBLEM_DETAILS.reviewClaimed(review.id, review.claimExpiresAt?.toISOString(), review.claimedBy ?? undefined));

  app.openapi(listReviews, async (c) => {
    requireOperator(c.get('principal'));
    const reviews = await db.review.findMany({ where: { status: c.req.valid('query').status }, orderBy: { createdAt: 'asc' }, take: 500 });
    return c.json({ reviews: reviews.map((review) => reviewSummary(review, now())) }, 200);
  });

  app.openapi(getReview, async (c) => {
    requireOperator(c.get('principal'));
    const review = await find(c.req.valid('param').reviewId);
    const log = await db.reviewAudit.findMany({ where: { reviewId: review.id }, orderBy: { at: 'asc' } });
    // Security finding 6: a link only to a document of the review's account, whatever the review stored.
    const materials = reviewMaterials(review, config.payloadKeys);
    const ids = materialDocumentIds(materials);
    const owned = ids.length ? await db.document.findMany({ where: { id: { in: ids }, accountId: review.accountId }, select: { id: true } }) : [];
    return c.json(reviewDetail(review, log, now(), materials, new Set(owned.map((document) => document.id))), 200);
  });

  app.openapi(claimReview, async (c) => {
    const principal = c.get('principal');
    requireOperator(principal);
    const { reviewId } = c.req.valid('param');
    let claimed = await claim(reviewId, principal.subject);
    let review = await find(reviewId);
    // The row may have appeared between the two statements: claim it now.
    if (claimed.count === 0 && review.status === 'pending' && !claimedByOther(review, principal.subject)) {
      claimed = await claim(reviewId, principal.subject);
      review = await find(reviewId);
    }
    if (claimed.count === 0) throw claimRefusal(review);
    await audit(reviewId, principal.subject, 'claimed');
    return c.json(reviewSummary(review, now()), 200);
  });

  app.openapi(releaseReview, async (c) => {
    const principal = c.get('principal');
    requireOperator(principal);
    const { reviewId } = c.req.valid('param');
    const released = await db.review.updateMany({ where: { id: reviewId, status: 'pending', claimedBy: principal.subject }, data: { claimedBy: null, claimExpiresAt: null } });
    const review = await find(reviewId);
    if (released.count === 0) throw problems.conflict('not-your-claim', PROBLEM_DETAILS.notYourClaim(reviewId));
    await audit(reviewId, principal.subject, 'released');
    return c.json(reviewSummary(review, now()), 200);
  });

  app.openapi(decideReview, async (c) => {
    const principal = c.get('principal');
    requireOperator(principal);
    const { reviewId } = c.req.valid('param');
    const { decision, reason } = c.req.valid('json');
    const review = await find(reviewId);
    if (review.status !== 'pending') throw problems.conflict('review-closed', PROBLEM_DETAILS.reviewClosed(reviewId, review.status));
    // R-G7: past its final deadline a review is expired, though its workflow (a worker behind) has not closed it yet.
    if (review.expiresAt !== null && review.expiresAt.getTime() <= now()) throw problems.conflict('review-closed', PROBLEM_DETAILS.reviewClosed(reviewId, 'expired'));
    if (claimedByOther(review, principal.subject)) throw claimRefusal(review);
    // Reading the claim and sending the decision are two steps: another operator
    // could claim in between. Deciding therefore claims the review in one
    // statement first, and the claim stays, as a claim does, whatever the answer:
    // a decision refused or unanswered (a worker away, a timeout, the same
    // operator's second click) must not free a review another decision may be
    // closing.
    const heldAlready = review.claimedBy === principal.subject && review.claimExpiresAt !== null && review.claimExpiresAt.getTime() > now();
    if ((await claim(reviewId, principal.subject)).count === 0) throw claimRefusal(await find(reviewId));
    if (!heldAlready) await audit(reviewId, principal.subject, 'claimed', 'to decide');
    // The workflow records the decision and its audit entry; the operator is the token's, never the caller's word.
    await answeredWithin({ temporal, config }, () =>
      temporal.workflow
        .getHandle(review.workflowId)
        .executeUpdate(decideReviewUpdate, { args: [{ reviewId, decision, reason, operator: principal.subject, via: 'api' }] }),
    ).catch((error: unknown) => {
        // Its process ended meanwhile (expired, revoked): nothing is left to decide.
        if (error instanceof WorkflowNotFoundError) throw problems.conflict('review-closed', PROBLEM_DETAILS.reviewWithoutProcess(reviewId));
        return updateRefusal(error);
      });
    return c.json(reviewSummary(await find(reviewId), now()), 200);
  });
}
