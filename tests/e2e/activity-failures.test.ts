import type { SubjectChangeInput } from '../../workflows/change/messages';
import { randomMainlandId } from '../support/people';
import { captureWorkerLogs } from '../support/runtime';
import { eventually, http, startSystem, uniqueId, type RunningSystem } from '../support/system';

// Defect 4: an activity that can never succeed gives up at once, and operators
// see it: in the worker's error log, in GET /v1/operator/activity-failures and
// in /metrics. The real worker (worker/create-worker.ts) and activities.
describe('activities that gave up, for operators', () => {
  let system: RunningSystem;
  const workerLines: Array<{ level: string; message: string; meta?: Record<string, unknown> }> = [];
  const workflowIds: string[] = [];

  beforeAll(async () => {
    system = await startSystem();
    captureWorkerLogs((level, message, meta) => workerLines.push({ level, message, meta }));
  });
  afterAll(async () => {
    captureWorkerLogs(null);
    await system.db.activityFailure.deleteMany({ where: { workflowId: { in: workflowIds } } });
    await system.stop();
  });

  it("a change of an account that does not exist fails its first activity (findUniqueOrThrow's P2025) once: logged, listed and counted, without personal data", async () => {
    const accountId = uniqueId('acc_missing');
    const workflowId = `change-${accountId}`;
    workflowIds.push(workflowId);
    const current = { type: 'enterprise' as const, name: '日志缺失有限公司', documentNumber: randomMainlandId(), creditCode: '91350100M000100Y43' };
    const input: SubjectChangeInput = {
      processId: uniqueId('prc'),
      accountId,
      kind: 'enterprise_name',
      requestedBy: 'holder-test',
      current,
      newName: '日志新名有限公司',
      automatic: true,
      durations: { qrValidity: '10 minutes', abandonment: '24 hours', entityValidity: '7 days' },
      faceMaxTries: 5,
      reviewSlaBusinessDays: 1,
      calendar: { holidays: [], extraWorkingDays: [] },
    };
    // Started around the API, which would have refused an unknown account: only the worker's handling is under test.
    const handle = await system.temporal.workflow.start('subjectChange', { taskQueue: system.config.temporal.taskQueue, workflowId, args: [input] });
    await expect(handle.result()).rejects.toMatchObject({ cause: expect.objectContaining({ type: 'RecordMissing', nonRetryable: true }) });

    const listed = await eventually(
      () => http(system, 'GET', '/v1/operator/activity-failures?limit=200', { token: system.operatorToken }),
      (r) => r.status === 200 && r.body.failures.some((f: { workflowId: string }) => f.workflowId === workflowId),
    );
    const mine = listed.body.failures.filter((f: { workflowId: string }) => f.workflowId === workflowId);
    expect(mine).toEqual([
      expect.objectContaining({
        workflowType: 'subjectChange',
        activityType: 'openChange',
        attempt: 1,
        failureType: 'RecordMissing',
        retryable: false,
        message: 'PrismaClientKnownRequestError P2025',
      }),
    ]);

    // The error log line itself is asserted in tests/unit/activity-failures.test.ts: the worker's
    // runtime logger here is whichever test file installed it first, so its lines may not reach this file.
    const everything = JSON.stringify([workerLines, listed.body]);
    for (const personal of [current.name, current.documentNumber, input.newName!]) expect(everything).not.toContain(personal);

    // /metrics counts them by activity type and failure type.
    const response = await fetch(`${system.baseUrl}/metrics`, { headers: { authorization: `Bearer ${system.operatorToken}` } });
    const text = await response.text();
    expect(text).toContain('# TYPE realname_activity_failures_total counter');
    expect(text).toMatch(/^realname_activity_failures_total\{activity_type="openChange",failure_type="RecordMissing"\} [1-9]\d*$/m);
  });

  it('operators page through them newest first; holders and callers without a token are refused', async () => {
    // In the far future, so they are the newest whatever other tests left.
    const base = Date.UTC(2999, 0, 1);
    const workflowId = uniqueId('wf_paged');
    workflowIds.push(workflowId);
    await system.db.activityFailure.createMany({
      data: [0, 1, 2].map((i) => ({
        id: `${workflowId}-${i}`,
        workflowId,
        runId: 'run',
        workflowType: 'enterpriseVerification',
        activityType: 'lookupRegistry',
        activityId: String(i),
        attempt: 1,
        failureType: 'InvalidActivityInput',
        retryable: false,
        message: 'RangeError',
        at: new Date(base + i * 1000),
      })),
    });
    const first = await http(system, 'GET', '/v1/operator/activity-failures?limit=2', { token: system.operatorToken });
    expect(first.status).toBe(200);
    expect(first.body.failures.map((f: { activityId: string }) => f.activityId)).toEqual(['2', '1']);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await http(system, 'GET', `/v1/operator/activity-failures?limit=2&cursor=${first.body.nextCursor}`, { token: system.operatorToken });
    expect(second.body.failures[0]).toMatchObject({ workflowId, activityId: '0', at: new Date(base).toISOString() });

    const holder = await http(system, 'GET', '/v1/operator/activity-failures', { token: await system.holderToken(uniqueId('acc')) });
    expect(holder.status).toBe(403);
    expect((await http(system, 'GET', '/v1/operator/activity-failures')).status).toBe(401);
    expect((await http(system, 'GET', '/v1/operator/activity-failures?cursor=not-ours', { token: system.operatorToken })).status).toBe(400);
  });
});
