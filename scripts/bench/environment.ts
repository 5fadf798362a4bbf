// The system under measurement, brought up from nothing for each bench run so
// no earlier state (history rows, cached workflows, warm pools) colours the numbers.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, makeTelemetryFilterString, NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { createApp } from '../../api/app';
import { dataConverter } from '../../codec/data-converter';
import { issueToken } from '../../api/auth';
import type { AuthEnv } from '../../api/auth';
import { loadConfig, type Config } from '../../config';
import { createLogger } from '../../config/logger';
import { createDatabase, type Database } from '../../prisma/client';
import { migrate } from '../../prisma/migrate';
import { createWorker } from '../../worker/create-worker';
import { temporalBinaries } from '../infra/binaries';
import { freePort } from '../infra/ports';
import { startEmbeddedPostgres } from '../infra/postgres';
import { startTemporalDevServer } from '../infra/temporal';
import { cpuMeter, type CpuSample } from './cpu';
import { FLOOR_TASK_QUEUE } from './floor-workflow';
import { say } from './progress';
import { WORKFLOW_INTERCEPTOR_MODULES, WORKFLOWS_PATH } from '../../worker/workflow-code';

export interface BenchOptions {
  /** Worker options for our worker, to compare tunings run against run. */
  workerTuning: Partial<WorkerOptions>;
  /** Extra environment for loadConfig (e.g. DATABASE_POOL_SIZE). */
  env: Record<string, string>;
  /** Extra `temporal server start-dev` flags (dynamic config, SQLite pragmas) to show what the server, not our code, limits. */
  devServerArgs: string[];
  keepData: boolean;
}

export interface BenchSystem {
  config: Config;
  db: Database;
  /** Ours, with the project's payload encryption. */
  temporal: Client;
  /** Bare, for the floor: no codec, nothing of ours. */
  floorClient: Client;
  baseUrl: string;
  operatorToken: string;
  holderToken(accountId: string): Promise<string>;
  /** CPU seconds so far per component (Linux only). */
  cpu(): CpuSample | undefined;
  stop(): Promise<void>;
}

const ROOT = join(__dirname, '..', '..');

/**
 * Embedded PostgreSQL and a file-backed Temporal dev server (as `npm start`
 * runs it) on free ports, our worker and the floor worker, and our API with
 * `mountExtra` routes added before it serves.
 */
export async function startBenchSystem(
  options: BenchOptions,
  mountExtra: (app: OpenAPIHono<AuthEnv>, config: Config, db: Database) => void,
): Promise<BenchSystem> {
  installQuietRuntime();
  const dir = join(ROOT, '.data', `bench-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const stops: Array<() => Promise<unknown>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => say(`while stopping: ${String(error)}`));
    if (!options.keepData) rmSync(dir, { recursive: true, force: true });
  };

  try {
    say(`starting PostgreSQL and the Temporal dev server (data in .data/bench-${process.pid}), bundling workflows`);
    const [postgres, server, ourBundle, floorBundle] = await Promise.all([
      freePort().then((port) => startEmbeddedPostgres({ dataDir: join(dir, 'postgres'), port, database: 'realname_bench', persistent: false })),
      freePort().then((port) => startTemporalDevServer({ cli: devServerCli(dir, options.devServerArgs), port, dbFile: join(dir, 'temporal.db') })),
      bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES, logger: quietLogger }),
      bundleWorkflowCode({ workflowsPath: require.resolve('./floor-workflow'), logger: quietLogger }),
    ]);
    stops.push(() => postgres.stop(), () => server.stop());
    await migrate(postgres.url);
    const workflowBundlePath = join(dir, 'workflow-bundle.js');
    writeFileSync(workflowBundlePath, ourBundle.code);

    const config = loadConfig({
      // Deadlines must not fire mid-run: a code expiring under 10,000 open processes would be work the bench did not ask for.
      QR_VALIDITY: '12 hours',
      ...options.env,
      DATABASE_URL: postgres.url,
      TEMPORAL_ADDRESS: server.address,
      // Each bench account has its own token, so this only guards against a runaway driver.
      RATE_LIMIT_STARTS_PER_MINUTE: '1000',
    });
    const db = createDatabase(postgres.url, config.database);
    stops.push(() => db.$disconnect());
    const connection = await Connection.connect({ address: server.address });
    stops.push(() => connection.close());
    const temporal = new Client({ connection, namespace: config.temporal.namespace, dataConverter: dataConverter(config) });
    const floorClient = new Client({ connection, namespace: config.temporal.namespace });

    const workerConnection = await NativeConnection.connect({ address: server.address });
    stops.push(() => workerConnection.close());
    const worker = await createWorker({
      db,
      config,
      connection: workerConnection,
      workflowBundlePath,
      tuning: options.workerTuning,
    });
    // Same defaults as ours unless tuned: the floor is what Temporal gives an untuned worker.
    const floorWorker = await Worker.create({
      connection: workerConnection,
      namespace: config.temporal.namespace,
      taskQueue: FLOOR_TASK_QUEUE,
      workflowBundle: { code: floorBundle.code },
      ...options.workerTuning,
    });
    for (const running of [worker, floorWorker]) {
      const run = running.run();
      stops.push(async () => {
        if (running.getState() === 'RUNNING') running.shutdown();
        await run;
      });
    }

    const app = createApp({ config, db, temporal, logger: createLogger({ level: 'error' }) });
    mountExtra(app, config, db);
    const http: ServerType = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => http.once('listening', resolve));
    stops.push(() => new Promise((resolve) => http.close(resolve)));
    const baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    config.api.publicUrl = baseUrl;

    const { jwtSecret, issuer } = config.auth;
    return {
      config,
      db,
      temporal,
      floorClient,
      baseUrl,
      operatorToken: await issueToken(jwtSecret, issuer, { role: 'operator', subject: 'bench-operator' }),
      holderToken: (accountId) => issueToken(jwtSecret, issuer, { role: 'holder', subject: `holder-${accountId}`, accountId }),
      cpu: cpuMeter(server.process.pid, join(dir, 'postgres', 'pgdata')),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The CLI itself, or a wrapper that appends the extra flags (the launcher in scripts/infra takes none). */
function devServerCli(dir: string, extraArgs: string[]): string {
  const cli = temporalBinaries().cli;
  if (extraArgs.length === 0) return cli;
  const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;
  const wrapper = join(dir, 'temporal-with-flags.sh');
  writeFileSync(wrapper, `#!/bin/sh\nexec ${quote(cli)} "$@" ${extraArgs.map(quote).join(' ')}\n`, { mode: 0o755 });
  return wrapper;
}

function installQuietRuntime(): void {
  const silent = () => undefined;
  Runtime.install({
    logger: { log: silent, trace: silent, debug: silent, info: silent, warn: silent, error: (message) => say(`temporal: ${message}`) },
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }), forward: {} } },
    // The bench owns Ctrl-C: it stops the workers itself, then the servers.
    shutdownSignals: [],
  });
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => say(message),
  error: (message: string) => say(message),
};
