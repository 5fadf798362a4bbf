// GET /metrics in the Prometheus text format (version 0.0.4), written by hand:
// three counters and a histogram do not justify a dependency.
//
// HTTP traffic and webhook refusals are counted in this process (each API
// replica reports its own and Prometheus sums them). Processes and reviews are
// counted in PostgreSQL at scrape time instead, so every replica reports the
// same truth and a restart loses nothing; so are outcome notices pending and
// failed delivery, and payouts overdue (R-E6.4).
import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { matchedRoutes } from 'hono/route';
import { configuredCalendarReach } from '../config/business-calendar';
import { verifyToken } from './auth';
import type { ApiDeps } from './deps';
import { problems } from './problem';

/** Seconds; from a cached read (a few ms) to a slow process start. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The channels an outcome notice is delivered through apart from its process (R-G7). */
const NOTICE_CHANNELS = ['sms', 'email', 'wechat'] as const;

/** R-E6.4: payouts flagged overdue, still unreported, of processes still open (a partial index serves it). */
export const PAYOUTS_OVERDUE = `
  SELECT count(*)::int AS n FROM payouts p JOIN processes r ON r.id = p.process_id
   WHERE p.overdue_at IS NOT NULL AND p.delivered_at IS NULL AND r.status = 'open'`;

/** The label of a request that matched no route: the concrete path would let any caller create series. */
export const UNMATCHED_ROUTE = 'unmatched';

type Labels = Record<string, string>;

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function formatLabels(labels: Labels): string {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabelValue(value)}"`);
  return pairs.length ? `{${pairs.join(',')}}` : '';
}

function header(name: string, type: 'counter' | 'gauge' | 'histogram', help: string): string[] {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
}

class Counter {
  private readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(readonly name: string, private readonly help: string) {}

  inc(labels: Labels): void {
    const key = formatLabels(labels);
    const entry = this.values.get(key) ?? { labels, value: 0 };
    entry.value += 1;
    this.values.set(key, entry);
  }

  render(): string[] {
    return [...header(this.name, 'counter', this.help), ...[...this.values].map(([key, { value }]) => `${this.name}${key} ${value}`)];
  }
}

class Histogram {
  private readonly series = new Map<string, { labels: Labels; buckets: number[]; sum: number; count: number }>();
  constructor(readonly name: string, private readonly help: string, private readonly bounds: number[]) {}

  observe(labels: Labels, value: number): void {
    const key = formatLabels(labels);
    const entry = this.series.get(key) ?? { labels, buckets: this.bounds.map(() => 0), sum: 0, count: 0 };
    // Buckets are cumulative: a value counts in every bucket whose bound it does not exceed.
    this.bounds.forEach((bound, index) => {
      if (value <= bound) entry.buckets[index]! += 1;
    });
    entry.sum += value;
    entry.count += 1;
    this.series.set(key, entry);
  }

  render(): string[] {
    const lines = header(this.name, 'histogram', this.help);
    for (const { labels, buckets, sum, count } of this.series.values()) {
      this.bounds.forEach((bound, index) => lines.push(`${this.name}_bucket${formatLabels({ ...labels, le: String(bound) })} ${buckets[index]}`));
      lines.push(`${this.name}_bucket${formatLabels({ ...labels, le: '+Inf' })} ${count}`);
      lines.push(`${this.name}_sum${formatLabels(labels)} ${sum}`);
      lines.push(`${this.name}_count${formatLabels(labels)} ${count}`);
    }
    return lines;
  }
}

/**
 * The route pattern a request matched, in OpenAPI spelling (`/v1/processes/{processId}`),
 * never its concrete path. Middleware (`app.use`, method ALL) is skipped; of the
 * method routes, the last one dispatched answered, and when a middleware refused
 * first (401, 413, 429) the first one that would have answered names the request.
 */
export function routeLabel(c: Context): string {
  const routes = matchedRoutes(c).map((route, index) => ({ route, index })).filter(({ route }) => route.method !== 'ALL');
  const dispatched = routes.filter(({ index }) => index <= c.req.routeIndex).pop();
  const chosen = dispatched ?? routes[0];
  return chosen ? openApiPath(chosen.route.path) : UNMATCHED_ROUTE;
}

/** Hono's `/:processId` and `/:id{[0-9]+}` as OpenAPI's `/{processId}` and `/{id}`. */
export function openApiPath(honoPath: string): string {
  return honoPath.replace(/:([A-Za-z0-9_]+)(\{(?:[^{}]|\{[^{}]*\})*\})?/g, '{$1}');
}

export interface ApiMetrics {
  /** Times and counts every request by route pattern and status; mount it first. */
  middleware: MiddlewareHandler;
  /** A webhook refused by its signature check (`missing`, `stale_timestamp`, `bad_signature`). */
  webhookRefused(provider: string, reason: string): void;
  /** The whole exposition, with the database counts read now. */
  render(): Promise<string>;
}

export function createApiMetrics({ db, logger, now = Date.now, config }: Pick<ApiDeps, 'db' | 'logger' | 'now'> & Partial<Pick<ApiDeps, 'config'>>): ApiMetrics {
  const requests = new Counter('http_requests_total', 'HTTP requests answered, by method, route pattern and status.');
  const latency = new Histogram('http_request_duration_seconds', 'Time to answer an HTTP request, by method and route pattern.', LATENCY_BUCKETS);
  const webhookRejections = new Counter('realname_webhook_rejections_total', 'Provider webhooks refused by the signature check, by provider and reason.');

  async function databaseLines(): Promise<string[]> {
    const [processes, pending, overdue, noticesPending, noticesFailed, payoutsOverdue] = await Promise.all([
      db.process.groupBy({ by: ['kind', 'method', 'status'], _count: { _all: true }, orderBy: [{ kind: 'asc' }, { method: 'asc' }, { status: 'asc' }] }),
      db.review.count({ where: { status: 'pending' } }),
      db.review.count({ where: { status: 'pending', dueAt: { lte: new Date(now()) } } }),
      // R-G7: outbox rows still being retried, and those that spent their attempts.
      db.notification.groupBy({ by: ['channel'], where: { sentAt: null, failedAt: null }, _count: { _all: true } }),
      db.notification.groupBy({ by: ['channel'], where: { sentAt: null, failedAt: { not: null } }, _count: { _all: true } }),
      // R-E6.4: payouts flagged overdue whose process still waits for the bank's report.
      db.$queryRawUnsafe<Array<{ n: number }>>(PAYOUTS_OVERDUE).then((rows) => rows[0]?.n ?? 0),
    ]);
    // Every external channel has its series, 0 included, so an alert rule never waits for one to appear.
    const byChannel = (rows: Array<{ channel: string; _count: { _all: number } }>, name: string) =>
      NOTICE_CHANNELS.map((channel) => `${name}${formatLabels({ channel })} ${rows.find((row) => row.channel === channel)?._count._all ?? 0}`);
    return [
      ...header('realname_processes', 'gauge', 'Processes by kind, method and status (open, verified, failed, …), counted in PostgreSQL; their sum by kind and method is the processes started.'),
      ...processes.map(
        (row) => `realname_processes${formatLabels({ kind: row.kind, method: row.method ?? 'none', status: row.status })} ${row._count._all}`,
      ),
      ...header('realname_reviews_pending', 'gauge', 'Manual reviews waiting for a decision.'),
      `realname_reviews_pending ${pending}`,
      ...header('realname_reviews_overdue', 'gauge', 'Pending manual reviews past their SLA deadline (due_at <= now).'),
      `realname_reviews_overdue ${overdue}`,
      ...header('realname_payouts_overdue', 'gauge', 'Remittance payouts the bank has not reported delivered within PAYOUT_OVERDUE_BUSINESS_DAYS, their process still open (R-E6.4); operators were alerted.'),
      `realname_payouts_overdue ${payoutsOverdue}`,
      ...header('realname_notices_pending', 'gauge', 'Outcome notices not yet delivered and still being retried, by channel (R-G7).'),
      ...byChannel(noticesPending, 'realname_notices_pending'),
      ...header('realname_notices_failed', 'gauge', 'Outcome notices that spent their delivery attempts, by channel; operators were alerted (R-G7).'),
      ...byChannel(noticesFailed, 'realname_notices_failed'),
    ];
  }

  /**
   * Activities that gave up (worker/activity-failures.ts), counted from the rows
   * operators list, so the count and the list agree and survive a worker
   * restart (a counter in the worker's SDK metrics would not). Rows are only
   * ever added, so the count only grows: alert on any increase.
   */
  async function activityFailureLines(): Promise<string[]> {
    const rows = await db.activityFailure.groupBy({ by: ['activityType', 'failureType'], _count: { _all: true }, orderBy: [{ activityType: 'asc' }, { failureType: 'asc' }] });
    return [
      ...header('realname_activity_failures_total', 'counter', 'Activities that gave up (a failure no retry can mend, or the last attempt allowed), by activity type and failure type, counted in PostgreSQL.'),
      ...rows.map((row) => `realname_activity_failures_total${formatLabels({ activity_type: row.activityType, failure_type: row.failureType })} ${row._count._all}`),
    ];
  }

  /** R-G6: how far the business-day calendar reaches, from config alone (no database). */
  function calendarLines(): string[] {
    if (!config) return [];
    const reach = configuredCalendarReach(config, now());
    return [
      ...header('realname_calendar_reach_days', 'gauge', 'Days from today (China time) to the last day the business-day calendar covers (R-G6); alert below 60, it is negative once past.'),
      `realname_calendar_reach_days ${reach.reachDays}`,
    ];
  }

  return {
    middleware: async (c, next) => {
      const started = performance.now();
      try {
        await next();
      } finally {
        const route = routeLabel(c);
        const { method } = c.req;
        requests.inc({ method, route, status: String(c.res.status) });
        latency.observe({ method, route }, (performance.now() - started) / 1000);
      }
    },
    webhookRefused: (provider, reason) => webhookRejections.inc({ provider, reason }),
    async render() {
      // A database outage must not hide the HTTP counters, which are what shows it.
      const database = await Promise.all([databaseLines(), activityFailureLines()]).then(
        ([counts, gaveUp]) => ({ up: 1, lines: [...counts, ...gaveUp] }),
        (error: unknown) => {
          logger.warn({ err: { message: (error as Error).message } }, 'metrics: database counts unavailable');
          return { up: 0, lines: [] as string[] };
        },
      );
      return [
        ...requests.render(),
        ...latency.render(),
        ...webhookRejections.render(),
        ...calendarLines(),
        ...database.lines,
        ...header('realname_metrics_database_up', 'gauge', 'Whether this scrape could count processes, reviews and notices in PostgreSQL.'),
        `realname_metrics_database_up ${database.up}`,
        '',
      ].join('\n');
    },
  };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `GET /metrics` for operators: an operator token, or the static METRICS_TOKEN
 * a Prometheus server keeps in its `bearer_token_file` (operator tokens expire).
 * Not public: the API faces the internet for webhooks, and process counts by
 * status are business figures.
 */
export function registerMetricsRoute(app: OpenAPIHono<any>, { config }: Pick<ApiDeps, 'config'>, metrics: ApiMetrics): void {
  app.get('/metrics', async (c) => {
    const token = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) throw problems.unauthorized('send Authorization: Bearer <operator token or METRICS_TOKEN>');
    const scraper = config.metrics.token !== undefined && sameSecret(token, config.metrics.token);
    if (!scraper) {
      const principal = await verifyToken(config.auth, token);
      if (principal.role !== 'operator') throw problems.forbidden('metrics need an operator token');
    }
    return c.body(await metrics.render(), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
  });
}
