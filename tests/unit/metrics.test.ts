import { hostname } from 'node:os';
import { Hono } from 'hono';
import { createApiMetrics, openApiPath, routeLabel, UNMATCHED_ROUTE } from '../../api/metrics';
import { createLogger } from '../../config/logger';
import { loadConfig } from '../../config';
import { startOfChinaDay } from '../../domain';

describe('route-pattern labels of /metrics', () => {
  it("spells Hono's parameters as OpenAPI's, regex constraints dropped", () => {
    expect(openApiPath('/v1/processes/:processId')).toBe('/v1/processes/{processId}');
    expect(openApiPath('/v1/accounts/:accountId/messages/:messageId/read')).toBe('/v1/accounts/{accountId}/messages/{messageId}/read');
    expect(openApiPath('/v1/items/:id{[0-9]+}/x')).toBe('/v1/items/{id}/x');
    expect(openApiPath('/healthz')).toBe('/healthz');
  });

  // The same shape as api/app.ts: a timing middleware first, an auth middleware on
  // /v1/*, a rate limit registered on the route's own path, then the routes.
  function app() {
    const labels: string[] = [];
    const hono = new Hono();
    hono.use('*', async (c, next) => {
      await next();
      labels.push(`${routeLabel(c)} ${c.res.status}`);
    });
    hono.use('/v1/*', async (c, next) => {
      if (!c.req.header('authorization')) return c.text('no token', 401);
      return next();
    });
    hono.post('/v1/things/:thingId/starts', async (c, next) => (c.req.header('x-limited') ? c.text('slow down', 429) : next()));
    hono.get('/v1/things/mine', (c) => c.text('mine'));
    hono.get('/v1/things/:thingId', (c) => {
      if (c.req.param('thingId') === 'boom') throw new Error('boom');
      return c.text(c.req.param('thingId'));
    });
    hono.post('/v1/things/:thingId/starts', (c) => c.text('started', 201));
    hono.onError((_error, c) => c.text('internal', 500));
    return { hono, labels };
  }

  it('labels each request with the pattern it matched and the status it got, never the concrete path', async () => {
    const { hono, labels } = app();
    const auth = { authorization: 'Bearer x' };
    await hono.request('/v1/things/th_123', { headers: auth });
    await hono.request('/v1/things/th_123');
    await hono.request('/v1/things/boom', { headers: auth });
    await hono.request('/v1/things/mine', { headers: auth });
    await hono.request('/v1/things/th_9/starts', { method: 'POST', headers: auth });
    await hono.request('/v1/things/th_9/starts', { method: 'POST', headers: { ...auth, 'x-limited': '1' } });
    await hono.request('/v1/nothing/here/th_123', { headers: auth });
    expect(labels).toEqual([
      '/v1/things/{thingId} 200',
      // Refused by the auth middleware before any route ran: still named by its route.
      '/v1/things/{thingId} 401',
      '/v1/things/{thingId} 500',
      // Two patterns match; the one that answered names it.
      '/v1/things/mine 200',
      '/v1/things/{thingId}/starts 201',
      '/v1/things/{thingId}/starts 429',
      `${UNMATCHED_ROUTE} 404`,
    ]);
  });

  it('renders cumulative histogram buckets, counters and the database gauges in the text format', async () => {
    const db = {
      process: { groupBy: async () => [{ kind: 'individual', method: null, status: 'open', _count: { _all: 2 } }] },
      review: { count: async ({ where }: { where: { dueAt?: unknown } }) => (where.dueAt ? 1 : 3) },
      activityFailure: { groupBy: async () => [{ activityType: 'lookupRegistry', failureType: 'InvalidActivityInput', _count: { _all: 2 } }] },
      notification: {
        groupBy: async ({ where }: { where: { failedAt: unknown } }) =>
          where.failedAt === null ? [{ channel: 'sms', _count: { _all: 4 } }] : [{ channel: 'email', _count: { _all: 1 } }],
      },
      // R-E6.4: the count of overdue payouts (PAYOUTS_OVERDUE).
      $queryRawUnsafe: async () => [{ n: 2 }],
    };
    const metrics = createApiMetrics({ db: db as never, logger: createLogger({ level: 'silent' }) });
    const hono = new Hono();
    hono.use('*', metrics.middleware);
    hono.get('/x/:id', (c) => c.text('ok'));
    await hono.request('/x/1');
    await hono.request('/x/2');
    metrics.webhookRefused('wechat', 'bad_signature');
    const text = await metrics.render();
    expect(text).toContain('# TYPE http_requests_total counter');
    expect(text).toContain('http_requests_total{method="GET",route="/x/{id}",status="200"} 2');
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    // prom-client writes `le` first; the order of labels is no part of a series.
    expect(text).toContain('http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/x/{id}"} 2');
    expect(text).toContain('http_request_duration_seconds_count{method="GET",route="/x/{id}"} 2');
    const buckets = [...text.matchAll(/http_request_duration_seconds_bucket\{[^}]*\} (\d+)/g)].map((match) => Number(match[1]));
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
    expect(text).toContain('realname_webhook_rejections_total{provider="wechat",reason="bad_signature"} 1');
    expect(text).toContain('realname_processes{kind="individual",method="none",status="open"} 2');
    expect(text).toContain('realname_reviews_pending 3');
    expect(text).toContain('realname_reviews_overdue 1');
    expect(text).toContain('# TYPE realname_payouts_overdue gauge');
    expect(text).toContain('realname_payouts_overdue 2');
    // Defect 4: activities that gave up, counted in activity_failures.
    expect(text).toContain('# TYPE realname_activity_failures_total counter');
    expect(text).toContain('realname_activity_failures_total{activity_type="lookupRegistry",failure_type="InvalidActivityInput"} 2');
    // R-G7: every external channel has its series, 0 included.
    expect(text).toContain('# TYPE realname_notices_pending gauge');
    expect(text).toContain('realname_notices_pending{channel="sms"} 4');
    expect(text).toContain('realname_notices_pending{channel="email"} 0');
    expect(text).toContain('realname_notices_failed{channel="email"} 1');
    expect(text).toContain('realname_notices_failed{channel="wechat"} 0');
    expect(text).toContain('realname_metrics_database_up 1');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('adds the Node process, heap, GC and event-loop metrics operators expect (prom-client defaults), each API its own', async () => {
    const failing = async () => {
      throw new Error('connection refused');
    };
    const db = { process: { groupBy: failing }, review: { count: failing }, notification: { groupBy: failing }, activityFailure: { groupBy: failing }, $queryRawUnsafe: failing } as never;
    const text = await createApiMetrics({ db, logger: createLogger({ level: 'silent' }) }).render();
    for (const family of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_gc_duration_seconds', 'nodejs_eventloop_lag_seconds']) {
      expect(text).toContain(`# TYPE ${family} `);
    }
    // A second API in the same process registers its own series, not prom-client's global ones.
    await expect(createApiMetrics({ db, logger: createLogger({ level: 'silent' }) }).render()).resolves.toContain('# TYPE nodejs_heap_size_used_bytes gauge');
  });

  it('keeps serving the HTTP counters when the database cannot be counted', async () => {
    const failing = async () => {
      throw new Error('connection refused');
    };
    const metrics = createApiMetrics({
      db: { process: { groupBy: failing }, review: { count: failing }, notification: { groupBy: failing }, $queryRawUnsafe: failing } as never,
      logger: createLogger({ level: 'silent' }),
    });
    metrics.webhookRefused('qq', 'missing');
    const text = await metrics.render();
    expect(text).toContain('realname_webhook_rejections_total{provider="qq",reason="missing"} 1');
    expect(text).toContain('realname_metrics_database_up 0');
    expect(text).not.toContain('realname_reviews_pending ');
  });

  it('R-G6: exports how many days the business-day calendar still reaches, from config alone', async () => {
    const failing = async () => {
      throw new Error('connection refused');
    };
    const db = { process: { groupBy: failing }, review: { count: failing }, notification: { groupBy: failing }, activityFailure: { groupBy: failing }, $queryRawUnsafe: failing } as never;
    const at = (date: string) => () => startOfChinaDay(date) + 12 * 3600_000;
    const logger = createLogger({ level: 'silent' });
    const soon = await createApiMetrics({ db, logger, config: loadConfig({}), now: at('2026-12-02') }).render();
    expect(soon).toContain('# TYPE realname_calendar_reach_days gauge');
    // Even with the database down: the calendar is config.
    expect(soon).toMatch(/^realname_calendar_reach_days\{replica="[^"]+"\} 29$/m);
    const extended = await createApiMetrics({ db, logger, config: loadConfig({ HOLIDAYS: '2027-01-01', CALENDAR_COMPLETE_YEARS: '2027' }), now: at('2026-12-02') }).render();
    expect(extended).toMatch(/^realname_calendar_reach_days\{replica="[^"]+"\} 394$/m);
    const past = await createApiMetrics({ db, logger, config: loadConfig({}), now: at('2027-01-02') }).render();
    expect(past).toMatch(/^realname_calendar_reach_days\{replica="[^"]+"\} -2$/m);
  });

  it('issue 17: names its replica (REPLICA_ID) on every series it counts itself and in realname_api_replica_info, not on the database counts', async () => {
    const db = { process: { groupBy: async () => [] }, review: { count: async () => 0 }, notification: { groupBy: async () => [] }, activityFailure: { groupBy: async () => [] }, $queryRawUnsafe: async () => [{ n: 0 }] } as never;
    const text = await createApiMetrics({ db, logger: createLogger({ level: 'silent' }), config: loadConfig({ REPLICA_ID: 'api-b' }) }).render();
    expect(text).toContain('realname_api_replica_info{replica="api-b"} 1');
    expect(text).toMatch(/^process_cpu_user_seconds_total\{replica="api-b"\} /m);
    expect(text).toContain('realname_metrics_database_up{replica="api-b"} 1');
    expect(text).toContain('realname_reviews_pending 0');
    expect(loadConfig({ PORT: '3456' }).api.replicaId).toBe(`${hostname()}:3456`);
  });
});
