// Finding 11: lists that grow with an account's or a process's life come a page at a time, and
// /openapi.json is generated once.
import { createApp } from '../../api/app';
import { createLogger } from '../../config/logger';
import { http, startSystem, uniqueId, type RunningSystem } from '../support/system';

describe('pagination and the cached OpenAPI document (finding 11)', () => {
  let system: RunningSystem;
  let accountId: string;
  let token: string;
  const processIds: string[] = [];
  let stepsProcessId: string;
  const STEPS = 120;

  beforeAll(async () => {
    system = await startSystem();
    accountId = (await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc'), displayName: 'Long history' } })).body.id;
    token = await system.holderToken(accountId);
    // Closed processes written straight into the read model: no workflow needed to list them.
    // Three share one creation time, so a page boundary can fall between equal timestamps.
    const base = Date.parse('2026-01-05T00:00:00.000Z');
    for (let n = 0; n < 7; n++) {
      const id = uniqueId('prc_page');
      processIds.push(id);
      const createdAt = new Date(base + (n < 3 ? 0 : n) * 60_000);
      await system.db.process.create({
        data: { id, accountId, workflowId: `wf-${id}`, runId: 'run', kind: 'individual_verification', method: 'wechat_qr', status: 'failed', step: 'failed', createdAt, completedAt: createdAt },
      });
      await system.db.subjectHistory.create({
        data: { processId: id, accountId, kind: 'individual_verification', requestedBy: 'holder', outcome: 'failed', startedAt: createdAt, endedAt: createdAt },
      });
    }
    stepsProcessId = processIds[6]!;
    await system.db.processStep.createMany({
      data: Array.from({ length: STEPS }, (_, index) => ({ processId: stepsProcessId, seq: index + 1, step: `step_${index + 1}`, at: new Date(base + index * 1000) })),
    });
  });

  afterAll(async () => {
    await system.db.processStep.deleteMany({ where: { processId: { in: processIds } } });
    await system.db.subjectHistory.deleteMany({ where: { accountId } });
    await system.db.process.deleteMany({ where: { accountId } });
    await system.db.account.delete({ where: { id: accountId } });
    await system.stop();
  });

  /** Follows nextCursor from the first page to the last; returns every page's items. */
  async function walk(path: string, key: string, limit: number): Promise<unknown[][]> {
    const pages: unknown[][] = [];
    let cursor: string | null = null;
    do {
      const query: string = `limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await http(system, 'GET', `${path}?${query}`, { token });
      expect(page.status).toBe(200);
      pages.push(page.body[key]);
      cursor = page.body.nextCursor;
      expect(pages.length).toBeLessThan(50);
    } while (cursor !== null);
    return pages;
  }

  it("finding 11: an account's history walks page by page to every entry once, oldest first, equal timestamps included", async () => {
    const pages = await walk(`/v1/accounts/${accountId}/history`, 'history', 3);
    expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
    const walked = pages.flat().map((entry) => (entry as { processId: string }).processId);
    const whole = await http(system, 'GET', `/v1/accounts/${accountId}/history?limit=200`, { token });
    expect(whole.body.nextCursor).toBeNull();
    expect(walked).toEqual(whole.body.history.map((entry: { processId: string }) => entry.processId));
    expect(new Set(walked)).toEqual(new Set(processIds));
    expect(walked).toHaveLength(processIds.length);
    // A page that ends exactly at the end says so: no empty page after it.
    expect((await walk(`/v1/accounts/${accountId}/history`, 'history', 7)).map((page) => page.length)).toEqual([7]);
  });

  it("finding 11: the process view embeds only the latest 50 steps and says so; /steps walks all of them in order", async () => {
    const view = await http(system, 'GET', `/v1/processes/${stepsProcessId}`, { token });
    expect(view.status).toBe(200);
    expect(view.body.history.map((step: { step: string }) => step.step)).toEqual(Array.from({ length: 50 }, (_, index) => `step_${STEPS - 49 + index}`));
    expect(view.body.historyTruncated).toBe(true);
    const short = await http(system, 'GET', `/v1/processes/${processIds[0]}`, { token });
    expect(short.body).toMatchObject({ history: [], historyTruncated: false });

    const pages = await walk(`/v1/processes/${stepsProcessId}/steps`, 'steps', 50);
    expect(pages.map((page) => page.length)).toEqual([50, 50, 20]);
    expect(pages.flat().map((step) => (step as { step: string }).step)).toEqual(Array.from({ length: STEPS }, (_, index) => `step_${index + 1}`));
    const firstPage = await http(system, 'GET', `/v1/processes/${stepsProcessId}/steps`, { token });
    expect(firstPage.body.steps).toHaveLength(50);
    expect(firstPage.body.steps[0]).toEqual({ step: 'step_1', at: '2026-01-05T00:00:00.000Z', detail: null });
  });

  it('finding 11: a bad limit or cursor is 400 problem+json naming the field; another holder gets 404', async () => {
    for (const path of [`/v1/accounts/${accountId}/history`, `/v1/processes/${stepsProcessId}/steps`]) {
      for (const limit of ['0', '201', 'abc', '1.5', '-1']) {
        const bad = await http(system, 'GET', `${path}?limit=${limit}`, { token });
        expect(bad.status).toBe(400);
        expect(bad.headers.get('content-type')).toContain('application/problem+json');
        expect(bad.body.errors.map((error: { field: string }) => error.field)).toEqual(['limit']);
      }
      for (const cursor of ['not-a-cursor', '!!!', Buffer.from('{"seq":"x","at":"y"}').toString('base64url'), 'x'.repeat(201)]) {
        const bad = await http(system, 'GET', `${path}?cursor=${encodeURIComponent(cursor)}`, { token });
        expect(bad.status).toBe(400);
        expect(bad.body.errors.map((error: { field: string }) => error.field)).toEqual(['cursor']);
      }
    }
    const stranger = await system.holderToken(uniqueId('acc'));
    expect((await http(system, 'GET', `/v1/processes/${stepsProcessId}/steps`, { token: stranger })).status).toBe(404);
    expect((await http(system, 'GET', `/v1/processes/prc_missing/steps`, { token: system.operatorToken })).status).toBe(404);
  });

  it('finding 11: a forged cursor holding a NUL in a string or a seq beyond PostgreSQL integer is 400 naming cursor, not a 500', async () => {
    const forged = (position: unknown) => Buffer.from(JSON.stringify(position)).toString('base64url');
    const at = Date.parse('2026-01-05T00:00:00.000Z');
    const cases: Array<[string, string, unknown]> = [
      [token, `/v1/processes/${stepsProcessId}/steps`, { seq: 3_000_000_000 }],
      [token, `/v1/processes/${stepsProcessId}/steps`, { seq: 2 ** 31 }],
      [token, `/v1/accounts/${accountId}/history`, { at, id: 'prc\u0000x' }],
      [system.operatorToken, '/v1/operator/payments', { at, transactionId: 'tx\u0000' }],
      [system.operatorToken, '/v1/operator/notices', { at, id: '\u0000' }],
      [system.operatorToken, '/v1/operator/activity-failures', { at, id: 'f\u0000' }],
      [system.operatorToken, '/v1/webhook-endpoints/whe_missing/deliveries', { at, id: 'd\u0000' }],
    ];
    for (const [as, path, position] of cases) {
      const bad = await http(system, 'GET', `${path}?cursor=${forged(position)}`, { token: as });
      expect([path, position, bad.status]).toEqual([path, position, 400]);
      expect(bad.headers.get('content-type')).toContain('application/problem+json');
      expect(bad.body.errors.map((error: { field: string }) => error.field)).toEqual(['cursor']);
    }
    // The largest integer PostgreSQL holds is still a position: past the last step, an empty page.
    const last = await http(system, 'GET', `/v1/processes/${stepsProcessId}/steps?cursor=${forged({ seq: 2 ** 31 - 1 })}`, { token });
    expect(last.status).toBe(200);
    expect(last.body).toEqual({ steps: [], nextCursor: null });
  });

  it('finding 11: /openapi.json is generated once, on the first request, and then served from memory', async () => {
    const app = createApp({ config: system.config, db: system.db, temporal: system.temporal, logger: createLogger({ level: 'silent' }) });
    const generate = jest.spyOn(app, 'getOpenAPI31Document');
    const first = await app.request('/openapi.json');
    const second = await app.request('/openapi.json');
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(generate).toHaveBeenCalledTimes(1);
    const document = (await first.json()) as { paths: Record<string, unknown> };
    expect(await second.json()).toEqual(document);
    // Built after every route was registered: the last ones are in it.
    expect(Object.keys(document.paths)).toContain('/v1/processes/{processId}/steps');
    expect(Object.keys(document.paths).filter((path) => path.startsWith('/v1/sandbox/')).length).toBeGreaterThan(0);
  });
});
