import { testEnvironment } from '../support/environment';
import { FaultSystem, ownDir, ownPostgres, pool, scale, until, type HttpAnswer, type Started } from './harness';

const N = scale(100, 15);
const OUTAGE_MS = scale(30_000, 8_000);

// A PostgreSQL of this test's own, stopped for a while mid-flight and started again on the same data.
describe(`PostgreSQL down for ${OUTAGE_MS / 1000} s with ${N} WeChat verifications in flight`, () => {
  let system: FaultSystem;
  let postgres: Awaited<ReturnType<typeof ownPostgres>>;
  const own = ownDir('postgres');
  beforeAll(async () => {
    postgres = await ownPostgres(own.dir);
    system = new FaultSystem({ databaseUrl: postgres.url, temporalAddress: testEnvironment().temporalAddress });
    await Promise.all([system.startWorker(), system.startApi()]);
  });
  afterAll(async () => {
    await system?.stop();
    await postgres?.stop();
    own.cleanup();
  });

  it('the API answers 503 problem+json with Retry-After (never 500) while it is down; activities retry and all complete after recovery', async () => {
    const operator = await system.operatorToken();
    const started: Started[] = await pool(Array.from({ length: N }), 10, () => system.startVerification(operator));
    const processIds = started.map((p) => p.processId);

    const driving = pool(started, 10, (p) => system.scanAndAuthorize(p));
    await until(() => system.db.processStep.count({ where: { processId: { in: processIds }, step: 'awaiting_authorization' } }), (n) => n >= Math.ceil(N / 4));
    await postgres.stop();
    const down = Date.now();

    // Reads, writes and webhooks while it is down: every answer a 503 a client can retry.
    const answers: Array<{ what: string; answer: HttpAnswer }> = [];
    const probe = started[0]!;
    while (Date.now() - down < OUTAGE_MS) {
      const [read, write, webhook] = await Promise.all([
        system.request('GET', `/v1/processes/${probe.processId}`, probe.token),
        system.request('POST', '/v1/accounts', operator, { id: `acc_down_${Date.now()}`, displayName: 'During the outage' }),
        system.request('POST', `/v1/sandbox/wechat/tickets/${probe.ticket}/scan`, probe.token),
      ]);
      answers.push({ what: 'GET process', answer: read }, { what: 'POST account', answer: write }, { what: 'sandbox scan', answer: webhook });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await postgres.start();

    expect(answers.length).toBeGreaterThanOrEqual(3);
    const wrong = answers.filter(
      ({ answer }) =>
        answer.status !== 503 || !answer.headers.get('retry-after') || !answer.headers.get('content-type')?.includes('application/problem+json'),
    );
    expect(wrong.map(({ what, answer }) => `${what}: ${answer.status} ${JSON.stringify(answer.body)}`)).toEqual([]);

    await driving;
    await system.waitVerified(processIds);
    await system.expectExactlyOnce(started);
    // The API is whole again.
    expect((await system.request('GET', `/v1/processes/${probe.processId}`, probe.token)).status).toBe(200);
  });
});
