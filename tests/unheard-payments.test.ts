import { unheardPayments } from '../activities/enterprise/unheard-payments';
import { createDatabase, type Database } from '../prisma/client';
import { testConfig } from './support/environment';
import { uniqueId } from './support/system';

// R-E5: what the recharge asks at its deadline (workflows/enterprise/recharge.ts):
// payments the API recorded for the process within the window and routed to its
// workflow that nothing settled, less those the workflow heard. PostgreSQL.
describe('payments recorded in the window that never reached the process (PostgreSQL)', () => {
  let db: Database;
  const processId = uniqueId('prc_unheard');
  const deadline = Date.now() - 60_000;
  const transactions: string[] = [];

  beforeAll(() => {
    db = createDatabase(testConfig().databaseUrl!, testConfig().database);
  });
  afterAll(async () => {
    await db.ledgerEntry.deleteMany({ where: { transactionId: { in: transactions } } });
    await db.refund.deleteMany({ where: { transactionId: { in: transactions } } });
    await db.payment.deleteMany({ where: { transactionId: { in: transactions } } });
    await db.$disconnect();
  });

  async function payment(name: string, data: { receivedAt: number; routedTo?: 'workflow' | 'refund'; processId?: string; settled?: boolean }) {
    const transactionId = uniqueId(`txn_${name}`);
    transactions.push(transactionId);
    await db.payment.create({
      data: {
        transactionId,
        eventId: uniqueId('evt'),
        processId: data.processId ?? processId,
        reference: processId,
        amountFen: 37,
        routedTo: data.routedTo ?? 'workflow',
        receivedAt: new Date(data.receivedAt),
        ...(data.settled ? { settledAt: new Date() } : {}),
      },
    });
    return transactionId;
  }

  it('R-E5: answers the unsettled ones received before the deadline, oldest first, and none the workflow heard, credited, refunded or received later', async () => {
    const second = await payment('second', { receivedAt: deadline - 1_000 });
    const first = await payment('first', { receivedAt: deadline - 5_000 });
    const heard = await payment('heard', { receivedAt: deadline - 3_000 });
    await payment('late', { receivedAt: deadline });
    await payment('stray', { receivedAt: deadline - 2_000, routedTo: 'refund' });
    await payment('settled', { receivedAt: deadline - 2_000, settled: true });
    await payment('other', { receivedAt: deadline - 2_000, processId: uniqueId('prc_other') });
    const credited = await payment('credited', { receivedAt: deadline - 2_000 });
    await db.ledgerEntry.create({ data: { id: uniqueId('led'), accountId: 'acc_unheard', amountFen: 37, kind: 'recharge', transactionId: credited, processId } });
    const refunded = await payment('refunded', { receivedAt: deadline - 2_000 });
    await db.refund.create({ data: { transactionId: refunded, processId, amountFen: 37, reason: 'wrong_amount' } });

    expect(await unheardPayments(db, { processId, receivedBefore: deadline, heard: [heard] })).toEqual({ transactionIds: [first, second] });
    expect(await unheardPayments(db, { processId, receivedBefore: deadline, heard: [heard, first, second] })).toEqual({ transactionIds: [] });
  });
});
