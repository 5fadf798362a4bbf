// R-G7: a child a process waits on (a review, a change's enterprise part)
// terminated from outside (an operator in the Temporal Web UI). The
// time-skipping server never tells a parent its child was terminated, so
// these run on the suite's dev server, in real time, with fake activities; the
// closing activity is captured rather than written.
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { dataConverter, workerDataConverter } from '../../codec/data-converter';
import type { CloseProcessEndedInErrorInput } from '../../activities/process-ended-in-error';
import { enterprisePartWorkflowId, enterpriseViewQuery, type EnterpriseVerificationInput } from '../../workflows/enterprise/messages';
import { changeViewQuery, revokeChangeUpdate, type ChangeView, type SubjectChangeInput } from '../../workflows/change/messages';
import { updateRefusal } from '../../api/start-process';
import { ProblemError } from '../../api/problem';
import { providerEventSignal } from '../../workflows/individual/messages';
import { reviewWorkflowId } from '../../workflows/review/messages';
import { ENTERPRISE, REMITTANCE_DETAILS } from '../support/enterprise-fixtures';
import { testConfig, testEnvironment } from '../support/environment';
import { fakeChangeActivities, fakeEnterpriseActivities, personOf } from '../support/fake-activities';
import { installQuietRuntime } from '../support/runtime';
import { HANDOVER_TASK_TIMEOUT, queryUntil } from '../support/time-skipping';

const remittance = (id: string): EnterpriseVerificationInput => ({
  processId: `prc_${id}`,
  accountId: `acc_${id}`,
  enterprise: ENTERPRISE,
  method: 'remittance',
  remittance: REMITTANCE_DETAILS,
  durations: { rechargeWindow: '7 days', remittanceAmountWindow: '7 days', qrValidity: '10 minutes', abandonment: '7 days', payoutDeliveryDeadline: '10 days' },
  rechargeAttempts: 2,
  remittanceAttempts: 2,
  faceMaxTries: 2,
  reviewSlaBusinessDays: 2,
  reviewExpiryBusinessDays: 10,
  calendar: { holidays: [], extraWorkingDays: [] },
});

const rename = (id: string): SubjectChangeInput => ({
  processId: `prc_${id}`,
  accountId: `acc_${id}`,
  kind: 'enterprise_name',
  requestedBy: 'holder-1',
  current: { type: 'enterprise', name: ENTERPRISE.name, creditCode: ENTERPRISE.creditCode },
  newName: '北京新名科技有限公司',
  automatic: false,
  materials: { form: 'doc_form', proof: 'doc_proof', licence: 'doc_licence' },
  durations: { qrValidity: '10 minutes', abandonment: '7 days', entityValidity: '7 days' },
  faceMaxTries: 3,
  reviewSlaBusinessDays: 1,
  calendar: { holidays: [], extraWorkingDays: [] },
});

/** R-C4: an individual becoming an enterprise by remittance, whose review is the enterprise part's child. */
const toEnterpriseByRemittance = (id: string): SubjectChangeInput => ({
  processId: `prc_${id}`,
  accountId: `acc_${id}`,
  kind: 'individual_to_enterprise',
  requestedBy: 'holder-1',
  current: { type: 'individual', name: '张三', documentNumber: '11010519491231002X' },
  durations: { qrValidity: '10 minutes', abandonment: '7 days', entityValidity: '7 days' },
  faceMaxTries: 3,
  reviewSlaBusinessDays: 1,
  calendar: { holidays: [], extraWorkingDays: [] },
  enterprise: remittance(id),
});

/** R-C5: an entity change, valid for 7 days (its own timer), waiting for the pre-change legal person's face. */
const entityChange = (id: string): SubjectChangeInput => ({
  ...rename(id),
  kind: 'enterprise_entity',
  newName: undefined,
  automatic: undefined,
  preChangeLegalPerson: { name: '张三', documentNumber: '11010519491231002X' },
  newEntity: { name: '北京乙公司', creditCode: '91110108MA01ABCE0X', address: '北京' },
  materials: { form: 'f', licence: 'l', emblem: 'e', portrait: 'p' },
});

describe('R-G7 (dev server): a child stopped from outside ends the process it belongs to, as it was stopped', () => {
  let connection: Connection;
  let nativeConnection: NativeConnection;
  let client: Client;
  const config = testConfig();
  beforeAll(async () => {
    installQuietRuntime();
    connection = await Connection.connect({ address: config.temporal.address! });
    nativeConnection = await NativeConnection.connect({ address: config.temporal.address! });
    client = new Client({ connection, namespace: config.temporal.namespace, dataConverter: dataConverter(config) });
  });
  afterAll(async () => {
    await nativeConnection?.close();
    await connection?.close();
  });

  /** Runs `workflowType` on a worker of its own; `closed` collects what the closing interceptor asked to write. */
  async function runOn<T>(workflowType: string, args: { processId: string; accountId: string }, activities: object, body: (handle: WorkflowHandle) => Promise<T>) {
    const closed: CloseProcessEndedInErrorInput[] = [];
    const taskQueue = `review-terminated-${Math.random().toString(36).slice(2)}`;
    const worker = await Worker.create({
      connection: nativeConnection,
      namespace: config.temporal.namespace,
      taskQueue,
      workflowBundle: { codePath: testEnvironment().workflowBundlePath },
      activities: {
        ...activities,
        closeProcessEndedInError: async (input: CloseProcessEndedInErrorInput) => (closed.push(input), { result: 'closed' as const }),
      },
      dataConverter: workerDataConverter(config),
    });
    const workflowId = `wf-review-terminated-${args.processId}-${Date.now()}`;
    const outcome = await worker.runUntil(async () => {
      const handle = await client.workflow.start(workflowType, { taskQueue, workflowId, args: [args] });
      try {
        return await body(handle);
      } finally {
        await handle.terminate('test over').catch(() => undefined);
      }
    });
    return { outcome, closed };
  }

  /** How the workflow ended: its failure's name and its cause's, or null if it did not end within 20 s. */
  const endOf = (handle: WorkflowHandle) =>
    Promise.race([
      handle.result().then(
        () => ({ failure: 'none', cause: 'none' }),
        (error: Error & { cause?: Error & { cause?: Error } }) => ({ failure: error.cause?.name ?? error.name, cause: error.cause?.cause?.name ?? 'none' }),
      ),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 20_000)),
    ]);

  it('R-E6.3, R-G7: an enterprise remittance whose review is terminated fails at once and is closed as terminated, not left stuck or called an internal error', async () => {
    const fakes = fakeEnterpriseActivities();
    const args = remittance(`rt-remit-${process.pid}-${Date.now().toString(36)}`);
    const { outcome, closed } = await runOn('enterpriseVerification', args, fakes.activities, async (handle) => {
      const face = await queryUntil(handle, enterpriseViewQuery, (v) => v.step === 'awaiting_handler_face' && v.qrCode !== null);
      const ticket = face.qrCode!.ticket;
      await handle.signal(providerEventSignal, { provider: 'face', eventId: `face-${ticket}`, ticket, type: 'passed', person: personOf(ticket) });
      const inReview = await queryUntil(handle, enterpriseViewQuery, (v) => v.step === 'in_review' && v.remittance?.reviewId !== null);
      await client.workflow.getHandle(reviewWorkflowId(inReview.remittance!.reviewId!)).terminate('stopped by an operator');
      return endOf(handle);
    });
    expect(outcome).toEqual({ failure: 'ChildWorkflowFailure', cause: 'TerminatedFailure' });
    expect(closed).toEqual([expect.objectContaining({ processId: args.processId, reason: 'terminated', failure: expect.objectContaining({ childWorkflowType: 'manualReview' }) })]);
    // Nothing was paid out or completed for a review no one decided.
    expect(fakes.payouts).toEqual([]);
    expect(fakes.completions).toEqual([]);
  }, 60_000);

  it('R-C6, R-G7: a name change whose review is terminated fails at once and is closed as terminated; the account is not written', async () => {
    const fakes = fakeChangeActivities();
    const args = rename(`rt-rename-${process.pid}-${Date.now().toString(36)}`);
    const { outcome, closed } = await runOn('subjectChange', args, fakes.activities, async (handle) => {
      const inReview: ChangeView = await queryUntil(handle, changeViewQuery, (v) => v.step === 'in_review' && v.reviewId !== null);
      await client.workflow.getHandle(reviewWorkflowId(inReview.reviewId!)).terminate('stopped by an operator');
      return endOf(handle);
    });
    expect(outcome).toEqual({ failure: 'ChildWorkflowFailure', cause: 'TerminatedFailure' });
    expect(closed).toEqual([expect.objectContaining({ processId: args.processId, reason: 'terminated' })]);
    expect(fakes.changes).toEqual([]);
  }, 60_000);

  it('R-C4, R-G7: a change whose enterprise part\'s review is terminated fails at once and is closed as terminated, through both workflows', async () => {
    const fakes = fakeChangeActivities();
    const args = toEnterpriseByRemittance(`rt-part-${process.pid}-${Date.now().toString(36)}`);
    const { outcome, closed } = await runOn('subjectChange', args, fakes.activities, async (handle) => {
      const current = await queryUntil(handle, changeViewQuery, (v) => v.step === 'awaiting_current_face' && v.qrCode !== null);
      const own = current.qrCode!.ticket;
      await handle.signal(providerEventSignal, { provider: 'face', eventId: `f-${own}`, ticket: own, type: 'passed', person: personOf(own) });
      const part = client.workflow.getHandle(enterprisePartWorkflowId(args.processId));
      // The part starts once the current face has passed.
      while (!(await part.describe().then(() => true, () => false))) await new Promise((resolve) => setTimeout(resolve, 20));
      const face = await queryUntil(part, enterpriseViewQuery, (v) => v.step === 'awaiting_handler_face' && v.qrCode !== null);
      const ticket = face.qrCode!.ticket;
      await part.signal(providerEventSignal, { provider: 'face', eventId: `face-${ticket}`, ticket, type: 'passed', person: personOf(ticket) });
      const inReview = await queryUntil(part, enterpriseViewQuery, (v) => v.step === 'in_review' && v.remittance?.reviewId !== null);
      await client.workflow.getHandle(reviewWorkflowId(inReview.remittance!.reviewId!)).terminate('stopped by an operator');
      const ended = await endOf(handle);
      await part.terminate('test over').catch(() => undefined);
      return ended;
    });
    expect(outcome).toEqual({ failure: 'ChildWorkflowFailure', cause: 'ChildWorkflowFailure' });
    // The part closes the process, then the change asks again (closing is idempotent): both as terminated.
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.every((c) => c.processId === args.processId && c.reason === 'terminated')).toBe(true);
    expect(fakes.changes).toEqual([]);
  }, 60_000);

  it('R-C3, R-G7: a revocation that reaches the change in the same task as its terminated part is answered 409 process-closed, and the change closes as terminated', async () => {
    const fakes = fakeChangeActivities();
    const closed: CloseProcessEndedInErrorInput[] = [];
    const args = toEnterpriseByRemittance(`rt-revoke-${process.pid}-${Date.now().toString(36)}`);
    const taskQueue = `stopped-revoke-${Math.random().toString(36).slice(2)}`;
    const worker = (options: { maxCachedWorkflows?: number }) =>
      Worker.create({
        connection: nativeConnection,
        namespace: config.temporal.namespace,
        taskQueue,
        workflowBundle: { codePath: testEnvironment().workflowBundlePath },
        activities: { ...fakes.activities, closeProcessEndedInError: async (input: CloseProcessEndedInErrorInput) => (closed.push(input), { result: 'closed' as const }) },
        dataConverter: workerDataConverter(config),
        ...options,
      });
    const handle = await client.workflow.start('subjectChange', { taskQueue, workflowId: `wf-stopped-revoke-${args.processId}`, args: [args], workflowTaskTimeout: HANDOVER_TASK_TIMEOUT });
    const part = client.workflow.getHandle(enterprisePartWorkflowId(args.processId));
    try {
      // No cache: the second worker replays, and its first task holds the part's termination and the revocation together.
      await (await worker({ maxCachedWorkflows: 0 })).runUntil(async () => {
        const current = await queryUntil(handle, changeViewQuery, (v) => v.step === 'awaiting_current_face' && v.qrCode !== null);
        const own = current.qrCode!.ticket;
        await handle.signal(providerEventSignal, { provider: 'face', eventId: `f-${own}`, ticket: own, type: 'passed', person: personOf(own) });
        while (!(await part.describe().then(() => true, () => false))) await new Promise((resolve) => setTimeout(resolve, 20));
        await queryUntil(part, enterpriseViewQuery, (v) => v.step === 'awaiting_handler_face' && v.qrCode !== null);
      });
      await part.terminate('stopped by an operator');
      const answer = handle.executeUpdate(revokeChangeUpdate, { args: [{ processId: args.processId, request: 'revoke_change' }] }).then(
        () => 'answered',
        (error: unknown) => {
          try {
            return updateRefusal(error);
          } catch (problem) {
            return problem instanceof ProblemError ? problem.problem : problem;
          }
        },
      );
      const outcome = await (await worker({})).runUntil(async () => ({ answer: await answer, end: await endOf(handle) }));
      // The API tells the holder the change is closed, not an unlisted refusal quoting the server.
      expect(outcome.answer).toMatchObject({ status: 409, type: 'process-closed' });
      expect(outcome.end).toEqual({ failure: 'ChildWorkflowFailure', cause: 'TerminatedFailure' });
      expect(closed).toEqual([expect.objectContaining({ processId: args.processId, reason: 'terminated' })]);
      expect(fakes.changes).toEqual([]);
    } finally {
      await handle.terminate('test over').catch(() => undefined);
    }
  }, 60_000);

  it('R-G7: an entity change cancelled from outside (its validity timer running) closes as cancelled, not stuck on the timer\'s rejection', async () => {
    const fakes = fakeChangeActivities();
    const args = entityChange(`rt-cancel-entity-${process.pid}-${Date.now().toString(36)}`);
    const { outcome, closed } = await runOn('subjectChange', args, fakes.activities, async (handle) => {
      await queryUntil(handle, changeViewQuery, (v) => v.step === 'awaiting_legal_person_face' && v.qrCode !== null);
      await handle.cancel();
      return endOf(handle);
    });
    expect(outcome).toEqual({ failure: 'CancelledFailure', cause: 'none' });
    expect(closed).toEqual([expect.objectContaining({ processId: args.processId, reason: 'cancelled' })]);
  }, 60_000);

  it.each([
    ['an enterprise remittance', 'enterpriseVerification'],
    ['a change\'s enterprise part', 'subjectChange'],
  ] as const)('R-C3, R-G7: a review cancelled from outside in %s closes the process as cancelled; the holder is never told they revoked', async (_case, workflowType) => {
    const fakes = workflowType === 'subjectChange' ? fakeChangeActivities() : fakeEnterpriseActivities();
    const id = `rt-cancel-review-${workflowType}-${process.pid}-${Date.now().toString(36)}`;
    const args = workflowType === 'subjectChange' ? toEnterpriseByRemittance(id) : remittance(id);
    const { outcome, closed } = await runOn(workflowType, args, fakes.activities, async (handle) => {
      let part = handle;
      if (workflowType === 'subjectChange') {
        const current = await queryUntil(handle, changeViewQuery, (v) => v.step === 'awaiting_current_face' && v.qrCode !== null);
        const own = current.qrCode!.ticket;
        await handle.signal(providerEventSignal, { provider: 'face', eventId: `f-${own}`, ticket: own, type: 'passed', person: personOf(own) });
        part = client.workflow.getHandle(enterprisePartWorkflowId(args.processId));
        while (!(await part.describe().then(() => true, () => false))) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const face = await queryUntil(part, enterpriseViewQuery, (v) => v.step === 'awaiting_handler_face' && v.qrCode !== null);
      const ticket = face.qrCode!.ticket;
      await part.signal(providerEventSignal, { provider: 'face', eventId: `face-${ticket}`, ticket, type: 'passed', person: personOf(ticket) });
      const inReview = await queryUntil(part, enterpriseViewQuery, (v) => v.step === 'in_review' && v.remittance?.reviewId !== null);
      await client.workflow.getHandle(reviewWorkflowId(inReview.remittance!.reviewId!)).cancel();
      const ended = await endOf(handle);
      if (part !== handle) await part.terminate('test over').catch(() => undefined);
      return ended;
    });
    expect(outcome).not.toBeNull();
    expect(outcome!.failure).toBe('ChildWorkflowFailure');
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.every((c) => c.processId === args.processId && c.reason === 'cancelled')).toBe(true);
    // No revocation was recorded or told (R-C3, R-C9).
    const change = 'enterprise' in fakes ? fakes : null;
    const notices: Array<{ reason?: string }> = change ? [...change.individual.notifications, ...change.enterprise.notifications] : (fakes as ReturnType<typeof fakeEnterpriseActivities>).notifications;
    expect(notices.filter((n) => n.reason === 'revoked')).toEqual([]);
    expect((change?.closed ?? []).filter((c) => c.outcome === 'revoked')).toEqual([]);
  }, 60_000);

  /** R-C4: the change's enterprise part, once it shows the handler's face code (the change's own face check passed). */
  async function partShowingItsCode(handle: WorkflowHandle, processId: string): Promise<WorkflowHandle> {
    const current = await queryUntil(handle, changeViewQuery, (v) => v.step === 'awaiting_current_face' && v.qrCode !== null);
    const own = current.qrCode!.ticket;
    await handle.signal(providerEventSignal, { provider: 'face', eventId: `f-${own}`, ticket: own, type: 'passed', person: personOf(own) });
    const part = client.workflow.getHandle(enterprisePartWorkflowId(processId));
    while (!(await part.describe().then(() => true, () => false))) await new Promise((resolve) => setTimeout(resolve, 20));
    await queryUntil(part, enterpriseViewQuery, (v) => v.step === 'awaiting_handler_face' && v.qrCode !== null);
    return part;
  }

  /** R-C3, R-C9: nothing recorded or told the holder they revoked. */
  function expectNoRevocation(fakes: ReturnType<typeof fakeChangeActivities>) {
    expect([...fakes.individual.notifications, ...fakes.enterprise.notifications].filter((n) => n.reason === 'revoked')).toEqual([]);
    expect(fakes.enterprise.steps.map((s) => s.step)).not.toContain('revoked');
    expect(fakes.closed.filter((c) => c.outcome === 'revoked')).toEqual([]);
    expect(fakes.changes).toEqual([]);
  }

  /**
   * R-C4: a change to an enterprise by remittance whose part shows its code, stopped by `stop`; how the change and its
   * part ended, what `stop` answered, what the closing interceptor wrote, and the fakes.
   */
  async function stoppedWhilePartRuns<A>(tag: string, stop: (change: WorkflowHandle, part: WorkflowHandle, processId: string) => Promise<A>) {
    const fakes = fakeChangeActivities();
    const args = toEnterpriseByRemittance(`rt-${tag}-${process.pid}-${Date.now().toString(36)}`);
    const { outcome, closed } = await runOn('subjectChange', args, fakes.activities, async (handle) => {
      const part = await partShowingItsCode(handle, args.processId);
      const answer = await stop(handle, part, args.processId);
      const ended = { answer, change: await endOf(handle), part: await endOf(part) };
      await part.terminate('test over').catch(() => undefined);
      return ended;
    });
    return { outcome, closed, fakes, args };
  }

  it("R-C3, R-G7: a change's enterprise part cancelled from outside ends cancelled and closes the change as cancelled; the holder is never told they revoked", async () => {
    const { outcome, closed, fakes, args } = await stoppedWhilePartRuns('cancel-part', async (_change, part) => {
      await part.cancel();
    });
    expect(outcome).toEqual({ change: { failure: 'ChildWorkflowFailure', cause: 'CancelledFailure' }, part: { failure: 'CancelledFailure', cause: 'none' } });
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.every((c) => c.processId === args.processId && c.reason === 'cancelled')).toBe(true);
    expectNoRevocation(fakes);
  }, 60_000);

  it('R-G7: a change cancelled from outside while its enterprise part runs passes the cancel on: both end cancelled at once, closed as cancelled, no revocation told', async () => {
    const { outcome, closed, fakes, args } = await stoppedWhilePartRuns('cancel-change', async (change) => {
      await change.cancel();
    });
    // Before, the cancel waited for the part to end by itself (endOf's 20 s gave null) and then changed nothing.
    expect(outcome).toEqual({ change: { failure: 'CancelledFailure', cause: 'none' }, part: { failure: 'CancelledFailure', cause: 'none' } });
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.every((c) => c.processId === args.processId && c.reason === 'cancelled')).toBe(true);
    expectNoRevocation(fakes);
  }, 60_000);

  /** The holder's revocation sent to the change, as the API answers it. */
  const revokeThroughChange = (handle: WorkflowHandle, processId: string) =>
    handle.executeUpdate(revokeChangeUpdate, { args: [{ processId, request: 'revoke_change' }] }).then(
      (view: ChangeView) => ({ status: 200, type: 'answered', view }),
      (error: unknown) => {
        try {
          return updateRefusal(error);
        } catch (problem) {
          return problem instanceof ProblemError ? { ...problem.problem, view: null } : { status: 500, type: String(problem), view: null };
        }
      },
    );

  it("R-C3, R-G7: a holder's revocation reaching the change after an operator cancelled its enterprise part is refused 409; the change closes as cancelled, no revocation recorded or told", async () => {
    const { outcome, closed, fakes, args } = await stoppedWhilePartRuns('cancel-then-revoke', async (change, part, processId) => {
      await part.cancel();
      return revokeThroughChange(change, processId);
    });
    expect(outcome.answer).toMatchObject({ status: 409 });
    expect(outcome.change).toEqual({ failure: 'ChildWorkflowFailure', cause: 'CancelledFailure' });
    expect(outcome.part).toEqual({ failure: 'CancelledFailure', cause: 'none' });
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.every((c) => c.processId === args.processId && c.reason === 'cancelled')).toBe(true);
    expectNoRevocation(fakes);
  }, 60_000);

  it('R-C3, R-G7: a change cancelled from outside and revoked by its holder at once while its part runs ends one way only, and the holder is answered 200 or 409, never 500: revoked (recorded and told so, nothing closed as cancelled) or cancelled (no revocation recorded or told)', async () => {
    const { outcome, closed, fakes, args } = await stoppedWhilePartRuns('cancel-and-revoke', async (change, _part, processId) => {
      const [answer] = await Promise.all([revokeThroughChange(change, processId), change.cancel()]);
      return answer;
    });
    expect([200, 409]).toContain(outcome.answer.status);
    const notices = [...fakes.individual.notifications, ...fakes.enterprise.notifications];
    if (fakes.closed.some((c) => c.outcome === 'revoked')) {
      expect(closed).toEqual([]);
      // A local activity runs at least once: a task the cancel's arrival failed runs it again (the writes are idempotent).
      expect(fakes.closed.every((c) => c.processId === args.processId && c.outcome === 'revoked')).toBe(true);
      expect(notices.some((n) => n.reason === 'revoked')).toBe(true);
      expect(notices.filter((n) => n.reason !== undefined && n.reason !== 'revoked')).toEqual([]);
    } else {
      expect(outcome.answer).toMatchObject({ status: 409 });
      expect(outcome.change).toEqual({ failure: 'CancelledFailure', cause: 'none' });
      expect(closed.length).toBeGreaterThan(0);
      expect(closed.every((c) => c.reason === 'cancelled')).toBe(true);
      expectNoRevocation(fakes);
    }
    expect(fakes.changes).toEqual([]);
  }, 60_000);

  it('R-G7: a review terminated while its change is still writing in_review (a slow database) fails the change once the write is done, not every workflow task after', async () => {
    const fakes = fakeChangeActivities();
    const args = rename(`rt-slow-write-${process.pid}-${Date.now().toString(36)}`);
    const record = fakes.activities.recordStep;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held = false;
    // The in_review write outlasts the workflow task's heartbeat (8 s of its 10), so the review's end reaches the change
    // in a workflow task of its own, before the change has asked for the review's result.
    fakes.activities.recordStep = async (input: Parameters<typeof record>[0]) => {
      if (input.step === 'in_review' && !held) {
        held = true;
        await released;
      }
      return record(input);
    };
    const { outcome, closed } = await runOn('subjectChange', args, fakes.activities, async (handle) => {
      const shown: ChangeView = await queryUntil(handle, changeViewQuery, (v) => v.reviewId !== null);
      const review = client.workflow.getHandle(reviewWorkflowId(shown.reviewId!));
      while (!(await review.describe().then(() => true, () => false))) await new Promise((resolve) => setTimeout(resolve, 20));
      while (!held) await new Promise((resolve) => setTimeout(resolve, 20));
      await review.terminate('stopped by an operator');
      await new Promise((resolve) => setTimeout(resolve, 11_000));
      release();
      return endOf(handle);
    });
    expect(outcome).toEqual({ failure: 'ChildWorkflowFailure', cause: 'TerminatedFailure' });
    expect(closed).toEqual([expect.objectContaining({ processId: args.processId, reason: 'terminated' })]);
    expect(fakes.changes).toEqual([]);
  }, 90_000);
});
