import { createChangeActivities } from '../activities/change';
import { createEnterpriseCompletionActivities } from '../activities/enterprise/completion';
import { createDatabase, type Database } from '../prisma/client';
import { deleteAccountWithProcesses } from './support/account-cleanup';
import { enterpriseOfItsOwn } from './support/enterprise-fixtures';
import { testConfig } from './support/environment';
import { uniqueId } from './support/system';

/**
 * R-E5: the payment that verifies an enterprise had been refunded to its payer
 * before the completion could credit it (a refund decision reached it first).
 * The account is verified and the balance gets nothing; no ledger check sees
 * it, since the refund balances the payment, so the operators are told.
 */
describe('R-E5: a verifying payment refunded before it was credited is reported to the operators (PostgreSQL)', () => {
  let db: Database;
  const config = testConfig();
  const accountIds: string[] = [];
  const transactions: string[] = [];

  beforeAll(() => {
    db = createDatabase(config.databaseUrl!, config.database);
  });
  afterAll(async () => {
    await db.ledgerEntry.deleteMany({ where: { accountId: { in: accountIds } } });
    await db.refund.deleteMany({ where: { transactionId: { in: transactions } } });
    await db.subjectHistory.deleteMany({ where: { accountId: { in: accountIds } } });
    for (const accountId of accountIds) await deleteAccountWithProcesses(db, accountId);
    await db.$disconnect();
  });

  const alerts = () => {
    const sent: Array<{ id: string; title: string; body: string }> = [];
    return { sent, sender: { send: async (alert: { id: string; title: string; body: string }) => void sent.push(alert) } };
  };
  const refunded = async (processId: string) => {
    const transactionId = uniqueId('txn_refunded');
    transactions.push(transactionId);
    await db.refund.create({ data: { transactionId, processId, amountFen: 37, reason: 'payment_mismatch' } });
    return transactionId;
  };
  const { contact } = enterpriseOfItsOwn();
  const enterprise = enterpriseOfItsOwn;
  const account = async () => {
    const id = uniqueId('acc_uncredited');
    accountIds.push(id);
    await db.account.create({ data: { id, displayName: id } });
    return id;
  };

  it('an enterprise verification: verified, nothing credited, one alert naming the payment, the account and the process, and no person', async () => {
    const accountId = await account();
    const processId = uniqueId('prc_uncredited');
    const transactionId = await refunded(processId);
    const { sent, sender } = alerts();
    const { completeEnterpriseVerification } = createEnterpriseCompletionActivities({ db, identityHashSecret: 'test-secret', payloadKeys: config.payloadKeys, accountsPerEnterprise: 10, operatorAlerts: sender });

    const input = { processId, accountId, enterprise: enterprise(), method: 'recharge' as const, creditedFen: 37, transactionId, at: Date.now() };
    await expect(completeEnterpriseVerification(input)).resolves.toEqual({ outcome: 'verified' });
    expect(await db.ledgerEntry.count({ where: { accountId } })).toBe(0);
    // Recorded where operators list payments, whatever became of the alert.
    expect(await db.refund.findUniqueOrThrow({ where: { transactionId } })).toMatchObject({ verifiedProcessId: processId });
    expect(sent).toEqual([{ id: `${transactionId}:not-credited`, accountId: 'operators', title: expect.any(String), body: expect.stringContaining(transactionId) }]);
    expect(sent[0]!.body).toContain(accountId);
    expect(sent[0]!.body).toContain(processId);
    expect(sent[0]!.body).toContain('37 fen');
    expect(JSON.stringify(sent)).not.toMatch(new RegExp(`${contact.documentNumber}|${contact.name}|${contact.mobile}|北京示例`));

    // A credited payment is not reported.
    const other = await account();
    const paid = uniqueId('txn_paid');
    transactions.push(paid);
    await completeEnterpriseVerification({ ...input, accountId: other, processId: uniqueId('prc_credited'), enterprise: enterprise(), transactionId: paid });
    expect(await db.ledgerEntry.count({ where: { accountId: other } })).toBe(1);
    expect(sent).toHaveLength(1);
  });

  it('a change ending in a recharge verification: changed, nothing credited, one alert', async () => {
    const accountId = await account();
    const processId = uniqueId('prc_uncredited_change');
    await db.process.create({ data: { id: processId, accountId, workflowId: `wf-${processId}`, runId: 'run', kind: 'change', method: 'individual_to_enterprise', status: 'open', step: 'enterprise_verification' } });
    await db.subjectHistory.create({ data: { processId, accountId, kind: 'individual_to_enterprise', requestedBy: `holder:${accountId}`, outcome: 'open', startedAt: new Date() } });
    const transactionId = await refunded(processId);
    const { sent, sender } = alerts();
    const { completeChange } = createChangeActivities({ db, identityHashSecret: 'test-secret', payloadKeys: config.payloadKeys, accountsPerIndividualIdentity: 3, accountsPerEnterprise: 10, operatorAlerts: sender });

    const subject = { type: 'enterprise' as const, ...enterprise(), method: 'recharge' };
    await expect(completeChange({ processId, accountId, kind: 'individual_to_enterprise', subject, credit: { amountFen: 37, transactionId }, at: Date.now() })).resolves.toEqual({ outcome: 'changed' });
    expect(await db.ledgerEntry.count({ where: { accountId } })).toBe(0);
    expect(sent.map((alert) => alert.id)).toEqual([`${transactionId}:not-credited`]);
    expect(await db.refund.findUniqueOrThrow({ where: { transactionId } })).toMatchObject({ verifiedProcessId: processId });
  });
});
