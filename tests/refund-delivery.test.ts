import { randomUUID } from 'node:crypto';
import { createEnterpriseActivities } from '../activities/enterprise';
import { sandboxProviders } from '../activities/providers';
import { deliverDueRefunds, REFUND_DEFAULTS, refundOnce, refundStrayPayment, type RefundPolicy } from '../activities/enterprise/refunds';
import type { PaymentGateway } from '../activities/providers/payment-gateway';
import { createLogger } from '../config/logger';
import { createDatabase, sqlPool, type Database } from '../prisma/client';
import { testConfig } from './support/environment';
import { uniqueId } from './support/system';

/** A gateway that records each refund it is asked for and answers as `answer` says; once per transaction id, as a real one. */
function gateway(answer: (transactionId: string) => Promise<void> | void = () => undefined) {
  const asked: string[] = [];
  const refunded = new Map<string, number>();
  const api: PaymentGateway = {
    async refund({ transactionId, amountFen }) {
      asked.push(transactionId);
      await answer(transactionId);
      if (!refunded.has(transactionId)) refunded.set(transactionId, amountFen);
      return { refundId: `refund-${transactionId}` };
    },
  };
  return { api, asked, refunded };
}

const down = () => {
  throw new Error('gateway unavailable');
};

// The refund decisions and the worker's refund delivery, one pass at a time, against the provisioned PostgreSQL.
describe('refunds of payments that complete no verification (R-E5, PostgreSQL)', () => {
  let db: Database;
  const config = testConfig();
  const accountId = uniqueId('acc_refunds');
  const logger = createLogger({ level: 'silent' });
  const policy: RefundPolicy = { ...REFUND_DEFAULTS, quickAttemptMs: 500, sendTimeoutMs: 500, retryBaseSeconds: 60 };

  beforeAll(async () => {
    db = createDatabase(config.databaseUrl!, config.database);
    await db.account.create({ data: { id: accountId, displayName: accountId } });
  });
  afterAll(async () => {
    const processes = await db.process.findMany({ where: { accountId }, select: { id: true } });
    const processIds = processes.map((p) => p.id);
    await db.refund.deleteMany({ where: { processId: { in: processIds } } });
    await db.payment.deleteMany({ where: { processId: { in: processIds } } });
    await db.ledgerEntry.deleteMany({ where: { accountId } });
    await db.process.deleteMany({ where: { accountId } });
    await db.account.delete({ where: { id: accountId } });
    await db.$disconnect();
  });

  async function process(status: string): Promise<string> {
    const id = uniqueId('prc_refunds');
    await db.process.create({ data: { id, accountId, workflowId: `wf-${id}`, runId: 'run', kind: 'enterprise_verification', method: 'recharge', status, step: status === 'open' ? 'awaiting_payment' : status } });
    return id;
  }

  async function arrived(processId: string, routedTo: 'workflow' | 'refund', amountFen = 37): Promise<string> {
    const transactionId = uniqueId('tx');
    await db.payment.create({ data: { transactionId, eventId: uniqueId('evt'), processId, amountFen, routedTo } });
    return transactionId;
  }

  /** Time passes for this refund only: it is due now. */
  const makeDue = (transactionId: string) => sqlPool(db).query(`UPDATE refunds SET next_attempt_at = now() - interval '1 millisecond' WHERE transaction_id = $1`, [transactionId]);

  it('R-E5: a refund the recharge decides is recorded once per transaction, the first reason kept, and the gateway confirms it once', async () => {
    const processId = await process('open');
    const transactionId = await arrived(processId, 'workflow');
    const { api, refunded } = gateway();
    await refundOnce(db, api, { processId, transactionId, amountFen: 37, reason: 'wrong_amount' }, policy);
    await refundOnce(db, api, { processId, transactionId, amountFen: 37, reason: 'process_ended' }, policy);
    expect(await db.refund.findMany({ where: { transactionId } })).toEqual([
      expect.objectContaining({ reason: 'wrong_amount', amountFen: 37, attempts: 1, refundedAt: expect.any(Date), gatewayRefundId: `refund-${transactionId}`, lastError: null }),
    ]);
    expect([...refunded]).toEqual([[transactionId, 37]]);
    expect((await db.payment.findUniqueOrThrow({ where: { transactionId } })).settledAt).toEqual(expect.any(Date));
  });

  it('R-E5: the workflow activity decides its refund through the same record (refundPayment)', async () => {
    const processId = await process('open');
    const transactionId = await arrived(processId, 'workflow');
    const { api, refunded } = gateway();
    const { refundPayment } = createEnterpriseActivities({ db, identityHashSecret: 'test-secret', accountsPerEnterprise: 10, payloadKeys: config.payloadKeys, providers: { ...sandboxProviders({ db, config }), paymentGateway: api } });
    await refundPayment({ processId, transactionId, amountFen: 37, reason: 'wrong_payer' });
    await refundPayment({ processId, transactionId, amountFen: 37, reason: 'wrong_payer' });
    // A process started before reasons were recorded sends none.
    const older = await arrived(processId, 'workflow', 12);
    await refundPayment({ processId, transactionId: older, amountFen: 12 });
    expect(await db.refund.findMany({ where: { processId }, orderBy: { amountFen: 'asc' }, select: { transactionId: true, reason: true } })).toEqual([
      { transactionId: older, reason: 'payment_mismatch' },
      { transactionId, reason: 'wrong_payer' },
    ]);
    expect(refunded.size).toBe(2);
  });

  it('R-E5: a gateway that is down leaves the refund pending with its error and does not hold the caller; a later pass refunds it once', async () => {
    const processId = await process('open');
    const transactionId = await arrived(processId, 'workflow');
    const broken = gateway(down);
    await refundOnce(db, broken.api, { processId, transactionId, amountFen: 37, reason: 'wrong_amount' }, policy);
    const pending = await db.refund.findUniqueOrThrow({ where: { transactionId } });
    expect(pending).toMatchObject({ refundedAt: null, attempts: 1, lastError: 'Error: gateway unavailable' });
    // Due again after its backoff, not before.
    expect(pending.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 30_000);

    const slow = gateway(() => new Promise((resolve) => setTimeout(resolve, 2_000)));
    await makeDue(transactionId);
    await deliverDueRefunds({ db, gateway: slow.api, policy, logger });
    expect(await db.refund.findUniqueOrThrow({ where: { transactionId } })).toMatchObject({ refundedAt: null, attempts: 2, lastError: 'RefundTimeout: no answer within 500 ms' });

    const working = gateway();
    await makeDue(transactionId);
    await deliverDueRefunds({ db, gateway: working.api, policy, logger });
    expect(await db.refund.findUniqueOrThrow({ where: { transactionId } })).toMatchObject({ refundedAt: expect.any(Date), attempts: 3, lastError: null, gatewayRefundId: `refund-${transactionId}` });
    // Refunded: no pass asks again.
    await makeDue(transactionId);
    await deliverDueRefunds({ db, gateway: working.api, policy, logger });
    expect(working.asked.filter((id) => id === transactionId)).toHaveLength(1);
  });

  it('R-E5: a payment handed to a workflow whose process ended without taking it is refunded; a credited one is settled, never refunded', async () => {
    const processId = await process('verified');
    const credited = await arrived(processId, 'workflow', 21);
    await db.ledgerEntry.create({ data: { id: randomUUID(), accountId, amountFen: 21, kind: 'recharge_verification', transactionId: credited, processId } });
    const behind = await arrived(processId, 'workflow', 21);
    const openProcess = await process('open');
    const stillJudged = await arrived(openProcess, 'workflow', 21);
    const { api, refunded } = gateway();
    await deliverDueRefunds({ db, gateway: api, policy, logger });
    expect(await db.refund.findMany({ where: { processId }, select: { transactionId: true, reason: true, amountFen: true, refundedAt: true } })).toEqual([
      { transactionId: behind, reason: 'process_ended', amountFen: 21, refundedAt: expect.any(Date) },
    ]);
    expect(refunded.has(credited)).toBe(false);
    expect((await db.payment.findUniqueOrThrow({ where: { transactionId: credited } })).settledAt).toEqual(expect.any(Date));
    // A process still open may yet take its payment: nothing is decided for it.
    expect(await db.refund.count({ where: { transactionId: stillJudged } })).toBe(0);
    expect((await db.payment.findUniqueOrThrow({ where: { transactionId: stillJudged } })).settledAt).toBeNull();
  });

  it('R-E5: no refund is ever decided for a credited transaction, by the workflow or for a stray payment', async () => {
    const processId = await process('verified');
    const transactionId = await arrived(processId, 'workflow', 44);
    await db.ledgerEntry.create({ data: { id: randomUUID(), accountId, amountFen: 44, kind: 'recharge_verification', transactionId, processId } });
    const { api, asked } = gateway();
    await refundOnce(db, api, { processId, transactionId, amountFen: 44, reason: 'enterprise_limit_reached' }, policy);
    await refundStrayPayment(db, transactionId, 'process_ended');
    expect(await db.refund.count({ where: { transactionId } })).toBe(0);
    expect(asked).toEqual([]);
  });
});
