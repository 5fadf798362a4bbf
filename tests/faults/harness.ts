// Shared machinery of the fault tests: the worker and the API as child processes
// (each in its own process group, so a test can SIGKILL it), PostgreSQL and
// Temporal instances of a test's own when it must stop them, and a client that
// drives WeChat verifications over HTTP and checks each happened exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { issueToken } from '../../api/auth';
import { loadConfig, type Config } from '../../config';
import { createDatabase, type Database } from '../../prisma/client';
import { migrate } from '../../prisma/migrate';
import { temporalBinaries } from '../../scripts/infra/binaries';
import { freePort } from '../../scripts/infra/ports';
import { startTemporalDevServer, type RunningTemporal } from '../../scripts/infra/temporal';
import { clusterControl } from '../support/cluster-control';
import { testDataDir, testEnvironment } from '../support/environment';
import { applicant } from '../support/people';
import { uniqueId } from '../support/system';
import { POSTGRES_READY } from './postgres-process';
import { READY } from './worker-process';

const ROOT = join(__dirname, '..', '..');

/** FAULTS_SHORT=1 (CI): fewer processes and shorter outages; the full mode is `npm run test:faults`. */
export const SHORT = process.env.FAULTS_SHORT === '1';
export const scale = <T>(full: T, short: T): T => (SHORT ? short : full);

/** Polls until `check` holds; generous by default, for a loaded 2-core machine. Fails with the last value seen. */
export async function until<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 180_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    let readOk = true;
    try {
      last = await read();
    } catch (error) {
      // A read that fails (the database or the API down) is retried like an unmet condition.
      last = String(error) as T;
      readOk = false;
    }
    if (readOk && check(last as T)) return last as T;
    if (Date.now() > deadline) throw new Error(`${what} not met in ${timeoutMs} ms; last value: ${JSON.stringify(last)}`.slice(0, 2_000));
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Runs `task` over `items` with at most `limit` at once. */
export async function pool<T, R>(items: T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  });
  await Promise.all(lanes);
  return results;
}

/** A node child (worker or API) in its own process group. */
export class Child {
  private readonly child: ChildProcess;
  output = '';
  readonly exited: Promise<void>;

  constructor(
    readonly name: string,
    args: string[],
    env: Record<string, string>,
  ) {
    this.child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', ...env },
    });
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-20_000));
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves when `ready` holds; rejects if the process dies first. */
  async waitReady(ready: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await ready().catch(() => false))) {
      if (!this.running) throw new Error(`${this.name} exited before it was ready:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`${this.name} not ready in ${timeoutMs} ms:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Signals the whole process group and waits until the child is gone (SIGKILL after 10 s). */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!this.running) return;
    const send = (s: NodeJS.Signals) => {
      try {
        process.kill(-this.child.pid!, s);
      } catch {
        // Already gone.
      }
    };
    send(signal);
    const timer = setTimeout(() => send('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }
}

export interface Services {
  databaseUrl: string;
  temporalAddress: string;
}

/**
 * One system under test: its task queue, key ring and secrets, shared by the
 * worker and API children it starts and by the test's own tokens.
 */
export class FaultSystem {
  readonly env: Record<string, string>;
  readonly config: Config;
  readonly db: Database;
  readonly children: Child[] = [];
  worker?: Child;
  api?: Child;
  baseUrl = '';
  apiPort = 0;

  constructor(services: Services, extraEnv: Record<string, string> = {}) {
    this.env = {
      DATABASE_URL: services.databaseUrl,
      TEMPORAL_ADDRESS: services.temporalAddress,
      TEMPORAL_TASK_QUEUE: `faults-${process.pid}-${randomBytes(3).toString('hex')}`,
      PAYLOAD_KEYS: `test:${randomBytes(32).toString('base64')}`,
      RATE_LIMIT_STARTS_PER_MINUTE: '1000000',
      DATABASE_CONNECTION_TIMEOUT_MS: '2000',
      ...extraEnv,
    };
    this.config = loadConfig({ ...this.env, LOG_LEVEL: 'silent' });
    this.db = createDatabase(services.databaseUrl, this.config.database);
  }

  async startWorker(): Promise<Child> {
    const worker = new Child('worker', [join(__dirname, 'worker-process.ts'), testEnvironment().workflowBundlePath], this.env);
    this.children.push(worker);
    this.worker = worker;
    await worker.waitReady(async () => worker.output.includes(READY));
    return worker;
  }

  /** The API (api/main.ts) as a child on a fixed port, so a restarted one answers at the same address. */
  async startApi(): Promise<Child> {
    if (!this.apiPort) this.apiPort = await freePort();
    this.baseUrl = `http://127.0.0.1:${this.apiPort}`;
    const api = new Child('api', [join(ROOT, 'api', 'main.ts')], { ...this.env, PORT: String(this.apiPort), PUBLIC_URL: this.baseUrl });
    this.children.push(api);
    this.api = api;
    await api.waitReady(async () => (await fetch(`${this.baseUrl}/healthz`)).ok);
    return api;
  }

  operatorToken(): Promise<string> {
    return issueToken(this.config.auth.jwtSecret, this.config.auth.issuer, { role: 'operator', subject: 'fault-operator' });
  }

  holderToken(accountId: string): Promise<string> {
    return issueToken(this.config.auth.jwtSecret, this.config.auth.issuer, { role: 'holder', subject: `holder-${accountId}`, accountId });
  }

  async request(method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), authorization: `Bearer ${token}`, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON: kept as text for the failure message.
    }
    return { status: response.status, body: parsed as any, headers: response.headers };
  }

  /**
   * As a client would: retries through connection errors, 503 and 429 (a
   * restarting or degraded system), until `ok` accepts the answer.
   */
  async retrying(method: string, path: string, token: string, body?: unknown, headers?: Record<string, string>, ok = (status: number) => status >= 200 && status < 300): Promise<HttpAnswer> {
    return until(
      () => this.request(method, path, token, body, headers).catch((error: unknown) => ({ status: 0, body: String(error), headers: new Headers() })),
      (answer) => {
        if (ok(answer.status)) return true;
        if (answer.status === 0 || answer.status === 503 || answer.status === 429) return false;
        throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      },
      180_000,
      `${method} ${path}`,
    );
  }

  /** A new account and a started WeChat verification, as its holder (with an Idempotency-Key, so retries are safe). */
  async startVerification(operator: string): Promise<Started> {
    const accountId = uniqueId('acc');
    await this.retrying('POST', '/v1/accounts', operator, { id: accountId, displayName: 'Fault test account' }, {}, (s) => s === 201 || s === 409);
    const token = await this.holderToken(accountId);
    const person = applicant();
    const started = await this.retrying(
      'POST',
      `/v1/accounts/${accountId}/verifications`,
      token,
      { type: 'individual', method: 'wechat_qr', applicant: person },
      { 'idempotency-key': `start-${accountId}` },
    );
    return { accountId, token, person, processId: started.body.processId, ticket: started.body.qrCode.ticket };
  }

  /** WeChat's scan and authorisation through the sandbox stand-ins. */
  async scanAndAuthorize(p: Started): Promise<void> {
    await this.retrying('POST', `/v1/sandbox/wechat/tickets/${p.ticket}/scan`, p.token);
    await until(() => this.db.process.findUnique({ where: { id: p.processId } }), (row) => row?.step !== 'awaiting_scan', 180_000, `${p.processId} scanned`);
    await this.retrying('POST', `/v1/sandbox/wechat/tickets/${p.ticket}/authorize`, p.token, { name: p.person.name, documentNumber: p.person.documentNumber });
  }

  /** How many of the processes have their outcome written, and with which status. */
  async outcomes(processIds: string[]): Promise<Record<string, number>> {
    const rows = await this.db.process.groupBy({ by: ['status'], where: { id: { in: processIds } }, _count: true });
    return Object.fromEntries(rows.map((row) => [row.status, row._count]));
  }

  async waitVerified(processIds: string[], timeoutMs = 300_000): Promise<void> {
    await until(() => this.outcomes(processIds), (o) => (o.verified ?? 0) === processIds.length, timeoutMs, `${processIds.length} processes verified`);
    // The four notifications go out after the outcome is written.
    await until(
      () => this.db.notification.count({ where: { processId: { in: processIds } } }),
      (n) => n >= 4 * processIds.length,
      timeoutMs,
      'notifications written',
    );
  }

  /** Each process verified exactly once: one account update, one history row, no repeated step, one notification per channel. */
  async expectExactlyOnce(started: Started[]): Promise<void> {
    const processIds = started.map((p) => p.processId);
    const accountIds = started.map((p) => p.accountId);
    const processes = await this.db.process.findMany({ where: { id: { in: processIds } } });
    expect(processes).toHaveLength(started.length);
    expect(processes.every((p) => p.status === 'verified')).toBe(true);
    const accounts = await this.db.account.findMany({ where: { id: { in: accountIds } } });
    expect(accounts.filter((a) => a.status === 'individual')).toHaveLength(started.length);
    const history = await this.db.subjectHistory.findMany({ where: { processId: { in: processIds } } });
    expect(history).toHaveLength(started.length);
    expect(history.every((h) => h.outcome === 'verified')).toBe(true);
    const steps = await this.db.processStep.findMany({ where: { processId: { in: processIds } } });
    const stepKeys = steps.map((s) => `${s.processId}/${s.step}`);
    expect(new Set(stepKeys).size).toBe(stepKeys.length);
    expect(steps.filter((s) => s.step === 'verified')).toHaveLength(started.length);
    const notifications = await this.db.notification.findMany({ where: { processId: { in: processIds } } });
    expect(notifications).toHaveLength(4 * started.length);
    const perChannel = new Set(notifications.map((n) => `${n.processId}/${n.channel}`));
    expect(perChannel.size).toBe(4 * started.length);
  }

  async stop(): Promise<void> {
    await Promise.all(this.children.map((child) => child.kill('SIGKILL')));
    await this.db.$disconnect().catch(() => undefined);
  }
}

export interface HttpAnswer {
  status: number;
  body: any;
  headers: Headers;
}

export interface Started {
  accountId: string;
  token: string;
  person: ReturnType<typeof applicant>;
  processId: string;
  ticket: string;
}

/** A folder of this test file's own under the run's data folder; removed by `cleanup`. */
export function ownDir(name: string): { dir: string; cleanup: () => void } {
  const dir = join(testDataDir(), `faults-${name}-${process.pid}-${randomBytes(3).toString('hex')}`);
  mkdirSync(dir, { recursive: true });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * An embedded PostgreSQL of the test's own (a child process, postgres-process.ts),
 * migrated; `stop` shuts it down cleanly, `start` brings it back on the same data and port.
 */
export async function ownPostgres(dir: string): Promise<{ url: string; stop: () => Promise<void>; start: () => Promise<void> }> {
  const port = await freePort();
  let child: Child | undefined;
  let url = '';
  const start = async () => {
    if (child?.running) return;
    const next = new Child('postgres', [join(__dirname, 'postgres-process.ts'), join(dir, 'postgres'), String(port)], {});
    child = next;
    await next.waitReady(async () => next.output.includes(POSTGRES_READY));
    url = next.output.slice(next.output.indexOf(POSTGRES_READY) + POSTGRES_READY.length).trim().split(/\s/)[0]!;
  };
  await start();
  await migrate(url);
  return {
    url,
    async stop() {
      await child?.kill('SIGTERM');
    },
    start,
  };
}

/**
 * A file-backed Temporal dev server of the test's own; a restart keeps its state and port.
 * On the cluster tier (`npm run test:cluster`), the cluster's own server instead:
 * its process stopped and started again on the same PostgreSQL and ports.
 */
export async function ownTemporal(dir: string): Promise<{ address: string; stop: () => Promise<void>; start: () => Promise<void> }> {
  const cluster = clusterControl();
  if (cluster) return { address: testEnvironment().temporalAddress, stop: () => cluster.stopServer(), start: () => cluster.startServer() };
  const port = await freePort();
  const options = { cli: temporalBinaries().cli, port, dbFile: join(dir, 'temporal.db') };
  let running: RunningTemporal | undefined = await startTemporalDevServer(options);
  return {
    address: running.address,
    async stop() {
      const current = running;
      running = undefined;
      await current?.stop();
    },
    async start() {
      if (!running) running = await startTemporalDevServer(options);
    },
  };
}
