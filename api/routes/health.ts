import type { OpenAPIHono } from '@hono/zod-openapi';
import { configuredCalendarReach } from '../../config/business-calendar';
import type { ApiDeps } from '../deps';

/**
 * Liveness says the process answers; readiness says its dependencies do, and
 * warns (R-G6, still ready) when the business-day calendar ends within 60 days.
 */
export function registerHealthRoutes(app: OpenAPIHono<any>, { db, temporal, config, now = Date.now }: ApiDeps): void {
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const [database, temporalServer] = await Promise.all([
      db.$queryRaw`SELECT 1`.then(() => 'ok', () => 'unavailable'),
      temporal.workflowService.getSystemInfo({}).then(() => 'ok', () => 'unavailable'),
    ]);
    const ready = database === 'ok' && temporalServer === 'ok';
    const reach = configuredCalendarReach(config, now());
    const calendar = { status: reach.warning ? 'ending_soon' : 'ok', coveredThrough: reach.coveredThrough, reachDays: reach.reachDays };
    return c.json(
      { status: ready ? 'ready' : 'not_ready', checks: { database, temporal: temporalServer, calendar }, warnings: reach.warning ? [reach.warning] : [] },
      ready ? 200 : 503,
    );
  });
}
