// GET /metrics in the Prometheus text format (version 0.0.4), on prom-client:
// the series below plus its default process, heap, GC and event-loop metrics
// (process_*, nodejs_*), what operators expect of a Node service
// (BENCHMARKS.md: no measurable cost to the API).
//
// HTTP traffic and webhook refusals are counted in this process (each API
// replica reports its own and Prometheus sums them): these series, and
// prom-client's defaults, carry a `replica` label (REPLICA_ID, default
// hostname:port), and `realname_api_replica_info` names the replica, so an
// answer is traced to the process that gave it even behind one scrape address.
// Processes and reviews are
// counted in PostgreSQL at scrape time instead, so every replica reports the
// same truth and a restart loses nothing; so are outcome notices pending and
// failed delivery, and payouts overdue (R-E6.4).
import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { matchedRoutes } from 'hono/route';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { configuredCalendarReach } from '../config/business-calendar';
import { OPEN_PROCESSES_PAST_REACH, pastReachParameters } from './deadlines-past-reach';
import { verifyToken } from './auth';
import type { ApiDeps } from './deps';
import { problems } from './problem';
import { PAYOUT_REFUSALS } from '../domain/payout-refusals';
import { PROBLEM_DETAILS } from '../domain/texts';

/** Seconds; from a cached read (a few ms) to a slow process start. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The channels an outcome notice is delivered through apart from its process (R-G7). */
const NOTICE_CHANNELS = ['sms', 'email', 'wechat'] as const;

/** R-E6.4: payouts flagged overdue, still unreported, of processes still open (a partial index serves it). */
export const PAYOUTS_OVERDUE = `
  SELECT count(*)::int AS n FROM payouts p JOIN processes r ON r.id = p.process_id
   WHERE p.overdue_at IS NOT NULL AND p.delivered_at IS NULL AND r.status = 'open'`;

/** R-E6.4: the payouts the bank refused, by refusal (a partial index serves it). */
export const PAYOUT_REFUSALS_COUNTED = `
  SELECT refusal, count(*)::int AS n FROM payouts WHERE refused_at IS NOT NULL GROUP BY refusal`;

/** The label of a request that matched no route: the concrete path would let any caller create series. */
export const UNMATCHED_ROUTE = 'unmatched';

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
  // One registry per API (not prom-client's global one): each app, and each test, counts its own.
  const registry = new Registry();
  const replica = config?.api.replicaId;
  // Issue 17: which replica counted them. Not on the database counts below: every replica reports the same truth (max, not sum).
  if (replica !== undefined) registry.setDefaultLabels({ replica });
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  if (replica !== undefined) {
    new Gauge({ name: 'realname_api_replica_info', help: 'Always 1; its replica label names this API process (REPLICA_ID, default hostname:port).', registers }).set(1);
  }
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered, by method, route pattern and status.', labelNames: ['method', 'route', 'status'] as const, registers });
  const latency = new Histogram({ name: 'http_request_duration_seconds', help: 'Time to answer an HTTP request, by method and route pattern.', labelNames: ['method', 'route'] as const, buckets: LATENCY_BUCKETS, registers });
  const webhookRejections = new Counter({ name: 'realname_webhook_rejections_total', help: 'Provider webhooks refused by the signature check, by provider and reason.', labelNames: ['provider', 'reason'] as const, registers });
  if (config) {
    // R-G6: how far the business-day calendar reaches, from config alone (no database).
    new Gauge({
      name: 'realname_calendar_reach_days',
      help: 'Days from today (China time) to the last day the business-day calendar covers (R-G6); alert below 60, it is negative once past.',
      registers,
      collect() {
        this.set(configuredCalendarReach(config, now()).reachDays);
      },
    });
  }
  const databaseUp = new Gauge({ name: 'realname_metrics_database_up', help: 'Whether this scrape could count processes, reviews and notices in PostgreSQL.', registers });

  // Counted in PostgreSQL at each scrape, all or none: their own registry, left out of a scrape that could not count them.
  const counted = new Registry();
  const inCounted = [counted];
  const processes = new Gauge({ name: 'realname_processes', help: 'Processes by kind, method and status (open, verified, failed, …), counted in PostgreSQL; their sum by kind and method is the processes started.', labelNames: ['kind', 'method', 'status'] as const, registers: inCounted });
  const reviewsPending = new Gauge({ name: 'realname_reviews_pending', help: 'Manual reviews waiting for a decision.', registers: inCounted });
  const reviewsOverdue = new Gauge({ name: 'realname_reviews_overdue', help: 'Pending manual reviews past their SLA deadline (due_at <= now).', registers: inCounted });
  const pastReach = new Gauge({
    name: 'realname_open_processes_past_calendar_reach',
    help: 'Open processes with a business-day deadline (review SLA, payout overdue or delivery) after the last day the business-day calendar covers (R-G6): recheck them once the next schedule is in.',
    registers: inCounted,
  });
  const payoutsOverdue = new Gauge({ name: 'realname_payouts_overdue', help: 'Remittance payouts the bank has not reported delivered within PAYOUT_OVERDUE_BUSINESS_DAYS, their process still open (R-E6.4); operators were alerted.', registers: inCounted });
  /** Rows are never deleted, so the count only grows: a rise means holders are being sent back to their bank details (R-E6.4). */
  const payoutRefusals = new Counter({
    name: 'realname_payout_refusals_total',
    help: 'Remittance payouts the bank refused for the account (R-E6.4), by refusal (account_invalid, account_closed, payee_name_mismatch); the holder was sent back to correct the bank details. A rise across holders points at the bank or at what we send it.',
    labelNames: ['refusal'] as const,
    registers: inCounted,
  });
  const noticesPending = new Gauge({ name: 'realname_notices_pending', help: 'Outcome notices not yet delivered and still being retried, by channel (R-G7).', labelNames: ['channel'] as const, registers: inCounted });
  const noticesFailed = new Gauge({ name: 'realname_notices_failed', help: 'Outcome notices that spent their delivery attempts, by channel; operators were alerted (R-G7).', labelNames: ['channel'] as const, registers: inCounted });
  /**
   * Activities that gave up (worker/activity-failures.ts), counted from the rows
   * operators list, so the count and the list agree and survive a worker
   * restart (a counter in the worker's SDK metrics would not). Rows are only
   * ever added, so the count only grows: alert on any increase.
   */
  const activityFailures = new Counter({ name: 'realname_activity_failures_total', help: 'Activities that gave up (a failure no retry can mend, or the last attempt allowed), by activity type and failure type, counted in PostgreSQL.', labelNames: ['activity_type', 'failure_type'] as const, registers: inCounted });

  /** Reads every database count, then sets them all (a series gone from the database goes from the exposition). */
  async function countInDatabase(): Promise<void> {
    // Each read in its own async function: one that throws at once still leaves none of the others unhandled.
    const countRows = async () => Promise.all([
      db.process.groupBy({ by: ['kind', 'method', 'status'], _count: { _all: true }, orderBy: [{ kind: 'asc' }, { method: 'asc' }, { status: 'asc' }] }),
      db.review.count({ where: { status: 'pending' } }),
      db.review.count({ where: { status: 'pending', dueAt: { lte: new Date(now()) } } }),
      // R-G7: outbox rows still being retried, and those that spent their attempts.
      db.notification.groupBy({ by: ['channel'], where: { sentAt: null, failedAt: null }, _count: { _all: true } }),
      db.notification.groupBy({ by: ['channel'], where: { sentAt: null, failedAt: { not: null } }, _count: { _all: true } }),
      // R-E6.4: payouts flagged overdue whose process still waits for the bank's report.
      db.$queryRawUnsafe<Array<{ n: number }>>(PAYOUTS_OVERDUE).then((rows) => rows[0]?.n ?? 0),
      // R-G6: only with the calendar's config (the API's); 0 for a registry made without it.
      config
        ? db.$queryRawUnsafe<Array<{ n: number }>>(OPEN_PROCESSES_PAST_REACH, ...pastReachParameters(config.calendar.coveredThrough)).then((rows) => rows[0]?.n ?? 0)
        : 0,
    ]);
    const refusalRows = async () => db.$queryRawUnsafe<Array<{ refusal: string; n: number }>>(PAYOUT_REFUSALS_COUNTED);
    const failureRows = async () => db.activityFailure.groupBy({ by: ['activityType', 'failureType'], _count: { _all: true }, orderBy: [{ activityType: 'asc' }, { failureType: 'asc' }] });
    const [[processRows, pending, overdue, pendingRows, failedRows, payouts, beyondReach], gaveUp, refused] = await Promise.all([countRows(), failureRows(), refusalRows()]);
    counted.resetMetrics();
    for (const row of processRows) processes.set({ kind: row.kind, method: row.method ?? 'none', status: row.status }, row._count._all);
    reviewsPending.set(pending);
    reviewsOverdue.set(overdue);
    payoutsOverdue.set(payouts);
    pastReach.set(beyondReach);
    // Every external channel has its series, 0 included, so an alert rule never waits for one to appear.
    for (const channel of NOTICE_CHANNELS) {
      noticesPending.set({ channel }, pendingRows.find((row) => row.channel === channel)?._count._all ?? 0);
      noticesFailed.set({ channel }, failedRows.find((row) => row.channel === channel)?._count._all ?? 0);
    }
    for (const row of gaveUp) activityFailures.inc({ activity_type: row.activityType, failure_type: row.failureType }, row._count._all);
    // Every refusal has its series, 0 included, so an alert rule never waits for one to appear.
    for (const refusal of PAYOUT_REFUSALS) payoutRefusals.inc({ refusal }, refused.find((row) => row.refusal === refusal)?.n ?? 0);
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
      const up = await countInDatabase().then(
        () => true,
        (error: unknown) => {
          logger.warn({ err: { message: (error as Error).message } }, 'metrics: database counts unavailable');
          return false;
        },
      );
      databaseUp.set(up ? 1 : 0);
      const [local, database] = await Promise.all([registry.metrics(), up ? counted.metrics() : '']);
      return database === '' ? local : `${local}\n${database}`;
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
    if (!token) throw problems.unauthorized(PROBLEM_DETAILS.metricsBearerRequired());
    const scraper = config.metrics.token !== undefined && sameSecret(token, config.metrics.token);
    if (!scraper) {
      const principal = await verifyToken(config.auth, token);
      if (principal.role !== 'operator') throw problems.forbidden(PROBLEM_DETAILS.metricsOperatorOnly());
    }
    return c.body(await metrics.render(), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
  });
}
