import { randomUUID } from 'node:crypto';
import { createEnterpriseActivities } from '../activities/enterprise';
import { sandboxProviders } from '../activities/providers';
import { deliverDueRefunds, REFUND_DEFAULTS, refundOnce, refundStrayPayment, type RefundPolicy } from '../activities/enterprise/refunds';
import { creditRecharge } from '../activities/enterprise/completion';
import type { OutgoingNotification } from '../activities/providers/notification-channels';
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

  it('R-E5, R-G7: a refund its gateway has refused hourly for ~6 weeks (1100 attempts) is due again within its maximum backoff, and does not stop the refund beside it in the batch from being settled', async () => {
    const processId = await process('open');
    const closedAccount = await arrived(processId, 'refund', 25);
    const ordinary = await arrived(processId, 'refund', 25);
    for (const transactionId of [closedAccount, ordinary]) await refundStrayPayment(db, transactionId, 'other_method');
    // The payer's bank account was closed: the gateway refuses that refund every time; the worker retried hourly since.
    await sqlPool(db).query(`UPDATE refunds SET attempts = 1100, alerted_at = now(), next_attempt_at = now() - interval '1 second' WHERE transaction_id = $1`, [closedAccount]);
    await makeDue(ordinary);
    const refusing = gateway((transactionId) => {
      if (transactionId === closedAccount) throw new Error('payer account closed');
    });
    // Before the exponent was capped, 30 * power(2, 1099) overflowed float8 and the batch's one statement failed, every pass.
    const pass = await deliverDueRefunds({ db, gateway: refusing.api, policy, logger }).then(
      () => 'passed',
      (error: Error) => error.message,
    );
    expect(pass).toBe('passed');
    expect(await db.refund.findUniqueOrThrow({ where: { transactionId: ordinary } })).toMatchObject({ refundedAt: expect.any(Date) });
    const failing = await db.refund.findUniqueOrThrow({ where: { transactionId: closedAccount } });
    expect(failing).toMatchObject({ refundedAt: null, attempts: 1101, lastError: 'Error: payer account closed' });
    expect(failing.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now() + policy.retryMaxSeconds * 1000 + 5_000);
  });

  it('R-E5, R-G7: a refund that keeps failing is reported to operators once, when it reaches the alert threshold, and is still retried', async () => {
    const processId = await process('open');
    const transactionId = await arrived(processId, 'refund', 26);
    await refundStrayPayment(db, transactionId, 'other_method');
    const alerts: OutgoingNotification[] = [];
    const operatorAlerts = { send: async (alert: OutgoingNotification) => void alerts.push(alert) };
    const alerting = { ...policy, alertAfterAttempts: 2 };
    const ours = () => alerts.filter((alert) => alert.id.includes(transactionId));
    const alertedAt = async () => (await db.refund.findUniqueOrThrow({ where: { transactionId } })).alertedAt;
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await makeDue(transactionId);
      await deliverDueRefunds({ db, gateway: gateway(down).api, policy: alerting, logger, operatorAlerts });
      expect({ attempt, alerts: ours().length, alerted: (await alertedAt()) !== null }).toEqual({ attempt, alerts: attempt >= 2 ? 1 : 0, alerted: attempt >= 2 });
    }
    // Its transaction, process and attempts; never the payer or the gateway's error.
    expect(ours()[0]).toMatchObject({ accountId: 'operators', body: expect.stringContaining(`${transactionId} (process ${processId}) has failed 2 attempts`) });
    expect(ours()[0]!.body).not.toContain('gateway unavailable');
    // Still retried: a later pass that the gateway answers refunds it.
    await makeDue(transactionId);
    await deliverDueRefunds({ db, gateway: gateway().api, policy: alerting, logger, operatorAlerts });
    expect(await db.refund.findUniqueOrThrow({ where: { transactionId } })).toMatchObject({ refundedAt: expect.any(Date), attempts: 4 });
    expect(ours()).toHaveLength(1);
  });

  it('R-E5: the database refuses to credit a refunded transaction, and the credit activity skips it', async () => {
    const processId = await process('open');
    const transactionId = await arrived(processId, 'refund', 27);
    await refundStrayPayment(db, transactionId, 'other_method');
    await expect(db.ledgerEntry.create({ data: { id: randomUUID(), accountId, amountFen: 27, kind: 'recharge_verification', transactionId, processId } })).rejects.toThrow(/refunded/);
    const credited = await db.$transaction((tx) => creditRecharge(tx, { accountId, processId, transactionId, amountFen: 27 }));
    expect({ credited, entries: await db.ledgerEntry.count({ where: { transactionId } }) }).toEqual({ credited: false, entries: 0 });
  });

  it('R-E5: a credit and a refund decided at once for one transaction: exactly one of them is written', async () => {
    for (let round = 0; round < 5; round += 1) {
      const processId = await process('open');
      const transactionId = await arrived(processId, 'workflow', 28);
      const [credited] = await Promise.all([
        db.$transaction((tx) => creditRecharge(tx, { accountId, processId, transactionId, amountFen: 28 })),
        refundStrayPayment(db, transactionId, 'process_ended'),
      ]);
      const written = { credited: await db.ledgerEntry.count({ where: { transactionId } }), refunded: await db.refund.count({ where: { transactionId } }) };
      expect(written.credited + written.refunded).toBe(1);
      expect(written.credited).toBe(credited ? 1 : 0);
    }
  });
});
