// The system under measurement, brought up from nothing for each bench run so
// no earlier state (history rows, cached workflows, warm pools) colours the numbers.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
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
import { temporal as proto } from '@temporalio/proto';
import { temporalBinaries } from '../infra/binaries';
import { startTemporalCluster } from '../infra/cluster';
import { freePort } from '../infra/ports';
import { startEmbeddedPostgres } from '../infra/postgres';
import { type GroupChild, spawnGroup } from '../infra/process-group';
import { startTemporalDevServer } from '../infra/temporal';
import { cpuMeter, findPid, postmasterPid, type CpuSample } from './cpu';
import { FLOOR_TASK_QUEUE } from './floor-workflow';
import { say } from './progress';
import { WORKFLOW_INTERCEPTOR_MODULES, WORKFLOWS_PATH } from '../../worker/workflow-code';

/** Which Temporal the system runs on: the dev server `npm start` runs, or the production-shaped cluster of `npm run start:cluster`. */
export type ServerKind = 'dev' | 'cluster';

/** History shards of the bench's cluster, as `npm run start:cluster`'s default. */
export const BENCH_CLUSTER_SHARDS = 8;

export interface BenchOptions {
  server: ServerKind;
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
  server: ServerKind;
  /** CPU seconds so far per component (Linux only). */
  cpu(): CpuSample | undefined;
  /**
   * A second worker on our task queue, a process of its own (worker/main.ts,
   * as `npm run start:cluster` runs two), resolved once the server sees it
   * polling; the returned function stops it.
   */
  startSecondWorker(): Promise<() => Promise<void>>;
  stop(): Promise<void>;
}

const ROOT = join(__dirname, '..', '..');

interface BenchTemporal {
  address: string;
  pid: number | undefined;
  /** The postmaster under the cluster's server. */
  storePid?: () => number | undefined;
  stop(): Promise<void>;
}

/** The dev server on a file (as `npm start`), or the cluster with 8 shards on its own PostgreSQL (as `npm run start:cluster`). */
async function startBenchTemporal(options: BenchOptions, dir: string): Promise<BenchTemporal> {
  if (options.server === 'dev') {
    const server = await startTemporalDevServer({ cli: devServerCli(dir, options.devServerArgs), port: await freePort(), dbFile: join(dir, 'temporal.db') });
    return { address: server.address, pid: server.process.pid, stop: () => server.stop() };
  }
  const dataDir = join(dir, 'cluster');
  const cluster = await startTemporalCluster({ dataDir, persistent: false, shards: BENCH_CLUSTER_SHARDS, log: say });
  // The cluster hands out no pids: its server is the process reading this config, its PostgreSQL the postmaster on its port.
  const configFile = join(dataDir, 'temporal-server.yaml');
  const storePort = new URL(cluster.postgresUrl).port;
  const isPostmaster = (line: string) => /(^|\/)postgres /.test(line) && line.includes(` -p ${storePort} `);
  let storePid = findPid(isPostmaster);
  return {
    address: cluster.address,
    pid: findPid((line) => line.includes(`--config-file ${configFile}`)),
    storePid: () => (storePid && existsSync(`/proc/${storePid}`) ? storePid : (storePid = findPid(isPostmaster))),
    stop: () => cluster.stop(),
  };
}

/**
 * Embedded PostgreSQL and a Temporal server (the dev server or the cluster) on
 * free ports, our worker and the floor worker, and our API with `mountExtra`
 * routes added before it serves.
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

  let second: GroupChild | undefined;
  try {
    say(`starting PostgreSQL and the Temporal ${options.server === 'dev' ? 'dev server' : `cluster (${BENCH_CLUSTER_SHARDS} history shards)`} (data in .data/bench-${process.pid}), bundling workflows`);
    const [postgres, server, ourBundle, floorBundle] = await Promise.all([
      // Our database stays a PostgreSQL of its own on the cluster too, so its CPU and the Temporal store's are told apart.
      freePort().then((port) => startEmbeddedPostgres({ dataDir: join(dir, 'postgres'), port, database: 'realname_bench', persistent: false })),
      startBenchTemporal(options, dir),
      bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES, logger: quietLogger }),
      bundleWorkflowCode({ workflowsPath: require.resolve('./floor-workflow'), logger: quietLogger }),
    ]);
    stops.push(() => postgres.stop(), () => server.stop());
    await migrate(postgres.url);
    const workflowBundlePath = join(dir, 'workflow-bundle.js');
    writeFileSync(workflowBundlePath, ourBundle.code);

    const configEnv = {
      // Deadlines must not fire mid-run: a code expiring under 10,000 open processes would be work the bench did not ask for.
      QR_VALIDITY: '12 hours',
      ...options.env,
      DATABASE_URL: postgres.url,
      TEMPORAL_ADDRESS: server.address,
      // Each bench account has its own token, so this only guards against a runaway driver.
      RATE_LIMIT_STARTS_PER_MINUTE: '1000',
    };
    const config = loadConfig(configEnv);
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
      server: options.server,
      cpu: cpuMeter({ temporal: server.pid, postgres: () => postmasterPid(postgres.pgdata), temporalStore: server.storePid, secondWorker: () => second?.child.pid }),
      async startSecondWorker() {
        second = spawnGroup(process.execPath, ['--import', 'tsx', join(ROOT, 'worker', 'main.ts')], {
          logFile: join(dir, 'second-worker.log'),
          cwd: ROOT,
          // The same settings as this process's worker (loadConfig read configEnv alone), so payload keys and task queue agree.
          env: { PATH: process.env.PATH, HOME: process.env.HOME, ...configEnv, LOG_LEVEL: 'error', WORKER_METRICS_ADDRESS: 'off' },
        });
        const running = second;
        stops.push(() => running.stop());
        await waitForPollers(temporal, config.temporal.namespace, config.temporal.taskQueue, running);
        return async () => {
          await running.stop();
          second = undefined;
        };
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Until the child polls the workflow task queue (seen by its identity, the SDK's default `<pid>@<host>`; it bundles the workflows first). */
async function waitForPollers(temporal: Client, namespace: string, taskQueue: string, child: GroupChild): Promise<void> {
  const deadline = Date.now() + 240_000;
  for (;;) {
    if (!child.running) throw new Error('the second worker exited before it polled: see its log in the bench data folder (--keep-data)');
    const { pollers } = await temporal.workflowService.describeTaskQueue({
      namespace,
      taskQueue: { name: taskQueue },
      taskQueueType: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
    const identities = new Set((pollers ?? []).map((poller) => poller.identity));
    if ([...identities].some((identity) => identity?.startsWith(`${child.child.pid}@`))) return;
    if (Date.now() > deadline) throw new Error(`the second worker is not polling ${taskQueue} after 240 s`);
    await new Promise((done) => setTimeout(done, 500));
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
