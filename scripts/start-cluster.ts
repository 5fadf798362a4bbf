// `npm run start:cluster`: the whole system on a production-shaped Temporal:
// the Temporal server built from source on PostgreSQL with several history
// shards and the UI server (scripts/infra/cluster), then two workers and two
// API processes against it, each a process of its own, as replicas run in
// production. The same stack as docker-compose.yml, without Docker (README,
// "A production-shaped cluster"). State survives restarts in .data/cluster/
// (CLUSTER_DATA_DIR). Ctrl-C stops everything it started. `npm start` stays
// the light default (one process, the dev server).
import { mkdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { clusterCodecEndpoint, codecTokens, PERSONAL_ENDPOINT_LIFETIME_SECONDS, personalCodecEndpoint } from '../api/codec-token';
import { loadConfig } from '../config';
import { createDatabase } from '../prisma/client';
import { migrate } from '../prisma/migrate';
import { startTemporalCluster } from './infra/cluster';
import { isPortFree } from './infra/ports';
import { type GroupChild, spawnGroup } from './infra/process-group';
import { seedDemo } from './seed';

const ROOT = join(__dirname, '..');
const DATA_DIR = process.env.CLUSTER_DATA_DIR ? resolve(process.env.CLUSTER_DATA_DIR) : join(ROOT, '.data', 'cluster');
const LOG_DIR = join(DATA_DIR, 'logs');
const shown = (path: string) => (relative(process.cwd(), path).startsWith('..') ? path : relative(process.cwd(), path));
const say = (line: string) => process.stdout.write(`${line}\n`);
const stops: Array<() => Promise<unknown>> = [];
const children: Array<{ name: string; process: GroupChild }> = [];

async function requireFree(port: number, variable: string): Promise<number> {
  if (!(await isPortFree(port))) throw new Error(`port ${port} is taken: set ${variable} (is \`npm start\` or another start:cluster running?)`);
  return port;
}

/** A worker or API replica: `tsx <entry>` in its own process group, its output in .data/cluster/logs/<name>.log. */
function startReplica(name: string, entry: string, env: NodeJS.ProcessEnv): GroupChild {
  const child = spawnGroup(process.execPath, ['--import', 'tsx', join(ROOT, entry)], { logFile: join(LOG_DIR, `${name}.log`), cwd: ROOT, env });
  children.push({ name, process: child });
  void child.exited.then(() => {
    if (!stopping) say(`${name} exited (code ${child.child.exitCode ?? child.child.signalCode}): see ${shown(join(LOG_DIR, `${name}.log`))}`);
  });
  return child;
}

async function waitReady(name: string, url: string, child: GroupChild, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!child.running) throw new Error(`${name} exited before it was ready: see ${shown(join(LOG_DIR, `${name}.log`))}`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then((r) => r.ok, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${name} not ready in ${timeoutMs / 1000} s: see ${shown(join(LOG_DIR, `${name}.log`))}`);
    await new Promise((done) => setTimeout(done, 300));
  }
}

/** Ready means polling: both workers are seen on the task queue (they bundle the workflows first, which takes a while). */
async function waitForPollers(address: string, namespace: string, taskQueue: string, workers: Array<{ name: string; process: GroupChild }>): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const deadline = Date.now() + 180_000;
    for (;;) {
      const gone = workers.find((worker) => !worker.process.running);
      if (gone) throw new Error(`${gone.name} exited before it polled: see ${shown(join(LOG_DIR, `${gone.name}.log`))}`);
      const { pollers } = await connection.workflowService.describeTaskQueue({
        namespace,
        taskQueue: { name: taskQueue },
        taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      });
      if (new Set((pollers ?? []).map((poller) => poller.identity)).size >= workers.length) return;
      if (Date.now() > deadline) throw new Error(`the workers are not polling ${taskQueue} after 180 s: see ${shown(LOG_DIR)}`);
      await new Promise((done) => setTimeout(done, 500));
    }
  } finally {
    await connection.close();
  }
}

async function main(): Promise<void> {
  const env = { ...process.env };
  if (env.TEMPORAL_ADDRESS) throw new Error('start:cluster runs its own Temporal server: unset TEMPORAL_ADDRESS (or run `npm start`, which uses yours)');
  mkdirSync(LOG_DIR, { recursive: true });
  const shards = env.TEMPORAL_HISTORY_SHARDS ? Number(env.TEMPORAL_HISTORY_SHARDS) : undefined;
  const temporalPort = await requireFree(Number(env.TEMPORAL_PORT ?? 7233), 'TEMPORAL_PORT');
  const uiPort = await requireFree(Number(env.TEMPORAL_UI_PORT ?? 8080), 'TEMPORAL_UI_PORT');
  const postgresPort = await requireFree(Number(env.EMBEDDED_POSTGRES_PORT ?? 5433), 'EMBEDDED_POSTGRES_PORT');
  const apiPorts = [Number(env.PORT ?? 3000), Number(env.PORT ?? 3000) + 1];
  for (const port of apiPorts) await requireFree(port, 'PORT');
  const apiUrls = apiPorts.map((port) => `http://localhost:${port}`);

  say(`starting the Temporal cluster (data, configs and logs in ${shown(DATA_DIR)})`);
  const cluster = await startTemporalCluster({
    dataDir: DATA_DIR,
    persistent: true,
    shards,
    port: temporalPort,
    postgresPort,
    uiPort,
    namespace: env.TEMPORAL_NAMESPACE ?? 'default',
    // As docker-compose.yml: one PostgreSQL for Temporal and the app, unless DATABASE_URL names the app's own.
    appDatabase: env.DATABASE_URL ? undefined : 'realname',
    // Finding 10: the UI's cluster-level codec endpoint is the plain /codec (the first API's).
    codecEndpoint: clusterCodecEndpoint(apiUrls[0]!),
    log: (line) => say(`  ${line}`),
  });
  stops.push(() => cluster.stop());
  const databaseUrl = env.DATABASE_URL ?? cluster.appDatabaseUrl!;
  const applied = await migrate(databaseUrl);
  say(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date');

  const shared = { ...env, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: cluster.address, TEMPORAL_WEB_UI_URL: cluster.uiUrl, LOG_LEVEL: env.LOG_LEVEL ?? 'info' };
  // Two workers on the one task queue: Temporal hands each task to one of them. Their SDK metrics on two ports.
  const workerMetrics = [Number(env.WORKER_METRICS_PORT ?? 9464), Number(env.WORKER_METRICS_PORT ?? 9464) + 1];
  const workers = [];
  for (const [i, port] of workerMetrics.entries()) {
    const metrics = (await isPortFree(port)) ? `127.0.0.1:${port}` : 'off';
    workers.push({ name: `worker-${i + 1}`, metrics, process: startReplica(`worker-${i + 1}`, 'worker/main.ts', { ...shared, WORKER_METRICS_ADDRESS: metrics }) });
  }
  const apis = apiPorts.map((port, i) => {
    const name = `api-${i + 1}`;
    return { name, url: apiUrls[i]!, process: startReplica(name, 'api/main.ts', { ...shared, PORT: String(port), PUBLIC_URL: apiUrls[i] }) };
  });
  await Promise.all(apis.map((api) => waitReady(api.name, `${api.url}/readyz`, api.process)));
  const config = loadConfig({ ...shared, PORT: String(apiPorts[0]), PUBLIC_URL: apiUrls[0] });
  await waitForPollers(cluster.address, config.temporal.namespace, config.temporal.taskQueue, workers);

  // The demo account and tokens, as `npm start` seeds them.
  const db = createDatabase(databaseUrl, config.database);
  stops.unshift(() => db.$disconnect());
  const demo = await seedDemo(db, config);
  const personal = await codecTokens(db, config.auth).issue('demo-operator', PERSONAL_ENDPOINT_LIFETIME_SECONDS);

  say(`
Real-name verification is running on a Temporal cluster (sandbox mode: ${config.sandbox}).

  API              ${apis.map((api) => api.url).join('  and  ')}   (two replicas; docs at /docs, either one)
  Temporal         ${cluster.address}   (${cluster.shards} history shards, namespace ${cluster.namespace}; server metrics ${cluster.metricsUrl})
  Temporal Web UI  ${cluster.uiUrl}   (ciphertext until you set your codec endpoint below)
  Workers          ${workers.map((w) => `${w.name} (metrics ${w.metrics === 'off' ? 'off: port taken' : `http://${w.metrics}/metrics`})`).join(', ')}
  PostgreSQL       ${env.DATABASE_URL ? 'yours (DATABASE_URL) for the app; ' : ''}127.0.0.1:${postgresPort}   (Temporal's temporal and temporal_visibility${env.DATABASE_URL ? '' : ', the app\'s realname'})
  Logs             ${shown(LOG_DIR)}/   (temporal-server, temporal-ui, worker-1, worker-2, api-1, api-2)
  Temporal CLI     TEMPORAL_ADDRESS=${cluster.address} npm run temporal -- workflow list

Demo account holder (account ${demo.accountId}):
  export HOLDER_TOKEN=${demo.holderToken}
Operator:
  export OPERATOR_TOKEN=${demo.operatorToken}
  Your codec endpoint (${PERSONAL_ENDPOINT_LIFETIME_SECONDS / 3600} h, revocable): ${personalCodecEndpoint(apiUrls[0]!, personal.token)}

Try:  curl -s ${apiUrls[1]}/v1/accounts/${demo.accountId} -H "Authorization: Bearer $HOLDER_TOKEN"
Ctrl-C stops everything this command started.`);
}

let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say('\nstopping…');
  // The APIs first (no new work), then the workers (they drain), then the cluster and PostgreSQL.
  for (const kind of ['api-', 'worker-']) {
    await Promise.all(children.filter((c) => c.name.startsWith(kind)).map((c) => c.process.stop(30_000)));
  }
  for (const stop of stops) await stop().catch((error: unknown) => process.stderr.write(`while stopping: ${String(error)}\n`));
  say('stopped');
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  void shutdown(1);
});
