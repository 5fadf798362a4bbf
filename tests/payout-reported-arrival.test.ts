import { createPayoutActivities } from '../activities/enterprise/payout';
import type { Bank } from '../activities/providers/bank';
import { createDatabase, type Database } from '../prisma/client';
import { testConfig } from './support/environment';
import { uniqueId } from './support/system';

const bankAccount = { accountNumber: '6222020200110000', bank: '中国工商银行', location: '北京市', branch: '中关村支行' };
const DAY_MS = 24 * 60 * 60 * 1000;

// R-E6.5: the amount window runs from the arrival the bank reports, so an
// arrival that cannot be (before the payout was sent, or ahead of this clock)
// is refused in the bank's answer to the payout as it is in its webhook
// (api/routes/bank.ts): not kept, so the process waits for a report that can
// be, instead of failing at once as expired from a time the money was not yet sent.
describe('payout activities (PostgreSQL): R-E6.5 the arrival in the bank answer is one the money could have had', () => {
  let db: Database;
  const config = testConfig();
  const processIds: string[] = [];

  beforeAll(() => {
    db = createDatabase(config.databaseUrl!, config.database);
  });
  afterAll(async () => {
    // Stand-in bank: no sandbox transfer, so the run's ledger check must not see these payouts.
    await db.payout.deleteMany({ where: { processId: { in: processIds } } });
    await db.process.deleteMany({ where: { id: { in: processIds } } });
    await db.account.deleteMany({ where: { id: { startsWith: 'acc_arrival_' } } });
    await db.$disconnect();
  });

  async function openProcess() {
    const accountId = uniqueId('acc_arrival');
    const processId = uniqueId('prc_arrival');
    processIds.push(processId);
    await db.account.create({ data: { id: accountId, displayName: accountId } });
    await db.process.create({
      data: { id: processId, accountId, workflowId: `account-process-${accountId}`, runId: 'run', kind: 'enterprise_verification', method: 'remittance', status: 'open', step: 'awaiting_payout_delivery' },
    });
    return { accountId, processId, idempotencyKey: `${processId}:payout:review` };
  }

  const bankAnswering = (deliveredAt: (sentAt: number) => number): Bank => ({
    payout: async ({ idempotencyKey }) => ({ bankReference: `stand-in-${idempotencyKey}`, deliveredAt: deliveredAt(Date.now()) }),
  });

  it.each([
    ['ten days before the payout was sent', (sentAt: number) => sentAt - 10 * DAY_MS],
    ['an hour before the payout was sent', (sentAt: number) => sentAt - 60 * 60 * 1000],
    ['a day ahead of this clock', (sentAt: number) => sentAt + DAY_MS],
  ])('R-E6.5: an arrival %s in the bank answer is not kept: the payout waits for the bank report', async (_what, deliveredAt) => {
    const { accountId, processId, idempotencyKey } = await openProcess();
    const sent = await createPayoutActivities(db, bankAnswering(deliveredAt)).sendPayout({ processId, accountId, idempotencyKey, bankAccount, payeeName: '福州乙有限公司' });
    expect(sent.deliveredAt).toBeNull();
    expect((await db.payout.findUniqueOrThrow({ where: { idempotencyKey } })).deliveredAt).toBeNull();
  });

  it('R-E6.5: an arrival the money could have had (just after it was sent) is kept as the bank reported it', async () => {
    const { accountId, processId, idempotencyKey } = await openProcess();
    let reported = 0;
    const bank: Bank = { payout: async ({ idempotencyKey: key }) => ({ bankReference: `stand-in-${key}`, deliveredAt: (reported = Date.now()) }) };
    const sent = await createPayoutActivities(db, bank).sendPayout({ processId, accountId, idempotencyKey, bankAccount, payeeName: '福州乙有限公司' });
    expect(sent.deliveredAt).toBe(reported);
  });
});
