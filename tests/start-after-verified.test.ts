import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { createApp } from '../api/app';
import { issueToken } from '../api/auth';
import { loadConfig } from '../config';
import { createLogger } from '../config/logger';
import { createDatabase, type Database } from '../prisma/client';
import { applicant } from './support/people';
import { testConfig } from './support/environment';
import { uniqueId } from './support/system';
import { noDeadlines } from './support/temporal-stand-in';

/**
 * R-G2: a verification start that finds the account's previous process
 * finishing waits for it, then asks again whether the account may verify:
 * that process may have verified it meanwhile. The API on PostgreSQL;
 * Temporal a stand-in in which the previous process verifies the account just
 * as the start reaches it.
 */
describe('a verification start racing the account\u2019s verification (R-G2; PostgreSQL, Temporal stand-in)', () => {
  let db: Database;
  const config = testConfig();
  const apiConfig = loadConfig({});
  const accounts: string[] = [];

  beforeAll(() => {
    db = createDatabase(config.databaseUrl!, config.database);
  });
  afterAll(async () => {
    await db.document.deleteMany({ where: { accountId: { in: accounts } } });
    await db.process.deleteMany({ where: { accountId: { in: accounts } } });
    await db.account.deleteMany({ where: { id: { in: accounts } } });
    await db.$disconnect();
  });

  /**
   * Temporal as the start finds it: the account's previous process, of `kind`,
   * verifies the account and holds the workflow id while it sends its notices.
   * `starts` counts the workflow starts asked for.
   */
  function previousProcessVerifying(accountId: string, kind: 'individual_verification' | 'enterprise_verification', status: 'individual' | 'enterprise') {
    const previous = uniqueId('prc_race_previous');
    const counter = { starts: 0 };
    const temporal = {
      ...noDeadlines,
      workflow: {
        executeUpdateWithStart: async () => {
          counter.starts++;
          if (counter.starts === 1) {
            await db.process.create({ data: { id: previous, accountId, workflowId: `process-${accountId}`, runId: 'run-1', kind, method: kind === 'individual_verification' ? 'wechat_qr' : 'recharge', status: 'verified', step: 'verified' } });
            await db.account.update({ where: { id: accountId }, data: { status, verifiedAt: new Date() } });
            throw new WorkflowExecutionAlreadyStartedError('running', `process-${accountId}`, kind === 'individual_verification' ? 'individualVerification' : 'enterpriseVerification');
          }
          return { ticket: 'tkt_second', qrUrl: 'https://example.invalid/qr', expiresAt: Date.now() + 600_000 };
        },
        getHandle: () => ({
          describe: async () => ({ runId: 'run-1', memo: Promise.resolve({ processId: previous }) }),
          result: async () => undefined,
        }),
      },
    } as unknown as Client;
    return { temporal, counter };
  }

  async function holderOf(accountId: string) {
    accounts.push(accountId);
    await db.account.create({ data: { id: accountId, displayName: accountId } });
    return issueToken(apiConfig.auth.jwtSecret, apiConfig.auth.issuer, { role: 'holder', subject: `holder-${accountId}`, accountId });
  }

  it('R-G2: an individual start is refused 409 account-already-verified, and no second process is started', async () => {
    const accountId = uniqueId('acc_race_verified');
    const token = await holderOf(accountId);
    const { temporal, counter } = previousProcessVerifying(accountId, 'individual_verification', 'individual');
    const app = createApp({ config: apiConfig, db, temporal, logger: createLogger({ level: 'silent' }) });
    const response = await app.request(`/v1/accounts/${accountId}/verifications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': 'en' },
      body: JSON.stringify({ type: 'individual', method: 'wechat_qr', applicant: applicant() }),
    });
    const body = (await response.json()) as { type?: string };
    expect({ status: response.status, type: body.type }).toEqual({ status: 409, type: expect.stringContaining('account-already-verified') });
    expect(counter.starts).toBe(1);
  });

  it('R-G2, R-E1: an enterprise start is refused 409 account-already-verified, not answered 201 for a process that could only fail; no second process is started', async () => {
    const accountId = uniqueId('acc_race_ent_verified');
    const token = await holderOf(accountId);
    const { temporal, counter } = previousProcessVerifying(accountId, 'enterprise_verification', 'enterprise');
    const app = createApp({ config: apiConfig, db, temporal, logger: createLogger({ level: 'silent' }) });
    const form = new FormData();
    form.set('purpose', 'business_licence');
    form.set('file', new Blob([Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])], { type: 'image/png' }), 'licence.png');
    const uploaded = await app.request('/v1/documents', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    expect(uploaded.status).toBe(201);
    const licenceDocumentId = ((await uploaded.json()) as { id: string }).id;
    const response = await app.request(`/v1/accounts/${accountId}/enterprise-verifications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': 'en' },
      body: JSON.stringify({
        method: 'recharge',
        enterprise: {
          licenceType: 'business_licence',
          licenceDocumentId,
          name: '福州竞态有限公司',
          creditCode: '91350100M000100Y43',
          address: '福建省福州市鼓楼区',
          contact: { name: '王五', documentNumber: applicant().documentNumber, mobile: '13800138000' },
        },
      }),
    });
    const body = (await response.json()) as { type?: string };
    expect({ status: response.status, type: body.type }).toEqual({ status: 409, type: expect.stringContaining('account-already-verified') });
    expect(counter.starts).toBe(1);
  });
});
