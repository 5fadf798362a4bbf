import type { Client } from '@temporalio/client';
import { createReviewActivities } from '../activities/review';
import { createApp } from '../api/app';
import { issueToken } from '../api/auth';
import { loadConfig } from '../config';
import { createLogger } from '../config/logger';
import { createDatabase, type Database } from '../prisma/client';
import { testConfig } from './support/environment';
import { uniqueId } from './support/system';
import { noDeadlines } from './support/temporal-stand-in';

/**
 * R-G7, a review's deadlines: past its SLA it is escalated in the database
 * whatever the operators' alert channel does; past its final deadline it takes
 * no decision, though its workflow (a worker behind its timer) has not closed
 * it yet. The activities and the API on PostgreSQL; Temporal a stand-in that
 * would take any decision.
 */
describe("a review's SLA and final deadline (R-G7; PostgreSQL, Temporal stand-in)", () => {
  let db: Database;
  const config = testConfig();
  const apiConfig = loadConfig({});
  const accountId = uniqueId('acc_review_late');

  beforeAll(async () => {
    db = createDatabase(config.databaseUrl!, config.database);
    await db.account.create({ data: { id: accountId, displayName: accountId } });
  });
  afterAll(async () => {
    const mine = await db.review.findMany({ where: { accountId }, select: { id: true } });
    await db.reviewAudit.deleteMany({ where: { reviewId: { in: mine.map((r) => r.id) } } });
    await db.review.deleteMany({ where: { accountId } });
    await db.process.deleteMany({ where: { accountId } });
    await db.account.deleteMany({ where: { id: accountId } });
    await db.$disconnect();
  });

  async function pendingReview(expiresAt: number, reviews = createReviewActivities({ db, payloadKeys: apiConfig.payloadKeys })) {
    const processId = uniqueId('prc_review_late');
    await db.process.create({ data: { id: processId, accountId, workflowId: `wf-${processId}`, runId: 'run', kind: 'enterprise_verification', method: 'remittance', status: 'open', step: 'in_review' } });
    const reviewId = uniqueId('rev_late');
    const calendar = { holidays: [], extraWorkingDays: [] };
    await reviews.createReviewTask({ reviewId, processId, accountId, kind: 'enterprise_remittance', materials: { documents: {}, fields: {} }, rules: ['R-E6.3'], slaBusinessDays: 2, calendar, dueAt: expiresAt - 1_000, expiresAt });
    return { reviewId, processId };
  }

  async function decide(reviewId: string) {
    const updates: unknown[] = [];
    const temporal = { ...noDeadlines, workflow: { getHandle: () => ({ executeUpdate: async (...args: unknown[]) => void updates.push(args) }) } } as unknown as Client;
    const app = createApp({ config: apiConfig, db, temporal, logger: createLogger({ level: 'silent' }) });
    const token = await issueToken(apiConfig.auth.jwtSecret, apiConfig.auth.issuer, { role: 'operator', subject: 'operator:late' });
    const response = await app.request(`/v1/reviews/${reviewId}/decision`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': 'en' },
      body: JSON.stringify({ decision: 'approve', reason: 'materials consistent' }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown>, updates };
  }

  it('R-G7: past expiresAt the decision is 409 review-closed and never reaches the workflow; before it, it does', async () => {
    const expired = await decide((await pendingReview(Date.now() - 1_000)).reviewId);
    expect(expired).toMatchObject({ status: 409, body: { type: expect.stringContaining('review-closed'), detail: expect.stringContaining('expired') } });
    expect(expired.updates).toEqual([]);
    const inTime = await decide((await pendingReview(Date.now() + 3_600_000)).reviewId);
    expect(inTime.status).toBe(200);
    expect(inTime.updates).toHaveLength(1);
  });

  it('R-G7: escalated while the alert channel refuses, the escalation is recorded and the activity completes; the refused alert is all that is lost', async () => {
    const sent: string[] = [];
    const reviews = createReviewActivities({
      db,
      payloadKeys: apiConfig.payloadKeys,
      operatorAlerts: { send: async (alert) => (sent.push(alert.id), Promise.reject(Object.assign(new Error('422'), { name: 'ProviderRejected' }))) },
    });
    const { reviewId, processId } = await pendingReview(Date.now() + 3_600_000, reviews);
    await expect(reviews.escalateReview({ reviewId, processId, dueAt: Date.now() - 1_000 })).resolves.toBeUndefined();
    expect(sent).toEqual([`${reviewId}:escalated`]);
    expect((await db.review.findUniqueOrThrow({ where: { id: reviewId } })).escalatedAt).not.toBeNull();
    expect(await db.reviewAudit.count({ where: { reviewId, action: 'escalated' } })).toBe(1);
  });
});
