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
import { eventually, uniqueId } from '../support/system';
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

function input(processId: string, accountId: string, name: string): EnterpriseVerificationInput {
  return {
    processId,
    accountId,
    method: 'remittance',
    remittance: {
      bankAccount: { accountNumber: '6222020200112233445', bank: '中国工商银行', location: '福建省福州市', branch: '五一支行' },
      legalPerson: { name: '陈法人', documentNumber: mainlandId('350102', '1970-03-01', '117') },
      photos: { emblemSideDocumentId: 'doc_emblem', portraitSideDocumentId: 'doc_portrait' },
      handler: { name: '林经办', documentNumber: mainlandId('350102', '1990-07-21', '135') },
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

// A real worker process against the provisioned PostgreSQL and Temporal dev server, killed with SIGKILL mid-payout.
describe('a remittance payout survives a worker killed mid-call (R-E6.4)', () => {
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

  /** The process view as the workflow answers it; undefined while no worker can answer. */
  const view = (handle: WorkflowHandle) =>
    temporal.withDeadline(Date.now() + 3_000, () => handle.query(enterpriseViewQuery)).catch(() => undefined);
  const viewWhen = (handle: WorkflowHandle, check: (view: EnterpriseView) => boolean, timeoutMs?: number) =>
    eventually(() => view(handle), (v) => v !== undefined && (check(v) || v.status !== 'open'), timeoutMs) as Promise<EnterpriseView>;

  it('R-E6.4: the bank call in flight when the worker is SIGKILLed is retried by a fresh worker, and the payout is sent, recorded and booked exactly once', async () => {
    const accountId = uniqueId('acc');
    const processId = uniqueId('prc');
    const name = `福州断电测试有限公司${uniqueId('')}`;
    await db.account.create({ data: { id: accountId, displayName: name } });

    // The bank holds its answer for 20 s: long enough to kill the worker while the call is in flight.
    const first = await startWorker({ SANDBOX_BANK_DELAY_MS: '20000' });
    const handle = await temporal.workflow.start('enterpriseVerification', {
      taskQueue: config.temporal.taskQueue,
      workflowId: processWorkflowId(accountId),
      args: [input(processId, accountId, name)],
      memo: { processId },
      typedSearchAttributes: [
        { key: AccountId, value: accountId },
        { key: ProcessKind, value: 'enterprise_verification' },
        { key: VerificationMethod, value: 'remittance' },
        { key: VerificationStatus, value: 'starting' },
      ],
    });

    try {
      const face = await viewWhen(handle, (v) => v.step === 'awaiting_handler_face' && !!v.qrCode);
      const ticket = face.qrCode!.ticket;
      await handle.signal(providerEventSignal, { provider: 'face', eventId: `face-${ticket}`, ticket, type: 'passed' });
      const inReview = await viewWhen(handle, (v) => v.step === 'in_review' && !!v.remittance?.reviewId);
      const review = temporal.workflow.getHandle(reviewWorkflowId(inReview.remittance!.reviewId!));
      await review.executeUpdate(decideReviewUpdate, { args: [{ decision: 'approve', reason: 'materials consistent', operator: 'op-fault-test', via: 'api' }] });

      // The sandbox bank has booked the transfer and is holding its answer: the call is in flight.
      const payoutKeys = { idempotencyKey: { startsWith: `${processId}:payout:` } };
      await eventually(() => db.sandboxBankTransfer.count({ where: payoutKeys }), (n) => n === 1);
      expect(await db.payout.count({ where: { processId } })).toBe(0);
      await first.kill('SIGKILL');
      expect(first.running).toBe(false);

      // A fresh worker; the attempt the dead one held times out (10 s) and is retried here.
      await startWorker({ SANDBOX_BANK_DELAY_MS: '0' });
      const awaiting = await viewWhen(handle, (v) => v.step === 'awaiting_amount', 40_000);
      expect(awaiting).toMatchObject({ status: 'open', step: 'awaiting_amount' });

      expect(await db.sandboxBankTransfer.count({ where: payoutKeys })).toBe(1);
      const payouts = await db.payout.findMany({ where: { processId } });
      expect(payouts).toHaveLength(1);
      const ledger = await db.ledgerEntry.findMany({ where: { processId, kind: 'remittance_payout' } });
      expect(ledger).toHaveLength(1);
      expect(ledger[0]!.amountFen).toBe(payouts[0]!.amountFen);
      const transfer = await db.sandboxBankTransfer.findFirstOrThrow({ where: payoutKeys });
      expect(transfer.amountFen).toBe(payouts[0]!.amountFen);

      // R-E6.5: the amount the bank paid, entered once, verifies the enterprise.
      const answer = await handle.executeUpdate(submitRemittanceAmountUpdate, { args: [{ amountFen: payouts[0]!.amountFen }] });
      expect(answer).toEqual({ correct: true, attemptsLeft: 2 });
      const result = await handle.result();
      expect(result).toMatchObject({ status: 'verified', step: 'verified' });

      // The payout went through on a second attempt, after the first one's timeout: the dead worker's call was lost, not completed.
      const { events } = await handle.fetchHistory();
      const scheduled = events!.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendPayout')!;
      const started = events!.find((e) => String(e.activityTaskStartedEventAttributes?.scheduledEventId) === String(scheduled.eventId))!;
      expect(started.activityTaskStartedEventAttributes!.attempt).toBe(2);
      expect(started.activityTaskStartedEventAttributes!.lastFailure?.timeoutFailureInfo).toBeTruthy();
    } finally {
      await handle.terminate('test over').catch(() => undefined);
    }
  }, 90_000);
});
