import type { Client } from '@temporalio/client';
import { createReviewActivities } from '../activities/review';
import { createApp } from '../api/app';
import { issueToken } from '../api/auth';
import { loadConfig } from '../config';
import { createLogger } from '../config/logger';
import { createDatabase, type Database } from '../prisma/client';
import { deleteAccountWithProcesses } from './support/account-cleanup';
import { testConfig } from './support/environment';
import { uniqueId } from './support/system';
import { noDeadlines } from './support/temporal-stand-in';

/**
 * R-E6.3: a claimed review is decided by the operator who claimed it. The
 * decision route reads the claim, then sends the decision to the workflow:
 * another operator's claim landing between the two must win over a decision
 * that never held the review. The API on PostgreSQL with a stand-in for
 * Temporal; the first read of the review is held until the other operator has
 * claimed, so the race happens on every run.
 */
describe('R-E6.3: a decision racing another operator\'s claim (PostgreSQL)', () => {
  let db: Database;
  const config = testConfig();
  const apiConfig = loadConfig({});
  const accountId = uniqueId('acc_decide_race');
  let reviews: ReturnType<typeof createReviewActivities>;

  beforeAll(async () => {
    db = createDatabase(config.databaseUrl!, config.database);
    await db.account.create({ data: { id: accountId, displayName: accountId } });
    reviews = createReviewActivities({ db, payloadKeys: config.payloadKeys });
  });
  afterAll(async () => {
    const rows = await db.review.findMany({ where: { accountId }, select: { id: true } });
    await db.reviewAudit.deleteMany({ where: { reviewId: { in: rows.map((r) => r.id) } } });
    await db.review.deleteMany({ where: { accountId } });
    await deleteAccountWithProcesses(db, accountId);
    await db.$disconnect();
  });

  const openReview = async () => {
    const processId = uniqueId('prc_decide_race');
    await db.process.create({ data: { id: processId, accountId, workflowId: `wf-${processId}`, runId: 'run', kind: 'enterprise_verification', method: 'remittance', status: 'open', step: 'in_review' } });
    const reviewId = uniqueId('rev_race');
    await reviews.createReviewTask({
      reviewId, processId, accountId, kind: 'enterprise_remittance', materials: { documents: {}, fields: {} }, rules: ['R-E6.3'],
      slaBusinessDays: 2, calendar: { holidays: [], extraWorkingDays: [] }, dueAt: Date.now() + 86_400_000,
    });
    return reviewId;
  };

  /** The database, but the first read of `reviewId` answers only once `gate` opens, with what it read before; `read` tells it has read. */
  function firstReadHeld(reviewId: string, gate: Promise<void>, read: () => void): Database {
    let held = false;
    const review = new Proxy(db.review, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (property !== 'findUnique' || typeof value !== 'function') return value;
        return async (args: { where: { id?: string } }) => {
          const row = await (value as (args: unknown) => Promise<unknown>).call(target, args);
          if (args.where.id === reviewId && !held) {
            held = true;
            read();
            await gate;
          }
          return row;
        };
      },
    });
    return new Proxy(db, { get: (target, property, receiver) => (property === 'review' ? review : Reflect.get(target, property, receiver)) });
  }

  /** Temporal as the route sees it: every decision sent is counted, and answered by `answer`. */
  function temporalDeciding(answer: () => Promise<unknown>) {
    const sent: unknown[] = [];
    const client = { ...noDeadlines, workflow: { getHandle: () => ({ executeUpdate: async (_update: unknown, options: { args: unknown[] }) => (sent.push(options.args[0]), answer()) }) } };
    return { client: client as unknown as Client, sent };
  }

  const operator = (subject: string) => issueToken(apiConfig.auth.jwtSecret, apiConfig.auth.issuer, { role: 'operator', subject });
  const call = async (app: ReturnType<typeof createApp>, path: string, subject: string, body?: unknown) => {
    const response = await app.request(path, {
      method: 'POST',
      headers: { authorization: `Bearer ${await operator(subject)}`, 'content-type': 'application/json', 'accept-language': 'en' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as { type?: string; claimedBy?: string | null } };
  };
  const approve = { decision: 'approve', reason: 'licence and bank details consistent' };

  it('a claim landing after the decision read the review unclaimed wins: the decision is 409 review-claimed and never reaches the workflow', async () => {
    const reviewId = await openReview();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let read!: () => void;
    const decisionHasRead = new Promise<void>((resolve) => (read = resolve));
    const temporal = temporalDeciding(async () => undefined);
    const app = createApp({ config: apiConfig, db: firstReadHeld(reviewId, gate, read), temporal: temporal.client, logger: createLogger({ level: 'silent' }) });

    const deciding = call(app, `/v1/reviews/${reviewId}/decision`, 'op-a', approve);
    await decisionHasRead;
    const claimed = await call(app, `/v1/reviews/${reviewId}/claim`, 'op-b');
    open();
    const decided = await deciding;

    expect(claimed).toMatchObject({ status: 200, body: { claimedBy: 'op-b' } });
    expect(decided.status).toBe(409);
    expect(decided.body.type).toContain('review-claimed');
    expect(temporal.sent).toEqual([]);
    expect(await db.review.findUnique({ where: { id: reviewId } })).toMatchObject({ status: 'pending', claimedBy: 'op-b' });
  });

  it('while a decision is on its way to the workflow, another operator cannot claim the review', async () => {
    const reviewId = await openReview();
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const temporal = temporalDeciding(() => answered);
    const app = createApp({ config: apiConfig, db, temporal: temporal.client, logger: createLogger({ level: 'silent' }) });

    const deciding = call(app, `/v1/reviews/${reviewId}/decision`, 'op-a', approve);
    while (temporal.sent.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const claimed = await call(app, `/v1/reviews/${reviewId}/claim`, 'op-b');
    answer();

    expect(claimed.status).toBe(409);
    expect(claimed.body.type).toContain('review-claimed');
    expect((await deciding).status).toBe(200);
    expect(temporal.sent).toEqual([expect.objectContaining({ reviewId, operator: 'op-a', decision: 'approve' })]);
  });

  it('a refused or unanswered decision keeps the claim it took, audited, so no one else claims a review another decision may be closing', async () => {
    const refused = temporalDeciding(async () => {
      throw new Error('the worker is away');
    });
    const app = createApp({ config: apiConfig, db, temporal: refused.client, logger: createLogger({ level: 'silent' }) });

    const unclaimed = await openReview();
    expect((await call(app, `/v1/reviews/${unclaimed}/decision`, 'op-a', approve)).status).toBeGreaterThanOrEqual(500);
    const row = await db.review.findUniqueOrThrow({ where: { id: unclaimed } });
    expect(row).toMatchObject({ status: 'pending', claimedBy: 'op-a' });
    expect(row.claimExpiresAt!.getTime()).toBeGreaterThan(Date.now());
    expect(await db.reviewAudit.findMany({ where: { reviewId: unclaimed, action: 'claimed' } })).toEqual([expect.objectContaining({ actor: 'op-a', reason: 'to decide' })]);
    const other = await call(app, `/v1/reviews/${unclaimed}/claim`, 'op-b');
    expect(other.status).toBe(409);
    expect(other.body.type).toContain('review-claimed');
    // The same operator may try again; a claim it held before is not claimed twice in the audit.
    expect((await call(app, `/v1/reviews/${unclaimed}/decision`, 'op-a', approve)).status).toBeGreaterThanOrEqual(500);
    expect(await db.reviewAudit.count({ where: { reviewId: unclaimed, action: 'claimed' } })).toBe(1);
    expect(refused.sent).toHaveLength(2);
  });
});
