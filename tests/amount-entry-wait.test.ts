import type { Client } from '@temporalio/client';
import { createApp } from '../api/app';
import { issueToken } from '../api/auth';
import { loadConfig } from '../config';
import { createLogger } from '../config/logger';
import { createDatabase, type Database } from '../prisma/client';
import { ENTRY_STAMP_MAX_AGE_MS } from '../workflows/enterprise/messages';
import { testConfig } from './support/environment';
import { uniqueId } from './support/system';

/**
 * R-E6.5: the API stamps an amount entry with when it took it, and waits for a
 * worker to take the entry no longer than the process trusts that stamp, so an
 * entry answered in time is never judged as made later. The API on PostgreSQL;
 * Temporal a stand-in that records the call and the deadline it was given.
 */
describe('an amount entry through the API: stamped, and waited for within the stamp’s trust (R-E6.5; PostgreSQL, Temporal stand-in)', () => {
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

  async function awaitingAmount() {
    const accountId = uniqueId('acc_amount');
    accounts.push(accountId);
    await db.account.create({ data: { id: accountId, displayName: accountId } });
    const processId = uniqueId('prc_amount');
    await db.process.create({ data: { id: processId, accountId, workflowId: `process-${accountId}`, runId: 'run', kind: 'enterprise_verification', method: 'remittance', status: 'open', step: 'awaiting_amount' } });
    return { accountId, processId };
  }

  function temporalThat(answer: (args: unknown) => Promise<unknown>) {
    const calls: { deadline: number | Date; args: unknown }[] = [];
    let deadline: number | Date = 0;
    const temporal = {
      withDeadline: async (at: number | Date, fn: () => Promise<unknown>) => {
        deadline = at;
        return fn();
      },
      workflow: {
        getHandle: () => ({
          executeUpdate: async (_update: unknown, options: { args: unknown[] }) => {
            calls.push({ deadline, args: options.args[0] });
            return answer(options.args[0]);
          },
        }),
      },
    } as unknown as Client;
    return { temporal, calls };
  }

  async function enter(temporal: Client, accountId: string, processId: string, now = Date.now) {
    const app = createApp({ config: apiConfig, db, temporal, logger: createLogger({ level: 'silent' }), now });
    const token = await issueToken(apiConfig.auth.jwtSecret, apiConfig.auth.issuer, { role: 'holder', subject: `holder-${accountId}`, accountId });
    const response = await app.request(`/v1/processes/${processId}/remittance-amount`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': 'en' },
      // A stamp of the caller's own is no field of the body: the API's stamp is the one sent.
      body: JSON.stringify({ amountFen: 37 }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('stamps the entry with the API’s clock and waits at most a minute short of ENTRY_STAMP_MAX_AGE_MS', async () => {
    const { accountId, processId } = await awaitingAmount();
    const { temporal, calls } = temporalThat(async () => ({ correct: true, attemptsLeft: 2 }));
    const takenAt = Date.UTC(2026, 11, 3, 8, 0, 0);
    const before = Date.now();
    const answer = await enter(temporal, accountId, processId, () => takenAt);
    expect(answer).toEqual({ status: 200, body: { correct: true, attemptsLeft: 2 } });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args).toEqual({ amountFen: 37, enteredAt: takenAt });
    const deadline = Number(calls[0]!.deadline);
    expect(deadline).toBeGreaterThanOrEqual(before + ENTRY_STAMP_MAX_AGE_MS - 60_000);
    expect(deadline).toBeLessThanOrEqual(Date.now() + ENTRY_STAMP_MAX_AGE_MS - 60_000);
  });

  it('an entry no worker took in that time is a 503 to retry under the same key, not a 500', async () => {
    const { accountId, processId } = await awaitingAmount();
    const { temporal } = temporalThat(async () => {
      throw Object.assign(new Error('4 DEADLINE_EXCEEDED: Deadline exceeded'), { code: 4 });
    });
    const answer = await enter(temporal, accountId, processId);
    expect(answer).toMatchObject({ status: 503, body: { type: expect.stringContaining('unavailable') } });
  });
});
