import { execFile } from 'node:child_process';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { Pool } from 'pg';
import type { AuthEnv } from '../../api/auth';
import type { Config } from '../../config';
import type { Database } from '../../prisma/client';
import { say } from './progress';

export const BASELINE_PATH = '/bench/baseline/processes';
export const PRISMA_PATH = '/bench/prisma/processes';

/**
 * The cheapest honest read of what `GET /v1/processes/{id}` shows: the process
 * row and its steps in one raw `pg` query, no auth, no Prisma, no view mapping.
 * Its own pool of the same size, so neither route waits on the other's connections.
 */
export function mountBaseline(app: OpenAPIHono<AuthEnv>, config: Config, db: Database): () => Promise<void> {
  const pool = new Pool({ connectionString: config.databaseUrl, max: config.database.poolSize });
  app.get(`${BASELINE_PATH}/:processId`, async (c) => {
    // Prepared, as the route's read is since 2026-12-02: the least a read of the row and its steps costs.
    const { rows } = await pool.query({
      name: 'bench-baseline-read',
      text: `SELECT p.*, COALESCE((SELECT json_agg(s ORDER BY s.seq) FROM process_steps s WHERE s.process_id = p.id), '[]') AS steps
         FROM processes p WHERE p.id = $1`,
      values: [c.req.param('processId')],
    });
    return rows[0] ? c.json(rows[0]) : c.json({ status: 404 }, 404);
  });
  // Not a baseline but a probe: the same read through Prisma (`include`, two queries), without auth or view: what the route would cost on Prisma.
  app.get(`${PRISMA_PATH}/:processId`, async (c) => {
    const process = await db.process.findUnique({ where: { id: c.req.param('processId') }, include: { steps: { orderBy: { seq: 'asc' } } } });
    return process ? c.json(process) : c.json({ status: 404 }, 404);
  });
  return () => pool.end();
}

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

interface AutocannonJson {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}

/**
 * autocannon in its own process: in ours it would share the event loop with
 * the API it loads and measure itself as much as the route.
 */
export function load(url: string, options: { seconds: number; connections: number; token?: string }): Promise<LoadResult> {
  const args = [require.resolve('autocannon/autocannon.js'), '-j', '-c', String(options.connections), '-d', String(options.seconds)];
  if (options.token) args.push('-H', `authorization=Bearer ${options.token}`);
  args.push(url);
  say(`autocannon ${options.connections} connections, ${options.seconds} s: ${new URL(url).pathname}`);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 16 * 2 ** 20 }, (error, stdout) => {
      if (error) return reject(error);
      const result = JSON.parse(stdout.trim().split('\n').pop()!) as AutocannonJson;
      resolve({
        requestsPerSecond: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        non2xx: result.non2xx,
        errors: result.errors,
      });
    });
  });
}

/** Each figure's median over the rounds. */
function medianOf(runs: LoadResult[]): LoadResult {
  const median = (pick: (run: LoadResult) => number) => {
    const sorted = runs.map(pick).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
  };
  return {
    requestsPerSecond: median((run) => run.requestsPerSecond),
    p50: median((run) => run.p50),
    p99: median((run) => run.p99),
    non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
  };
}

/**
 * The baseline and our route in alternating rounds, so that a busy minute on a
 * shared machine, or the collector catching up, falls on both alike rather than
 * on whichever ran then; each figure is the median of its route's rounds.
 */
export async function compareReads(
  urls: { baseline: string; ours: string },
  options: { seconds: number; connections: number; token: string; rounds: number },
): Promise<{ baseline: LoadResult; ours: LoadResult }> {
  const round = { seconds: Math.max(1, Math.round(options.seconds / options.rounds)), connections: options.connections };
  const baseline: LoadResult[] = [];
  const ours: LoadResult[] = [];
  for (let i = 0; i < options.rounds; i++) {
    baseline.push(await load(urls.baseline, round));
    ours.push(await load(urls.ours, { ...round, token: options.token }));
  }
  return { baseline: medianOf(baseline), ours: medianOf(ours) };
}
