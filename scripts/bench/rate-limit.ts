// Issue 17: what counting the rate limits in PostgreSQL (api/rate-windows.ts,
// shared by every API replica) costs a limited request, against the in-memory
// windows it replaced (one API process), in one run on one machine.
//
//   npx tsx scripts/bench/rate-limit.ts
//
// A Hono app with the rate-limit middleware and an empty handler, each side in
// its own app, on an embedded PostgreSQL of its own (migrated, pool of 10 as
// DATABASE_POOL_SIZE defaults). Rounds alternate A/B so drift (the other
// engineers' load on the shared cores) hits both alike. Two loads: many
// callers (200 tokens, as real traffic), and one caller hammering its own row
// (the worst case: every upsert waits on the same row lock). Latency is per
// request through the middleware, at 10 concurrent.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import type { AuthEnv } from '../../api/auth';
import { rateLimit } from '../../api/rate-limit';
import { memoryWindows, postgresWindows, type RateWindows } from '../../api/rate-windows';
import { loadConfig } from '../../config';
import { createDatabase } from '../../prisma/client';
import { migrate } from '../../prisma/migrate';
import { freePort } from '../infra/ports';
import { startEmbeddedPostgres } from '../infra/postgres';
import { pool, summarize } from './stats';

const ROUNDS = 5;
const REQUESTS = 4_000;
const CONCURRENCY = 10;

function limitedApp(windows: RateWindows): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.use('*', async (c, next) => {
    c.set('principal', { role: 'holder', subject: c.req.header('x-subject')!, accountId: 'acc' } as never);
    await next();
  });
  // A limit no caller reaches, so every request pays the count and none is refused.
  app.post('/v1/start', rateLimit('process starts', 1_000_000_000, windows), (c) => c.body(null, 204));
  return app;
}

async function round(app: Hono<AuthEnv>, callers: number, label: string): Promise<{ rps: number; latencies: number[] }> {
  const latencies: number[] = [];
  const started = performance.now();
  await pool(REQUESTS, CONCURRENCY, async (i) => {
    const at = performance.now();
    const response = await app.request('/v1/start', { method: 'POST', headers: { 'x-subject': `${label}-${i % callers}` } });
    if (response.status !== 204) throw new Error(`answered ${response.status}`);
    latencies.push(performance.now() - at);
  });
  return { rps: REQUESTS / ((performance.now() - started) / 1000), latencies };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-rate-limit-'));
  const postgres = await startEmbeddedPostgres({ dataDir: dir, port: await freePort(), database: 'bench', persistent: false });
  try {
    await migrate(postgres.url);
    const config = loadConfig({ DATABASE_URL: postgres.url, LOG_LEVEL: 'silent' });
    const db = createDatabase(postgres.url, config.database);
    const sides = { memory: limitedApp(memoryWindows()), postgres: limitedApp(postgresWindows(db)) };
    const report: Record<string, unknown> = {};
    for (const [load, callers] of [['200 callers', 200], ['1 caller', 1]] as const) {
      const rps: Record<string, number[]> = { memory: [], postgres: [] };
      const latencies: Record<string, number[]> = { memory: [], postgres: [] };
      for (const name of ['memory', 'postgres'] as const) await round(sides[name], callers, `warm-${load}`);
      for (let r = 0; r < ROUNDS; r += 1) {
        for (const name of r % 2 === 0 ? (['memory', 'postgres'] as const) : (['postgres', 'memory'] as const)) {
          const result = await round(sides[name], callers, `${load}-${r}`);
          rps[name]!.push(result.rps);
          latencies[name]!.push(...result.latencies);
        }
      }
      const memory = summarize(latencies.memory!);
      const shared = summarize(latencies.postgres!);
      report[load] = {
        requestsPerSecond: { memory: Math.round(median(rps.memory!)), postgres: Math.round(median(rps.postgres!)), ratio: +(median(rps.postgres!) / median(rps.memory!)).toFixed(3) },
        latencyMs: {
          memory: { p50: +memory.p50.toFixed(3), p99: +memory.p99.toFixed(3) },
          postgres: { p50: +shared.p50.toFixed(3), p99: +shared.p99.toFixed(3) },
          addedP50: +(shared.p50 - memory.p50).toFixed(3),
          addedP99: +(shared.p99 - memory.p99).toFixed(3),
        },
        rounds: { rps: Object.fromEntries(Object.entries(rps).map(([k, v]) => [k, v.map(Math.round)])) },
      };
    }
    console.log(JSON.stringify({ at: new Date().toISOString(), node: process.version, rounds: ROUNDS, requestsPerRound: REQUESTS, concurrency: CONCURRENCY, ...report }, null, 2));
    await db.$disconnect();
  } finally {
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
