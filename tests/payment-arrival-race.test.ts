import type { Client } from '@temporalio/client';
import { deliverPayment } from '../api/routes/payments';
import { createDatabase, type Database } from '../prisma/client';
import { testConfig } from './support/environment';
import { uniqueId } from './support/system';

/**
 * R-E5: two events of one transaction, quoting two processes, arrive at the
 * same moment: the one that records the transaction routes it, by what it
 * recorded; the other acts on nothing of its own reading, so a payment is
 * never handed to one process and refunded against another. PostgreSQL; the
 * race is made certain by recording the other event's row just before this
 * one's; Temporal a stand-in that counts signals.
 */
describe('one transaction reported twice at once, quoting two processes (R-E5; PostgreSQL, Temporal stand-in)', () => {
  let db: Database;
  const config = testConfig();
  const accounts: string[] = [];
  const transactions: string[] = [];

  beforeAll(() => {
    db = createDatabase(config.databaseUrl!, config.database);
  });
  afterAll(async () => {
    await db.webhookEvent.deleteMany({ where: { provider: 'payment', processId: { in: accounts.map((a) => `prc_${a}`) } } });
    await db.refund.deleteMany({ where: { transactionId: { in: transactions } } });
    await db.payment.deleteMany({ where: { transactionId: { in: transactions } } });
    await db.process.deleteMany({ where: { accountId: { in: accounts } } });
    await db.account.deleteMany({ where: { id: { in: accounts } } });
    await db.$disconnect();
  });

  async function processIn(status: string, step: string) {
    const accountId = uniqueId('acc_race_pay');
    accounts.push(accountId);
    await db.account.create({ data: { id: accountId, displayName: accountId } });
    const id = `prc_${accountId}`;
    await db.process.create({ data: { id, accountId, workflowId: `process-${accountId}`, runId: 'run', kind: 'enterprise_verification', method: 'recharge', status, step } });
    return id;
  }

  it('the event that lost the race to record the transaction neither refunds it against the process it quoted nor signals', async () => {
    const awaiting = await processIn('open', 'awaiting_payment');
    const ended = await processIn('failed', 'failed');
    const transactionId = uniqueId('tx_race');
    transactions.push(transactionId);
    // The winner: the event quoting the process awaiting payment, recorded between the loser's read and its write.
    const createMany = db.payment.createMany.bind(db.payment);
    const raced = jest.spyOn(db.payment, 'createMany').mockImplementationOnce((async (args: Parameters<typeof createMany>[0]) => {
      await db.payment.create({ data: { transactionId, eventId: 'evt-winner', processId: awaiting, reference: awaiting, amountFen: 37, routedTo: 'workflow' } });
      return createMany(args);
    }) as never);
    const signals: unknown[] = [];
    const temporal = { workflow: { getHandle: () => ({ signal: async (...args: unknown[]) => void signals.push(args) }) } } as unknown as Client;
    const answer = await deliverPayment({ db, temporal }, { eventId: uniqueId('evt-loser'), transactionId, reference: ended, payerName: '某某有限公司', amountFen: 37 });
    raced.mockRestore();
    expect(answer).toEqual({ received: true, duplicate: true });
    expect(signals).toEqual([]);
    expect(await db.refund.count({ where: { transactionId } })).toBe(0);
    expect(await db.payment.findUniqueOrThrow({ where: { transactionId } })).toMatchObject({ processId: awaiting, routedTo: 'workflow' });
  });

  it('a payment recorded as stray whose refund was never written is refunded on the retry, not handed to a recharge that began since', async () => {
    const since = await processIn('open', 'awaiting_payment');
    const transactionId = uniqueId('tx_stray');
    transactions.push(transactionId);
    // Recorded on arrival as stray (the process was not awaiting a payment then); the API stopped before the refund's write.
    await db.payment.create({ data: { transactionId, eventId: 'evt-first', processId: since, reference: since, amountFen: 37, routedTo: 'refund' } });
    const signals: unknown[] = [];
    const temporal = { workflow: { getHandle: () => ({ signal: async (...args: unknown[]) => void signals.push(args) }) } } as unknown as Client;
    const answer = await deliverPayment({ db, temporal }, { eventId: 'evt-first', transactionId, reference: since, payerName: '某某有限公司', amountFen: 37 });
    expect(answer).toMatchObject({ received: true });
    expect(signals).toEqual([]);
    expect(await db.refund.findUniqueOrThrow({ where: { transactionId } })).toMatchObject({ reason: 'not_awaiting_payment' });
  });

  it('R-E5: a delivery retried after the recharge deadline of a payment first received before it hands the process the time it was first received', async () => {
    const awaiting = await processIn('open', 'awaiting_payment');
    const transactionId = uniqueId('tx_retried');
    transactions.push(transactionId);
    // Recorded ten minutes ago; the signal to the process did not go through, and the gateway retries now.
    const firstReceived = new Date(Date.now() - 600_000);
    await db.payment.create({ data: { transactionId, eventId: 'evt-first-try', processId: awaiting, reference: awaiting, amountFen: 37, routedTo: 'workflow', receivedAt: firstReceived } });
    const signals: Array<[unknown, { receivedAt?: number; amountFen: number }]> = [];
    const temporal = { workflow: { getHandle: () => ({ signal: async (definition: unknown, arrival: { receivedAt?: number; amountFen: number }) => void signals.push([definition, arrival]) }) } } as unknown as Client;
    await deliverPayment({ db, temporal }, { eventId: 'evt-first-try', transactionId, reference: awaiting, payerName: '某某有限公司', amountFen: 37 });
    expect(signals.map(([, arrival]) => arrival)).toEqual([expect.objectContaining({ transactionId, amountFen: 37, receivedAt: firstReceived.getTime() })]);
    // A first delivery is stamped as it arrives.
    const fresh = uniqueId('tx_fresh');
    transactions.push(fresh);
    const before = Date.now();
    await deliverPayment({ db, temporal }, { eventId: uniqueId('evt-fresh'), transactionId: fresh, reference: awaiting, payerName: '某某有限公司', amountFen: 37 });
    expect(signals[1]![1].receivedAt).toBeGreaterThanOrEqual(before);
  });
});
