import { Client } from 'pg';
import { createPayoutActivities } from '../activities/enterprise/payout';
import { OPERATOR_ALERT_TIMEOUT_MS } from '../activities/operator-alert';
import { SANDBOX_REFUSED_ACCOUNT_SUFFIX, sandboxBank } from '../activities/providers/bank';
import { sandboxPaymentGateway } from '../activities/providers/payment-gateway';
import type { OutgoingNotification } from '../activities/providers/notification-channels';
import { createApiMetrics } from '../api/metrics';
import { createLogger } from '../config/logger';
import { createDatabase, type Database } from '../prisma/client';
import { migrate } from '../prisma/migrate';
import { testConfig } from './support/environment';
import { uniqueId } from './support/system';
import { scratchDatabase } from './support/scratch-database';

const bankAccount = (accountNumber: string) => ({ accountNumber, bank: '中国工商银行', location: '北京市', branch: '中关村支行' });

// The payout activities and the sandbox books against the provisioned PostgreSQL.
describe('payout activities (PostgreSQL): R-E6.4 sent once and flagged overdue once, R-E6.6 never credited', () => {
  let db: Database;
  const config = testConfig();
  const processIds: string[] = [];
  const alerts: OutgoingNotification[] = [];

  beforeAll(() => {
    db = createDatabase(config.databaseUrl!, config.database);
  });
  afterAll(async () => {
    await db.sandboxBankTransfer.deleteMany({ where: { idempotencyKey: { startsWith: 'prc_payout_' } } });
    await db.sandboxGatewayRefund.deleteMany({ where: { transactionId: { startsWith: 'tx_refund_' } } });
    await db.payout.deleteMany({ where: { processId: { in: processIds } } });
    await db.process.deleteMany({ where: { id: { in: processIds } } });
    await db.account.deleteMany({ where: { id: { startsWith: 'acc_payout_' } } });
    await db.$disconnect();
  });

  const activities = () => createPayoutActivities(db, sandboxBank(db), { send: async (alert) => void alerts.push(alert) });

  /** An open remittance process of a fresh account, as the read model holds it. */
  async function openProcess() {
    const accountId = uniqueId('acc_payout');
    const processId = uniqueId('prc_payout');
    processIds.push(processId);
    await db.account.create({ data: { id: accountId, displayName: accountId } });
    await db.process.create({
      data: { id: processId, accountId, workflowId: `account-process-${accountId}`, runId: 'run', kind: 'enterprise_verification', method: 'remittance', status: 'open', step: 'awaiting_payout_delivery' },
    });
    return { accountId, processId, idempotencyKey: `${processId}:payout:review` };
  }

  it('R-E6.4: a payout the bank refuses for the account is kept as refused, with why, and nothing is transferred; a retry keeps the first refusal', async () => {
    const { accountId, processId, idempotencyKey } = await openProcess();
    const { sendPayout } = activities();
    const refusedTo = bankAccount(`62220202001${SANDBOX_REFUSED_ACCOUNT_SUFFIX}`);
    await expect(sendPayout({ processId, accountId, idempotencyKey, bankAccount: refusedTo })).rejects.toMatchObject({ type: 'PayoutRefused', nonRetryable: true, details: [{ refusal: 'account_invalid' }] });
    const first = await db.payout.findUniqueOrThrow({ where: { idempotencyKey } });
    expect(first).toMatchObject({ refusal: 'account_invalid', bankReference: null, deliveredAt: null });
    expect(first.refusedAt).toBeInstanceOf(Date);
    await expect(sendPayout({ processId, accountId, idempotencyKey, bankAccount: refusedTo })).rejects.toMatchObject({ type: 'PayoutRefused' });
    expect((await db.payout.findUniqueOrThrow({ where: { idempotencyKey } })).refusedAt).toEqual(first.refusedAt);
    expect(await db.sandboxBankTransfer.count({ where: { idempotencyKey } })).toBe(0);
  });

  it('R-E6.6: sending a payout twice makes one payout row and one bank transfer of one amount, and no ledger entry', async () => {
    const { accountId, processId, idempotencyKey } = await openProcess();
    const { sendPayout } = activities();
    const first = await sendPayout({ processId, accountId, idempotencyKey, bankAccount: bankAccount('6222020200110000') });
    const again = await sendPayout({ processId, accountId, idempotencyKey, bankAccount: bankAccount('6222020200110000') });
    expect([first.deliveredAt, again.deliveredAt]).toEqual([null, null]);
    const payout = await db.payout.findUniqueOrThrow({ where: { idempotencyKey } });
    const transfer = await db.sandboxBankTransfer.findUniqueOrThrow({ where: { idempotencyKey } });
    expect(transfer.amountFen).toBe(payout.amountFen);
    expect(await db.ledgerEntry.count({ where: { OR: [{ accountId }, { processId }, { transactionId: idempotencyKey }] } })).toBe(0);
  });

  it('R-E6.4: an overdue payout is flagged and operators alerted, once per payout; /metrics counts it while its process waits', async () => {
    const { accountId, processId, idempotencyKey } = await openProcess();
    const { sendPayout, flagPayoutOverdue } = activities();
    await sendPayout({ processId, accountId, idempotencyKey, bankAccount: bankAccount('6222020200110000') });
    const metrics = createApiMetrics({ db, logger: createLogger({ level: 'silent' }) });
    const overdueNow = async () => Number(/^realname_payouts_overdue (\d+)$/m.exec(await metrics.render())![1]);
    const before = await overdueNow();

    const sentAt = Date.now() - 5 * 24 * 3600_000;
    const flag = { processId, accountId, idempotencyKey, sentAt, dueAt: sentAt + 3 * 24 * 3600_000, deadline: sentAt + 10 * 24 * 3600_000 };
    await flagPayoutOverdue(flag);
    const flagged = (await db.payout.findUniqueOrThrow({ where: { idempotencyKey } })).overdueAt;
    expect(flagged).not.toBeNull();
    // A retried activity keeps the first flag; the alert carries the payout's id, so a channel can drop the repeat.
    await flagPayoutOverdue(flag);
    expect((await db.payout.findUniqueOrThrow({ where: { idempotencyKey } })).overdueAt).toEqual(flagged);
    const mine = alerts.filter((alert) => alert.id === `${idempotencyKey}:overdue`);
    expect(mine.length).toBeGreaterThanOrEqual(1);
    expect(mine[0]).toMatchObject({ accountId: 'operators', title: 'Remittance payout delivery overdue' });
    expect(mine[0]!.body).toContain(processId);
    expect(mine[0]!.body).toContain('payout_not_delivered');
    expect(await overdueNow()).toBe(before + 1);

    // Delivered at last: no longer counted.
    await db.payout.update({ where: { idempotencyKey }, data: { deliveredAt: new Date() } });
    expect(await overdueNow()).toBe(before);
  });

  it('R-G7: an alert channel that refuses or never answers neither fails nor holds the flag: the payout is flagged and counted all the same', async () => {
    for (const send of [async () => Promise.reject(Object.assign(new Error('422'), { name: 'ProviderRejected' })), () => new Promise<void>(() => undefined)]) {
      const { accountId, processId, idempotencyKey } = await openProcess();
      const refusing = createPayoutActivities(db, sandboxBank(db), { send });
      await refusing.sendPayout({ processId, accountId, idempotencyKey, bankAccount: bankAccount('6222020200110000') });
      const sentAt = Date.now() - 5 * 24 * 3600_000;
      const began = Date.now();
      await expect(refusing.flagPayoutOverdue({ processId, accountId, idempotencyKey, sentAt, dueAt: sentAt + 3 * 24 * 3600_000, deadline: null })).resolves.toBeUndefined();
      // A channel that never answers is given OPERATOR_ALERT_TIMEOUT_MS, no more.
      expect(Date.now() - began).toBeLessThan(OPERATOR_ALERT_TIMEOUT_MS + 2_000);
      expect((await db.payout.findUniqueOrThrow({ where: { idempotencyKey } })).overdueAt).not.toBeNull();
    }
  });

  it('R-E6.4: a payout the bank reported meanwhile is not flagged and raises no alert', async () => {
    const { accountId, processId, idempotencyKey } = await openProcess();
    const { sendPayout, flagPayoutOverdue } = activities();
    await sendPayout({ processId, accountId, idempotencyKey, bankAccount: bankAccount('6222020200118888') });
    expect((await db.payout.findUniqueOrThrow({ where: { idempotencyKey } })).deliveredAt).not.toBeNull();
    await flagPayoutOverdue({ processId, accountId, idempotencyKey, sentAt: Date.now(), dueAt: Date.now(), deadline: null });
    expect((await db.payout.findUniqueOrThrow({ where: { idempotencyKey } })).overdueAt).toBeNull();
    expect(alerts.filter((alert) => alert.id === `${idempotencyKey}:overdue`)).toEqual([]);
  });

  it('R-E5: the sandbox gateway keeps its books of refunds, one per transaction id however often it is asked', async () => {
    const transactionId = uniqueId('tx_refund');
    const gateway = sandboxPaymentGateway(db);
    const first = await gateway.refund({ transactionId, amountFen: 42 });
    // Another gateway object (a worker started again) asked the same.
    const second = await sandboxPaymentGateway(db).refund({ transactionId, amountFen: 42 });
    expect(second.refundId).toBe(first.refundId);
    expect(await db.sandboxGatewayRefund.findMany({ where: { transactionId }, select: { amountFen: true } })).toEqual([{ amountFen: 42 }]);
    await expect(gateway.refund({ transactionId: uniqueId('tx_refund'), amountFen: 0.5 })).rejects.toThrow(/integer of fen/);
  });
});

// R-E6.6: payout credits booked before the migration are reversed, not deleted.
describe('migration 20261202140000_payout_records', () => {
  const MIGRATION = '20261202140000_payout_records';
  const { url: scratchUrl } = scratchDatabase();

  it('R-E6.6: reverses every payout credit booked before it, so each account sums to its recharges; the ledger keeps every row', async () => {
    await migrate(scratchUrl, () => {}, { before: MIGRATION });
    const scratch = new Client({ connectionString: scratchUrl });
    await scratch.connect();
    try {
      await scratch.query(
        `INSERT INTO ledger_entries (id, account_id, amount_fen, kind, transaction_id, process_id) VALUES
           ('payout:prc_a:payout:r1', 'acc_a', 37, 'remittance_payout', 'prc_a:payout:r1', 'prc_a'),
           ('tx-1', 'acc_b', 54, 'recharge_verification', 'tx-1', 'prc_b'),
           ('payout:prc_b:payout:r2', 'acc_b', 12, 'remittance_payout', 'prc_b:payout:r2', 'prc_b2')`,
      );
      expect(await migrate(scratchUrl)).toContain(MIGRATION);
      const { rows } = await scratch.query<{ account_id: string; kind: string; amount_fen: number; transaction_id: string }>(
        'SELECT account_id, kind, amount_fen, transaction_id FROM ledger_entries ORDER BY account_id, kind, transaction_id',
      );
      expect(rows).toEqual([
        { account_id: 'acc_a', kind: 'remittance_payout', amount_fen: 37, transaction_id: 'prc_a:payout:r1' },
        { account_id: 'acc_a', kind: 'remittance_payout_reversal', amount_fen: -37, transaction_id: 'reversal:prc_a:payout:r1' },
        { account_id: 'acc_b', kind: 'recharge_verification', amount_fen: 54, transaction_id: 'tx-1' },
        { account_id: 'acc_b', kind: 'remittance_payout', amount_fen: 12, transaction_id: 'prc_b:payout:r2' },
        { account_id: 'acc_b', kind: 'remittance_payout_reversal', amount_fen: -12, transaction_id: 'reversal:prc_b:payout:r2' },
      ]);
      const balances = await scratch.query('SELECT account_id, sum(amount_fen)::int AS fen FROM ledger_entries GROUP BY account_id ORDER BY account_id');
      expect(balances.rows).toEqual([
        { account_id: 'acc_a', fen: 0 },
        { account_id: 'acc_b', fen: 54 },
      ]);
      // A payout is 1..99 fen from now on.
      await expect(
        scratch.query(`INSERT INTO payouts (idempotency_key, process_id, account_id, amount_fen) VALUES ('k', 'prc_c', 'acc_c', 100)`),
      ).rejects.toThrow(/payouts_amount_fen_check/);
    } finally {
      await scratch.end();
    }
  });
});
