import { clusterControl } from '../../support/cluster-control';
import { testEnvironment } from '../../support/environment';
import { applicant } from '../../support/people';
import { FaultSystem, pool, scale, until, type HttpAnswer, type Started } from '../harness';

const N = scale(100, 20);
const OUTAGE_MS = 30_000;

// Cluster tier only (jest.cluster.config.js): the PostgreSQL under the Temporal server stopped for 30 s, then started on the same data.
describe(`Temporal's PostgreSQL down for ${OUTAGE_MS / 1000} s with ${N} WeChat verifications in flight, on the cluster`, () => {
  let system: FaultSystem;
  const cluster = clusterControl();
  beforeAll(async () => {
    if (!cluster) throw new Error('run by `npm run test:cluster` only (jest.cluster.config.js): it needs the cluster control');
    const { databaseUrl, temporalAddress } = testEnvironment();
    system = new FaultSystem({ databaseUrl, temporalAddress });
    await Promise.all([system.startWorker(), system.startApi()]);
  });
  afterAll(async () => {
    await cluster?.startPostgres();
    await system?.stop();
  });

  it('the API answers a retryable 503 problem+json (never 500) where it needs Temporal; the server recovers without a restart and all complete exactly once', async () => {
    const operator = await system.operatorToken();
    const started: Started[] = await pool(Array.from({ length: N }), 10, () => system.startVerification(operator));
    const processIds = started.map((p) => p.processId);

    const driving = pool(started, 10, (p) => system.scanAndAuthorize(p));
    await until(() => system.db.processStep.count({ where: { processId: { in: processIds }, step: 'awaiting_authorization' } }), (n) => n >= Math.ceil(N / 4));
    await cluster!.stopPostgres();
    const down = Date.now();

    // Reads from the app's own database still answer; what needs Temporal is refused in a way a client retries.
    const answers: Array<{ what: string; answer: HttpAnswer }> = [];
    const probe = started[0]!;
    while (Date.now() - down < OUTAGE_MS) {
      const accountId = `acc_tpg_${Date.now()}`;
      const [read, created] = await Promise.all([
        system.request('GET', `/v1/processes/${probe.processId}`, probe.token),
        system.request('POST', '/v1/accounts', operator, { id: accountId, displayName: 'During the outage' }),
      ]);
      answers.push({ what: 'GET process', answer: read }, { what: 'POST account', answer: created });
      if (created.status === 201) {
        const start = await system.request('POST', `/v1/accounts/${accountId}/verifications`, await system.holderToken(accountId), {
          type: 'individual',
          method: 'wechat_qr',
          applicant: applicant(),
        });
        answers.push({ what: 'POST verification', answer: start });
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    await cluster!.startPostgres();

    expect(answers.length).toBeGreaterThanOrEqual(3);
    const problem = (a: HttpAnswer) => !!a.headers.get('content-type')?.includes('application/problem+json');
    const retryable = (a: HttpAnswer) => a.status === 503 && !!a.headers.get('retry-after') && problem(a);
    const wrong = answers.filter(({ answer }) => !(answer.status >= 200 && answer.status < 300) && !retryable(answer));
    expect(wrong.map(({ what, answer }) => `${what}: ${answer.status} ${JSON.stringify(answer.body)}`)).toEqual([]);

    await driving;
    await system.waitVerified(processIds);
    expect(system.worker!.running).toBe(true);
    await system.expectExactlyOnce(started);
  });
});
