import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { dataConverter } from '../../codec/data-converter';
import type { Config } from '../../config';
import { createDatabase, type Database } from '../../prisma/client';
import { enterpriseViewQuery, submitRemittanceAmountUpdate, type EnterpriseView, type EnterpriseVerificationInput } from '../../workflows/enterprise/messages';
import { providerEventSignal } from '../../workflows/individual/messages';
import { processWorkflowId } from '../../workflows/process-ids';
import { decideReviewUpdate, reviewWorkflowId } from '../../workflows/review/messages';
import { AccountId, ProcessKind, VerificationMethod, VerificationStatus } from '../../workflows/search-attributes';
import { testConfig, testEnvironment } from '../support/environment';
import { mainlandId } from '../support/people';
import { uniqueId } from '../support/system';
import { pool, scale, until } from './harness';
import { READY } from './worker-process';

const ROOT = join(__dirname, '..', '..');
const WORKER_ENTRY = join(__dirname, 'worker-process.ts');

/** A real worker (worker-process.ts) in its own process group, so the whole of it can be killed at once. */
class WorkerProcess {
  private readonly child: ChildProcess;
  private output = '';
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;

  constructor(config: Config, env: Record<string, string>) {
    this.child = spawn(process.execPath, ['--import', 'tsx', WORKER_ENTRY, testEnvironment().workflowBundlePath], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: config.databaseUrl,
        TEMPORAL_ADDRESS: config.temporal.address,
        TEMPORAL_TASK_QUEUE: config.temporal.taskQueue,
        LOG_LEVEL: 'silent',
        ...env,
      },
    });
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    this.ready = new Promise((resolve, reject) => {
      this.child.stdout!.on('data', (chunk: Buffer) => {
        this.output += chunk.toString();
        if (this.output.includes(READY)) resolve();
      });
      this.child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
      void this.exited.then(() => reject(new Error(`worker process exited before it was ready:\n${this.output}`)));
    });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Signals the worker's whole process group and waits until it is gone. */
  async kill(signal: NodeJS.Signals): Promise<void> {
    if (!this.running) return;
    try {
      process.kill(-this.child.pid!, signal);
    } catch {
      // Already gone.
    }
    await this.exited;
  }
}

const CREDIT_CODE = '91350100M000100Y43';
const HANDLER = { name: '林经办', documentNumber: mainlandId('350102', '1990-07-21', '135') };

function input(processId: string, accountId: string, name: string): EnterpriseVerificationInput {
  return {
    processId,
    accountId,
    method: 'remittance',
    remittance: {
      bankAccount: { accountNumber: '6222020200112233445', bank: '中国工商银行', location: '福建省福州市', branch: '五一支行' },
      legalPerson: { name: '陈法人', documentNumber: mainlandId('350102', '1970-03-01', '117') },
      photos: { emblemSideDocumentId: 'doc_emblem', portraitSideDocumentId: 'doc_portrait' },
      handler: HANDLER,
    },
    enterprise: {
      name,
      creditCode: CREDIT_CODE,
      licenceDocumentId: 'doc_licence',
      address: '福建省福州市鼓楼区',
      contact: { name: '王五', documentNumber: mainlandId('350102', '1985-06-15', '123'), mobile: '13800138000' },
    },
    durations: { rechargeWindow: '7 days', remittanceAmountWindow: '7 days', qrValidity: '10 minutes', abandonment: '7 days' },
    rechargeAttempts: 2,
    remittanceAttempts: 2,
    faceMaxTries: 2,
    reviewSlaBusinessDays: 2,
    calendar: { holidays: [], extraWorkingDays: [] },
  };
}

// N processes at once (FAULTS_SHORT=1: a few).
const N = scale(200, 10);
// A bank call the sandbox holds keeps its activity slot even past sendPayout's
// 10 s start-to-close: the first worker has room for every payout at once, plus
// the retries the server dispatches to it meanwhile.
const FIRST_WORKER_ACTIVITY_SLOTS = 3 * N;
// The first answer is never accepted anyway (the 10 s timeout); holding it 120 s
// keeps every payout unrecorded until the kill, however long all N take to be booked.
const FIRST_BANK_DELAY_MS = 120_000;

interface Flight {
  accountId: string;
  processId: string;
  handle: WorkflowHandle;
  reviewId?: string;
}

// Real worker processes against the provisioned PostgreSQL and Temporal dev server, all killed with SIGKILL mid-payout.
describe('remittance payouts survive the worker killed mid-call (R-E6.4)', () => {
  const payloadKeys = `test:${randomBytes(32).toString('base64')}`;
  let config: Config;
  let db: Database;
  let connection: Connection;
  let temporal: Client;
  const workers: WorkerProcess[] = [];

  const startWorker = async (env: Record<string, string>) => {
    // The worker processes and this client share one key ring, as worker and API do.
    const worker = new WorkerProcess(config, { PAYLOAD_KEYS: payloadKeys, LIMIT_ACCOUNTS_PER_ENTERPRISE: '1000', ...env });
    workers.push(worker);
    await worker.ready;
    return worker;
  };

  beforeAll(async () => {
    config = testConfig({ PAYLOAD_KEYS: payloadKeys });
    db = createDatabase(config.databaseUrl!, config.database);
    connection = await Connection.connect({ address: config.temporal.address! });
    temporal = new Client({ connection, namespace: config.temporal.namespace, dataConverter: dataConverter(config) });
  });
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.kill('SIGKILL')));
    await connection?.close();
    await db?.$disconnect();
  });

  /** The process view as the workflow answers it; undefined while no worker can answer in time. */
  const view = (handle: WorkflowHandle) =>
    temporal.withDeadline(Date.now() + 5_000, () => handle.query(enterpriseViewQuery)).catch(() => undefined);
  const viewWhen = (handle: WorkflowHandle, check: (view: EnterpriseView) => boolean, what: string) =>
    until(() => view(handle), (v) => v !== undefined && (check(v) || v.status !== 'open'), 180_000, what) as Promise<EnterpriseView>;

  /** Starts the process and takes it through the face check to the review, as far as an operator's approval. */
  const toReview = async (flight: Flight, index: number) => {
    await temporal.workflow.start('enterpriseVerification', {
      taskQueue: config.temporal.taskQueue,
      workflowId: processWorkflowId(flight.accountId),
      args: [input(flight.processId, flight.accountId, `福州断电测试有限公司${index}号`)],
      memo: { processId: flight.processId },
      typedSearchAttributes: [
        { key: AccountId, value: flight.accountId },
        { key: ProcessKind, value: 'enterprise_verification' },
        { key: VerificationMethod, value: 'remittance' },
        { key: VerificationStatus, value: 'starting' },
      ],
    });
    const face = await viewWhen(flight.handle, (v) => v.step === 'awaiting_handler_face' && !!v.qrCode, `${flight.processId} at face`);
    const ticket = face.qrCode!.ticket;
    // R-P10: the face provider reports whom it verified, the handler.
    await flight.handle.signal(providerEventSignal, { provider: 'face', eventId: `face-${ticket}`, ticket, type: 'passed', person: { ...HANDLER, documentType: 'mainland_id' } });
    const inReview = await viewWhen(flight.handle, (v) => v.step === 'in_review' && !!v.remittance?.reviewId, `${flight.processId} in review`);
    expect(inReview.step).toBe('in_review');
    flight.reviewId = inReview.remittance!.reviewId!;
  };

  it(`R-E6.4: ${N} bank calls in flight when the worker is SIGKILLed are retried by a fresh worker, and each payout is sent, recorded and booked exactly once`, async () => {
    // Process ids share the run's prefix, so one query counts the run's bank transfers.
    const run = uniqueId('prc');
    const flights: Flight[] = Array.from({ length: N }, (_, i) => {
      const accountId = uniqueId('acc');
      return { accountId, processId: `${run}_${i}`, handle: temporal.workflow.getHandle(processWorkflowId(accountId)) };
    });
    const processIds = flights.map((f) => f.processId);
    // The same credit code for all: LIMIT_ACCOUNTS_PER_ENTERPRISE lets 1,000 accounts hold it.
    await db.account.createMany({ data: flights.map((f, i) => ({ id: f.accountId, displayName: `福州断电测试有限公司${i}号` })) });

    const first = await startWorker({ SANDBOX_BANK_DELAY_MS: String(FIRST_BANK_DELAY_MS), WORKER_ACTIVITY_SLOTS: String(FIRST_WORKER_ACTIVITY_SLOTS) });
    try {
      await pool(flights, 10, toReview);
      // Approved in a burst, so the payouts go out together, well within the bank's delay.
      await pool(flights, 10, (f) =>
        temporal.workflow.getHandle(reviewWorkflowId(f.reviewId!)).executeUpdate(decideReviewUpdate, {
          args: [{ reviewId: f.reviewId!, decision: 'approve', reason: 'materials consistent', operator: 'op-fault-test', via: 'api' }],
        }),
      );

      // Every payout booked at the sandbox bank, which holds its answers: all N calls are in flight.
      const booked = () => db.sandboxBankTransfer.count({ where: { idempotencyKey: { startsWith: `${run}_` } } });
      await until(booked, (n) => n === N, 180_000, `${N} payouts booked at the bank`);
      // R-E6.4: each amount was drawn and written before the bank was asked; none has the bank's answer yet.
      const drawn = await db.payout.findMany({ where: { processId: { in: processIds } } });
      expect(drawn).toHaveLength(N);
      expect(drawn.every((payout) => payout.bankReference === null)).toBe(true);
      await first.kill('SIGKILL');
      expect(first.running).toBe(false);

      // A fresh worker; each attempt the dead ones held times out (10 s) and is retried here.
      await startWorker({ SANDBOX_BANK_DELAY_MS: '0' });
      const awaiting = () => db.process.count({ where: { id: { in: processIds }, step: 'awaiting_amount' } });
      await until(awaiting, (n) => n === N, 300_000, `${N} processes awaiting the amount`);

      // Per process: one transfer at the bank and one payout row, of one amount; R-E6.6: no ledger entry, the payout is not credited.
      const transfers = await db.sandboxBankTransfer.findMany({ where: { idempotencyKey: { startsWith: `${run}_` } } });
      const payouts = await db.payout.findMany({ where: { processId: { in: processIds } } });
      expect([transfers.length, payouts.length]).toEqual([N, N]);
      expect(await db.ledgerEntry.count({ where: { processId: { in: processIds } } })).toBe(0);
      const amounts = new Map<string, number>();
      for (const { processId } of flights) {
        const mine = transfers.filter((t) => t.idempotencyKey.startsWith(`${processId}:payout:`));
        const payout = payouts.filter((p) => p.processId === processId);
        expect([mine.length, payout.length]).toEqual([1, 1]);
        expect(mine[0]!.amountFen).toBe(payout[0]!.amountFen);
        // The retry sent the amount the first attempt drew, and the bank's answer is recorded.
        expect(payout[0]!.amountFen).toBe(drawn.find((d) => d.processId === processId)!.amountFen);
        expect(payout[0]!.bankReference).not.toBeNull();
        amounts.set(processId, payout[0]!.amountFen);
      }

      // R-E6.5: the amount the bank paid, entered once, verifies the enterprise.
      const answers = await pool(flights, 10, (f) => f.handle.executeUpdate(submitRemittanceAmountUpdate, { args: [{ amountFen: amounts.get(f.processId)! }] }));
      expect(answers.every((a) => a.correct && a.attemptsLeft === 2)).toBe(true);
      const results = await pool(flights, 10, (f) => f.handle.result());
      expect(results.every((r) => r.status === 'verified' && r.step === 'verified')).toBe(true);

      // Exactly once: one account update (to enterprise, with one history row) per process.
      const accounts = await db.account.findMany({ where: { id: { in: flights.map((f) => f.accountId) } } });
      expect(accounts.filter((a) => a.status === 'enterprise')).toHaveLength(N);
      const history = await db.subjectHistory.findMany({ where: { processId: { in: processIds } } });
      expect(history).toHaveLength(N);
      expect(new Set(history.map((h) => h.processId)).size).toBe(N);
      // One notification per channel and outcome (R-G5): the review's approval and the verification, four channels each.
      const notifications = await until(
        () => db.notification.findMany({ where: { processId: { in: processIds } } }),
        (rows) => rows.filter((n) => n.kind === 'verified').length >= 4 * N,
        120_000,
        'verified notifications written',
      );
      const perChannel = new Set(notifications.map((n) => `${n.processId}/${n.kind}/${n.channel}`));
      expect(perChannel.size).toBe(notifications.length);
      expect(notifications.filter((n) => n.kind === 'verified')).toHaveLength(4 * N);
      expect(notifications.filter((n) => n.kind === 'review_approved')).toHaveLength(4 * N);
      expect(notifications).toHaveLength(8 * N);

      // Each payout went through on a later attempt, after a timeout: the dead worker's calls were lost, not completed.
      const attempts = await pool(flights, 10, async (f) => {
        const { events } = await f.handle.fetchHistory();
        const scheduled = events!.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendPayout');
        expect(scheduled).toHaveLength(1);
        const started = events!.find((e) => String(e.activityTaskStartedEventAttributes?.scheduledEventId) === String(scheduled[0]!.eventId))!;
        expect(started.activityTaskStartedEventAttributes!.lastFailure?.timeoutFailureInfo).toBeTruthy();
        expect(events!.some((e) => String(e.activityTaskCompletedEventAttributes?.scheduledEventId) === String(scheduled[0]!.eventId))).toBe(true);
        return started.activityTaskStartedEventAttributes!.attempt!;
      });
      expect(Math.min(...attempts)).toBeGreaterThanOrEqual(2);
    } finally {
      await pool(flights, 10, (f) => f.handle.terminate('test over').catch(() => undefined));
    }
  }, 900_000);
});
