import { createProcessEndActivities } from '../activities/process-ended-in-error';
import { createReviewActivities } from '../activities/review';
import { createDatabase, type Database } from '../prisma/client';
import type { ReviewInput } from '../workflows/review/messages';
import { deleteAccountWithProcesses } from './support/account-cleanup';
import { testConfig } from './support/environment';
import { uniqueId } from './support/system';

// R-E6.3, R-G7: a process whose workflow failed is closed by closeProcessEndedInError.
// Its review child was terminated with it and can no longer close its own task,
// which would stay `pending` in the operators' queue, claimable, for a process
// that has ended. The closing withdraws it in the same transaction.
describe('R-E6.3, R-G7: a process closed after its workflow failed takes its pending reviews out of the queue (PostgreSQL)', () => {
  let db: Database;
  const config = testConfig();
  const accountId = uniqueId('acc_end_review');

  beforeAll(async () => {
    db = createDatabase(config.databaseUrl!, config.database);
    await db.account.create({ data: { id: accountId, displayName: accountId } });
    reviews = createReviewActivities({ db, payloadKeys: config.payloadKeys });
    end = createProcessEndActivities(db, async () => undefined);
  });
  afterAll(async () => {
    const reviews = await db.review.findMany({ where: { accountId }, select: { id: true } });
    await db.reviewAudit.deleteMany({ where: { reviewId: { in: reviews.map((r) => r.id) } } });
    await db.review.deleteMany({ where: { accountId } });
    await db.subjectHistory.deleteMany({ where: { accountId } });
    await deleteAccountWithProcesses(db, accountId);
    await db.$disconnect();
  });

  const openProcess = async () => {
    const processId = uniqueId('prc_end_review');
    await db.process.create({ data: { id: processId, accountId, workflowId: `wf-${processId}`, runId: 'run', kind: 'enterprise_verification', method: 'remittance', status: 'open', step: 'in_review' } });
    return processId;
  };
  let reviews: ReturnType<typeof createReviewActivities>;
  let end: ReturnType<typeof createProcessEndActivities>;
  const openReview = async (processId: string) => {
    const reviewId = uniqueId('rev_end');
    const input: ReviewInput = { reviewId, processId, accountId, kind: 'enterprise_remittance', materials: { documents: {}, fields: {} }, rules: ['R-E6.3'], slaBusinessDays: 2, calendar: { holidays: [], extraWorkingDays: [] } };
    await reviews.createReviewTask({ ...input, dueAt: Date.now() + 86_400_000 });
    await db.review.update({ where: { id: reviewId }, data: { claimedBy: 'op-1', claimExpiresAt: new Date(Date.now() + 600_000) } });
    return reviewId;
  };

  test.each(['internal_error', 'cancelled'] as const)('closed as %s: its pending review is withdrawn with the claim released and audited once; a decided one and another process\'s stay as they are', async (reason) => {
    const processId = await openProcess();
    const pending = await openReview(processId);
    const decided = await openReview(processId);
    await reviews.closeReview({ reviewId: decided, status: 'rejected', actor: 'op-2', reason: 'the licence is illegible', at: Date.now() });
    const otherProcess = await openProcess();
    const others = await openReview(otherProcess);

    const closing = { processId, at: Date.now(), failure: { failure: 'ActivityFailure', activityType: 'recordStep' }, reason };
    expect(await end.closeProcessEndedInError(closing)).toEqual({ result: 'closed' });
    expect(await end.closeProcessEndedInError(closing)).toEqual({ result: 'closed' }); // a retried attempt

    const rows = await db.review.findMany({ where: { id: { in: [pending, decided, others] } } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(pending)).toMatchObject({ status: 'withdrawn', claimedBy: null, claimExpiresAt: null, decidedBy: null });
    expect(byId.get(decided)).toMatchObject({ status: 'rejected', decidedBy: 'op-2' });
    expect(byId.get(others)).toMatchObject({ status: 'pending', claimedBy: 'op-1' });
    const audit = await db.reviewAudit.findMany({ where: { reviewId: pending, action: 'withdrawn' } });
    expect(audit).toEqual([expect.objectContaining({ actor: 'system', reason: 'the process ended' })]);
  });

  it('closed as the outcome its account write reached (R-C3): its pending review is withdrawn too', async () => {
    const processId = await openProcess();
    const pending = await openReview(processId);
    await db.subjectHistory.create({ data: { processId, accountId, kind: 'enterprise_verification', requestedBy: `holder:${accountId}`, outcome: 'verified', startedAt: new Date(), endedAt: new Date() } });
    expect(await end.closeProcessEndedInError({ processId, at: Date.now(), failure: { failure: 'ActivityFailure' } })).toEqual({ result: 'closed' });
    expect(await db.review.findUnique({ where: { id: pending } })).toMatchObject({ status: 'withdrawn' });
  });
});
