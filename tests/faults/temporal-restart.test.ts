import { testEnvironment } from '../support/environment';
import { applicant } from '../support/people';
import { uniqueId } from '../support/system';
import { FaultSystem, ownDir, ownTemporal, pool, scale, until, type Started } from './harness';

const N = scale(100, 15);

// A Temporal dev server of this test's own (file-backed, so its state survives), restarted mid-flight.
describe(`the Temporal server restarted with ${N} WeChat verifications in flight`, () => {
  let system: FaultSystem;
  let temporal: Awaited<ReturnType<typeof ownTemporal>>;
  const own = ownDir('temporal');
  beforeAll(async () => {
    temporal = await ownTemporal(own.dir);
    system = new FaultSystem({ databaseUrl: testEnvironment().databaseUrl, temporalAddress: temporal.address });
    await Promise.all([system.startWorker(), system.startApi()]);
  });
  afterAll(async () => {
    await system?.stop();
    await temporal?.stop();
    own.cleanup();
  });

  it('all complete once it is back: the worker and API reconnect, workflows resume from the persisted history, each verified exactly once', async () => {
    const operator = await system.operatorToken();
    const started: Started[] = await pool(Array.from({ length: N }), 10, () => system.startVerification(operator));
    const processIds = started.map((p) => p.processId);

    const driving = pool(started, 10, (p) => system.scanAndAuthorize(p));
    await until(() => system.db.processStep.count({ where: { processId: { in: processIds }, step: 'awaiting_authorization' } }), (n) => n >= Math.ceil(N / 4));
    await temporal.stop();
    expect((await system.outcomes(processIds)).verified ?? 0).toBeLessThan(N);
    // While Temporal is down a start is refused with a 503 the client can retry, never a 500.
    const accountId = uniqueId('acc');
    await system.retrying('POST', '/v1/accounts', operator, { id: accountId, displayName: 'During the outage' }, {}, (s) => s === 201);
    const refused = await system.request('POST', `/v1/accounts/${accountId}/verifications`, await system.holderToken(accountId), {
      type: 'individual',
      method: 'wechat_qr',
      applicant: applicant(),
    });
    expect([refused.status, !!refused.headers.get('content-type')?.startsWith('application/problem+json'), !!refused.headers.get('retry-after')]).toEqual([503, true, true]);
    await temporal.start();

    await driving;
    await system.waitVerified(processIds);
    expect(system.worker!.running).toBe(true);
    await system.expectExactlyOnce(started);
  });
});
