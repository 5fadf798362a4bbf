// `npm run fuzz`: OpenAPI-driven fuzzing of the whole API with schemathesis.
//
// Brings the system up from nothing on free ports (embedded PostgreSQL, an
// in-memory Temporal dev server, our worker, our API), creates an account and
// tokens, then lets schemathesis generate requests from /openapi.json and check
// that none is answered with a 5xx and every documented response matches its
// schema. Exits non-zero only on findings (or when the system cannot start), and
// stops everything it started either way.
//
//   npm run fuzz                  full run (>= 1,000 requests)
//   npm run fuzz -- --short       CI run (~150 requests, well under 2 minutes)
//   options: --seed N  --keep-report (report under .data/fuzz-report/ is always written)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serve, type ServerType } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { makeTelemetryFilterString, NativeConnection, Runtime } from '@temporalio/worker';
import { createApp } from '../api/app';
import { issueToken } from '../api/auth';
import { dataConverter } from '../codec/data-converter';
import { loadConfig } from '../config';
import { createLogger } from '../config/logger';
import { createDatabase } from '../prisma/client';
import { migrate } from '../prisma/migrate';
import { createWorker } from '../worker/create-worker';
import { temporalBinaries } from './infra/binaries';
import { freePort } from './infra/ports';
import { startEmbeddedPostgres } from './infra/postgres';
import { startTemporalDevServer } from './infra/temporal';

/** Pinned, like the Temporal binaries in scripts/setup.mjs, into the same project-local venv. */
const SCHEMATHESIS_PACKAGE = 'schemathesis==4.32.5';
const SCHEMATHESIS_VERSION = SCHEMATHESIS_PACKAGE.split('==')[1]!;

const ROOT = join(__dirname, '..');
const VENV = join(ROOT, '.tools', 'venv');
const SCHEMATHESIS = join(VENV, 'bin', 'schemathesis');
const REPORT_DIR = join(ROOT, '.data', 'fuzz-report');

/**
 * Test cases per operation and phase. Each case is one request; the coverage
 * phase adds its own boundary cases on top. The counts actually sent are read
 * back from the HAR report, not assumed.
 */
const MODES = {
  short: { maxExamples: 3, phases: 'examples,fuzzing', passes: ['operator'] },
  full: { maxExamples: 30, phases: 'examples,coverage,fuzzing,stateful', passes: ['operator', 'holder'] },
} as const;

const { values } = parseArgs({
  options: {
    short: { type: 'boolean', default: false },
    seed: { type: 'string', default: '20261123' },
  },
});
const mode = values.short ? 'short' : 'full';
const size = MODES[mode];

const say = (line: string) => process.stderr.write(`[fuzz] ${line}\n`);
const stops: Array<() => Promise<unknown>> = [];
let dataDir: string | undefined;

function ensureSchemathesis(): void {
  const current = spawnSync(SCHEMATHESIS, ['--version'], { encoding: 'utf8' });
  if (current.status === 0 && current.stdout.includes(SCHEMATHESIS_VERSION)) return;
  if (!existsSync(join(VENV, 'bin', 'pip'))) {
    say('creating the project-local virtualenv in .tools/venv');
    if (spawnSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' }).status !== 0) throw new Error('python3 -m venv failed');
  }
  say(`installing ${SCHEMATHESIS_PACKAGE} into .tools/venv`);
  const pip = spawnSync(join(VENV, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', SCHEMATHESIS_PACKAGE], {
    stdio: 'inherit',
  });
  if (pip.status !== 0) throw new Error(`pip install ${SCHEMATHESIS_PACKAGE} failed`);
}

async function startSystem(dir: string) {
  const silent = () => undefined;
  Runtime.install({
    logger: { log: silent, trace: silent, debug: silent, info: silent, warn: silent, error: (message) => say(`temporal: ${message}`) },
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }), forward: {} } },
    shutdownSignals: [],
  });
  say(`starting PostgreSQL and the Temporal dev server (data in ${dir.slice(ROOT.length + 1)})`);
  const [postgres, temporalServer] = await Promise.all([
    freePort().then((port) => startEmbeddedPostgres({ dataDir: join(dir, 'postgres'), port, database: 'realname_fuzz', persistent: false })),
    freePort().then((port) => startTemporalDevServer({ cli: temporalBinaries().cli, port })),
  ]);
  stops.push(() => temporalServer.stop(), () => postgres.stop());
  await migrate(postgres.url);

  const config = loadConfig({
    DATABASE_URL: postgres.url,
    TEMPORAL_ADDRESS: temporalServer.address,
    // One token sends every request: the per-token limits would turn most of the run into 429s.
    RATE_LIMIT_STARTS_PER_MINUTE: '100000',
    RATE_LIMIT_AMOUNT_ENTRIES_PER_MINUTE: '100000',
    RATE_LIMIT_UPLOADS_PER_MINUTE: '100000',
    // Two accounts take every upload: the per-account quota would turn the rest into 409s.
    UPLOAD_QUOTA_DOCUMENTS: '100000',
    UPLOAD_QUOTA_MB: '100000',
  });
  const db = createDatabase(postgres.url, config.database);
  stops.unshift(() => db.$disconnect());
  const connection = await Connection.connect({ address: temporalServer.address });
  stops.unshift(() => connection.close());
  const temporal = new Client({ connection, namespace: config.temporal.namespace, dataConverter: dataConverter(config) });
  const workerConnection = await NativeConnection.connect({ address: temporalServer.address });
  stops.unshift(() => workerConnection.close());
  say('bundling workflows and starting the worker');
  const worker = await createWorker({ db, config, connection: workerConnection });
  const workerRun = worker.run();
  stops.unshift(async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await workerRun;
  });

  // Errors only: an unhandled error (the cause of a 500) is printed with its message.
  const app = createApp({ config, db, temporal, logger: createLogger({ level: 'error' }) });
  const http: ServerType = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => http.once('listening', resolve));
  stops.unshift(() => new Promise((resolve) => http.close(resolve)));
  const baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  config.api.publicUrl = baseUrl;
  return { config, baseUrl };
}

async function post(baseUrl: string, token: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/**
 * Random ids mostly stop at a 404 before a handler's real work. So half the
 * `accountId`s are a fresh account (starts get that far) or one with an open
 * WeChat verification, and half the `processId`s are that process.
 */
function writeConfig(file: string, accounts: string[], processes: string[]): void {
  const list = (values: string[]) => `[${values.map((value) => JSON.stringify(value)).join(', ')}]`;
  writeFileSync(
    file,
    [
      '[dictionaries]',
      `accounts = { values = ${list(accounts)} }`,
      `processes = { values = ${list(processes)} }`,
      '',
      '[parameters]',
      '"path.accountId" = { dictionary = "accounts", probability = 0.5 }',
      '"path.processId" = { dictionary = "processes", probability = 0.5 }',
      '',
    ].join('\n'),
  );
}

function runSchemathesis(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    // From .data/ (git-ignored), where schemathesis keeps its cache directory.
    const child = spawn(SCHEMATHESIS, args, { stdio: 'inherit', cwd: join(ROOT, '.data'), env: { ...process.env, NO_COLOR: '1' } });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

interface Har {
  log: { entries: Array<{ request: { method: string; url: string }; response: { status: number } }> };
}

function summarise(harPath: string): { requests: number; byClass: Record<string, number>; serverErrors: string[] } {
  if (!existsSync(harPath)) return { requests: 0, byClass: {}, serverErrors: [] };
  const har = JSON.parse(readFileSync(harPath, 'utf8')) as Har;
  const byClass: Record<string, number> = {};
  const serverErrors: string[] = [];
  for (const { request, response } of har.log.entries) {
    const key = `${Math.floor(response.status / 100)}xx`;
    byClass[key] = (byClass[key] ?? 0) + 1;
    if (response.status >= 500) serverErrors.push(`${response.status} ${request.method} ${new URL(request.url).pathname}`);
  }
  return { requests: har.log.entries.length, byClass, serverErrors };
}

async function main(): Promise<number> {
  ensureSchemathesis();
  const dir = join(ROOT, '.data', `fuzz-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  dataDir = dir;
  const { config, baseUrl } = await startSystem(dir);

  const { jwtSecret, issuer } = config.auth;
  const operatorToken = await issueToken(jwtSecret, issuer, { role: 'operator', subject: 'fuzz-operator' });
  const accounts = ['acc_fuzz', 'acc_fuzz_open'];
  for (const id of accounts) await post(baseUrl, operatorToken, '/v1/accounts', { id, displayName: 'fuzz' });
  const holderToken = await issueToken(jwtSecret, issuer, { role: 'holder', subject: 'holder-acc_fuzz_open', accountId: 'acc_fuzz_open' });
  const started = await post(baseUrl, holderToken, '/v1/accounts/acc_fuzz_open/verifications', {
    type: 'individual',
    method: 'wechat_qr',
    applicant: { name: '张三', documentType: 'mainland_id', documentNumber: '11010519491231002X', industry: 'software', address: '北京市海淀区' },
  });
  const processId = String(started.processId);
  say(`API at ${baseUrl}; accounts ${accounts.join(', ')}; open process ${processId}`);

  rmSync(REPORT_DIR, { recursive: true, force: true });
  mkdirSync(REPORT_DIR, { recursive: true });
  const configPath = join(REPORT_DIR, 'schemathesis.toml');
  writeConfig(configPath, accounts, [processId]);
  // The operator passes every authorisation gate, so its requests go deepest; the
  // holder (of the account with the open process) reaches the holder-only actions
  // on that process that answer an operator 403.
  const tokens = { operator: operatorToken, holder: holderToken };
  let requests = 0;
  let failed = false;
  for (const pass of size.passes) {
    const harPath = join(REPORT_DIR, `requests-${pass}.har`);
    const began = Date.now();
    say(`${pass} pass`);
    const code = await runSchemathesis([
      '--config-file', configPath,
      'run',
      `${baseUrl}/openapi.json`,
      '--header', `Authorization: Bearer ${tokens[pass]}`,
      '--checks', 'not_a_server_error,response_schema_conformance',
      '--max-examples', String(size.maxExamples),
      '--phases', size.phases,
      '--seed', values.seed!,
      // One worker: hypothesis describing strategies from several threads trips CPython 3.11's ast module.
      '--workers', '1',
      '--request-timeout', '30',
      '--suppress-health-check', 'all',
      '--continue-on-failure',
      '--report', 'har,junit',
      '--report-dir', REPORT_DIR,
      '--report-har-path', harPath,
      '--report-junit-path', join(REPORT_DIR, `junit-${pass}.xml`),
      '--warnings', 'off',
    ]);
    const seconds = ((Date.now() - began) / 1000).toFixed(0);
    const summary = summarise(harPath);
    const classes = Object.entries(summary.byClass).sort().map(([key, count]) => `${key} ${count}`).join(', ');
    say(`${pass} pass: ${summary.requests} requests in ${seconds} s (${classes}); schemathesis exit ${code}`);
    for (const line of [...new Set(summary.serverErrors)]) say(`server error: ${line}`);
    requests += summary.requests;
    if (code !== 0 || summary.serverErrors.length > 0) failed = true;
  }
  say(`${mode} run: ${requests} requests, ${failed ? 'FINDINGS: see the schemathesis output above' : 'no findings'}; reports in .data/fuzz-report/`);
  return failed ? 1 : 0;
}

let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const stop of stops) await stop().catch((error: unknown) => say(`while stopping: ${String(error)}`));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(130));
process.on('SIGTERM', () => void shutdown(143));
main().then(
  (code) => shutdown(code),
  (error: unknown) => {
    say(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return shutdown(2);
  },
);
