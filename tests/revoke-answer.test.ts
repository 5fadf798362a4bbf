import type { Client } from '@temporalio/client';
import { createApp } from '../api/app';
import { issueToken } from '../api/auth';
import { loadConfig } from '../config';
import { createLogger } from '../config/logger';
import { createDatabase, type Database } from '../prisma/client';
import { testConfig } from './support/environment';
import { uniqueId } from './support/system';
import { noDeadlines } from './support/temporal-stand-in';

/**
 * R-C3: a revocation is answered 200 only when the change was revoked. A
 * change whose enterprise part ended another way in the same moment answers
 * the revocation with its own outcome; the holder is told it was not revoked.
 * The API on PostgreSQL; Temporal a stand-in answering the update as told.
 */
describe('a revocation through the API answers what the change became (R-C3; PostgreSQL, Temporal stand-in)', () => {
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

  async function revoke(status: string) {
    const accountId = uniqueId('acc_revoke');
    accounts.push(accountId);
    await db.account.create({ data: { id: accountId, displayName: accountId } });
    const processId = uniqueId('prc_revoke');
    await db.process.create({ data: { id: processId, accountId, workflowId: `process-${accountId}`, runId: 'run', kind: 'change', method: 'individual_to_enterprise', status: 'open', step: 'awaiting_scan' } });
    const temporal = { ...noDeadlines, workflow: { getHandle: () => ({ executeUpdate: async () => ({ processId, status, step: status }) }) } } as unknown as Client;
    const app = createApp({ config: apiConfig, db, temporal, logger: createLogger({ level: 'silent' }) });
    const token = await issueToken(apiConfig.auth.jwtSecret, apiConfig.auth.issuer, { role: 'holder', subject: `holder-${accountId}`, accountId });
    const response = await app.request(`/v1/processes/${processId}/revoke`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'accept-language': 'en' } });
    return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
  }

  it('R-C3: a revoked change is a 200', async () => {
    expect(await revoke('revoked')).toMatchObject({ status: 200, body: { status: 'revoked' } });
  });

  it('R-C3: a change that failed before the revocation took is a 409 change-not-revocable naming its outcome, not a 200', async () => {
    const answer = await revoke('failed');
    expect(answer).toMatchObject({ status: 409, type: expect.stringContaining('application/problem+json'), body: { type: expect.stringContaining('change-not-revocable') } });
    expect(answer.body.detail).toContain('(failed)');
  });
});
