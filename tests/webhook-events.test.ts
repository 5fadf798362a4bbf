import { MockActivityEnvironment } from '@temporalio/testing';
import { Webhook } from 'standardwebhooks';
import { createChangeActivities } from '../activities/change';
import { REFUND_DEFAULTS, deliverDueRefunds, refundOnce, refundStrayPayment, type RefundPolicy } from '../activities/enterprise/refunds';
import { createProcessActivities } from '../activities/process';
import type { PaymentGateway } from '../activities/providers/payment-gateway';
import { createReviewActivities } from '../activities/review';
import { deliverDueWebhooks, newSigningSecret, sealedSigningSecret, WEBHOOK_DEFAULTS, type WebhookPolicy } from '../activities/webhook-delivery';
import { createLogger } from '../config/logger';
import { createDatabase, sqlPool, type Database } from '../prisma/client';
import { testConfig } from './support/environment';
import { uniqueId } from './support/system';
import { webhookHeadersOf, webhookReceiver, type ReceivedWebhook } from './support/webhook-receiver';

interface EventBody {
  id: string;
  type: string;
  data: { processId: string; accountId: string; seq: number; step: string; status: string; process: { processId: string } | null; review?: Record<string, unknown>; refund?: Record<string, unknown> };
}

// Issue 19: the platform events that are not a recorded step (process.started,
// review.decided, payment.refunded), each queued where its fact is recorded,
// delivered by the worker's pass to a real loopback receiver and verified with
// the standardwebhooks package, not our own code.
describe('platform events of starts, review decisions and refunds (issue 19, PostgreSQL, loopback receiver)', () => {
  let db: Database;
  const config = testConfig();
  const accountId = uniqueId('acc_wh_events');
  const logger = createLogger({ level: 'silent' });
  const policy: WebhookPolicy = { ...WEBHOOK_DEFAULTS, retryBaseSeconds: 0.001, retryMaxSeconds: 0.001, sendTimeoutMs: 2_000 };
  const operatorAlerts = { send: async () => undefined };
  const endpointIds: string[] = [];
  let platform: Awaited<ReturnType<typeof webhookReceiver>>;
  let secret: string;

  beforeAll(async () => {
    db = createDatabase(config.databaseUrl!, config.database);
    await db.account.create({ data: { id: accountId, displayName: accountId } });
    platform = await webhookReceiver();
    const id = uniqueId('whe');
    endpointIds.push(id);
    secret = newSigningSecret();
    await db.webhookEndpoint.create({ data: { id, url: platform.url, eventTypes: ['process.started', 'review.decided', 'payment.refunded'], secret: sealedSigningSecret(secret, id, config.payloadKeys) } });
  });
  afterAll(async () => {
    await platform.close();
    await db.webhookEndpoint.deleteMany({ where: { id: { in: endpointIds } } });
    await db.platformEvent.deleteMany({ where: { accountId } });
    const processIds = (await db.process.findMany({ where: { accountId }, select: { id: true } })).map((p) => p.id);
    await db.refund.deleteMany({ where: { processId: { in: processIds } } });
    await db.payment.deleteMany({ where: { processId: { in: processIds } } });
    const reviewIds = (await db.review.findMany({ where: { accountId }, select: { id: true } })).map((r) => r.id);
    await db.reviewAudit.deleteMany({ where: { reviewId: { in: reviewIds } } });
    await db.review.deleteMany({ where: { accountId } });
    await db.subjectHistory.deleteMany({ where: { accountId } });
    await db.processStep.deleteMany({ where: { processId: { in: processIds } } });
    await db.process.deleteMany({ where: { accountId } });
    await db.account.delete({ where: { id: accountId } });
    await db.$disconnect();
  });

  const pass = () => deliverDueWebhooks({ db, payloadKeys: config.payloadKeys, operatorAlerts, policy, logger });

  /** The deliveries this receiver got for one process, each verified with the endpoint's secret by the standardwebhooks package. */
  function verifiedFor(processId: string): Array<{ received: ReceivedWebhook; event: EventBody }> {
    return platform.received
      .filter((received) => (JSON.parse(received.body) as EventBody).data.processId === processId)
      .map((received) => ({ received, event: new Webhook(secret).verify(received.body, webhookHeadersOf(received)) as EventBody }));
  }

  async function processRow(kind: string, step: string): Promise<string> {
    const id = uniqueId('prc_wh_ev');
    await db.process.create({ data: { id, accountId, workflowId: `wf-${id}`, runId: 'run', kind, method: 'recharge', status: 'open', step } });
    return id;
  }

  test('process.started: opening a process queues it once with the row (a retried opening adds none), signed and verifiable', async () => {
    const processId = uniqueId('prc_wh_start');
    const input = { processId, accountId, kind: 'individual_verification', method: 'wechat_qr', at: Date.UTC(2026, 11, 2, 8), deadlines: { abandonAt: 1 } };
    const { openProcess } = createProcessActivities(db);
    await new MockActivityEnvironment({ workflowExecution: { workflowId: `wf_${processId}`, runId: 'run-1' } }).run(openProcess, input);
    await new MockActivityEnvironment({ workflowExecution: { workflowId: `wf_${processId}`, runId: 'run-2' } }).run(openProcess, input);
    expect(await db.platformEvent.findMany({ where: { processId }, select: { id: true, type: true, seq: true, step: true } })).toEqual([
      { id: `evt_${processId}_started`, type: 'process.started', seq: 0, step: 'starting' },
    ]);
    await pass();
    const [delivery, ...more] = verifiedFor(processId);
    expect(more).toHaveLength(0);
    expect(delivery!.received.headers['webhook-id']).toBe(`evt_${processId}_started`);
    expect(delivery!.event).toMatchObject({ id: `evt_${processId}_started`, type: 'process.started', data: { processId, accountId, status: 'open', process: { processId } } });
  });

  test("process.started: a change's process queues it in the transaction that opens it, once", async () => {
    const processId = uniqueId('prc_wh_change');
    const changes = createChangeActivities({ db, identityHashSecret: 'x'.repeat(32), accountsPerIndividualIdentity: 1, accountsPerEnterprise: 1, payloadKeys: config.payloadKeys });
    const input = { processId, accountId, kind: 'enterprise_name' as const, requestedBy: 'holder', at: Date.now(), deadlines: {} };
    const environment = new MockActivityEnvironment({ workflowExecution: { workflowId: `wf_${processId}`, runId: 'run' } });
    await environment.run(changes.openChange, input);
    await environment.run(changes.openChange, input);
    await pass();
    expect(verifiedFor(processId).map(({ event }) => [event.type, event.data.process?.processId])).toEqual([['process.started', processId]]);
  });

  test('review.decided: an operator decision is queued with the review it closes, its decision and rules only, no materials or reason in clear', async () => {
    const processId = await processRow('enterprise_verification', 'in_review');
    const reviews = createReviewActivities({ db, payloadKeys: config.payloadKeys });
    const reviewId = uniqueId('rev_wh');
    const withdrawnId = uniqueId('rev_wh');
    // Personal data in the materials (sealed at rest) and a reason naming someone: neither may reach the platform.
    const materials = { documents: { licence: 'doc_1' }, fields: { legalPerson: '王小明', bankAccount: '6222020200112233445' } };
    for (const id of [reviewId, withdrawnId]) {
      await reviews.createReviewTask({ reviewId: id, processId, accountId, kind: 'enterprise_remittance', materials, rules: ['R-E6.3'], slaBusinessDays: 2, calendar: { holidays: [], extraWorkingDays: [] }, dueAt: Date.now() + 86_400_000 });
    }
    const decision = { reviewId, status: 'rejected' as const, actor: 'operator:alice', reason: '王小明的签字不清晰', via: 'api' as const, at: Date.UTC(2026, 11, 2, 9) };
    await reviews.closeReview(decision);
    await reviews.closeReview(decision); // a retried activity
    await reviews.closeReview({ reviewId: withdrawnId, status: 'withdrawn', actor: 'system', at: Date.now() });
    expect(await db.platformEvent.count({ where: { processId } })).toBe(1);
    await pass();
    const deliveries = verifiedFor(processId);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.event).toMatchObject({
      id: `evt_${reviewId}_decided`,
      type: 'review.decided',
      data: { processId, accountId, step: 'in_review', review: { reviewId, kind: 'enterprise_remittance', decision: 'rejected', rules: ['R-E6.3'], decidedAt: '2026-12-02T09:00:00.000Z' } },
    });
    for (const clear of ['王小明', '6222020200112233445', '签字']) expect(deliveries[0]!.received.body).not.toContain(clear);
  });

  test('payment.refunded: queued once when the gateway confirms a refund, not when it fails; never for a payment that quoted no process', async () => {
    const processId = await processRow('enterprise_verification', 'awaiting_payment');
    const refundPolicy: RefundPolicy = { ...REFUND_DEFAULTS, quickAttemptMs: 500, sendTimeoutMs: 500, retryBaseSeconds: 0.001, retryMaxSeconds: 0.001 };
    let up = false;
    const gateway: PaymentGateway = {
      async refund({ transactionId }) {
        if (!up) throw new Error('gateway unavailable');
        return { refundId: `refund-${transactionId}` };
      },
    };
    const transactionId = uniqueId('tx_wh');
    await db.payment.create({ data: { transactionId, eventId: uniqueId('evt_pay'), processId, amountFen: 37, routedTo: 'workflow' } });
    await refundOnce(db, gateway, { processId, transactionId, amountFen: 37, reason: 'wrong_amount' }, refundPolicy);
    expect(await db.platformEvent.count({ where: { processId } })).toBe(0); // decided, not refunded yet
    up = true;
    await sqlPool(db).query(`UPDATE refunds SET next_attempt_at = now() WHERE transaction_id = $1`, [transactionId]);
    await deliverDueRefunds({ db, gateway, policy: refundPolicy, logger });
    await refundOnce(db, gateway, { processId, transactionId, amountFen: 37, reason: 'wrong_amount' }, refundPolicy);
    expect(await db.platformEvent.count({ where: { processId } })).toBe(1);
    await pass();
    const deliveries = verifiedFor(processId);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.event).toMatchObject({
      type: 'payment.refunded',
      data: { processId, accountId, step: 'awaiting_payment', refund: { transactionId, amountFen: 37, reason: 'wrong_amount', refundedAt: expect.any(String) } },
    });
    expect(deliveries[0]!.event.id).toMatch(new RegExp(`^evt_${processId}_refunded_[0-9a-f]{32}$`));
    // A payment that named no process: refunded, but there is no process to report on.
    const stray = uniqueId('tx_wh_stray');
    await db.payment.create({ data: { transactionId: stray, eventId: uniqueId('evt_pay'), processId: null, amountFen: 5, routedTo: 'refund' } });
    try {
      await refundStrayPayment(db, stray, 'unknown_reference');
      await deliverDueRefunds({ db, gateway, policy: refundPolicy, logger });
      expect((await db.refund.findUniqueOrThrow({ where: { transactionId: stray } })).refundedAt).not.toBeNull();
      expect((await sqlPool(db).query(`SELECT 1 FROM platform_events WHERE detail->'refund'->>'transactionId' = $1`, [stray])).rowCount).toBe(0);
    } finally {
      await db.refund.deleteMany({ where: { transactionId: stray } });
      await db.payment.deleteMany({ where: { transactionId: stray } });
    }
  });
});
