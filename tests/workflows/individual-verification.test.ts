import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import {
  processViewQuery,
  qrCodeUpdate,
  refreshQrCodeUpdate,
  FACE_FAILURE_REASONS,
  INDIVIDUAL_FIRST_STATUS,
  INDIVIDUAL_REVISION,
  providerEventSignal,
  switchMethodUpdate,
  type IndividualVerificationInput,
  type ProcessView,
} from '../../workflows/individual/messages';
import type { IndividualMethod } from '../../domain';
import { VerificationStatus } from '../../workflows/search-attributes';
import { FACE_PERMIT_HOLDER_PATCH } from '../../workflows/code-check';
import { personOf, fakeActivities } from '../support/fake-activities';
import { HANDOVER_TASK_TIMEOUT, queryUntil, timeSkippingEnvironment, testWorker } from '../support/time-skipping';

const person = { name: '张三', documentType: 'mainland_id' as const, documentNumber: '11010519491231002X', birthDate: '1949-12-31', industry: 'it', address: '北京' };

function input(id: string, method: IndividualMethod = 'wechat_qr', faceMaxTries = 5): IndividualVerificationInput {
  return {
    processId: `prc_${id}`,
    accountId: `acc_${id}`,
    method,
    applicant: person,
    durations: { qrValidity: '10 minutes', abandonment: '24 hours', bankCardDeadline: '30 minutes' },
    faceMaxTries,
    revision: INDIVIDUAL_REVISION,
  };
}

/** The search-attribute keys each upsert in a history wrote, with the status it set if it set one. */
function upserts(events: { upsertWorkflowSearchAttributesEventAttributes?: { searchAttributes?: { indexedFields?: Record<string, { data?: Uint8Array | null }> | null } | null } | null }[]) {
  return events.flatMap((e) => {
    const fields = e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields;
    if (!fields) return [];
    const status = fields[VerificationStatus.name]?.data;
    return [{ keys: Object.keys(fields), status: status ? (JSON.parse(Buffer.from(status).toString()) as string) : undefined }];
  });
}

// Time-skipping: a 24-hour deadline takes milliseconds. Run serially (jest --runInBand).
describe('individualVerification workflow (time-skipping)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnvironment();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  async function run<T>(fakes: ReturnType<typeof fakeActivities>, body: (worker: Worker, taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = `individual-${Math.random().toString(36).slice(2)}`;
    const worker = await testWorker(env, taskQueue, fakes.activities);
    return worker.runUntil(body(worker, taskQueue));
  }

  /** The holder scans the WeChat code and WeChat reports a matching authorisation. */
  async function scanAndAuthorize(handle: WorkflowHandle): Promise<void> {
    const code = await handle.executeUpdate(qrCodeUpdate);
    await handle.signal(providerEventSignal, { provider: 'wechat', eventId: 'e1', ticket: code.ticket, type: 'scanned' });
    await handle.signal(providerEventSignal, {
      provider: 'wechat', eventId: 'e2', ticket: code.ticket, type: 'authorized', realName: { name: person.name, documentNumber: person.documentNumber },
    });
  }

  it('R-P4, R-P9: scan and a matching authorisation verify the process and notify the outcome', async () => {
    const fakes = fakeActivities();
    const view = await run(fakes, async (_, taskQueue) => {
      const handle = await env.client.workflow.start('individualVerification', { taskQueue, workflowId: 'wf-success', args: [input('success')] });
      await scanAndAuthorize(handle);
      return handle.result();
    });
    expect(view.status).toBe('verified');
    expect(fakes.steps.map((s) => s.step)).toEqual(['awaiting_scan', 'awaiting_authorization', 'verified']);
    expect(fakes.completions).toHaveLength(1);
    expect(fakes.notifications).toEqual([expect.objectContaining({ outcome: 'verified' })]);
  });

  it('runs one local activity per stage, records no patch marker and upserts its status only when it changes (revision 2)', async () => {
    const fakes = fakeActivities();
    const history = await run(fakes, async (_, taskQueue) => {
      const handle = await env.client.workflow.start('individualVerification', {
        taskQueue,
        workflowId: 'wf-local-activities',
        args: [input('local-activities')],
        // As the API starts it: the status its start answers with.
        typedSearchAttributes: [{ key: VerificationStatus, value: INDIVIDUAL_FIRST_STATUS }],
      });
      await scanAndAuthorize(handle);
      await handle.result();
      return handle.fetchHistory();
    });
    const events = history.events ?? [];
    const scheduled = events.filter((e) => e.activityTaskScheduledEventAttributes);
    expect(scheduled).toEqual([]);
    // Opening with its first code, the scan's step, and the conclusion: a marker each.
    const markers = events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity');
    expect(markers).toHaveLength(3);
    // No patch marker, so no upsert of TemporalChangeVersion either; `awaiting_scan` came with the start.
    expect(events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')).toHaveLength(0);
    expect(upserts(events)).toEqual([
      { keys: [VerificationStatus.name], status: 'awaiting_authorization' },
      { keys: [VerificationStatus.name], status: 'verified' },
    ]);
    expect(fakes.steps.map((s) => s.step)).toEqual(['awaiting_scan', 'awaiting_authorization', 'verified']);
  });

  it('a process started without a revision asks patched() for its stages, and upserts every step as before', async () => {
    const fakes = fakeActivities();
    const history = await run(fakes, async (_, taskQueue) => {
      const { revision: _omitted, ...older } = input('no-revision');
      const handle = await env.client.workflow.start('individualVerification', {
        taskQueue,
        workflowId: 'wf-no-revision',
        args: [older],
        typedSearchAttributes: [{ key: VerificationStatus, value: 'starting' }],
      });
      await scanAndAuthorize(handle);
      await handle.result();
      return handle.fetchHistory();
    });
    const events = history.events ?? [];
    expect(events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')).toHaveLength(1);
    expect(events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity')).toHaveLength(3);
    expect(upserts(events).map((u) => u.status)).toEqual([undefined, 'awaiting_scan', 'awaiting_authorization', 'verified']);
    expect(fakes.steps.map((s) => s.step)).toEqual(['awaiting_scan', 'awaiting_authorization', 'verified']);
  });

  it('R-P4: an authorisation whose real-name record differs fails with identity_mismatch', async () => {
    const fakes = fakeActivities();
    const view = await run(fakes, async (_, taskQueue) => {
      const handle = await env.client.workflow.start('individualVerification', { taskQueue, workflowId: 'wf-mismatch', args: [input('mismatch')] });
      const code = await handle.executeUpdate(qrCodeUpdate);
      await handle.signal(providerEventSignal, {
        provider: 'wechat', eventId: 'e1', ticket: code.ticket, type: 'authorized', realName: { name: '李四', documentNumber: person.documentNumber },
      });
      return handle.result();
    });
    expect(view).toMatchObject({ status: 'failed', failureReason: 'identity_mismatch' });
    expect(fakes.completions).toHaveLength(0);
    expect(fakes.notifications).toEqual([expect.objectContaining({ outcome: 'failed', reason: 'identity_mismatch' })]);
  });

  it('R-P7: an expired code returns the process to awaiting_scan; a fresh code then verifies', async () => {
    const fakes = fakeActivities();
    const view = await run(fakes, async (_, taskQueue) => {
      const handle = await env.client.workflow.start('individualVerification', { taskQueue, workflowId: 'wf-expiry', args: [input('expiry')] });
      const first = await handle.executeUpdate(qrCodeUpdate);
      await handle.signal(providerEventSignal, { provider: 'wechat', eventId: 'e1', ticket: first.ticket, type: 'scanned' });
      await env.sleep('11 minutes');
      const expired = await handle.query(processViewQuery);
      expect(expired).toMatchObject({ status: 'open', step: 'awaiting_scan', qrCode: { ticket: first.ticket, expired: true } });
      // An expired code cannot be used.
      await handle.signal(providerEventSignal, {
        provider: 'wechat', eventId: 'e2', ticket: first.ticket, type: 'authorized', realName: { name: person.name, documentNumber: person.documentNumber },
      });
      const fresh = await handle.executeUpdate(refreshQrCodeUpdate, { args: [{ processId: (await handle.query(processViewQuery)).processId, request: 'refresh_code' }] });
      expect(fresh.ticket).not.toBe(first.ticket);
      expect((await handle.query(processViewQuery)).status).toBe('open');
      await handle.signal(providerEventSignal, { provider: 'wechat', eventId: 'e3', ticket: fresh.ticket, type: 'scanned' });
      await handle.signal(providerEventSignal, {
        provider: 'wechat', eventId: 'e4', ticket: fresh.ticket, type: 'authorized', realName: { name: person.name, documentNumber: person.documentNumber },
      });
      return handle.result();
    });
    expect(view.status).toBe('verified');
    expect(fakes.tickets).toHaveLength(2);
    expect(fakes.steps.map((s) => s.step)).toEqual([
      'awaiting_scan', 'awaiting_authorization', 'awaiting_scan', 'awaiting_scan', 'awaiting_authorization', 'verified',
    ]);
  });

  it('fails as abandoned once the 24-hour deadline passes, in seconds of real time', async () => {
    const fakes = fakeActivities();
    const started = Date.now();
    const view = await run(fakes, async (_, taskQueue) => {
      const handle = await env.client.workflow.start('individualVerification', { taskQueue, workflowId: 'wf-abandon', args: [input('abandon')] });
      await handle.executeUpdate(qrCodeUpdate);
      return handle.result();
    });
    expect(view).toMatchObject({ status: 'failed', failureReason: 'abandoned' });
    expect(fakes.notifications).toEqual([expect.objectContaining({ outcome: 'failed', reason: 'abandoned' })]);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('R-P5: a completion refused by the identity limit fails with identity_limit_reached', async () => {
    const fakes = fakeActivities({ completion: 'identity_limit_reached' });
    const view = await run(fakes, async (_, taskQueue) => {
      const handle = await env.client.workflow.start('individualVerification', { taskQueue, workflowId: 'wf-limit', args: [input('limit')] });
      const code = await handle.executeUpdate(qrCodeUpdate);
      await handle.signal(providerEventSignal, {
        provider: 'wechat', eventId: 'e1', ticket: code.ticket, type: 'authorized', realName: { name: person.name, documentNumber: person.documentNumber },
      });
      return handle.result();
    });
    expect(view).toMatchObject({ status: 'failed', failureReason: 'identity_limit_reached' });
  });

  it('ignores a repeated event id: one signal, one effect', async () => {
    const fakes = fakeActivities();
    await run(fakes, async (_, taskQueue) => {
      const handle = await env.client.workflow.start('individualVerification', { taskQueue, workflowId: 'wf-dupe', args: [input('dupe')] });
      const code = await handle.executeUpdate(qrCodeUpdate);
      await handle.signal(providerEventSignal, { provider: 'wechat', eventId: 'same', ticket: code.ticket, type: 'rejected' });
      await handle.signal(providerEventSignal, { provider: 'wechat', eventId: 'same', ticket: code.ticket, type: 'rejected' });
      await handle.query(processViewQuery);
      // Ends at the abandonment deadline; terminating instead stops the test server from skipping time afterwards.
      await handle.result();
    });
    expect(fakes.steps.filter((s) => s.detail?.authorizationRejected)).toHaveLength(1);
  });
  const realName = { name: person.name, documentNumber: person.documentNumber };
  const stepsOf = (fakes: ReturnType<typeof fakeActivities>) => fakes.steps.map((s) => s.step);
  /** A query can answer before the workflow has handled the last signal: poll until the view shows the effect. */
  async function viewOnce(handle: WorkflowHandle, check: (view: ProcessView) => boolean): Promise<ProcessView> {
    for (let i = 0; ; i++) {
      const view = await handle.query(processViewQuery);
      if (check(view) || i >= 50) return view;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('R-P4: QQ scan and a matching authorisation verify the process', async () => {
    const fakes = fakeActivities();
    const view = await run(fakes, async (_, taskQueue) => {
      const handle = await env.client.workflow.start('individualVerification', { taskQueue, workflowId: 'wf-qq', args: [input('qq', 'qq_qr')] });
      const code = await handle.executeUpdate(qrCodeUpdate);
      await handle.signal(providerEventSignal, { provider: 'qq', eventId: 'q1', ticket: code.ticket, type: 'scanned' });
      await handle.signal(providerEventSignal, { provider: 'qq', eventId: 'q2', ticket: code.ticket, type: 'authorized', realName });
      return handle.result();
    });
    expect(view).toMatchObject({ status: 'verified', method: 'qq_qr' });
    expect(fakes.issued).toEqual([expect.objectContaining({ provider: 'qq' })]);
    expect(stepsOf(fakes)).toEqual(['awaiting_scan', 'awaiting_authorization', 'verified']);
    expect(fakes.completions).toEqual([expect.objectContaining({ method: 'qq_qr' })]);
  });

  it('R-P4: a QQ without a linked bank card links one, confirms, and verifies', async () => {
    const fakes = fakeActivities();
    const view = await run(fakes, async (_, taskQueue) => {
      const handle = await env.client.workflow.start('individualVerification', { taskQueue, workflowId: 'wf-qq-card', args: [input('qq-card', 'qq_qr')] });
      const code = await handle.executeUpdate(qrCodeUpdate);
      await handle.signal(providerEventSignal, { provider: 'qq', eventId: 'q1', ticket: code.ticket, type: 'scanned' });
      await handle.signal(providerEventSignal, { provider: 'qq', eventId: 'q2', ticket: code.ticket, type: 'bank_card_required' });
      expect((await viewOnce(handle, (v) => v.step === 'linking_bank_card')).step).toBe('linking_bank_card');
      // Past the code's own 10 minutes: the bank-card deadline (30 minutes) governs the detour.
      await env.sleep('15 minutes');
      expect(await handle.query(processViewQuery)).toMatchObject({ step: 'linking_bank_card', qrCode: { expired: false } });
      await handle.signal(providerEventSignal, { provider: 'qq', eventId: 'q3', ticket: code.ticket, type: 'bank_card_linked' });
      expect((await viewOnce(handle, (v) => v.step === 'awaiting_confirmation')).step).toBe('awaiting_confirmation');
      // Late, out-of-order reports never move the process backwards.
      await handle.signal(providerEventSignal, { provider: 'qq', eventId: 'late1', ticket: code.ticket, type: 'scanned' });
      await handle.signal(providerEventSignal, { provider: 'qq', eventId: 'late2', ticket: code.ticket, type: 'bank_card_required' });
      expect((await handle.query(processViewQuery)).step).toBe('awaiting_confirmation');
      await handle.signal(providerEventSignal, { provider: 'qq', eventId: 'q4', ticket: code.ticket, type: 'authorized', realName });
      return handle.result();
    });
    expect(view.status).toBe('verified');
    expect(stepsOf(fakes)).toEqual(['awaiting_scan', 'awaiting_authorization', 'linking_bank_card', 'awaiting_confirmation', 'verified']);
  });

  it('R-P4, R-P7: a passed bank-card deadline returns the process to awaiting_scan with the code expired, not failed', async () => {
    const fakes = fakeActivities();
    await run(fakes, async (_, taskQueue) => {
      const handle = await env.client.workflow.start('individualVerification', { taskQueue, workflowId: 'wf-qq-card-late', args: [input('qq-card-late', 'qq_qr')] });
      const code = await handle.executeUpdate(qrCodeUpdate);
      await handle.signal(providerEventSignal, { provider: 'qq', eventId: 'q1', ticket: code.ticket, type: 'bank_card_required' });
      await viewOnce(handle, (v) => v.step === 'linking_bank_card');
      await env.sleep('31 minutes');
      expect(await handle.query(processViewQuery)).toMatchObject({ status: 'open', step: 'awaiting_scan', qrCode: { ticket: code.ticket, expired: true } });
      // The linked card arrives too late: no effect.
      await handle.signal(providerEventSignal, { provider: 'qq', eventId: 'q2', ticket: code.ticket, type: 'bank_card_linked' });
      expect((await handle.query(processViewQuery)).step).toBe('awaiting_scan');
      await handle.result(); // abandoned, in skipped time
    });
    expect(fakes.steps.map((s) => [s.step, s.detail?.bankCardDeadlinePassed ?? false])).toEqual([
      ['awaiting_scan', false], ['linking_bank_card', false], ['awaiting_scan', true], ['failed', false],
    ]);
  });

  it('R-P4: a passed face check verifies the process', async () => {
    const fakes = fakeActivities();
    const view = await run(fakes, async (_, taskQueue) => {
      const handle = await env.client.workflow.start('individualVerification', { taskQueue, workflowId: 'wf-face', args: [input('face', 'face')] });
      const code = await handle.executeUpdate(qrCodeUpdate);
      // Another provider's event about this ticket has no effect.
      await handle.signal(providerEventSignal, { provider: 'wechat', eventId: 'w1', ticket: code.ticket, type: 'authorized', realName: { name: '李四', documentNumber: person.documentNumber } });
      await handle.signal(providerEventSignal, { provider: 'face', eventId: 'f1', ticket: code.ticket, type: 'passed', person: personOf(code.ticket) });
      return handle.result();
    });
    expect(view).toMatchObject({ status: 'verified', method: 'face' });
    expect(fakes.issued).toEqual([expect.objectContaining({ provider: 'face' })]);
    expect(fakes.completions).toEqual([expect.objectContaining({ method: 'face' })]);
  });

  it('R-P10: the face code is issued for the applicant; a pass for anyone else, or naming no one, is a failed try (identity_wrong)', async () => {
    const fakes = fakeActivities();
    const view = await run(fakes, async (_, taskQueue) => {
      const handle = await env.client.workflow.start('individualVerification', { taskQueue, workflowId: 'wf-face-bound', args: [input('face-bound', 'face')] });
      const code = await handle.executeUpdate(qrCodeUpdate);
      expect(personOf(code.ticket)).toEqual({ name: person.name, documentType: 'mainland_id', documentNumber: person.documentNumber });
      const stranger = { name: '李四', documentType: 'mainland_id' as const, documentNumber: '110105194912310029' };
      await handle.signal(providerEventSignal, { provider: 'face', eventId: 'f1', ticket: code.ticket, type: 'passed', person: stranger });
      const afterStranger = await queryUntil(handle, processViewQuery, (v) => v.step === 'face_failed');
      expect(afterStranger).toMatchObject({ status: 'open', lastFaceFailure: 'identity_wrong', faceTriesLeft: 4 });
      const second = await handle.executeUpdate(refreshQrCodeUpdate, { args: [{ processId: afterStranger.processId, request: 'refresh_code' }] });
      // The same name under another document type is another person too, and so is a pass naming no one.
      await handle.signal(providerEventSignal, { provider: 'face', eventId: 'f2', ticket: second.ticket, type: 'passed', person: { ...personOf(second.ticket)!, documentType: 'hk_macao_permit' } });
      await queryUntil(handle, processViewQuery, (v) => v.faceTriesLeft === 3);
      const third = await handle.executeUpdate(refreshQrCodeUpdate, { args: [{ processId: afterStranger.processId, request: 'refresh_code' }] });
      await handle.signal(providerEventSignal, { provider: 'face', eventId: 'f3', ticket: third.ticket, type: 'passed' });
      await queryUntil(handle, processViewQuery, (v) => v.faceTriesLeft === 2);
      const fourth = await handle.executeUpdate(refreshQrCodeUpdate, { args: [{ processId: afterStranger.processId, request: 'refresh_code' }] });
      await handle.signal(providerEventSignal, { provider: 'face', eventId: 'f4', ticket: fourth.ticket, type: 'passed', person: personOf(fourth.ticket) });
      return handle.result();
    });
    expect(view).toMatchObject({ status: 'verified' });
    expect(fakes.steps.filter((s) => s.step === 'face_failed').map((s) => s.detail?.reason)).toEqual(['identity_wrong', 'identity_wrong', 'identity_wrong']);
    // The failed tries' reason does not outlive the pass in the read model.
    expect(fakes.steps.at(-1)).toMatchObject({ step: 'verified', action: null });
    expect(fakes.completions).toHaveLength(1);
  });

  it('R-P5, R-P10: a permit holder whose face pass names their renewed card (another issue count) is verified; the patch that counts it is recorded', async () => {
    // The API offers a permit holder WeChat QR only; the face judgement is the one a change's new individual meets (R-C4).
    const fakes = fakeActivities();
    const holder = { ...person, name: '陈大文', documentType: 'hk_macao_permit' as const, documentNumber: 'H12345678' };
    const history = await run(fakes, async (_, taskQueue) => {
      const handle = await env.client.workflow.start('individualVerification', { taskQueue, workflowId: 'wf-face-permit', args: [{ ...input('face-permit', 'face'), applicant: holder }] });
      const code = await handle.executeUpdate(qrCodeUpdate);
      await handle.signal(providerEventSignal, { provider: 'face', eventId: 'f1', ticket: code.ticket, type: 'passed', person: { ...personOf(code.ticket)!, documentNumber: 'H1234567801' } });
      expect(await handle.result()).toMatchObject({ status: 'verified', method: 'face' });
      return handle.fetchHistory();
    });
    expect(fakes.steps.filter((s) => s.step === 'face_failed')).toEqual([]);
    expect(fakes.completions).toHaveLength(1);
    const patches = (history.events ?? [])
      .filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')
      .flatMap((e) => Object.values(e.markerRecordedEventAttributes!.details ?? {}).flatMap((p) => p.payloads ?? []))
      .map((payload) => Buffer.from(payload.data ?? []).toString('utf8'));
    expect(patches.some((data) => data.includes(FACE_PERMIT_HOLDER_PATCH))).toBe(true);
  });

  it('R-P4, R-P7: a scan and an authorisation that reached the process with a refresh are judged first: the process verifies, and the refresh is told it is over', async () => {
    const fakes = fakeActivities();
    const taskQueue = `individual-${Math.random().toString(36).slice(2)}`;
    // No cache: the second worker replays the history, and its first task holds the signals and the update together.
    const first = await testWorker(env, taskQueue, fakes.activities, { maxCachedWorkflows: 0 });
    const { handle, code } = await first.runUntil(async () => {
      const started = await env.client.workflow.start('individualVerification', { taskQueue, workflowId: 'wf-events-first', args: [input('events-first')] , workflowTaskTimeout: HANDOVER_TASK_TIMEOUT });
      return { handle: started, code: await started.executeUpdate(qrCodeUpdate) };
    });
    await handle.signal(providerEventSignal, { provider: 'wechat', eventId: 'e1', ticket: code.ticket, type: 'scanned' });
    await handle.signal(providerEventSignal, { provider: 'wechat', eventId: 'e2', ticket: code.ticket, type: 'authorized', realName: { name: person.name, documentNumber: person.documentNumber } });
    const refresh = handle.executeUpdate(refreshQrCodeUpdate, { args: [{ processId: 'prc_events-first', request: 'refresh_code' }] }).then(
      () => 'a fresh code',
      (error: { cause?: { type?: string } }) => error.cause?.type ?? 'refused',
    );
    const second = await testWorker(env, taskQueue, fakes.activities);
    const { view, answer } = await second.runUntil(async () => ({ view: await handle.result(), answer: await refresh }));
    expect(view).toMatchObject({ status: 'verified' });
    expect(answer).toBe('ProcessNotOpen');
    expect(fakes.issued).toHaveLength(1);
    expect(fakes.completions).toHaveLength(1);
  });

  /**
   * Delivers `events` and the update `ask` in one workflow task, the update
   * accepted while the code was still unused: the first worker stops once the
   * code is shown, and the second replays the history with all of it.
   */
  async function withEvents<T>(id: string, method: IndividualMethod, events: (ticket: string) => object[], ask: (handle: WorkflowHandle) => Promise<T>) {
    const fakes = fakeActivities();
    const taskQueue = `individual-${Math.random().toString(36).slice(2)}`;
    const first = await testWorker(env, taskQueue, fakes.activities, { maxCachedWorkflows: 0 });
    const { handle, code } = await first.runUntil(async () => {
      const started = await env.client.workflow.start('individualVerification', { taskQueue, workflowId: `wf-${id}`, args: [input(id, method)] , workflowTaskTimeout: HANDOVER_TASK_TIMEOUT });
      return { handle: started, code: await started.executeUpdate(qrCodeUpdate) };
    });
    for (const event of events(code.ticket)) await handle.signal(providerEventSignal, event as never);
    const answer = ask(handle).then(
      (value) => ({ value }),
      (error: { cause?: { type?: string } }) => ({ refused: error.cause?.type ?? 'refused' }),
    );
    const second = await testWorker(env, taskQueue, fakes.activities);
    return { fakes, handle, code, second, answer };
  }

  /** The view, then the process terminated: a process left open would hold the time-skipping server's clock for the next tests. */
  async function settled(handle: WorkflowHandle) {
    const view = await handle.query(processViewQuery);
    await handle.terminate('test over');
    return view;
  }

  const refreshOf = (id: string) => (handle: WorkflowHandle) => handle.executeUpdate(refreshQrCodeUpdate, { args: [{ processId: `prc_${id}`, request: 'refresh_code' }] });

  it('R-P4, R-P7: a refresh accepted while the code was unused, with a scan that reached the process with it, is refused once the scan is judged: the scanned code stays and verifies', async () => {
    const { fakes, handle, code, second, answer } = await withEvents('refresh-after-scan', 'wechat_qr', (ticket) => [{ provider: 'wechat', eventId: 'e1', ticket, type: 'scanned' }], refreshOf('refresh-after-scan'));
    const outcome = await second.runUntil(async () => {
      const refused = await answer;
      const view = await handle.query(processViewQuery);
      await handle.signal(providerEventSignal, { provider: 'wechat', eventId: 'e2', ticket: code.ticket, type: 'authorized', realName: { name: person.name, documentNumber: person.documentNumber } });
      return { refused, step: view.step, ticket: view.qrCode?.ticket, result: await handle.result() };
    });
    expect(outcome).toMatchObject({ refused: { refused: 'QrCodeInUse' }, step: 'awaiting_authorization', ticket: code.ticket, result: { status: 'verified' } });
    // No second code: the person's authorisation on the scanned one counted, and no code of the R-P7 limit was spent.
    expect(fakes.issued).toHaveLength(1);
  });

  it('R-P4: a switch accepted while the code was unused is refused once a scan that came with it is judged; the process waits on the scanned code', async () => {
    const { fakes, handle, code, second, answer } = await withEvents(
      'switch-after-scan',
      'wechat_qr',
      (ticket) => [{ provider: 'wechat', eventId: 'e1', ticket, type: 'scanned' }],
      (h) => h.executeUpdate(switchMethodUpdate, { args: [{ method: 'qq_qr' }] }),
    );
    const outcome = await second.runUntil(async () => ({ refused: await answer, view: await settled(handle) }));
    expect(outcome).toMatchObject({ refused: { refused: 'QrCodeInUse' }, view: { method: 'wechat_qr', step: 'awaiting_authorization', qrCode: { ticket: code.ticket } } });
    expect(fakes.issued).toHaveLength(1);
  });

  it('R-P4: a QQ bank-card link reported with an accepted refresh keeps its code: the refresh is refused', async () => {
    const { fakes, handle, code, second, answer } = await withEvents(
      'refresh-after-card',
      'qq_qr',
      (ticket) => [
        { provider: 'qq', eventId: 'q1', ticket, type: 'scanned' },
        { provider: 'qq', eventId: 'q2', ticket, type: 'bank_card_required' },
      ],
      refreshOf('refresh-after-card'),
    );
    const outcome = await second.runUntil(async () => ({ refused: await answer, view: await settled(handle) }));
    expect(outcome).toMatchObject({ refused: { refused: 'QrCodeInUse' }, view: { step: 'linking_bank_card', qrCode: { ticket: code.ticket } } });
    expect(fakes.issued).toHaveLength(1);
  });

  it('R-P7: a refresh accepted with no report meanwhile still issues a fresh code in the same task (the recheck refuses only a code put in use)', async () => {
    const { fakes, handle, code, second, answer } = await withEvents('refresh-alone', 'wechat_qr', () => [], refreshOf('refresh-alone'));
    const outcome = await second.runUntil(async () => ({ answer: await answer, view: await settled(handle) }));
    expect(outcome.answer).toMatchObject({ value: { ticket: expect.any(String) } });
    expect((outcome.answer as { value: { ticket: string } }).value.ticket).not.toBe(code.ticket);
    expect(outcome.view.qrCode?.ticket).toBe((outcome.answer as { value: { ticket: string } }).value.ticket);
    expect(fakes.issued).toHaveLength(2);
  });

  it('R-P6, R-P7: a switch asked with refreshes: no request is answered with a code that another then replaces, and the limit holds', async () => {
    const id = 'refresh-then-switch';
    const fakes = fakeActivities();
    const taskQueue = `individual-${Math.random().toString(36).slice(2)}`;
    const first = await testWorker(env, taskQueue, fakes.activities, { maxCachedWorkflows: 0 });
    const handle = await first.runUntil(async () => {
      const started = await env.client.workflow.start('individualVerification', { taskQueue, workflowId: `wf-${id}`, args: [{ ...input(id, 'wechat_qr'), maxCodes: 2 }] , workflowTaskTimeout: HANDOVER_TASK_TIMEOUT });
      await started.executeUpdate(qrCodeUpdate);
      return started;
    });
    type Answer = { value: { ticket: string } } | { refused: string };
    const settle = (asked: Promise<{ ticket: string }>): Promise<Answer> => asked.then((value) => ({ value }), (error: { cause?: { type?: string } }) => ({ refused: error.cause?.type ?? 'refused' }));
    // Usually all three reach the process in one workflow task; in whatever order they arrive, the same must hold.
    const asked = [settle(refreshOf(id)(handle)), settle(refreshOf(id)(handle)), settle(handle.executeUpdate(switchMethodUpdate, { args: [{ method: 'face' }] }))];
    await new Promise((resolve) => setTimeout(resolve, 500));
    const second = await testWorker(env, taskQueue, fakes.activities);
    const { answers, shown } = await second.runUntil(async () => ({ answers: await Promise.all(asked), shown: await settled(handle) }));
    const accepted = answers.flatMap((answer) => ('value' in answer ? [answer.value.ticket] : []));
    const refused = answers.flatMap((answer) => ('refused' in answer ? [answer.refused] : []));
    // Every code handed out is the one the process shows: none was replaced after its answer.
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted.every((ticket) => ticket === shown.qrCode?.ticket)).toBe(true);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((type) => type === 'CodeBeingReplaced' || type === 'QrCodeLimitReached')).toBe(true);
    // R-P7: the limit of 2 held: the first code and one fresh code.
    expect(fakes.issued).toHaveLength(2);
  });

  /** The process's code shown, then no worker until `gapMs` before (negative: after) its expiry, when the reports reach Temporal stamped as the API would. */
  async function reportsWhileNoWorker(id: string, gapMs: number) {
    const fakes = fakeActivities();
    const taskQueue = `individual-${Math.random().toString(36).slice(2)}`;
    const first = await testWorker(env, taskQueue, fakes.activities, { maxCachedWorkflows: 0 });
    const { handle, code } = await first.runUntil(async () => {
      const started = await env.client.workflow.start('individualVerification', { taskQueue, workflowId: `wf-${id}`, args: [input(id, 'wechat_qr')] , workflowTaskTimeout: HANDOVER_TASK_TIMEOUT });
      return { handle: started, code: await started.executeUpdate(qrCodeUpdate) };
    });
    await env.sleep(code.expiresAt - gapMs - (await env.currentTimeMs()));
    const receivedAt = await env.currentTimeMs();
    const realName = { name: person.name, documentNumber: person.documentNumber };
    await handle.signal(providerEventSignal, { provider: 'wechat', eventId: 'e1', ticket: code.ticket, type: 'scanned', receivedAt });
    await handle.signal(providerEventSignal, { provider: 'wechat', eventId: 'e2', ticket: code.ticket, type: 'authorized', realName, receivedAt });
    // The worker comes back 5 seconds later.
    await env.sleep(5_000);
    return { fakes, handle, second: await testWorker(env, taskQueue, fakes.activities) };
  }

  it('R-P7: a scan and an authorisation the API received while the code was usable verify, though the worker comes to them only after it expired', async () => {
    const { fakes, handle, second } = await reportsWhileNoWorker('judged-at-arrival', 1_000);
    expect(await second.runUntil(() => handle.result())).toMatchObject({ status: 'verified' });
    expect(fakes.completions).toHaveLength(1);
  });

  it('R-P7: reports the API received after the code expired are not taken', async () => {
    const { fakes, handle, second } = await reportsWhileNoWorker('received-late', -1_000);
    const view = await second.runUntil(async () => {
      const shown = await queryUntil(handle, processViewQuery, (v) => v.qrCode?.expired === true);
      await handle.terminate('test over');
      return shown;
    });
    expect(view).toMatchObject({ status: 'open', step: 'awaiting_scan' });
    expect(fakes.completions).toEqual([]);
    expect(fakes.steps.map((s) => s.step)).not.toContain('awaiting_authorization');
  });

  it('R-G7: a code provider down until the deadline ends the process abandoned, at the first code as at a refresh, and each code asks to be issued by the deadline', async () => {
    const pastDeadline = () => ApplicationFailure.create({ type: 'IssuingDeadlinePassed', message: 'the deadline passed', nonRetryable: true });
    // The first code: the process never shows one.
    const never = fakeActivities();
    never.activities.openWithQrCode = async () => {
      throw pastDeadline();
    };
    const first = await run(never, async (_, taskQueue) => {
      const handle = await env.client.workflow.start('individualVerification', { taskQueue, workflowId: 'wf-issue-deadline-first', args: [input('issue-deadline-first')] });
      const code = await handle.executeUpdate(qrCodeUpdate).then(() => 'a code', (error: { cause?: { type?: string } }) => error.cause?.type);
      return { code, view: await handle.result() };
    });
    expect(first).toMatchObject({ code: 'ProcessNotOpen', view: { status: 'failed', failureReason: 'abandoned' } });
    expect(never.steps.at(-1)).toMatchObject({ step: 'failed', failureReason: 'abandoned' });
    // The outcome, never a code (a workflow task the server retried, the update having come with it, runs its local activities again).
    expect(never.notifications.length).toBeGreaterThan(0);
    expect(never.notifications.every((n) => n.outcome === 'failed' && n.reason === 'abandoned')).toBe(true);
    expect(never.issued).toEqual([]);

    // A refresh: the provider is down from the second code on.
    const later = fakeActivities();
    later.activities.issueQrCodeStep = async () => {
      throw pastDeadline();
    };
    const refreshed = await run(later, async (_, taskQueue) => {
      const handle = await env.client.workflow.start('individualVerification', { taskQueue, workflowId: 'wf-issue-deadline-refresh', args: [input('issue-deadline-refresh')] });
      await handle.executeUpdate(qrCodeUpdate);
      const answer = await handle.executeUpdate(refreshQrCodeUpdate, { args: [{ processId: 'prc_issue-deadline-refresh', request: 'refresh_code' }] }).then(() => 'a code', (error: { cause?: { type?: string } }) => error.cause?.type);
      return { answer, view: await handle.result() };
    });
    expect(refreshed).toMatchObject({ answer: 'ProcessNotOpen', view: { status: 'failed', failureReason: 'abandoned' } });
    expect(later.completions).toEqual([]);
    // The code is asked for by the process's deadline (24 hours), well past the code's own expiry (10 minutes).
    expect(later.issued).toHaveLength(1);
    expect(later.issued[0]!.issueBy).toBeGreaterThan(later.issued[0]!.expiresAt);
  });

  it('R-P7: fresh codes are limited per process; past the limit a refresh is refused and the process still ends', async () => {
    const fakes = fakeActivities();
    await run(fakes, async (_, taskQueue) => {
      const handle = await env.client.workflow.start('individualVerification', { taskQueue, workflowId: 'wf-code-limit', args: [{ ...input('code-limit', 'wechat_qr'), maxCodes: 3 }] });
      const first = await handle.executeUpdate(qrCodeUpdate);
      const processId = (await handle.query(processViewQuery)).processId;
      const refresh = () => handle.executeUpdate(refreshQrCodeUpdate, { args: [{ processId, request: 'refresh_code' }] });
      const second = await refresh();
      const third = await refresh();
      expect(new Set([first.ticket, second.ticket, third.ticket]).size).toBe(3);
      await expect(refresh()).rejects.toThrow();
      await expect(handle.executeUpdate(switchMethodUpdate, { args: [{ method: 'face' }] })).rejects.toThrow();
      expect(fakes.issued).toHaveLength(3);
      // The abandonment deadline still ends it (R-G7).
      return handle.result();
    });
    expect(fakes.steps.at(-1)).toMatchObject({ step: 'failed', failureReason: 'abandoned' });
  });

  it('R-P8: a failed face check shows the reason, spends the code, and a fresh code can pass', async () => {
    const fakes = fakeActivities();
    const view = await run(fakes, async (_, taskQueue) => {
      const handle = await env.client.workflow.start('individualVerification', { taskQueue, workflowId: 'wf-face-retry', args: [input('face-retry', 'face')] });
      const first = await handle.executeUpdate(qrCodeUpdate);
      await handle.signal(providerEventSignal, { provider: 'face', eventId: 'f1', ticket: first.ticket, type: 'failed', reason: 'face_covered' });
      expect(await viewOnce(handle, (v) => v.step === 'face_failed')).toMatchObject({
        status: 'open', step: 'face_failed', lastFaceFailure: 'face_covered', faceTriesLeft: 4, qrCode: { ticket: first.ticket, expired: true },
      });
      // The spent code cannot pass.
      await handle.signal(providerEventSignal, { provider: 'face', eventId: 'f2', ticket: first.ticket, type: 'passed', person: personOf(first.ticket) });
      const fresh = await handle.executeUpdate(refreshQrCodeUpdate, { args: [{ processId: (await handle.query(processViewQuery)).processId, request: 'refresh_code' }] });
      expect(fresh.ticket).not.toBe(first.ticket);
      await handle.signal(providerEventSignal, { provider: 'face', eventId: 'f3', ticket: fresh.ticket, type: 'passed', person: personOf(fresh.ticket) });
      return handle.result();
    });
    expect(view.status).toBe('verified');
    expect(stepsOf(fakes)).toEqual(['awaiting_scan', 'face_failed', 'awaiting_scan', 'verified']);
    expect(fakes.steps[1]).toMatchObject({ detail: { reason: 'face_covered' }, action: { lastFaceFailure: 'face_covered' } });
  });

  it('R-P8: each of the four failure reasons is shown to the person, one try each', async () => {
    const fakes = fakeActivities();
    const seen: string[] = [];
    const view = await run(fakes, async (_, taskQueue) => {
      const handle = await env.client.workflow.start('individualVerification', { taskQueue, workflowId: 'wf-face-reasons', args: [input('face-reasons', 'face')] });
      let code = await handle.executeUpdate(qrCodeUpdate);
      for (const [index, reason] of FACE_FAILURE_REASONS.entries()) {
        await handle.signal(providerEventSignal, { provider: 'face', eventId: `r${index}`, ticket: code.ticket, type: 'failed', reason });
        const failed = await viewOnce(handle, (v) => v.lastFaceFailure === reason && v.step === 'face_failed');
        seen.push(failed.lastFaceFailure!);
        expect(failed.faceTriesLeft).toBe(5 - index - 1);
        code = await handle.executeUpdate(refreshQrCodeUpdate, { args: [{ processId: (await handle.query(processViewQuery)).processId, request: 'refresh_code' }] });
      }
      await handle.signal(providerEventSignal, { provider: 'face', eventId: 'pass', ticket: code.ticket, type: 'passed', person: personOf(code.ticket) });
      return handle.result();
    });
    expect(seen).toEqual(['face_covered', 'face_mismatch', 'identity_wrong', 'face_not_in_frame']);
    expect(view.status).toBe('verified');
  });

  it('R-P8: when the last face try fails, the process fails with face_attempts_exhausted', async () => {
    const fakes = fakeActivities();
    const view = await run(fakes, async (_, taskQueue) => {
      const handle = await env.client.workflow.start('individualVerification', { taskQueue, workflowId: 'wf-face-out', args: [input('face-out', 'face', 2)] });
      const first = await handle.executeUpdate(qrCodeUpdate);
      await handle.signal(providerEventSignal, { provider: 'face', eventId: 'f1', ticket: first.ticket, type: 'failed', reason: 'face_mismatch' });
      const second = await handle.executeUpdate(refreshQrCodeUpdate, { args: [{ processId: (await handle.query(processViewQuery)).processId, request: 'refresh_code' }] });
      await handle.signal(providerEventSignal, { provider: 'face', eventId: 'f2', ticket: second.ticket, type: 'failed', reason: 'face_not_in_frame' });
      return handle.result();
    });
    expect(view).toMatchObject({ status: 'failed', failureReason: 'face_attempts_exhausted', lastFaceFailure: 'face_not_in_frame' });
    // The read model keeps the last reason too: GET /v1/processes/{id} shows it once the process failed.
    expect(fakes.steps.at(-1)).toMatchObject({ step: 'failed', action: { lastFaceFailure: 'face_not_in_frame', faceTriesLeft: 0 } });
    expect(fakes.completions).toHaveLength(0);
    expect(fakes.notifications).toEqual([expect.objectContaining({ outcome: 'failed', reason: 'face_attempts_exhausted' })]);
  });

  it('R-P6: after the QQ code expired, a switch to WeChat issues a WeChat code that verifies', async () => {
    const fakes = fakeActivities();
    const view = await run(fakes, async (_, taskQueue) => {
      const handle = await env.client.workflow.start('individualVerification', { taskQueue, workflowId: 'wf-switch', args: [input('switch', 'qq_qr')] });
      const qq = await handle.executeUpdate(qrCodeUpdate);
      await env.sleep('11 minutes');
      expect((await viewOnce(handle, (v) => v.qrCode?.expired === true)).qrCode?.expired).toBe(true);
      const wechat = await handle.executeUpdate(switchMethodUpdate, { args: [{ method: 'wechat_qr' }] });
      expect(wechat.ticket).not.toBe(qq.ticket);
      expect(await handle.query(processViewQuery)).toMatchObject({ method: 'wechat_qr', step: 'awaiting_scan', qrCode: { expired: false } });
      // The old provider's events no longer count.
      await handle.signal(providerEventSignal, { provider: 'qq', eventId: 'q1', ticket: wechat.ticket, type: 'authorized', realName });
      expect((await handle.query(processViewQuery)).status).toBe('open');
      await handle.signal(providerEventSignal, { provider: 'wechat', eventId: 'w1', ticket: wechat.ticket, type: 'authorized', realName });
      return handle.result();
    });
    expect(view).toMatchObject({ status: 'verified', method: 'wechat_qr' });
    expect(fakes.issued.map((i) => i.provider)).toEqual(['qq', 'wechat']);
    expect(fakes.steps.find((s) => s.method)).toMatchObject({ method: 'wechat_qr', detail: { methodSwitched: 'wechat_qr' } });
    expect(fakes.completions).toEqual([expect.objectContaining({ method: 'wechat_qr' })]);
  });

  it('R-P6: a switch is refused while the code is scanned and pending', async () => {
    const fakes = fakeActivities();
    await run(fakes, async (_, taskQueue) => {
      const handle = await env.client.workflow.start('individualVerification', { taskQueue, workflowId: 'wf-switch-busy', args: [input('switch-busy', 'qq_qr')] });
      const code = await handle.executeUpdate(qrCodeUpdate);
      await handle.signal(providerEventSignal, { provider: 'qq', eventId: 'q1', ticket: code.ticket, type: 'scanned' });
      await viewOnce(handle, (v) => v.step === 'awaiting_authorization');
      await expect(handle.executeUpdate(switchMethodUpdate, { args: [{ method: 'face' }] })).rejects.toMatchObject({
        cause: expect.objectContaining({ type: 'QrCodeInUse' }),
      });
      expect(await handle.query(processViewQuery)).toMatchObject({ method: 'qq_qr', step: 'awaiting_authorization', qrCode: { ticket: code.ticket } });
      await handle.result(); // abandoned, in skipped time
    });
    expect(fakes.issued).toHaveLength(1);
  });

  it('R-P8: an unexpired face code is in use until a result comes, so neither a refresh nor a switch can drop a failure on its way (a try not counted)', async () => {
    const fakes = fakeActivities();
    await run(fakes, async (_, taskQueue) => {
      const handle = await env.client.workflow.start('individualVerification', { taskQueue, workflowId: 'wf-face-in-use', args: [input('face-in-use', 'face')] });
      const first = await handle.executeUpdate(qrCodeUpdate);
      const processId = (await handle.query(processViewQuery)).processId;
      const refresh = () => handle.executeUpdate(refreshQrCodeUpdate, { args: [{ processId, request: 'refresh_code' }] });
      await expect(refresh()).rejects.toMatchObject({ cause: expect.objectContaining({ type: 'QrCodeInUse', message: expect.stringContaining('face_check') }) });
      await expect(handle.executeUpdate(switchMethodUpdate, { args: [{ method: 'wechat_qr' }] })).rejects.toMatchObject({ cause: expect.objectContaining({ type: 'QrCodeInUse' }) });
      // The failure that was on its way counts: one try spent, and the spent code can be replaced.
      await handle.signal(providerEventSignal, { provider: 'face', eventId: 'f1', ticket: first.ticket, type: 'failed', reason: 'face_covered' });
      expect(await viewOnce(handle, (v) => v.step === 'face_failed')).toMatchObject({ faceTriesLeft: 4, qrCode: { ticket: first.ticket, expired: true } });
      const second = await refresh();
      expect(second.ticket).not.toBe(first.ticket);
      // Once a code expired unused, it can be replaced too (R-P7).
      await env.sleep('11 minutes');
      expect(await viewOnce(handle, (v) => v.qrCode?.expired === true)).toMatchObject({ qrCode: { ticket: second.ticket } });
      const third = await refresh();
      expect(third.ticket).not.toBe(second.ticket);
      await handle.signal(providerEventSignal, { provider: 'face', eventId: 'f2', ticket: third.ticket, type: 'passed', person: personOf(third.ticket) });
      expect(await handle.result()).toMatchObject({ status: 'verified', faceTriesLeft: 4 });
    });
    expect(fakes.issued).toHaveLength(3);
  });
});
