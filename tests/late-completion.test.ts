import { ApplicationFailure } from '@temporalio/common';
import { createChangeActivities } from '../activities/change';
import { createCompletionActivities } from '../activities/completion';
import { createEnterpriseCompletionActivities } from '../activities/enterprise/completion';
import { createProcessEndActivities } from '../activities/process-ended-in-error';
import type { DocumentType } from '../domain';
import { createDatabase, sqlPool, type Database } from '../prisma/client';
import { sealedPlaces, seal, unseal } from '../prisma/sealed';
import { deleteAccountWithProcesses } from './support/account-cleanup';
import { enterpriseOfItsOwn } from './support/enterprise-fixtures';
import { testConfig } from './support/environment';
import { applicant } from './support/people';
import { uniqueId } from './support/system';

/**
 * R-C3, R-G7: a completion's attempt can outlive its workflow. The attempt is
 * slow, its workflow gives up on it, fails, and is closed `failed` by
 * closeProcessEndedInError (or is terminated and a later process opens); then
 * the attempt commits. Before, it wrote the account all the same: the account
 * changed under a process that says it failed, and a later change's "before"
 * no longer held. Now each completion writes only for a process still open,
 * read under the row's lock the closing takes too.
 */
describe('R-C3, R-G7: a completion that lands after its process ended writes nothing (PostgreSQL)', () => {
  let db: Database;
  const config = testConfig();
  const accountIds: string[] = [];
  const secrets = { identityHashSecret: 'test-secret', payloadKeys: config.payloadKeys };

  beforeAll(() => {
    db = createDatabase(config.databaseUrl!, config.database);
  });
  afterAll(async () => {
    await db.ledgerEntry.deleteMany({ where: { accountId: { in: accountIds } } });
    await db.subjectHistory.deleteMany({ where: { accountId: { in: accountIds } } });
    for (const accountId of accountIds) await deleteAccountWithProcesses(db, accountId);
    await db.$disconnect();
  });

  const account = async () => {
    const id = uniqueId('acc_late');
    accountIds.push(id);
    await db.account.create({ data: { id, displayName: id } });
    return id;
  };
  const openProcess = async (accountId: string, kind: 'individual_verification' | 'enterprise_verification' | 'change', method: string) => {
    const processId = uniqueId('prc_late');
    await db.process.create({ data: { id: processId, accountId, workflowId: `wf-${processId}`, runId: 'run', kind, method, status: 'open', step: 'started' } });
    return processId;
  };
  const closeFailed = (processId: string) =>
    createProcessEndActivities(db, async () => undefined).closeProcessEndedInError({ processId, at: Date.now(), failure: { failure: 'ActivityFailure', activityType: 'completeChange' } });
  const refusedAsEnded = (processId: string) =>
    expect.objectContaining({ type: 'ProcessEnded', nonRetryable: true, message: expect.stringContaining(processId) }) as unknown as ApplicationFailure;

  const person = (documentNumber?: string) => {
    const someone = applicant(documentNumber ? { documentNumber } : {});
    return { ...someone, documentType: someone.documentType as DocumentType, birthDate: '1990-01-01' };
  };
  const enterprise = enterpriseOfItsOwn;

  it('R-P9: an individual verification closed failed before its completion landed leaves the account unverified and the history without it', async () => {
    const accountId = await account();
    const processId = await openProcess(accountId, 'individual_verification', 'wechat_qr');
    expect(await closeFailed(processId)).toEqual({ result: 'closed' });
    const { completeIndividualVerification } = createCompletionActivities({ db, ...secrets, accountsPerIndividualIdentity: 3 });

    await expect(completeIndividualVerification({ processId, accountId, applicant: person(), method: 'wechat_qr', at: Date.now() })).rejects.toEqual(refusedAsEnded(processId));
    expect(await db.account.findUniqueOrThrow({ where: { id: accountId } })).toMatchObject({ status: 'unverified', identityKey: null });
    expect(await db.subjectHistory.count({ where: { processId } })).toBe(0);
    expect(await db.process.findUniqueOrThrow({ where: { id: processId } })).toMatchObject({ status: 'failed', failureReason: 'internal_error' });
  });

  it('R-E9, R-E5: an enterprise verification closed failed before its completion landed verifies nothing and credits nothing', async () => {
    const accountId = await account();
    const processId = await openProcess(accountId, 'enterprise_verification', 'recharge');
    await closeFailed(processId);
    const { completeEnterpriseVerification } = createEnterpriseCompletionActivities({ db, ...secrets, accountsPerEnterprise: 10 });

    const late = { processId, accountId, enterprise: enterprise(), method: 'recharge' as const, creditedFen: 37, transactionId: uniqueId('txn'), at: Date.now() };
    await expect(completeEnterpriseVerification(late)).rejects.toEqual(refusedAsEnded(processId));
    expect(await db.account.findUniqueOrThrow({ where: { id: accountId } })).toMatchObject({ status: 'unverified', identityKey: null });
    expect(await db.ledgerEntry.count({ where: { accountId } })).toBe(0);
  });

  it('R-C3, R-C9: a change that ended before its completion landed leaves the account as the next change found it, and its history failed', async () => {
    const accountId = await account();
    const current = { type: 'individual', ...person(), method: 'wechat_qr', processId: 'prc_first' };
    await db.account.update({ where: { id: accountId }, data: { status: 'individual', subject: seal(current, config.payloadKeys, sealedPlaces.accountSubject(accountId)), verifiedAt: new Date() } });
    const first = await openProcess(accountId, 'change', 'individual_to_individual');
    await db.subjectHistory.create({ data: { processId: first, accountId, kind: 'individual_to_individual', requestedBy: `holder:${accountId}`, outcome: 'open', startedAt: new Date() } });
    await closeFailed(first);
    const next = await openProcess(accountId, 'change', 'individual_to_individual');
    const { completeChange } = createChangeActivities({ db, ...secrets, accountsPerIndividualIdentity: 3, accountsPerEnterprise: 10 });

    const late = { processId: first, accountId, kind: 'individual_to_individual' as const, subject: { type: 'individual' as const, ...person(), method: 'face' }, at: Date.now() };
    await expect(completeChange(late)).rejects.toEqual(refusedAsEnded(first));
    const row = await db.account.findUniqueOrThrow({ where: { id: accountId } });
    expect(unseal(row.subject, config.payloadKeys, sealedPlaces.accountSubject(accountId))).toEqual(current);
    expect(await db.subjectHistory.findUniqueOrThrow({ where: { processId: first } })).toMatchObject({ outcome: 'failed', after: null });

    // The open change still completes.
    await expect(completeChange({ ...late, processId: next })).resolves.toEqual({ outcome: 'changed' });
  });

  it('a stage retried after it recorded its own outcome answers that outcome again and writes nothing; a revoked process is refused', async () => {
    const { completeIndividualVerification } = createCompletionActivities({ db, ...secrets, accountsPerIndividualIdentity: 3 });
    const closedAs = async (status: string, failureReason: string | null) => {
      const accountId = await account();
      const processId = await openProcess(accountId, 'individual_verification', 'wechat_qr');
      await db.process.update({ where: { id: processId }, data: { status, failureReason } });
      return { accountId, processId };
    };
    // R-P5: the limit was reached; a retry after the failure was recorded finds room now, and must not verify.
    const limited = await closedAs('failed', 'identity_limit_reached');
    await expect(completeIndividualVerification({ ...limited, applicant: person(), method: 'wechat_qr', at: Date.now() })).resolves.toEqual({ outcome: 'identity_limit_reached' });
    expect((await db.account.findUniqueOrThrow({ where: { id: limited.accountId } })).status).toBe('unverified');
    const verified = await closedAs('verified', null);
    await expect(completeIndividualVerification({ ...verified, applicant: person(), method: 'wechat_qr', at: Date.now() })).resolves.toEqual({ outcome: 'verified' });
    const revoked = await closedAs('revoked', null);
    await expect(completeIndividualVerification({ ...revoked, applicant: person(), method: 'wechat_qr', at: Date.now() })).rejects.toEqual(refusedAsEnded(revoked.processId));
    const abandoned = await closedAs('failed', 'abandoned');
    await expect(completeIndividualVerification({ ...abandoned, applicant: person(), method: 'wechat_qr', at: Date.now() })).rejects.toEqual(refusedAsEnded(abandoned.processId));
    for (const { accountId } of [revoked, abandoned]) expect((await db.account.findUniqueOrThrow({ where: { id: accountId } })).status).toBe('unverified');
  });

  it('R-E5: a late enterprise completion after a later process verified the same enterprise on the account credits nothing', async () => {
    const accountId = await account();
    const first = await openProcess(accountId, 'enterprise_verification', 'recharge');
    await closeFailed(first);
    const { completeEnterpriseVerification } = createEnterpriseCompletionActivities({ db, ...secrets, accountsPerEnterprise: 10 });
    const company = enterprise();
    const next = await openProcess(accountId, 'enterprise_verification', 'recharge');
    const paid = { accountId, enterprise: company, method: 'recharge' as const, creditedFen: 37, at: Date.now() };
    await expect(completeEnterpriseVerification({ ...paid, processId: next, transactionId: uniqueId('txn_next') })).resolves.toEqual({ outcome: 'verified' });

    await expect(completeEnterpriseVerification({ ...paid, processId: first, transactionId: uniqueId('txn_first') })).rejects.toEqual(refusedAsEnded(first));
    expect(await db.ledgerEntry.findMany({ where: { accountId }, select: { processId: true } })).toEqual([{ processId: next }]);
  });

  it('a completion that meets the closing mid-transaction waits for its lock, then finds the process ended', async () => {
    const accountId = await account();
    const processId = await openProcess(accountId, 'individual_verification', 'wechat_qr');
    const closing = await sqlPool(db).connect();
    try {
      await closing.query('BEGIN');
      await closing.query('SELECT status FROM processes WHERE id = $1 FOR UPDATE', [processId]);
      const { completeIndividualVerification } = createCompletionActivities({ db, ...secrets, accountsPerIndividualIdentity: 3 });
      let settled = false;
      const landing = completeIndividualVerification({ processId, accountId, applicant: person(), method: 'wechat_qr', at: Date.now() }).finally(() => (settled = true));
      landing.catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(settled).toBe(false);
      await closing.query(`UPDATE processes SET status = 'failed', failure_reason = 'internal_error' WHERE id = $1`, [processId]);
      await closing.query('COMMIT');
      await expect(landing).rejects.toEqual(refusedAsEnded(processId));
    } finally {
      closing.release();
    }
    expect((await db.account.findUniqueOrThrow({ where: { id: accountId } })).status).toBe('unverified');
  });
});

