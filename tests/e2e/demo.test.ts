import { runDemo } from '../../scripts/demo/run';
import { startSystem, type RunningSystem } from '../support/system';

// `npm run demo`'s flows against the real API, worker, Temporal and PostgreSQL, over HTTP.
describe('npm run demo', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(async () => {
    await system.stop();
  });

  it('drives one process of each kind to its outcome and says where to look at each', async () => {
    const progress: string[] = [];
    const run = await runDemo({
      baseUrl: system.baseUrl,
      jwtSecret: system.config.auth.jwtSecret,
      issuer: system.config.auth.issuer,
      databaseUrl: system.config.databaseUrl,
      webUiUrl: 'http://localhost:8233',
      namespace: system.config.temporal.namespace,
      log: (line) => progress.push(line),
    });
    expect(run.failures).toEqual([]);
    expect(run.results.map((r) => [r.title, r.outcome])).toEqual([
      ['individual WeChat QR', 'verified'],
      ['individual face', 'verified'],
      ['individual QQ + bank card', 'verified'],
      ['enterprise recharge', 'verified'],
      ['enterprise remittance', 'verified'],
      ['WeChat Official Account', 'verified'],
      ['change: individual → ent.', 'changed'],
      ['change: enterprise name', 'changed'],
    ]);
    expect(progress.some((line) => line.includes('face_failed (face_covered)'))).toBe(true);
    expect(progress.filter((line) => / \d\/8 /.test(line))).toHaveLength(8);
    const summary = run.summary.join('\n');
    for (const result of run.results) {
      expect(summary).toContain(`${system.baseUrl}/v1/processes/${result.processId}`);
      expect(summary).toContain(`http://localhost:8233/namespaces/default/workflows/account-process-${result.accountId}`);
    }
    // Issue 19: the demo's loopback receiver got each process's start and outcome as signed events and verified them
    // (standardwebhooks, with the secret the API answered), printed them as they came and in the summary.
    expect(run.events.length).toBeGreaterThan(0);
    expect(run.events.every((event) => event.verified)).toBe(true);
    for (const result of run.results.filter((r) => r.processId !== '-')) {
      const outcome = result.outcome === 'changed' ? 'change.completed' : 'process.verified';
      expect(run.events).toContainEqual(expect.objectContaining({ type: 'process.started', processId: result.processId, verified: true }));
      expect(run.events).toContainEqual(expect.objectContaining({ type: outcome, processId: result.processId, verified: true }));
    }
    expect(run.events).toContainEqual(expect.objectContaining({ type: 'review.decided', verified: true }));
    expect(progress.some((line) => /webhook .*process\.verified .* signature verified/.test(line))).toBe(true);
    expect(summary).toMatch(/Webhook receiver http:\/\/127\.0\.0\.1:\d+\/demo-webhooks: \d+ events received, \d+ with a verified signature/);
    const verifiedLine = run.results[0]!.processId;
    expect(summary).toMatch(new RegExp(`process\\.verified +${verifiedLine} .* signature verified`));
    // Removed at the end: no endpoint left failing once the demo's port closed.
    expect(await system.db.webhookEndpoint.count({ where: { url: { contains: '/demo-webhooks' } } })).toBe(0);
    // Issue 19: a session URL to open, for a process left awaiting its scan, and the sandbox calls that move it.
    const hosted = run.hostedPage!;
    expect(summary).toContain(hosted.url);
    expect(summary).toContain('/v1/sandbox/wechat/tickets/');
    const page = await fetch(`${system.baseUrl}${new URL(hosted.url).pathname}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(hosted.processId);
  }, 120_000);

  it('fails with a clear message when the system is not running', async () => {
    await expect(runDemo({ baseUrl: 'http://127.0.0.1:9', jwtSecret: 'x', issuer: 'realname', webUiUrl: 'http://localhost:8233', namespace: 'default', log: () => undefined })).rejects.toThrow(
      /does not answer .*npm start/,
    );
  });
});
