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
    await db.process.deleteMany({ where: { accountId: { in: accounts } } });
    await db.account.deleteMany({ where: { id: { in: accounts } } });
    await db.$disconnect();
  });

  it('R-G2: the start is refused 409 account-already-verified, and no second process is started', async () => {
    const accountId = uniqueId('acc_race_verified');
    accounts.push(accountId);
    await db.account.create({ data: { id: accountId, displayName: accountId } });
    const previous = uniqueId('prc_race_previous');
    let starts = 0;
    const temporal = {
      workflow: {
        // The previous process verifies the account and holds the workflow id while it sends its notices.
        executeUpdateWithStart: async () => {
          starts++;
          if (starts === 1) {
            await db.process.create({ data: { id: previous, accountId, workflowId: `process-${accountId}`, runId: 'run-1', kind: 'individual_verification', method: 'wechat_qr', status: 'verified', step: 'verified' } });
            await db.account.update({ where: { id: accountId }, data: { status: 'individual', verifiedAt: new Date() } });
            throw new WorkflowExecutionAlreadyStartedError('running', `process-${accountId}`, 'individualVerification');
          }
          return { ticket: 'tkt_second', qrUrl: 'https://example.invalid/qr', expiresAt: Date.now() + 600_000 };
        },
        getHandle: () => ({
          describe: async () => ({ runId: 'run-1', memo: Promise.resolve({ processId: previous }) }),
          result: async () => undefined,
        }),
      },
    } as unknown as Client;
    const app = createApp({ config: apiConfig, db, temporal, logger: createLogger({ level: 'silent' }) });
    const token = await issueToken(apiConfig.auth.jwtSecret, apiConfig.auth.issuer, { role: 'holder', subject: `holder-${accountId}`, accountId });
    const response = await app.request(`/v1/accounts/${accountId}/verifications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': 'en' },
      body: JSON.stringify({ type: 'individual', method: 'wechat_qr', applicant: applicant() }),
    });
    const body = (await response.json()) as { type?: string };
    expect({ status: response.status, type: body.type }).toEqual({ status: 409, type: expect.stringContaining('account-already-verified') });
    expect(starts).toBe(1);
  });
});
