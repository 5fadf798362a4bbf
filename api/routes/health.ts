import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from '../deps';

/** Liveness says the process answers; readiness says its dependencies do. */
export function registerHealthRoutes(app: OpenAPIHono<any>, { db, temporal }: ApiDeps): void {
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const [database, temporalServer] = await Promise.all([
      db.$queryRaw`SELECT 1`.then(() => 'ok', () => 'unavailable'),
      temporal.workflowService.getSystemInfo({}).then(() => 'ok', () => 'unavailable'),
    ]);
    const ready = database === 'ok' && temporalServer === 'ok';
    return c.json({ status: ready ? 'ready' : 'not_ready', checks: { database, temporal: temporalServer } }, ready ? 200 : 503);
  });
}
