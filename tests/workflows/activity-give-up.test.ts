import { WorkflowFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { workerDataConverter } from '../../codec/data-converter';
import type { EnterpriseActivities } from '../../activities/enterprise/types';
import { createNotificationActivities } from '../../activities/notifications';
import { createProcessActivities } from '../../activities/process';
import { createProcessEndActivities, type ProcessEndActivities } from '../../activities/process-ended-in-error';
import { sandboxSender } from '../../activities/providers/notification-channels';
import { issueToken } from '../../api/auth';
import { createApp } from '../../api/app';
import { createLogger } from '../../config/logger';
import { createDatabase, type Database } from '../../prisma/client';
import { activityFailureInterceptors, recordGiveUpsIn } from '../../worker/activity-failures';
import { enterpriseViewQuery, type EnterpriseVerificationInput } from '../../workflows/enterprise/messages';
import { processWorkflowId } from '../../workflows/process-ids';
import { testConfig, testEnvironment } from '../support/environment';
import { fakeEnterpriseActivities } from '../support/fake-activities';
import { queryUntil, timeSkippingEnvironment } from '../support/time-skipping';

const enterprise = {
  name: '北京示例科技有限公司',
  creditCode: '91110108MA01ABCD2X',
  licenceDocumentId: 'doc_licence',
  address: '北京市海淀区中关村大街1号',
  contact: { name: '张三', documentNumber: '11010519491231002X', mobile: '13800138000' },
};

function input(id: string): EnterpriseVerificationInput {
  return { processId: `prc_${id}`, accountId: `acc_${id}`, enterprise, method: 'recharge', durations: { rechargeWindow: '7 days' }, rechargeAttempts: 2 };
}

/**
 * The failure that failed the workflow: an ActivityFailure naming the activity
 * around the interceptor's ApplicationFailure, or (a local activity's, as the
 * SDK delivers it) that ApplicationFailure itself.
 */
async function failureOf(result: Promise<unknown>): Promise<{ activityType?: string; type?: string | null; nonRetryable?: boolean | null }> {
  const error = await result.then(
    () => {
      throw new Error('the workflow completed');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowFailedError);
  const cause = (error as WorkflowFailedError).cause;
  const failure = cause instanceof ActivityFailure ? cause.cause : cause;
  expect(failure).toBeInstanceOf(ApplicationFailure);
  const { type, nonRetryable } = failure as ApplicationFailure;
  return { ...(cause instanceof ActivityFailure ? { activityType: cause.activityType } : {}), type, nonRetryable };
}

// The production bundle (its workflow interceptors, workflows/process-ended-in-error.ts among them) and
// retry options, with the worker's activity interceptor over fake activities, the real activity that
// closes a failed process, and give-ups kept in the test database. Time-skipping; run serially (jest --runInBand).
describe('activities that cannot succeed give up instead of retrying forever (defect 4, time-skipping)', () => {
  let env: TestWorkflowEnvironment;
  let db: Database;
  let closing: ProcessEndActivities;
  const workflowIds: string[] = [];
  const accountIds: string[] = [];
  beforeAll(async () => {
    env = await timeSkippingEnvironment();
    const config = testConfig();
    db = createDatabase(config.databaseUrl!, config.database);
    const { notifyOutcome } = createNotificationActivities(db, { sms: sandboxSender, email: sandboxSender, wechat: sandboxSender }, config.notices);
    closing = createProcessEndActivities(db, notifyOutcome);
  });
  afterAll(async () => {
    await db?.activityFailure.deleteMany({ where: { workflowId: { in: workflowIds } } });
    if (db && accountIds.length > 0) {
      const where = { accountId: { in: accountIds } };
      await db.notification.deleteMany({ where });
      await db.message.deleteMany({ where });
      await db.subjectHistory.deleteMany({ where });
      await db.processStep.deleteMany({ where: { process: where } });
      await db.process.deleteMany({ where });
      await db.account.deleteMany({ where: { id: { in: accountIds } } });
    }
    await db?.$disconnect();
    await env?.teardown();
  });

  async function run<T>(
    id: string,
    activities: EnterpriseActivities,
    body: (handle: WorkflowHandle) => Promise<T>,
    options: { workflowId?: string; input?: EnterpriseVerificationInput } = {},
  ): Promise<T> {
    const taskQueue = `give-up-${id}-${Math.random().toString(36).slice(2)}`;
    const workflowId = options.workflowId ?? `wf-give-up-${id}-${Date.now()}`;
    workflowIds.push(workflowId);
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowBundle: { codePath: testEnvironment().workflowBundlePath },
      activities: { ...closing, ...activities },
      dataConverter: workerDataConverter(testConfig()),
      interceptors: { activity: [activityFailureInterceptors(recordGiveUpsIn(db))] },
    });
    return worker.runUntil(async () => {
      const handle = await env.client.workflow.start('enterpriseVerification', { taskQueue, workflowId, args: [options.input ?? input(id)] });
      try {
        return await body(handle);
      } finally {
        await handle.terminate('test over').catch(() => undefined);
      }
    });
  }

  it('a RangeError in the registry lookup (a task-queue activity) is attempted once; the process fails and operators find the give-up', async () => {
    const fakes = fakeEnterpriseActivities();
    let attempts = 0;
    const { activityType, type, nonRetryable, workflowId } = await run(
      'range',
      {
        ...fakes.activities,
        async lookupRegistry() {
          attempts += 1;
          throw new RangeError('a credit code has 18 characters');
        },
      },
      async (handle) => ({ ...(await failureOf(handle.result())), workflowId: handle.workflowId }),
    );
    expect({ activityType, type, nonRetryable }).toEqual({ activityType: 'lookupRegistry', type: 'InvalidActivityInput', nonRetryable: true });
    expect(attempts).toBe(1);
    const rows = await db.activityFailure.findMany({ where: { workflowId } });
    expect(rows).toEqual([expect.objectContaining({ workflowType: 'enterpriseVerification', activityType: 'lookupRegistry', attempt: 1, failureType: 'InvalidActivityInput', retryable: false, message: 'RangeError' })]);
  });

  it("findUniqueOrThrow's missing row (Prisma P2025) in a local activity is attempted once", async () => {
    const fakes = fakeEnterpriseActivities();
    let attempts = 0;
    const { activityType, type, nonRetryable } = await run(
      'missing',
      {
        ...fakes.activities,
        async openEnterpriseProcess() {
          attempts += 1;
          await db.account.findUniqueOrThrow({ where: { id: `acc_missing_${process.pid}` } });
          return { eligible: true };
        },
      },
      (handle) => failureOf(handle.result()),
    );
    expect({ type, nonRetryable }).toEqual({ type: 'RecordMissing', nonRetryable: true });
    expect(activityType ?? 'openEnterpriseProcess').toBe('openEnterpriseProcess');
    expect(attempts).toBe(1);
  });

  it('a refused connection (ECONNREFUSED) in the registry lookup is retried, and the process goes on; nothing gave up', async () => {
    const fakes = fakeEnterpriseActivities();
    let attempts = 0;
    const { step, workflowId } = await run(
      'transient',
      {
        ...fakes.activities,
        async lookupRegistry({ name }) {
          attempts += 1;
          if (attempts === 1) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' });
          return { found: true, registeredName: name };
        },
      },
      async (handle) => ({ ...(await queryUntil(handle, enterpriseViewQuery, (view) => view.step === 'awaiting_payment')), workflowId: handle.workflowId }),
    );
    expect(step).toBe('awaiting_payment');
    expect(attempts).toBe(2);
    expect(await db.activityFailure.count({ where: { workflowId } })).toBe(0);
  });

  /** An account of its own, and the process workflow's real id (the account's), so the operator list can name the process. */
  async function account(label: string): Promise<{ id: string; accountId: string; workflowId: string }> {
    const id = `${label}_${process.pid}_${Date.now().toString(36)}`;
    const accountId = `acc_${id}`;
    accountIds.push(accountId);
    await db.account.create({ data: { id: accountId, displayName: `R-G7 ${label}` } });
    return { id, accountId, workflowId: processWorkflowId(accountId) };
  }

  /** The registry lookup gives up (a RangeError); the row and its steps are the real activities'. */
  function givingUp(): EnterpriseActivities {
    const fakes = fakeEnterpriseActivities();
    const { openProcess, recordStep } = createProcessActivities(db);
    return {
      ...fakes.activities,
      openEnterpriseProcess: openProcess,
      recordEnterpriseStep: recordStep,
      async lookupRegistry() {
        throw new RangeError('a credit code has 18 characters');
      },
    };
  }

  it('R-G7: after an activity gives up, the process is closed as failed with internal_error, its notice is queued, and the workflow still fails with the give-up', async () => {
    const { id, accountId, workflowId } = await account('gaveup');
    const processId = `prc_${id}`;
    const failure = await run('closed', givingUp(), (handle) => failureOf(handle.result()), { workflowId, input: { ...input(id), accountId, processId } });
    // The workflow's own failure, not one of the interceptor's.
    expect(failure).toEqual({ activityType: 'lookupRegistry', type: 'InvalidActivityInput', nonRetryable: true });

    const row = await db.process.findUniqueOrThrow({ where: { id: processId }, include: { steps: { orderBy: { seq: 'asc' } } } });
    expect(row).toMatchObject({ status: 'failed', step: 'failed', failureReason: 'internal_error', action: null });
    expect(row.completedAt).toBeInstanceOf(Date);
    // The closing step at the next free seq, after what the workflow recorded; its detail names types only.
    const closingStep = row.steps.at(-1)!;
    const before = row.steps.slice(0, -1).map((step) => step.seq);
    expect(closingStep.seq).toBe(before.length === 0 ? 0 : Math.max(...before) + 1);
    expect(closingStep).toMatchObject({
      step: 'failed',
      detail: { reason: 'internal_error', failure: 'ActivityFailure', activityType: 'lookupRegistry', failureType: 'InvalidActivityInput' },
    });
    expect(closingStep.at.getTime()).toBe(row.completedAt!.getTime());

    // R-G5 through the outbox: the message centre entry and one row per channel, with the reason.
    const notices = await db.notification.findMany({ where: { processId }, orderBy: { channel: 'asc' } });
    expect(notices.map((notice) => [notice.kind, notice.channel])).toEqual([
      ['failed', 'email'],
      ['failed', 'message_centre'],
      ['failed', 'sms'],
      ['failed', 'wechat'],
    ]);
    for (const notice of notices) expect(notice.payload).toMatchObject({ reason: 'internal_error' });
    expect(await db.message.count({ where: { processId, accountId } })).toBe(1);

    // Nothing looks open: the account's next process is not blocked by this one (R-G2 reads the open row).
    expect(await db.process.count({ where: { accountId, status: 'open' } })).toBe(0);

    // Operators find the give-up and, on it, the process it closed.
    const config = testConfig();
    const app = createApp({ config, db, temporal: {} as Client, logger: createLogger({ level: 'silent' }) });
    const token = await issueToken(config.auth.jwtSecret, config.auth.issuer, { role: 'operator', subject: 'test-operator' });
    const listed = await app.request('/v1/operator/activity-failures?limit=200', { headers: { authorization: `Bearer ${token}` } });
    expect(listed.status).toBe(200);
    const mine = ((await listed.json()) as { failures: Array<{ workflowId: string; runId: string; process: unknown }> }).failures.filter((f) => f.workflowId === workflowId);
    expect(mine).toEqual([
      expect.objectContaining({ activityType: 'lookupRegistry', runId: row.runId, process: { processId, status: 'failed', failureReason: 'internal_error' } }),
    ]);
  });

  it('R-G7: a process that already reached its outcome is not overwritten when its workflow fails afterwards', async () => {
    const { id, accountId, workflowId } = await account('outcome');
    const processId = `prc_${id}`;
    const completedAt = new Date('2026-01-05T08:00:00.000Z');
    await db.process.create({
      data: { id: processId, accountId, workflowId, runId: 'earlier', kind: 'enterprise_verification', method: 'recharge', status: 'failed', step: 'failed', failureReason: 'expired', createdAt: completedAt, completedAt },
    });
    await db.processStep.create({ data: { processId, seq: 0, step: 'failed', detail: { reason: 'expired' }, at: completedAt } });
    const fakes = givingUp();
    const failure = await run(
      'outcome',
      // The row is there already, at its outcome: nothing but the closing activity writes to it.
      { ...fakes, openEnterpriseProcess: async () => ({ eligible: true }), recordEnterpriseStep: async () => undefined },
      (handle) => failureOf(handle.result()),
      { workflowId, input: { ...input(id), accountId, processId } },
    );
    expect(failure).toEqual({ activityType: 'lookupRegistry', type: 'InvalidActivityInput', nonRetryable: true });
    const row = await db.process.findUniqueOrThrow({ where: { id: processId }, include: { steps: true } });
    expect(row).toMatchObject({ status: 'failed', failureReason: 'expired', completedAt });
    expect(row.steps.filter((step) => step.step === 'failed')).toEqual([expect.objectContaining({ seq: 0, detail: { reason: 'expired' } })]);
    expect(await db.notification.count({ where: { processId } })).toBe(0);
  });

  it('R-G7: closing is idempotent: a retried close writes one closing step and queues each notice once', async () => {
    const { id, accountId, workflowId } = await account('retried');
    const processId = `prc_${id}`;
    await db.process.create({ data: { id: processId, accountId, workflowId, runId: 'run', kind: 'enterprise_verification', method: 'recharge', status: 'open', step: 'starting' } });
    const close = { processId, at: Date.parse('2026-01-05T09:00:00.000Z'), failure: { failure: 'ActivityFailure', activityType: 'lookupRegistry', failureType: 'InvalidActivityInput' } };
    expect(await closing.closeProcessEndedInError(close)).toEqual({ result: 'closed' });
    expect(await closing.closeProcessEndedInError(close)).toEqual({ result: 'closed' });
    const steps = await db.processStep.findMany({ where: { processId } });
    expect(steps).toEqual([expect.objectContaining({ seq: 0, step: 'failed' })]);
    expect(await db.notification.count({ where: { processId } })).toBe(4);
    expect(await db.message.count({ where: { processId } })).toBe(1);
    // A process that never opened a row has nothing to close, and nothing is queued for it.
    expect(await closing.closeProcessEndedInError({ ...close, processId: `${processId}_none` })).toEqual({ result: 'missing' });
    expect(await db.notification.count({ where: { processId: `${processId}_none` } })).toBe(0);
  });
});
