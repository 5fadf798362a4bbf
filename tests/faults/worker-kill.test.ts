import { testEnvironment } from '../support/environment';
import { FaultSystem, pool, scale, until, type Started } from './harness';

const N = scale(200, 20);

// The worker is SIGKILLed with N verifications in flight, then started again.
describe(`a worker SIGKILLed with ${N} WeChat verifications in flight`, () => {
  let system: FaultSystem;
  beforeAll(async () => {
    const { databaseUrl, temporalAddress } = testEnvironment();
    system = new FaultSystem({ databaseUrl, temporalAddress });
    await Promise.all([system.startWorker(), system.startApi()]);
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('all complete after a fresh worker starts: each account updated once, one history row, no repeated step, one notification per channel', async () => {
    const operator = await system.operatorToken();
    const started: Started[] = await pool(Array.from({ length: N }), 10, () => system.startVerification(operator));
    const processIds = started.map((p) => p.processId);

    // Scans and authorisations go out while the worker is killed under them.
    const driving = pool(started, 10, (p) => system.scanAndAuthorize(p));
    await until(() => system.db.processStep.count({ where: { processId: { in: processIds }, step: 'awaiting_authorization' } }), (n) => n >= Math.ceil(N / 4));
    await system.worker!.kill('SIGKILL');
    const outcomes = await system.outcomes(processIds);
    expect(outcomes.verified ?? 0).toBeLessThan(N);

    await system.startWorker();
    await driving;
    await system.waitVerified(processIds);
    await system.expectExactlyOnce(started);
  });
});
