import type { Client } from '@temporalio/client';
import { createApp } from '../api/app';
import { issueToken } from '../api/auth';
import { loadConfig } from '../config';
import { createLogger } from '../config/logger';
import { createDatabase, type Database } from '../prisma/client';
import { testConfig } from './support/environment';
import { uniqueId } from './support/system';

/**
 * POST /v1/accounts with one chosen id, twice at once: both requests find no
 * such account, both insert, and PostgreSQL lets one win. The loser is told
 * the id is taken (409 account-exists), as a later request would be, never a
 * 500. The API on PostgreSQL; the two reads are held until both have asked,
 * so the race happens on every run.
 */
describe('two account creations with one id at once (PostgreSQL)', () => {
  let db: Database;
  const config = testConfig();
  const apiConfig = loadConfig({});
  const accounts: string[] = [];

  beforeAll(() => {
    db = createDatabase(config.databaseUrl!, config.database);
  });
  afterAll(async () => {
    await db.account.deleteMany({ where: { id: { in: accounts } } });
    await db.$disconnect();
  });

  /** The database, but its account reads for `id` answer only once `readers` of them are waiting. */
  function readsHeldTogether(id: string, readers: number): Database {
    const waiting: Array<() => void> = [];
    const account = new Proxy(db.account, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (property !== 'findUnique' || typeof value !== 'function') return value;
        return async (args: { where: { id?: string } }) => {
          if (args.where.id === id) {
            await new Promise<void>((release) => {
              waiting.push(release);
              if (waiting.length >= readers) waiting.splice(0).forEach((go) => go());
            });
          }
          return (value as (args: unknown) => Promise<unknown>).call(target, args);
        };
      },
    });
    return new Proxy(db, { get: (target, property, receiver) => (property === 'account' ? account : Reflect.get(target, property, receiver)) });
  }

  it('the loser of two simultaneous POST /v1/accounts with one id gets 409 account-exists, not a 500; one account is made', async () => {
    const id = uniqueId('acc_race');
    accounts.push(id);
    const app = createApp({ config: apiConfig, db: readsHeldTogether(id, 2), temporal: {} as Client, logger: createLogger({ level: 'silent' }) });
    const token = await issueToken(apiConfig.auth.jwtSecret, apiConfig.auth.issuer, { role: 'operator', subject: 'test-operator' });
    const create = async (displayName: string) => {
      const response = await app.request('/v1/accounts', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': 'en' },
        body: JSON.stringify({ id, displayName }),
      });
      return { status: response.status, contentType: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
    };
    const answers = await Promise.all([create('First'), create('Second')]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    const loser = answers.find((answer) => answer.status === 409)!;
    expect(loser.contentType).toContain('application/problem+json');
    expect(loser.body).toMatchObject({ type: expect.stringContaining('account-exists'), detail: `account ${id} already exists` });
    expect(await db.account.count({ where: { id } })).toBe(1);
  });
});
