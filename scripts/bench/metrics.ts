// Issue 18: what moving /metrics to prom-client costs the API, against the
// hand-written exposition it replaced, in one run on one machine.
//
//   npx tsx scripts/bench/metrics.ts [baseline commit, default 4ee0e0e]
//
// The baseline's api/metrics.ts is taken from git (its imports pointed back at
// this tree) so both run side by side in this process. Rounds alternate A/B so
// drift (the other engineers' load on the shared cores) hits both alike.
// Measured: requests through a Hono app with each metrics middleware (the cost
// every API request pays), and render() with 40 route series (a scrape).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Hono } from 'hono';
import { createApiMetrics, type ApiMetrics } from '../../api/metrics';
import { createLogger } from '../../config/logger';

type Factory = typeof createApiMetrics;

const root = resolve(__dirname, '../..');
const baselineRev = process.argv[2] ?? '4ee0e0e';

async function baselineFactory(): Promise<Factory> {
  const source = execFileSync('git', ['show', `${baselineRev}:api/metrics.ts`], { cwd: root, encoding: 'utf8' })
    .replace(/from '\.\.\/([^']+)'/g, (_, path: string) => `from '${join(root, path)}'`)
    .replace(/from '\.\/([^']+)'/g, (_, path: string) => `from '${join(root, 'api', path)}'`);
  const dir = join(root, 'node_modules', '.cache', 'bench-metrics');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'metrics-baseline.ts');
  writeFileSync(file, source);
  return ((await import(file)) as { createApiMetrics: Factory }).createApiMetrics;
}

// A database that answers at once, as a warm PostgreSQL nearly does: the scrape's own cost shows.
const db = {
  process: { groupBy: async () => [{ kind: 'individual', method: 'wechat', status: 'open', _count: { _all: 12 } }, { kind: 'enterprise', method: 'recharge', status: 'verified', _count: { _all: 3 } }] },
  review: { count: async () => 2 },
  notification: { groupBy: async () => [{ channel: 'sms', _count: { _all: 1 } }] },
  activityFailure: { groupBy: async () => [] },
  $queryRawUnsafe: async () => [{ n: 0 }],
} as never;

function app(metrics: ApiMetrics): Hono {
  const hono = new Hono();
  hono.use('*', metrics.middleware);
  hono.get('/v1/processes/:processId', (c) => c.json({ id: c.req.param('processId') }));
  hono.get('/v1/route/:n/things/:id', (c) => c.text('ok'));
  return hono;
}

async function requestsPerSecond(hono: Hono, n: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < n; i += 1) {
    const response = await hono.request(`/v1/processes/prc_${i % 100}`);
    await response.arrayBuffer();
  }
  return n / ((performance.now() - started) / 1000);
}

async function renderMs(metrics: ApiMetrics, n: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < n; i += 1) await metrics.render();
  return (performance.now() - started) / n;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main() {
  const logger = createLogger({ level: 'silent' });
  const sides: Record<'handWritten' | 'promClient', Factory> = { handWritten: await baselineFactory(), promClient: createApiMetrics };
  const built = Object.fromEntries(
    Object.entries(sides).map(([name, factory]) => {
      const metrics = factory({ db, logger });
      return [name, { metrics, hono: app(metrics) }];
    }),
  ) as Record<keyof typeof sides, { metrics: ApiMetrics; hono: Hono }>;
  // 40 route series and some webhook refusals, as a running API has.
  for (const { hono, metrics } of Object.values(built)) {
    for (let route = 0; route < 40; route += 1) await hono.request(`/v1/route/${route}/things/x`);
    metrics.webhookRefused('wechat', 'bad_signature');
  }
  const rps: Record<string, number[]> = { handWritten: [], promClient: [] };
  const render: Record<string, number[]> = { handWritten: [], promClient: [] };
  await requestsPerSecond(built.handWritten.hono, 3000);
  await requestsPerSecond(built.promClient.hono, 3000);
  for (let round = 0; round < 7; round += 1) {
    for (const name of round % 2 === 0 ? (['handWritten', 'promClient'] as const) : (['promClient', 'handWritten'] as const)) {
      rps[name]!.push(await requestsPerSecond(built[name].hono, 20_000));
      render[name]!.push(await renderMs(built[name].metrics, 200));
    }
  }
  const report = {
    baseline: baselineRev,
    requestsPerSecond: { handWritten: Math.round(median(rps.handWritten!)), promClient: Math.round(median(rps.promClient!)), ratio: +(median(rps.promClient!) / median(rps.handWritten!)).toFixed(3) },
    renderMs: { handWritten: +median(render.handWritten!).toFixed(3), promClient: +median(render.promClient!).toFixed(3), ratio: +(median(render.promClient!) / median(render.handWritten!)).toFixed(2) },
    rounds: { rps, render },
  };
  console.log(JSON.stringify(report, null, 2));
}

void main().then(() => process.exit(0));
