import { createNotificationActivities } from '../../activities/notifications';
import { createProcessEndActivities } from '../../activities/process-ended-in-error';
import { closeProcessesOfTerminatedRuns, type TerminatedRunsDeps } from '../../activities/terminated-runs';
import { processWorkflowId } from '../../workflows/process-ids';
import { INDIVIDUAL_FIRST_STATUS, INDIVIDUAL_REVISION, type IndividualVerificationInput } from '../../workflows/individual/messages';
import { VerificationStatus } from '../../workflows/search-attributes';
import { applicant } from '../support/people';
import { eventually, http, postWebhook, startSystem, uniqueId, type RunningSystem } from '../support/system';

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
    const person = applicant();
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body: { type: 'individual', method: 'wechat_qr', applicant: person } });
    expect(started.status).toBe(201);
    return { accountId, token, person, processId: started.body.processId as string };
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

  it('R-G7: a run not yet settled is left open and named for the next window, which starts from the close times visibility gave', async () => {
    const { accountId, processId } = await awaitingScan();
    const since = new Date(Date.now() - 1_000);
    const handle = system.temporal.workflow.getHandle(processWorkflowId(accountId));
    await handle.terminate('stopped by an operator');
    const closedAt = (await handle.describe()).closeTime!.getTime();
    const { runId } = await system.db.process.findUniqueOrThrow({ where: { id: processId } });

    const pass = await eventually(
      () => closeProcessesOfTerminatedRuns(deps, since, (run) => run.runId !== runId),
      (result) => result.unsettled >= 1,
    );
    expect(pass.unsettledFrom).toBeLessThanOrEqual(closedAt);
    expect(pass.latestClose).toBeGreaterThanOrEqual(closedAt);
    expect((await system.db.process.findUniqueOrThrow({ where: { id: processId } })).status).toBe('open');
    // Once settled, the same window closes it.
    await closedBySweep(since, processId);
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

  it('R-G7: a reset run keeps its process: the row moves to it (so requests reach it), and is closed once that run is terminated', async () => {
    const { accountId, token, processId } = await awaitingScan();
    const workflowId = processWorkflowId(accountId);
    const since = new Date(Date.now() - 1_000);
    const first = (await system.db.process.findUniqueOrThrow({ where: { id: processId } })).runId;
    const issued = (await http(system, 'GET', `/v1/processes/${processId}`, { token })).body.qrCode.ticket as string;
    const history = await system.temporal.workflow.getHandle(workflowId, first).fetchHistory();
    const firstTask = history.events!.find((event) => event.workflowTaskCompletedEventAttributes)!;
    const { runId: reset } = await system.temporal.workflowService.resetWorkflowExecution({
      namespace: system.config.temporal.namespace,
      workflowExecution: { workflowId, runId: first },
      reason: 'reset by an operator',
      workflowTaskFinishEventId: firstTask.eventId,
      requestId: uniqueId('reset'),
    });
    const moved = await eventually(
      async () => {
        await closeProcessesOfTerminatedRuns(deps, since);
        return system.db.process.findUniqueOrThrow({ where: { id: processId } });
      },
      (row) => row.runId === reset,
    );
    expect(moved.status).toBe('open');
    // The reset run issued a code of its own; the provider's report of its scan reaches that run, which moves on.
    const code = await eventually(() => http(system, 'GET', `/v1/processes/${processId}`, { token }), (r) => r.body.qrCode?.ticket !== issued);
    expect((await postWebhook(system, 'wechat', { eventId: uniqueId('evt'), type: 'scanned', ticket: code.body.qrCode.ticket })).status).toBe(200);
    await eventually(() => http(system, 'GET', `/v1/processes/${processId}`, { token }), (r) => r.body.step === 'awaiting_authorization');
    await system.temporal.workflow.getHandle(workflowId, reset!).terminate('stopped after the reset');
    // The first run, settled long since, is still listed: the reset's run, not yet settled, decides (an operator may reset it too).
    const pass = await eventually(
      () => closeProcessesOfTerminatedRuns(deps, since, (run) => run.runId !== reset),
      (result) => result.unsettled >= 1,
    );
    expect(pass.closed).toBe(0);
    expect((await system.db.process.findUniqueOrThrow({ where: { id: processId } })).status).toBe('open');
    const closed = await closedBySweep(since, processId);
    expect(closed.failureReason).toBe('terminated');
    // Closed as of the run that ended it.
    const resetClosed = (await system.temporal.workflow.getHandle(workflowId, reset!).describe()).closeTime!.getTime();
    expect(closed.completedAt?.getTime()).toBe(resetClosed);
  });

  it('R-G7: a subject change terminated from outside is closed as terminated too, and the subject it would have changed stays', async () => {
    const { accountId, token, person, processId: verification } = await awaitingScan();
    const ticket = (await http(system, 'GET', `/v1/processes/${verification}`, { token })).body.qrCode.ticket as string;
    const { name, documentNumber } = person;
    await http(system, 'POST', `/v1/sandbox/wechat/tickets/${ticket}/authorize`, { body: { name, documentNumber } });
    await eventually(() => http(system, 'GET', `/v1/processes/${verification}`, { token }), (r) => r.body.status === 'verified');
    // R-C1: a change starts 30 days after the verification at the earliest.
    await system.db.account.update({ where: { id: accountId }, data: { verifiedAt: new Date(Date.now() - 31 * 86_400_000) } });
    const before = await system.db.account.findUniqueOrThrow({ where: { id: accountId } });

    const started = await http(system, 'POST', `/v1/accounts/${accountId}/changes`, { token, body: { kind: 'individual_to_individual', agreement: true, newIndividual: applicant() } });
    expect(started.status).toBe(201);
    const change = started.body.processId as string;
    await eventually(() => http(system, 'GET', `/v1/processes/${change}`, { token }), (r) => r.body.step === 'awaiting_current_face');
    const since = new Date(Date.now() - 1_000);
    await system.temporal.workflow.getHandle(processWorkflowId(accountId)).terminate('stopped by an operator');

    expect(await closedBySweep(since, change)).toMatchObject({ status: 'failed', failureReason: 'terminated' });
    const after = await system.db.account.findUniqueOrThrow({ where: { id: accountId } });
    expect({ status: after.status, verifiedAt: after.verifiedAt }).toEqual({ status: before.status, verifiedAt: before.verifiedAt });
    // Another change may start: nothing holds the account (R-G2).
    const next = await http(system, 'POST', `/v1/accounts/${accountId}/changes`, { token, body: { kind: 'individual_to_individual', agreement: true, newIndividual: applicant() } });
    expect(next.status).toBe(201);
  });

  it('R-G7: a run that cannot be handled is counted and the window kept for it; the other runs are still closed', async () => {
    const broken = await awaitingScan();
    const fine = await awaitingScan();
    const since = new Date(Date.now() - 1_000);
    for (const { accountId } of [broken, fine]) await system.temporal.workflow.getHandle(processWorkflowId(accountId)).terminate('stopped by an operator');
    const failing: TerminatedRunsDeps = {
      ...deps,
      close: async (input) => {
        if (input.processId === broken.processId) throw new Error('database unavailable');
        return deps.close(input);
      },
    };
    const pass = await eventually(() => closeProcessesOfTerminatedRuns(failing, since), (result) => result.failed >= 1 && result.closed >= 1);
    expect(pass.retryFrom).toBeGreaterThanOrEqual(since.getTime());
    expect((await system.db.process.findUniqueOrThrow({ where: { id: fine.processId } })).status).toBe('failed');
    expect((await system.db.process.findUniqueOrThrow({ where: { id: broken.processId } })).status).toBe('open');
    // The next pass, from retryFrom, closes it.
    expect((await closedBySweep(new Date(pass.retryFrom!), broken.processId)).status).toBe('failed');
  });

  it('R-G7: a process workflow timed out by a run timeout (set by whoever started it) is closed as terminated too', async () => {
    const created = await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc_timeout'), displayName: 'Timed out' } });
    const accountId = created.body.id as string;
    const token = await system.holderToken(accountId);
    const person = applicant();
    const processId = uniqueId('prc_timeout');
    // Started as the API starts one, but with a run timeout: the API sets none, an operator's tooling might.
    const input: IndividualVerificationInput = {
      processId,
      accountId,
      method: 'wechat_qr',
      applicant: { ...person, documentType: 'mainland_id', birthDate: `${person.documentNumber.slice(6, 10)}-${person.documentNumber.slice(10, 12)}-${person.documentNumber.slice(12, 14)}` },
      durations: { qrValidity: '10 minutes', abandonment: '24 hours', bankCardDeadline: '30 minutes' },
      faceMaxTries: 3,
      revision: INDIVIDUAL_REVISION,
    };
    const since = new Date(Date.now() - 1_000);
    const handle = await system.temporal.workflow.start('individualVerification', {
      taskQueue: system.config.temporal.taskQueue,
      workflowId: processWorkflowId(accountId),
      args: [input],
      workflowRunTimeout: '4 seconds',
      typedSearchAttributes: [{ key: VerificationStatus, value: INDIVIDUAL_FIRST_STATUS }],
    });
    await eventually(() => http(system, 'GET', `/v1/processes/${processId}`, { token }), (r) => r.status === 200 && r.body.step === 'awaiting_scan');
    await expect(handle.result()).rejects.toMatchObject({ cause: expect.objectContaining({ name: 'TimeoutFailure' }) });
    expect(await closedBySweep(since, processId)).toMatchObject({ status: 'failed', failureReason: 'terminated' });
    const shown = await http(system, 'GET', `/v1/processes/${processId}`, { token });
    expect(shown.body).toMatchObject({ status: 'failed', failureReason: 'terminated' });
    // Nothing holds the account (R-G2): it may start again.
    const next = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body: { type: 'individual', method: 'wechat_qr', applicant: applicant() } });
    expect(next.status).toBe(201);
  }, 60_000);
});
