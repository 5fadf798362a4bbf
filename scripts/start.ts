// `npm start`: the whole system on embedded defaults, in one process tree.
// PostgreSQL and Temporal are the caller's when DATABASE_URL / TEMPORAL_ADDRESS
// are set, otherwise embedded ones whose state survives restarts in .data/.
import { join, relative, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { assembleProviders } from '../activities/providers';
import { createApp } from '../api/app';
import { clusterCodecEndpoint, codecTokens, PERSONAL_ENDPOINT_LIFETIME_SECONDS, personalCodecEndpoint } from '../api/codec-token';
import { dataConverter } from '../codec/data-converter';
import { loadConfig } from '../config';
import { temporalConnectionOptions } from '../config/temporal-connection';
import { createLogger } from '../config/logger';
import { createDatabase } from '../prisma/client';
import { installWorkerRuntime } from '../worker/sdk-log';
import { migrate } from '../prisma/migrate';
import { createWorker } from '../worker/create-worker';
import { startDocumentSweep } from '../worker/document-sweep';
import { startFaceBackstop } from '../worker/face-backstop';
import { startTerminatedRunSweep } from '../worker/terminated-run-sweep';
import { startRateLimitSweep } from '../worker/rate-limit-sweep';
import { startNoticeDelivery } from '../worker/notice-delivery';
import { startRefundDelivery } from '../worker/refund-delivery';
import { temporalBinaries } from './infra/binaries';
import { isPortFree } from './infra/ports';
import { startEmbeddedPostgres } from './infra/postgres';
import { ensureSearchAttributes } from './infra/search-attributes';
import { startTemporalDevServer } from './infra/temporal';
import { resolveTemporalCli, systemTemporalAddress } from './infra/temporal-cli';
import { seedDemo } from './seed';

// DATA_DIR keeps a second system's state apart (default .data/ in the repository).
const DATA_DIR = process.env.DATA_DIR ? resolve(process.env.DATA_DIR) : join(__dirname, '..', '.data');
const shown = (path: string) => (relative(process.cwd(), path).startsWith('..') ? path : relative(process.cwd(), path));
const stops: Array<() => Promise<unknown>> = [];
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const env = { ...process.env };
  const logger = createLogger({ level: env.LOG_LEVEL ?? 'warn' });

  if (!env.DATABASE_URL) {
    const port = Number(env.EMBEDDED_POSTGRES_PORT ?? 5433);
    if (!(await isPortFree(port))) throw new Error(`port ${port} is taken: set EMBEDDED_POSTGRES_PORT or DATABASE_URL`);
    say(`starting embedded PostgreSQL on 127.0.0.1:${port} (data in ${shown(join(DATA_DIR, 'postgres'))})`);
    const postgres = await startEmbeddedPostgres({ dataDir: join(DATA_DIR, 'postgres'), port, database: 'realname', persistent: true });
    // As root from a folder the postgres user cannot enter (root's 0700 home), the data lives elsewhere: say where.
    if (!postgres.pgdata.startsWith(join(DATA_DIR, 'postgres'))) say(`  (the postgres user cannot reach ${shown(DATA_DIR)}: its data is in ${postgres.pgdata})`);
    stops.push(() => postgres.stop());
    env.DATABASE_URL = postgres.url;
  }
  const config = loadConfig(env);
  let workerMetrics = config.metrics.workerAddress;
  const metricsPort = Number(workerMetrics?.split(':').pop());
  if (workerMetrics && !(await isPortFree(metricsPort))) {
    // Worker metrics are optional here: say so rather than refuse to start.
    say(`port ${metricsPort} is taken: no worker metrics (set WORKER_METRICS_ADDRESS, or "off")`);
    workerMetrics = undefined;
  }
  installWorkerRuntime(logger, {
    // The worker's own chatter (bundling, state changes) would bury the addresses printed below.
    minLevel: env.LOG_LEVEL === 'debug' ? 'DEBUG' : 'WARN',
    // The SDK's worker metrics in Prometheus format (before the first connection is made).
    ...(workerMetrics ? { metricsAddress: workerMetrics } : {}),
  });
  const applied = await migrate(config.databaseUrl!);
  say(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date');

  // Finding 10: the Web UI's cluster-level codec endpoint is the plain /codec,
  // which refuses callers without a token. A personal endpoint there would be
  // in the UI's settings for every local user to read; the developer's own is
  // printed below, to paste into their browser's Codec Server setting.
  const codecEndpoint = clusterCodecEndpoint(config.api.publicUrl);
  let webUiUrl = config.temporal.webUiUrl;
  if (!config.temporal.address) {
    const port = Number(env.TEMPORAL_PORT ?? 7233);
    const uiPort = Number(env.TEMPORAL_UI_PORT ?? 8233);
    say(`starting the Temporal dev server on 127.0.0.1:${port} (state in ${shown(join(DATA_DIR, 'temporal.db'))})`);
    const server = await startTemporalDevServer({
      cli: temporalBinaries().cli,
      port,
      uiPort,
      dbFile: join(DATA_DIR, 'temporal.db'),
      codecEndpoint,
      log: (line) => logger.debug({ temporal: line }),
    });
    stops.push(() => server.stop());
    config.temporal.address = server.address;
    webUiUrl = server.uiUrl!;
    // The codec server's CORS must name the UI actually started.
    config.temporal.webUiUrl = webUiUrl;
  } else {
    await ensureSearchAttributes(temporalConnectionOptions(config), config.temporal.namespace);
  }

  const db = createDatabase(config.databaseUrl!, config.database);
  stops.unshift(() => db.$disconnect());
  // Security finding 4: a TEMPORAL_ADDRESS of the caller's is reached as TEMPORAL_TLS_* say (the dev server is loopback).
  const clientConnection = await Connection.connect(temporalConnectionOptions(config));
  stops.unshift(() => clientConnection.close());
  const temporal = new Client({ connection: clientConnection, namespace: config.temporal.namespace, dataConverter: dataConverter(config) });

  const workerConnection = await NativeConnection.connect(temporalConnectionOptions(config));
  // As worker/main.ts does: one adapter per port (the sandbox ones, in sandbox mode).
  const providers = assembleProviders({ db, config });
  const worker = await createWorker({ db, config, connection: workerConnection, providers });
  const workerRun = worker.run();
  stops.unshift(async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await workerRun;
    await workerConnection.close();
  });
  // As worker/main.ts does: uploads no process took are deleted once expired.
  stops.unshift(startDocumentSweep(db, config, logger));
  // Issue 17: and rate-limit windows once over.
  stops.unshift(startRateLimitSweep(db, logger));
  // R-G7: and outcome notices still unsent are delivered apart from their processes.
  stops.unshift(startNoticeDelivery(db, config, logger, providers));
  // R-E5: and every payment that completed no verification goes back to its payer.
  stops.unshift(startRefundDelivery(db, logger, { gateway: providers.paymentGateway, operatorAlerts: providers.operatorAlerts }));
  // Issue 20: and, with FACE_PROVIDER=tencent, face checks whose browser never came back are read until their code expires.
  stops.unshift(startFaceBackstop(db, config, logger, { face: providers.face, temporal }));
  // R-G7: and a process whose workflow was terminated from outside (the Web UI) is closed, not left looking open.
  stops.unshift(startTerminatedRunSweep(db, config, logger, { temporal, providers }));

  // As api/main.ts does: stopping ends the open event streams, which the server's close would wait on.
  const eventStreams = new AbortController();
  const app = createApp({ config, db, temporal, logger, processEvents: { shutdown: eventStreams.signal } });
  const server = serve({ fetch: app.fetch, port: config.api.port, hostname: '127.0.0.1' });
  stops.unshift(() => {
    eventStreams.abort();
    return new Promise((resolve) => server.close(resolve));
  });

  const demo = await seedDemo(db, config);
  // Short-lived and revocable (POST /codec/operator-endpoint/revoke), like any operator's.
  const personal = await codecTokens(db, config.auth).issue('demo-operator', PERSONAL_ENDPOINT_LIFETIME_SECONDS);
  const personalEndpoint = personalCodecEndpoint(config.api.publicUrl, personal.token);
  const api = config.api.publicUrl;
  // Issue 18: `temporal` is seldom on PATH; say which CLI `npm run temporal` runs, and against what.
  const cli = (() => {
    try {
      return shown(resolveTemporalCli(env).path);
    } catch (error) {
      return (error as Error).message;
    }
  })();
  say(`
Real-name verification is running (sandbox mode: ${config.sandbox}).

  API              ${api}
  API docs         ${api}/docs   (OpenAPI: ${api}/openapi.json)
  Review console   ${api}/console   (sign in with the operator token below)
  Temporal Web UI  ${webUiUrl}   (ciphertext until you set your codec endpoint below; see "Personal data in Temporal" in the README)
  Metrics          ${api}/metrics (operator token)${workerMetrics ? `, worker: http://${workerMetrics}/metrics` : ''}
  Temporal CLI     npm run temporal -- workflow list   (${cli} against ${systemTemporalAddress(config, env)}; in a shell with this environment)

Demo account holder (account ${demo.accountId}):
  export HOLDER_TOKEN=${demo.holderToken}
  Another account and its holder, as often as you like:  eval "$(npm run -s demo-account)"   (README: "Driving a verification by hand")
Operator:
  export OPERATOR_TOKEN=${demo.operatorToken}
  Your codec endpoint (${PERSONAL_ENDPOINT_LIFETIME_SECONDS / 3600} h, revocable): ${personalEndpoint}
  Paste it in the Web UI's Codec Server settings (top navigation) and choose the browser setting over the cluster's.
  A history, decoded:  npm run temporal -- workflow show --detailed -w account-process-${demo.accountId} --codec-endpoint ${codecEndpoint} --codec-auth "Bearer $OPERATOR_TOKEN"

Try:  curl -s ${api}/v1/accounts/${demo.accountId} -H "Authorization: Bearer $HOLDER_TOKEN"
Ctrl-C stops everything this command started.`);
}

let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say('\nstopping…');
  for (const stop of stops) {
    await stop().catch((error: unknown) => process.stderr.write(`while stopping: ${String(error)}\n`));
  }
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  void shutdown(1);
});
