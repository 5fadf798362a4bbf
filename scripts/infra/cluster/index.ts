// A production-shaped Temporal on this machine, without Docker: the Temporal
// server (built from source, see binaries.ts) on its own PostgreSQL, with
// several history shards, its schemas set up or upgraded, the namespace and
// the project's search attributes registered, and optionally the UI server.
// `npm run start:cluster` runs the system on it, the cluster test tier runs
// the tests on it (tests/support/cluster-process.ts), and a benchmark can
// start one with startTemporalCluster({ shards }).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { Client } from 'pg';
import { searchAttributeTypes } from '../../../workflows/search-attributes';
import { isPortFree } from '../ports';
import { type GroupChild, spawnGroup } from '../process-group';
import { startEmbeddedPostgres, type RunningPostgres } from '../postgres';
import { registerSearchAttributes } from '../search-attributes';
import { clusterBinaries, type ClusterBinaries } from './binaries';
import { clusterConfigYaml, defaultPorts, type ClusterPorts, uiConfigYaml } from './config';
import { setUpTemporalSchemas } from './schema';
import { DEFAULT_HISTORY_SHARDS, DYNAMIC_CONFIG_FILE, NAMESPACE_RETENTION_DAYS, POSTGRES_MAX_CONNECTIONS } from './versions';

export interface TemporalClusterOptions {
  /** Holds PostgreSQL's data, the written configs and the servers' logs. */
  dataDir: string;
  /** Kept when stopped (`npm run start:cluster`), or deleted (tests). */
  persistent: boolean;
  /** History shards; fixed once the database is set up. Default DEFAULT_HISTORY_SHARDS. */
  shards?: number;
  /** The frontend's port, the other services' beside it (config.ts, defaultPorts); default free ports for all. */
  port?: number;
  postgresPort?: number;
  /** The UI server on this port; none when absent. */
  uiPort?: number;
  /** What the UI tells the browser to decode payloads with (the API's /codec), and the API origin it allows. */
  codecEndpoint?: string;
  namespace?: string;
  /** Also create this database on the same PostgreSQL (for the app, as docker-compose.yml shares one server). */
  appDatabase?: string;
  binaries?: ClusterBinaries;
  log?: (line: string) => void;
}

export interface Restartable {
  stop(): Promise<void>;
  start(): Promise<void>;
}

export interface RunningTemporalCluster {
  address: string;
  namespace: string;
  shards: number;
  uiUrl?: string;
  metricsUrl: string;
  /** The app database's URL when appDatabase was asked for. */
  appDatabaseUrl?: string;
  /** Temporal's own PostgreSQL (user temporal). */
  postgresUrl: string;
  /** The Temporal server process alone, for fault tests: stop, then start again on the same data and ports. */
  server: Restartable;
  /** PostgreSQL under the server, likewise. */
  postgres: Restartable;
  logDir: string;
  stop(): Promise<void>;
}

const TEMPORAL_USER = 'temporal';
const TEMPORAL_PASSWORD = 'temporal';

/**
 * Free ports for every service and PostgreSQL, all distinct, below 32768: the
 * server stores membership ports in a smallint column (cluster_membership),
 * so the kernel's ephemeral ports (32768 and up) would not fit.
 */
async function allFreePorts(): Promise<{ ports: ClusterPorts; postgres: number }> {
  const names = ['frontend', 'frontendHttp', 'history', 'matching', 'worker', 'frontendMembership', 'historyMembership', 'matchingMembership', 'workerMembership', 'metrics'] as const;
  const chosen = new Set<number>();
  while (chosen.size < names.length + 1) {
    const candidate = 20_000 + Math.floor(Math.random() * 12_000);
    if (!chosen.has(candidate) && (await isPortFree(candidate))) chosen.add(candidate);
  }
  const list = [...chosen];
  return { ports: Object.fromEntries(names.map((name, i) => [name, list[i]!])) as unknown as ClusterPorts, postgres: list[names.length]! };
}

/** The shard count a cluster's database was set up with is its for good: refuse another, in one sentence. */
function checkShards(dataDir: string, shards: number): void {
  const file = join(dataDir, 'cluster.json');
  if (existsSync(file)) {
    const recorded = (JSON.parse(readFileSync(file, 'utf8')) as { historyShards: number }).historyShards;
    if (recorded !== shards) {
      throw new Error(
        `the cluster in ${dataDir} was set up with ${recorded} history shards and cannot change to ${shards}: set TEMPORAL_HISTORY_SHARDS=${recorded}, or start afresh with another CLUSTER_DATA_DIR`,
      );
    }
  }
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify({ historyShards: shards }, null, 2)}\n`);
}

async function ensureTemporalRole(adminUrl: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [TEMPORAL_USER]);
    // As docker-compose.yml's init script: Temporal creates and owns its two databases.
    if (!rowCount) await admin.query(`CREATE ROLE ${TEMPORAL_USER} LOGIN CREATEDB PASSWORD '${TEMPORAL_PASSWORD}'`);
  } finally {
    await admin.end();
  }
}

async function retryUntil<T>(what: string, attempt: () => Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what}: not done in ${timeoutMs / 1000} s: ${String(error)}`);
      await new Promise((done) => setTimeout(done, 300));
    }
  }
}

/** The frontend answers, the namespace exists (registered if missing) and every search attribute is visible. */
async function readyNamespace(address: string, namespace: string, timeoutMs: number): Promise<void> {
  const connection = await retryUntil(`the Temporal frontend at ${address}`, async () => {
    const c = await Connection.connect({ address, connectTimeout: 2_000 });
    try {
      await c.workflowService.getSystemInfo({});
      return c;
    } catch (error) {
      await c.close();
      throw error;
    }
  }, timeoutMs);
  try {
    await retryUntil(`namespace ${namespace}`, async () => {
      try {
        await connection.workflowService.describeNamespace({ namespace });
      } catch {
        // Not created by itself: register it (ALREADY_EXISTS, code 6, if another start raced us).
        await connection.workflowService
          .registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(`${NAMESPACE_RETENTION_DAYS} days`) })
          .catch((error: { code?: number }) => {
            if (error.code !== 6) throw error;
          });
        await connection.workflowService.describeNamespace({ namespace });
      }
    }, timeoutMs);
    await retryUntil(`search attributes on ${namespace}`, async () => {
      await registerSearchAttributes(connection.operatorService, namespace);
      const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
      const missing = Object.keys(searchAttributeTypes).filter((name) => !(name in (customAttributes ?? {})));
      if (missing.length > 0) throw new Error(`missing ${missing.join(', ')}`);
    }, timeoutMs);
  } finally {
    await connection.close();
  }
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  await retryUntil(url, async () => {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  }, timeoutMs);
}

const ROOT = resolve(__dirname, '..', '..', '..');
/** The dynamic config the server reads in place: the file docker-compose.yml mounts. */
export const DYNAMIC_CONFIG_PATH = join(ROOT, DYNAMIC_CONFIG_FILE);

export async function startTemporalCluster(options: TemporalClusterOptions): Promise<RunningTemporalCluster> {
  const say = options.log ?? (() => undefined);
  const dataDir = resolve(options.dataDir);
  const shards = options.shards ?? DEFAULT_HISTORY_SHARDS;
  const namespace = options.namespace ?? 'default';
  checkShards(dataDir, shards);
  const binaries = options.binaries ?? (await clusterBinaries(process.env, say));
  const free = options.port && options.postgresPort ? undefined : await allFreePorts();
  const ports = options.port ? defaultPorts(options.port) : free!.ports;
  const postgresPort = options.postgresPort ?? free!.postgres;
  const logDir = join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch((error: unknown) => say(`while stopping: ${String(error)}`));
  };

  try {
    // PostgreSQL: a server of the cluster's own, its data kept across its own restarts (removed at the end unless persistent).
    const postgresOptions = {
      dataDir: join(dataDir, 'postgres'),
      port: postgresPort,
      database: options.appDatabase ?? 'postgres',
      persistent: true,
      maxConnections: POSTGRES_MAX_CONNECTIONS,
    };
    let postgres: RunningPostgres | undefined = await startEmbeddedPostgres(postgresOptions);
    const pgdata = postgres.pgdata;
    stops.push(async () => {
      await postgres?.stop();
      postgres = undefined;
      if (!options.persistent) {
        rmSync(pgdata, { recursive: true, force: true });
        // As root the data lives in a reachable folder elsewhere (scripts/infra/postgres.ts): that one too.
        if (basename(dirname(pgdata)).startsWith('realname-pg-data-')) rmSync(dirname(pgdata), { recursive: true, force: true });
      }
    });
    const adminUrl = postgres.url.replace(/\/[^/]*$/, '/postgres');
    await ensureTemporalRole(adminUrl);
    say(`setting up the Temporal schemas on PostgreSQL 127.0.0.1:${postgresPort}`);
    await setUpTemporalSchemas({ sqlTool: binaries.sqlTool, schemaDir: binaries.schemaDir, host: '127.0.0.1', port: postgresPort, user: TEMPORAL_USER, password: TEMPORAL_PASSWORD, adminDatabase: 'postgres' });

    const configFile = join(dataDir, 'temporal-server.yaml');
    writeFileSync(
      configFile,
      clusterConfigYaml({ shards, ports, postgres: { host: '127.0.0.1', port: postgresPort, user: TEMPORAL_USER, password: TEMPORAL_PASSWORD }, dynamicConfigFile: DYNAMIC_CONFIG_PATH }),
    );
    const address = `127.0.0.1:${ports.frontend}`;
    let server: GroupChild | undefined;
    const startServer = async () => {
      if (server) return;
      const started = spawnGroup(binaries.server, ['--config-file', configFile, '--allow-no-auth', 'start'], { logFile: join(logDir, 'temporal-server.log'), cwd: dataDir });
      server = started;
      const died = new Promise<never>((_, reject) =>
        started.child.once('exit', (code) => reject(new Error(`the Temporal server exited (code ${code}) before serving: see ${join(logDir, 'temporal-server.log')}`))),
      );
      died.catch(() => undefined);
      await Promise.race([readyNamespace(address, namespace, 120_000), died]);
    };
    const stopServer = async () => {
      const current = server;
      server = undefined;
      await current?.stop();
    };
    say(`starting the Temporal server ${address} (${shards} history shards)`);
    await startServer();
    stops.push(stopServer);

    let uiUrl: string | undefined;
    if (options.uiPort) {
      const uiRoot = join(dataDir, 'ui');
      mkdirSync(join(uiRoot, 'config'), { recursive: true });
      const origin = options.codecEndpoint ? new URL(options.codecEndpoint).origin : undefined;
      writeFileSync(
        join(uiRoot, 'config', 'cluster.yaml'),
        uiConfigYaml({ temporalAddress: address, port: options.uiPort, namespace, codecEndpoint: options.codecEndpoint, corsOrigins: origin ? [origin] : [`http://localhost:${options.uiPort}`] }),
      );
      const ui = spawnGroup(binaries.uiServer, ['--root', uiRoot, '--config', 'config', '--env', 'cluster', 'start'], { logFile: join(logDir, 'temporal-ui.log'), cwd: uiRoot });
      stops.push(() => ui.stop());
      uiUrl = `http://localhost:${options.uiPort}`;
      await waitForHttp(`http://127.0.0.1:${options.uiPort}/`, 60_000);
    }

    return {
      address,
      namespace,
      shards,
      uiUrl,
      metricsUrl: `http://127.0.0.1:${ports.metrics}/metrics`,
      appDatabaseUrl: options.appDatabase ? postgres.url : undefined,
      postgresUrl: `postgresql://${TEMPORAL_USER}:${TEMPORAL_PASSWORD}@127.0.0.1:${postgresPort}/temporal`,
      server: { stop: stopServer, start: startServer },
      postgres: {
        async stop() {
          const current = postgres;
          postgres = undefined;
          await current?.stop();
        },
        async start() {
          if (!postgres) postgres = await startEmbeddedPostgres(postgresOptions);
        },
      },
      logDir,
      async stop() {
        await stopAll();
        if (!options.persistent) rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopAll();
    if (!options.persistent) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
