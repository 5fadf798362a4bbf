import { testEnvironment } from '../../support/environment';
import { FaultSystem, pool, until, type Started } from '../harness';

// As many as the issue asks for, in CI too: the point is that the history shards and the task queue hand everything over.
const N = 200;

// Cluster tier only (jest.cluster.config.js): two workers on one task queue, one SIGKILLed mid-flight, no replacement.
describe(`one of two workers SIGKILLed with ${N} WeChat verifications in flight, on the cluster`, () => {
  let system: FaultSystem;
  beforeAll(async () => {
    const { databaseUrl, temporalAddress } = testEnvironment();
    system = new FaultSystem({ databaseUrl, temporalAddress });
    await Promise.all([system.startWorker(), system.startApi()]);
    await system.startWorker();
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('the surviving worker finishes them all: each account updated once, one history row, no repeated step, one notification per channel', async () => {
    const [killed, survivor] = system.children.filter((child) => child.name === 'worker');
    const operator = await system.operatorToken();
    const started: Started[] = await pool(Array.from({ length: N }), 10, () => system.startVerification(operator));
    const processIds = started.map((p) => p.processId);

    const driving = pool(started, 10, (p) => system.scanAndAuthorize(p));
    await until(() => system.db.processStep.count({ where: { processId: { in: processIds }, step: 'awaiting_authorization' } }), (n) => n >= Math.ceil(N / 4));
    await killed!.kill('SIGKILL');
    expect((await system.outcomes(processIds)).verified ?? 0).toBeLessThan(N);

    await driving;
    await system.waitVerified(processIds);
    // No worker was started again: the one left did the rest, including the killed one's workflow and activity tasks.
    expect([killed!.running, survivor!.running]).toEqual([false, true]);
    await system.expectExactlyOnce(started);
  });
});
