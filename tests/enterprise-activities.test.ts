import { createDatabase, type Database } from '../prisma/client';
import { isSealed, sealedPlaces, unseal } from '../prisma/sealed';
import { createEnterpriseActivities } from '../activities/enterprise';
import { sandboxProviders } from '../activities/providers';
import { sandboxPaymentGateway } from '../activities/providers/payment-gateway';
import { SANDBOX_HELD_CREDIT_CODE, SANDBOX_HOLDS_CREDIT_CODE_NAME_PREFIX, sandboxRegistry } from '../activities/providers/registry';
import type { CompleteEnterpriseInput } from '../activities/enterprise/types';
import { identityHash } from '../activities/identity-key';
import { creditCodeCheckCharacter, organisationCodeCheckCharacter } from '../domain';
import { testConfig } from './support/environment';
import { uniqueId } from './support/system';

// The enterprise activities against the provisioned PostgreSQL.
describe('enterprise activities (PostgreSQL)', () => {
  let db: Database;
  const config = testConfig();
  const accountIds: string[] = [];

  beforeAll(() => {
    db = createDatabase(config.databaseUrl!, config.database);
  });
  afterAll(async () => {
    await db.ledgerEntry.deleteMany({ where: { accountId: { in: accountIds } } });
    await db.refund.deleteMany({ where: { processId: { startsWith: 'prc_ent_act_' } } });
    await db.account.deleteMany({ where: { id: { in: accountIds } } });
    await db.$disconnect();
  });

  async function account(): Promise<string> {
    const id = uniqueId('acc_ent');
    accountIds.push(id);
    await db.account.create({ data: { id, displayName: id } });
    return id;
  }

  /** A credit code no other test run uses (the sandbox registry knows it). */
  function creditCode(): string {
    const code = `91110108${uniqueId('').replace(/[^0-9A-Za-z]/g, '').slice(-10).toUpperCase().padStart(10, '1')}`;
    return code;
  }

  function completion(accountId: string, code: string, transactionId = uniqueId('txn')): CompleteEnterpriseInput {
    return {
      processId: uniqueId('prc_ent_act'),
      accountId,
      enterprise: {
        name: '北京示例科技有限公司',
        creditCode: code,
        licenceDocumentId: 'doc_licence',
        address: '北京市海淀区',
        contact: { name: '张三', documentNumber: '11010519491231002X', mobile: '13800138000' },
      },
      method: 'recharge',
      creditedFen: 37,
      transactionId,
      at: Date.now(),
    };
  }

  const activities = (accountsPerEnterprise = 10) =>
    createEnterpriseActivities({ db, identityHashSecret: 'test-secret', accountsPerEnterprise, payloadKeys: config.payloadKeys, providers: sandboxProviders({ db, config }) });

  it('R-E5, R-E9: completing twice makes the account enterprise with one ledger entry of the credited fen', async () => {
    const accountId = await account();
    const input = completion(accountId, creditCode());
    const { completeEnterpriseVerification } = activities();
    await expect(completeEnterpriseVerification(input)).resolves.toEqual({ outcome: 'verified' });
    await expect(completeEnterpriseVerification(input)).resolves.toEqual({ outcome: 'verified' });

    const row = await db.account.findUniqueOrThrow({ where: { id: accountId } });
    expect(row.status).toBe('enterprise');
    expect(row.identityKey).toMatch(/^[0-9a-f]{64}$/);
    // The subject is sealed at rest: the column names a key, not the contact.
    expect(isSealed(row.subject)).toBe(true);
    expect(JSON.stringify(row.subject)).not.toContain(input.enterprise.contact.documentNumber);
    expect(unseal(row.subject, config.payloadKeys, sealedPlaces.accountSubject(accountId))).toMatchObject({ type: 'enterprise', name: input.enterprise.name, creditCode: input.enterprise.creditCode });
    const entries = await db.ledgerEntry.findMany({ where: { accountId } });
    expect(entries).toEqual([expect.objectContaining({ amountFen: 37, transactionId: input.transactionId, processId: input.processId })]);
  });

  it('R-E7: with a limit of 2 the third account of one enterprise is refused and not credited', async () => {
    const code = creditCode();
    const { completeEnterpriseVerification } = activities(2);
    const [first, second, third] = [await account(), await account(), await account()];
    await expect(completeEnterpriseVerification(completion(first, code))).resolves.toEqual({ outcome: 'verified' });
    await expect(completeEnterpriseVerification(completion(second, code))).resolves.toEqual({ outcome: 'verified' });
    await expect(completeEnterpriseVerification(completion(third, code.toLowerCase()))).resolves.toEqual({
      outcome: 'enterprise_limit_reached',
    });
    expect((await db.account.findUniqueOrThrow({ where: { id: third } })).status).toBe('unverified');
    expect(await db.ledgerEntry.count({ where: { accountId: third } })).toBe(0);
  });

  it('R-E7: the credit code and the organisation code inside it share one limit, and an account verified under the whole credit code before still counts', async () => {
    const digits = uniqueId('').replace(/[^0-9]/g, '').slice(-8).padStart(8, '7');
    const organisationCode = digits + organisationCodeCheckCharacter(digits);
    const first17 = `91350100${organisationCode}`;
    const code = first17 + creditCodeCheckCharacter(first17);
    const { completeEnterpriseVerification } = activities(2);
    const [before, byOrganisationCode, byCreditCode] = [await account(), await account(), await account()];
    // Verified before the credit code counted by its organisation code: stored under the whole code's keyed hash.
    await db.account.update({ where: { id: before }, data: { status: 'enterprise', identityKey: identityHash('test-secret', `enterprise:code:${code}`) } });
    await expect(completeEnterpriseVerification(completion(byOrganisationCode, `${digits}-${organisationCode.slice(8)}`))).resolves.toEqual({ outcome: 'verified' });
    await expect(completeEnterpriseVerification(completion(byCreditCode, code))).resolves.toEqual({ outcome: 'enterprise_limit_reached' });
    expect((await db.account.findUniqueOrThrow({ where: { id: byCreditCode } })).status).toBe('unverified');
  });

  it('R-E7: before a payout, an enterprise is at its limit once it verifies as many other accounts as it may, by the completion\'s identity (case-blind code)', async () => {
    const code = creditCode();
    const { completeEnterpriseVerification, enterpriseAtLimit } = activities(2);
    const [first, second, third] = [await account(), await account(), await account()];
    const asked = (accountId: string) => enterpriseAtLimit({ accountId, enterprise: completion(accountId, code.toLowerCase()).enterprise });
    await expect(asked(third)).resolves.toEqual({ atLimit: false });
    await completeEnterpriseVerification(completion(first, code));
    await expect(asked(third)).resolves.toEqual({ atLimit: false });
    await completeEnterpriseVerification(completion(second, code));
    await expect(asked(third)).resolves.toEqual({ atLimit: true });
    // An account that holds the enterprise itself is not counted against itself.
    await expect(asked(second)).resolves.toEqual({ atLimit: false });
    // Another enterprise is not at the limit for this one's accounts.
    await expect(enterpriseAtLimit({ accountId: third, enterprise: completion(third, creditCode()).enterprise })).resolves.toEqual({ atLimit: false });
  });

  it('R-E5: a refund is recorded once per transaction however often it is asked for', async () => {
    const gateway = sandboxPaymentGateway();
    const { refundPayment } = createEnterpriseActivities({ db, identityHashSecret: 'test-secret', accountsPerEnterprise: 10, payloadKeys: config.payloadKeys, providers: { ...sandboxProviders({ db, config }), paymentGateway: gateway } });
    const refund = { processId: uniqueId('prc_ent_act'), transactionId: uniqueId('txn'), amountFen: 12 };
    await refundPayment(refund);
    await refundPayment(refund);
    expect(gateway.refunds.size).toBe(1);
    expect(await db.refund.count({ where: { transactionId: refund.transactionId } })).toBe(1);
  });

  it('R-E3: the sandbox registry does not know codes ending in 0000000000 and knows others under the submitted name', async () => {
    const registry = sandboxRegistry();
    await expect(registry.lookup({ name: '新公司', creditCode: '911101080000000000' })).resolves.toEqual({ found: false });
    await expect(registry.lookup({ name: '老公司', creditCode: '91110108MA01ABCD2X' })).resolves.toEqual({ found: true, registeredName: '老公司', status: 'active' });
  });

  it('R-E3: the lookup activity answers a revoked enterprise with its status only to workflow code that asks for it; code before it is answered not found, as it was', async () => {
    const { lookupRegistry } = activities();
    const revoked = { name: '吊销测试公司', creditCode: '91110108MA01ABCD2X' };
    await expect(lookupRegistry({ ...revoked, withStatus: true })).resolves.toEqual({ found: true, registeredName: revoked.name, status: 'revoked' });
    await expect(lookupRegistry(revoked)).resolves.toEqual({ found: false });
    await expect(lookupRegistry({ name: '老公司', creditCode: '91110108MA01ABCD2X' })).resolves.toEqual({ found: true, registeredName: '老公司', status: 'active' });
  });

  it('R-E2, R-E7: the lookup activity names the credit code the registry holds for a subject looked up by its registration number only to workflow code that asks; code before it is answered without', async () => {
    const { lookupRegistry } = activities();
    const byRegistration = { name: `${SANDBOX_HOLDS_CREDIT_CODE_NAME_PREFIX}测试公司`, creditCode: '110108000123459', withStatus: true };
    await expect(lookupRegistry({ ...byRegistration, withHeldCreditCode: true })).resolves.toEqual({
      found: true,
      registeredName: byRegistration.name,
      status: 'active',
      unifiedCreditCode: SANDBOX_HELD_CREDIT_CODE,
    });
    await expect(lookupRegistry(byRegistration)).resolves.toEqual({ found: true, registeredName: byRegistration.name, status: 'active' });
    // Its credit code itself holds no other.
    await expect(lookupRegistry({ ...byRegistration, creditCode: SANDBOX_HELD_CREDIT_CODE, withHeldCreditCode: true })).resolves.toEqual({ found: true, registeredName: byRegistration.name, status: 'active' });
  });

  it('R-G7: a registry call from the process\'s deadline on fails RegistryDeadlinePassed, not retried, without asking the registry; before it, it asks', async () => {
    const { lookupRegistry, confirmLegalRepresentative } = activities();
    const past = Date.now() - 1;
    await expect(lookupRegistry({ name: '老公司', creditCode: '91110108MA01ABCD2X', answerBy: past })).rejects.toMatchObject({ type: 'RegistryDeadlinePassed', nonRetryable: true });
    await expect(confirmLegalRepresentative({ creditCode: '91110108MA01ABCD2X', name: '张三', documentNumber: '11010519491231002X', answerBy: past })).rejects.toMatchObject({ type: 'RegistryDeadlinePassed', nonRetryable: true });
    await expect(lookupRegistry({ name: '老公司', creditCode: '91110108MA01ABCD2X', answerBy: Date.now() + 60_000 })).resolves.toMatchObject({ found: true });
    await expect(confirmLegalRepresentative({ creditCode: '91110108MA01ABCD2X', name: '张三', documentNumber: '11010519491231002X', answerBy: Date.now() + 60_000 })).resolves.toEqual({ isLegalRepresentative: true });
  });

  it('R-E3: the sandbox registry holds a name beginning 吊销 as revoked and 注销 as deregistered', async () => {
    const registry = sandboxRegistry();
    await expect(registry.lookup({ name: '吊销测试公司', creditCode: '91110108MA01ABCD2X' })).resolves.toEqual({ found: true, registeredName: '吊销测试公司', status: 'revoked' });
    await expect(registry.lookup({ name: ' 注销测试公司', creditCode: '91110108MA01ABCD2X' })).resolves.toEqual({ found: true, registeredName: ' 注销测试公司', status: 'deregistered' });
    await expect(registry.lookup({ name: '未吊销公司', creditCode: '91110108MA01ABCD2X' })).resolves.toMatchObject({ status: 'active' });
  });
});
