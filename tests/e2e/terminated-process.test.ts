import { createNotificationActivities } from '../../activities/notifications';
import { createProcessEndActivities } from '../../activities/process-ended-in-error';
import { closeProcessesOfTerminatedRuns, type TerminatedRunsDeps } from '../../activities/terminated-runs';
import { processWorkflowId } from '../../workflows/process-ids';
import { applicant } from '../support/people';
import { eventually, http, startSystem, uniqueId, type RunningSystem } from '../support/system';

// R-G7: every process ends, and a finished one never looks open. A workflow
// terminated from outside (the Web UI, the CLI) runs none of our code, so the
// worker's sweep (worker/terminated-run-sweep.ts) closes the row it left open.
describe('a process whose workflow was terminated from outside', () => {
  let system: RunningSystem;
  let deps: TerminatedRunsDeps;
  const unsent = { send: async () => undefined };

  beforeAll(async () => {
    system = await startSystem();
    const { notifyOutcome } = createNotificationActivities(system.db, { sms: unsent, email: unsent, wechat: unsent });
    deps = { db: system.db, temporal: system.temporal, close: createProcessEndActivities(system.db, notifyOutcome).closeProcessEndedInError };
  });
  afterAll(async () => {
    await system.stop();
  });

  async function awaitingScan() {
    const created = await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc_term'), displayName: 'Terminated' } });
    const accountId = created.body.id as string;
    const token = await system.holderToken(accountId);
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body: { type: 'individual', method: 'wechat_qr', applicant: applicant() } });
    expect(started.status).toBe(201);
    return { accountId, token, processId: started.body.processId as string };
  }

  /** Passes until visibility lists the run (it is written after the run closes, and may lag) and its row is closed. */
  const closedBySweep = (since: Date, processId: string) =>
    eventually(
      async () => {
        await closeProcessesOfTerminatedRuns(deps, since);
        return system.db.process.findUniqueOrThrow({ where: { id: processId } });
      },
      (row) => row.status !== 'open',
    );

  it('R-G7: is closed as failed (terminated), the holder is told, and a second pass changes nothing', async () => {
    const { accountId, token, processId } = await awaitingScan();
    const since = new Date(Date.now() - 1_000);
    await system.temporal.workflow.getHandle(processWorkflowId(accountId)).terminate('stopped by an operator');

    await closedBySweep(since, processId);
    const shown = await http(system, 'GET', `/v1/processes/${processId}`, { token });
    expect(shown.body).toMatchObject({ status: 'failed', step: 'failed', failureReason: 'terminated' });
    const notices = await system.db.notification.findMany({ where: { processId } });
    expect(notices.length).toBeGreaterThan(0);
    expect(notices.every((notice) => notice.kind === 'failed' && (notice.payload as { reason?: string }).reason === 'terminated')).toBe(true);
    expect(JSON.stringify(notices)).toContain('已被终止');

    // Closed once: the next pass lists the run again (the windows overlap) and closes nothing, queues nothing.
    const again = await closeProcessesOfTerminatedRuns(deps, since);
    expect(again.listed).toBeGreaterThanOrEqual(1);
    expect(again.closed).toBe(0);
    expect(await system.db.notification.count({ where: { processId } })).toBe(notices.length);
    const steps = await system.db.processStep.findMany({ where: { processId, step: 'failed' } });
    expect(steps).toHaveLength(1);

    // The account may start again: the terminated run holds no process open (R-G2).
    const next = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body: { type: 'individual', method: 'wechat_qr', applicant: applicant() } });
    expect(next.status).toBe(201);
  });

  it('R-G7: a later process of the account, under the same workflow id, stays open', async () => {
    const first = await awaitingScan();
    await system.temporal.workflow.getHandle(processWorkflowId(first.accountId)).terminate('stopped by an operator');
    const second = await http(system, 'POST', `/v1/accounts/${first.accountId}/verifications`, {
      token: first.token,
      body: { type: 'individual', method: 'wechat_qr', applicant: applicant() },
    });
    expect(second.status).toBe(201);
    // The first run's row is closed by its pass; the second process, under the same workflow id, is untouched.
    expect((await closedBySweep(new Date(Date.now() - 60_000), first.processId)).status).toBe('failed');
    const later = await system.db.process.findUniqueOrThrow({ where: { id: second.body.processId } });
    expect(later.status).toBe('open');
    const shown = await http(system, 'GET', `/v1/processes/${second.body.processId}`, { token: first.token });
    expect(shown.body.status).toBe('open');
  });

  it('R-G7: a row whose workflow id has a later run still running (a reset) is left to that run', async () => {
    const { accountId, processId } = await awaitingScan();
    const workflowId = processWorkflowId(accountId);
    const since = new Date(Date.now() - 1_000);
    await system.temporal.workflow.getHandle(workflowId).terminate('reset by an operator');
    // Stands in for the run a reset starts: the same workflow id and the same process's memo, running (on a queue no
    // worker polls, so it only waits).
    const later = await system.temporal.workflow.start('individualVerification', { workflowId, taskQueue: uniqueId('nobody'), args: [], memo: { processId } });
    try {
      const pass = await eventually(() => closeProcessesOfTerminatedRuns(deps, since), (result) => result.continued >= 1);
      expect(pass.closed).toBe(0);
      expect((await system.db.process.findUniqueOrThrow({ where: { id: processId } })).status).toBe('open');
    } finally {
      await later.terminate('test over');
    }
  });
});
