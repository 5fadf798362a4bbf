import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { workerDataConverter } from '../../codec/data-converter';
import type { EnterpriseActivities } from '../../activities/enterprise/types';
import { createDatabase, type Database } from '../../prisma/client';
import { activityFailureInterceptors, recordGiveUpsIn } from '../../worker/activity-failures';
import { enterpriseViewQuery, type EnterpriseVerificationInput } from '../../workflows/enterprise/messages';
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

// The production bundle and retry options, with the worker's activity interceptor over fake activities
// and give-ups kept in the test database. Time-skipping; run serially (jest --runInBand).
describe('activities that cannot succeed give up instead of retrying forever (defect 4, time-skipping)', () => {
  let env: TestWorkflowEnvironment;
  let db: Database;
  const workflowIds: string[] = [];
  beforeAll(async () => {
    env = await timeSkippingEnvironment();
    const config = testConfig();
    db = createDatabase(config.databaseUrl!, config.database);
  });
  afterAll(async () => {
    await db?.activityFailure.deleteMany({ where: { workflowId: { in: workflowIds } } });
    await db?.$disconnect();
    await env?.teardown();
  });

  async function run<T>(id: string, activities: EnterpriseActivities, body: (handle: WorkflowHandle) => Promise<T>): Promise<T> {
    const taskQueue = `give-up-${id}-${Math.random().toString(36).slice(2)}`;
    const workflowId = `wf-give-up-${id}-${Date.now()}`;
    workflowIds.push(workflowId);
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowBundle: { codePath: testEnvironment().workflowBundlePath },
      activities,
      dataConverter: workerDataConverter(testConfig()),
      interceptors: { activity: [activityFailureInterceptors(recordGiveUpsIn(db))] },
    });
    return worker.runUntil(async () => {
      const handle = await env.client.workflow.start('enterpriseVerification', { taskQueue, workflowId, args: [input(id)] });
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
});
