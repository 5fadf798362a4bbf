import { processIdFor } from '../../api/start-process';
import { testEnvironment } from '../support/environment';
import { applicant } from '../support/people';
import { uniqueId } from '../support/system';
import { FaultSystem, pool, scale, until } from './harness';

const N = scale(100, 20);

// The API is SIGKILLed while clients are starting processes with an Idempotency-Key, then started again.
describe(`the API SIGKILLed while ${N} clients start processes with an Idempotency-Key`, () => {
  let system: FaultSystem;
  beforeAll(async () => {
    const { databaseUrl, temporalAddress } = testEnvironment();
    system = new FaultSystem({ databaseUrl, temporalAddress });
    await Promise.all([system.startWorker(), system.startApi()]);
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('clients retrying with the same key through the restart get one process each: one processes row per key, the same id on every answer', async () => {
    const operator = await system.operatorToken();
    const accounts = await pool(Array.from({ length: N }), 10, async () => {
      const accountId = uniqueId('acc');
      await system.retrying('POST', '/v1/accounts', operator, { id: accountId, displayName: 'Fault test account' }, {}, (s) => s === 201);
      return { accountId, token: await system.holderToken(accountId), key: `idem-${accountId}` };
    });
    const accountIds = accounts.map((a) => a.accountId);

    // Each client starts, retrying through the outage, then retries once more as if the first answer had been lost.
    const clients = pool(accounts, 20, async ({ accountId, token, key }) => {
      const body = { type: 'individual', method: 'wechat_qr', applicant: applicant() };
      const path = `/v1/accounts/${accountId}/verifications`;
      const first = await system.retrying('POST', path, token, body, { 'idempotency-key': key });
      const again = await system.retrying('POST', path, token, body, { 'idempotency-key': key });
      return [first.body.processId as string, again.body.processId as string, again.status] as const;
    });

    // Killed once some starts are through and others are on their way.
    await until(() => system.db.process.count({ where: { accountId: { in: accountIds } } }), (n) => n >= Math.ceil(N / 4));
    await system.api!.kill('SIGKILL');
    await system.startApi();
    const answers = await clients;

    answers.forEach(([first, again, status], i) => {
      const expected = processIdFor(accounts[i]!.accountId, accounts[i]!.key);
      expect([first, again, status]).toEqual([expected, expected, 200]);
    });
    const rows = await system.db.process.groupBy({ by: ['accountId'], where: { accountId: { in: accountIds } }, _count: true });
    expect(rows).toHaveLength(N);
    expect(rows.filter((row) => row._count !== 1)).toEqual([]);
  });
});
