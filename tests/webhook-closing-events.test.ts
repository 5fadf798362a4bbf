import { Webhook } from 'standardwebhooks';
import { createProcessActivities } from '../activities/process';
import { createProcessEndActivities } from '../activities/process-ended-in-error';
import { deliverDueWebhooks, newSigningSecret, sealedSigningSecret, WEBHOOK_DEFAULTS } from '../activities/webhook-delivery';
import { createLogger } from '../config/logger';
import { createDatabase, type Database } from '../prisma/client';
import { testConfig } from './support/environment';
import { deleteAccountWithProcesses } from './support/account-cleanup';
import { uniqueId } from './support/system';
import { webhookHeadersOf, webhookReceiver } from './support/webhook-receiver';

// Issue 19, R-G7 (r19 review): a process its workflow could not drive to an
// outcome is closed by closeProcessEndedInError (an activity gave up: internal_error;
// cancelled from outside: cancelled). That is an outcome like any other, so the
// platform gets its process.failed event, once, signed, as it gets every other.
describe('issue 19, R-G7: a process closed after its workflow failed reports its outcome to the platform (PostgreSQL, loopback receiver)', () => {
  let db: Database;
  const config = testConfig();
  const logger = createLogger({ level: 'silent' });
  const accountId = uniqueId('acc_wh_close');
  const endpointId = uniqueId('whe_close');
  const secret = newSigningSecret();
  let platform: Awaited<ReturnType<typeof webhookReceiver>>;

  beforeAll(async () => {
    db = createDatabase(config.databaseUrl!, config.database);
    await db.account.create({ data: { id: accountId, displayName: accountId } });
    platform = await webhookReceiver();
    await db.webhookEndpoint.create({ data: { id: endpointId, url: `${platform.url}/closing`, eventTypes: ['process.failed'], secret: sealedSigningSecret(secret, endpointId, config.payloadKeys) } });
  });
  afterAll(async () => {
    await platform.close();
    await db.webhookEndpoint.deleteMany({ where: { id: endpointId } });
    await deleteAccountWithProcesses(db, accountId);
    await db.$disconnect();
  });

  test.each(['internal_error', 'cancelled'] as const)('closed as %s: one process.failed event, delivered signed with the closed view; a retried closing queues none', async (reason) => {
    const processId = uniqueId('prc_wh_close');
    await db.process.create({ data: { id: processId, accountId, workflowId: `wf-${processId}`, runId: 'run', kind: 'individual_verification', method: 'wechat_qr', status: 'open', step: 'starting' } });
    await createProcessActivities(db).recordStep({ processId, seq: 1, step: 'awaiting_scan', status: 'open', at: Date.now(), failureReason: null, action: null });
    const end = createProcessEndActivities(db, async () => undefined);
    const closing = { processId, at: Date.now(), failure: { failure: 'ActivityFailure', activityType: 'recordStep' }, reason };
    expect(await end.closeProcessEndedInError(closing)).toEqual({ result: 'closed' });
    expect(await end.closeProcessEndedInError(closing)).toEqual({ result: 'closed' }); // a retried attempt

    const events = await db.platformEvent.findMany({ where: { processId }, orderBy: { seq: 'asc' } });
    expect(events.map((e) => [e.type, e.seq, e.status])).toEqual([['process.step_changed', 1, 'open'], ['process.failed', 2, 'failed']]);

    await deliverDueWebhooks({ db, payloadKeys: config.payloadKeys, operatorAlerts: { send: async () => undefined }, policy: { ...WEBHOOK_DEFAULTS, sendTimeoutMs: 2_000 }, logger });
    const mine = platform.received.filter((r) => r.path === '/hooks/closing' && (JSON.parse(r.body) as { data: { processId: string } }).data.processId === processId);
    expect(mine).toHaveLength(1);
    const event = new Webhook(secret).verify(mine[0]!.body, webhookHeadersOf(mine[0]!)) as { type: string; data: { status: string; process: { status: string; failureReason: string } } };
    expect(event).toMatchObject({ type: 'process.failed', data: { status: 'failed', process: { status: 'failed', failureReason: reason } } });
  });
});

// Issue 19 (r19 review): review.decided leaves the reviewer's free-text reason out
// (tests/webhook-events.test.ts), and so must every later event's view, which
// carries the review_rejected step and the remittance's reviewReason.
describe("issue 19: no event carries a rejection's free-text reason in its view (PostgreSQL, loopback receiver)", () => {
  let db: Database;
  const config = testConfig();
  const logger = createLogger({ level: 'silent' });
  const accountId = uniqueId('acc_wh_reason');
  const endpointId = uniqueId('whe_reason');
  let platform: Awaited<ReturnType<typeof webhookReceiver>>;

  beforeAll(async () => {
    db = createDatabase(config.databaseUrl!, config.database);
    await db.account.create({ data: { id: accountId, displayName: accountId } });
    platform = await webhookReceiver();
    await db.webhookEndpoint.create({ data: { id: endpointId, url: `${platform.url}/reason`, eventTypes: ['process.step_changed'], secret: sealedSigningSecret(newSigningSecret(), endpointId, config.payloadKeys) } });
  });
  afterAll(async () => {
    await platform.close();
    await db.webhookEndpoint.deleteMany({ where: { id: endpointId } });
    await deleteAccountWithProcesses(db, accountId);
    await db.$disconnect();
  });

  test('the review_rejected step and remittance.reviewReason reach the platform without the reason; the step and review id do', async () => {
    const processId = uniqueId('prc_wh_reason');
    const reason = '王小明的签字不清晰';
    await db.process.create({ data: { id: processId, accountId, workflowId: `wf-${processId}`, runId: 'run', kind: 'enterprise_verification', method: 'remittance', status: 'open', step: 'in_review' } });
    const remittance = { reviewId: 'rev_1', reviewDueAt: null, reviewReason: reason, payoutSentAt: null, deliveredAt: null, amountDeadline: null, attemptsLeft: 3 };
    await createProcessActivities(db).recordStep({ processId, seq: 1, step: 'review_rejected', status: 'open', at: Date.now(), failureReason: null, detail: { reviewId: 'rev_1', reason }, action: { remittance } });
    await deliverDueWebhooks({ db, payloadKeys: config.payloadKeys, operatorAlerts: { send: async () => undefined }, policy: { ...WEBHOOK_DEFAULTS, sendTimeoutMs: 2_000 }, logger });
    const mine = platform.received.filter((r) => r.path === '/hooks/reason' && (JSON.parse(r.body) as { data: { processId: string } }).data.processId === processId);
    expect(mine).toHaveLength(1);
    for (const clear of ['王小明', '签字']) expect(mine[0]!.body).not.toContain(clear);
    const event = JSON.parse(mine[0]!.body) as { data: { process: { history: Array<{ step: string; detail: unknown }>; remittance: { reviewId: string; reviewReason: unknown } } } };
    expect(event.data.process.history).toEqual([expect.objectContaining({ step: 'review_rejected', detail: { reviewId: 'rev_1' } })]);
    expect(event.data.process.remittance).toMatchObject({ reviewId: 'rev_1', reviewReason: null });
  });
});
