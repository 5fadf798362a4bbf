import { createReviewActivities } from '../activities/review';
import { createDatabase, type Database } from '../prisma/client';
import { testConfig } from './support/environment';
import { uniqueId } from './support/system';

/**
 * R-G7: a review past its SLA is escalated in the database whatever the alert
 * channel does: one that refuses the alert neither fails the activity (and with
 * it the review and its process) nor keeps it retrying. PostgreSQL.
 */
describe('a review escalated while the operators’ alert channel refuses (R-G7, PostgreSQL)', () => {
  let db: Database;
  const config = testConfig();
  const accountId = uniqueId('acc_escalate');

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

  it('R-G7: the escalation is recorded and the activity completes; the refused alert is all that is lost', async () => {
    const processId = uniqueId('prc_escalate');
    await db.process.create({ data: { id: processId, accountId, workflowId: `wf-${processId}`, runId: 'run', kind: 'enterprise_verification', method: 'remittance', status: 'open', step: 'in_review' } });
    const sent: string[] = [];
    const reviews = createReviewActivities({
      db,
      payloadKeys: config.payloadKeys,
      operatorAlerts: { send: async (alert) => (sent.push(alert.id), Promise.reject(Object.assign(new Error('422'), { name: 'ProviderRejected' }))) },
    });
    const reviewId = uniqueId('rev_escalate');
    const dueAt = Date.now() - 1_000;
    await reviews.createReviewTask({ reviewId, processId, accountId, kind: 'enterprise_remittance', materials: { documents: {}, fields: {} }, rules: ['R-E6.3'], slaBusinessDays: 2, calendar: { holidays: [], extraWorkingDays: [] }, dueAt });
    await expect(reviews.escalateReview({ reviewId, processId, dueAt })).resolves.toBeUndefined();
    expect(sent).toEqual([`${reviewId}:escalated`]);
    expect((await db.review.findUniqueOrThrow({ where: { id: reviewId } })).escalatedAt).not.toBeNull();
    expect(await db.reviewAudit.count({ where: { reviewId, action: 'escalated' } })).toBe(1);
  });
});
