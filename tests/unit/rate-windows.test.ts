import { Hono } from 'hono';
import type { AuthEnv } from '../../api/auth';
import { problemResponse, ProblemError } from '../../api/problem';
import { rateLimit } from '../../api/rate-limit';
import { memoryWindows, postgresWindows, RATE_WINDOW_MS, sweepRateWindows, type RateWindows } from '../../api/rate-windows';
import { isUnavailable } from '../../api/unavailable';
import { createDatabase, type Database } from '../../prisma/client';
import { freePort } from '../../scripts/infra/ports';
import { testConfig } from '../support/environment';
import { uniqueId } from '../support/system';

// Issue 17: the rate limits' counter SQL (api/rate-windows.ts COUNT_HIT), on
// the run's real PostgreSQL. Two clients with pools of their own stand for two
// API replicas.
describe('rate-limit windows in PostgreSQL (issue 17)', () => {
  let replicaA: Database;
  let replicaB: Database;
  beforeAll(() => {
    const config = testConfig();
    replicaA = createDatabase(config.databaseUrl!, config.database);
    replicaB = createDatabase(config.databaseUrl!, config.database);
  });
  afterAll(async () => {
    await Promise.all([replicaA.$disconnect(), replicaB.$disconnect()]);
  });

  // Long past, so no window of another test running on this database is near them (nor swept by the sweep below).
  const T0 = Date.parse('2020-01-06T08:00:00.000Z');

  it('counts in one window from its first hit, opens a new one a window later, and keeps callers and buckets apart', async () => {
    const windows = postgresWindows(replicaA);
    const bucket = uniqueId('starts');
    expect(await windows.hit(bucket, 'holder:a', T0)).toEqual({ startedAt: T0, hits: 1 });
    expect(await windows.hit(bucket, 'holder:a', T0 + 1_000)).toEqual({ startedAt: T0, hits: 2 });
    expect(await windows.hit(bucket, 'holder:a', T0 + RATE_WINDOW_MS - 1)).toEqual({ startedAt: T0, hits: 3 });
    expect(await windows.hit(bucket, 'holder:b', T0 + 5)).toEqual({ startedAt: T0 + 5, hits: 1 });
    expect(await windows.hit(`${bucket}-other`, 'holder:a', T0 + 5)).toEqual({ startedAt: T0 + 5, hits: 1 });
    // Exactly one window after its start the window is over: the hit opens the next.
    expect(await windows.hit(bucket, 'holder:a', T0 + RATE_WINDOW_MS)).toEqual({ startedAt: T0 + RATE_WINDOW_MS, hits: 1 });
    expect(await windows.hit(bucket, 'holder:a', T0 + RATE_WINDOW_MS + 2)).toEqual({ startedAt: T0 + RATE_WINDOW_MS, hits: 2 });
  });

  it('answers as the in-memory windows did, hit for hit', async () => {
    const shared = postgresWindows(replicaA);
    const memory = memoryWindows();
    const bucket = uniqueId('same');
    const times = [0, 10, 59_999, 60_000, 60_001, 130_000, 130_500, 189_999, 190_000].map((t) => T0 + t);
    for (const at of times) expect(await shared.hit(bucket, 'holder:x', at)).toEqual(await memory.hit(bucket, 'holder:x', at));
  });

  it('loses no hit when two replicas count one caller at once: the answers are 1..n, each once', async () => {
    const a = postgresWindows(replicaA);
    const b = postgresWindows(replicaB);
    const bucket = uniqueId('race');
    const n = 40;
    const answers = await Promise.all(Array.from({ length: n }, (_, i) => (i % 2 === 0 ? a : b).hit(bucket, 'holder:racer', T0 + i)));
    expect(answers.map((w) => w.hits).sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(new Set(answers.map((w) => w.startedAt)).size).toBe(1);
  });

  it('is an unlogged table: a count costs no WAL flush (BENCHMARKS.md, issue 17)', async () => {
    expect(await replicaA.$queryRawUnsafe(`SELECT relpersistence::text AS relpersistence FROM pg_class WHERE relname = 'rate_limit_windows'`)).toEqual([{ relpersistence: 'u' }]);
  });

  it('sweeps the windows that are over and only those', async () => {
    const windows = postgresWindows(replicaA);
    const bucket = uniqueId('sweep');
    const far = Date.parse('2010-01-04T08:00:00.000Z');
    await windows.hit(bucket, 'holder:old', far);
    await windows.hit(bucket, 'holder:live', far + 30_000);
    const deleted = await sweepRateWindows(replicaA, far + RATE_WINDOW_MS + 10_000);
    expect(deleted).toBe(1);
    const left = await replicaA.rateLimitWindow.findMany({ where: { bucket }, select: { caller: true } });
    expect(left).toEqual([{ caller: 'holder:live' }]);
    // The swept caller comes back to a fresh window.
    expect(await windows.hit(bucket, 'holder:old', far + RATE_WINDOW_MS + 20_000)).toEqual({ startedAt: far + RATE_WINDOW_MS + 20_000, hits: 1 });
  });
});

describe('rate-limit windows with PostgreSQL out of reach', () => {
  it('fail as a dependency down (503 from the app, which the client retries), not as an internal error', async () => {
    const config = testConfig();
    const down = createDatabase(`postgresql://nobody@127.0.0.1:${await freePort()}/none`, { ...config.database, connectionTimeoutMs: 2_000 });
    const failure = await postgresWindows(down).hit('process starts', 'holder:x', Date.now()).then(() => 'counted', (error: unknown) => error);
    expect(isUnavailable(failure)).toBe(true);
    await down.$disconnect();
  });
});

describe('the rate-limit middleware', () => {
  function limitedApp(windows: RateWindows, now: () => number) {
    const app = new Hono<AuthEnv>();
    app.onError((error, c) => (error instanceof ProblemError ? problemResponse(c, error.problem, error.headers, error.detail) : c.text('bug', 500)));
    app.use('*', async (c, next) => {
      c.set('principal', { role: 'holder', subject: c.req.header('x-subject') ?? 'h', accountId: 'acc' } as never);
      await next();
    });
    app.post('/a', rateLimit('process starts', 2, windows, now), (c) => c.text('a'));
    app.post('/b', rateLimit('process starts', 2, windows, now), (c) => c.text('b'));
    return app;
  }

  it('refuses the request past the limit with 429 and Retry-After, counting the routes of one bucket together', async () => {
    let at = T0();
    const app = limitedApp(memoryWindows(), () => at);
    expect((await app.request('/a', { method: 'POST' })).status).toBe(200);
    expect((await app.request('/b', { method: 'POST' })).status).toBe(200);
    at += 15_000;
    const refused = await app.request('/a', { method: 'POST', headers: { 'accept-language': 'en' } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('45');
    expect(((await refused.json()) as { detail: string }).detail).toContain('at most 2 process starts per minute');
    // Another token is counted on its own.
    expect((await app.request('/a', { method: 'POST', headers: { 'x-subject': 'other' } })).status).toBe(200);
    at += 45_000;
    expect((await app.request('/b', { method: 'POST' })).status).toBe(200);
  });

  function T0(): number {
    return Date.parse('2020-01-06T08:00:00.000Z');
  }
});
