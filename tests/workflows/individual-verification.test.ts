import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import {
  processViewQuery,
  qrCodeUpdate,
  refreshQrCodeUpdate,
  wechatEventSignal,
  type IndividualVerificationInput,
} from '../../workflows/individual/messages';
import { fakeActivities } from '../support/fake-activities';
import { timeSkippingEnvironment, testWorker } from '../support/time-skipping';

const person = { name: '张三', documentType: 'mainland_id' as const, documentNumber: '11010519491231002X', birthDate: '1949-12-31', industry: 'it', address: '北京' };

function input(id: string): IndividualVerificationInput {
  return {
    processId: `prc_${id}`,
    accountId: `acc_${id}`,
    method: 'wechat_qr',
    applicant: person,
    durations: { qrValidity: '10 minutes', abandonment: '24 hours' },
  };
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

  it('R-P4, R-P9: scan and a matching authorisation verify the process and notify the outcome', async () => {
    const fakes = fakeActivities();
    const view = await run(fakes, async (_, taskQueue) => {
      const handle = await env.client.workflow.start('individualVerification', { taskQueue, workflowId: 'wf-success', args: [input('success')] });
      const code = await handle.executeUpdate(qrCodeUpdate);
      await handle.signal(wechatEventSignal, { eventId: 'e1', ticket: code.ticket, type: 'scanned' });
      await handle.signal(wechatEventSignal, {
        eventId: 'e2', ticket: code.ticket, type: 'authorized', realName: { name: person.name, documentNumber: person.documentNumber },
      });
      return handle.result();
    });
    expect(view.status).toBe('verified');
    expect(fakes.steps.map((s) => s.step)).toEqual(['awaiting_scan', 'awaiting_authorization', 'verified']);
    expect(fakes.completions).toHaveLength(1);
    expect(fakes.notifications).toEqual([expect.objectContaining({ outcome: 'verified' })]);
  });

  it('R-P4: an authorisation whose real-name record differs fails with identity_mismatch', async () => {
    const fakes = fakeActivities();
    const view = await run(fakes, async (_, taskQueue) => {
      const handle = await env.client.workflow.start('individualVerification', { taskQueue, workflowId: 'wf-mismatch', args: [input('mismatch')] });
      const code = await handle.executeUpdate(qrCodeUpdate);
      await handle.signal(wechatEventSignal, {
        eventId: 'e1', ticket: code.ticket, type: 'authorized', realName: { name: '李四', documentNumber: person.documentNumber },
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
      await handle.signal(wechatEventSignal, { eventId: 'e1', ticket: first.ticket, type: 'scanned' });
      await env.sleep('11 minutes');
      const expired = await handle.query(processViewQuery);
      expect(expired).toMatchObject({ status: 'open', step: 'awaiting_scan', qrCode: { ticket: first.ticket, expired: true } });
      // An expired code cannot be used.
      await handle.signal(wechatEventSignal, {
        eventId: 'e2', ticket: first.ticket, type: 'authorized', realName: { name: person.name, documentNumber: person.documentNumber },
      });
      const fresh = await handle.executeUpdate(refreshQrCodeUpdate);
      expect(fresh.ticket).not.toBe(first.ticket);
      expect((await handle.query(processViewQuery)).status).toBe('open');
      await handle.signal(wechatEventSignal, { eventId: 'e3', ticket: fresh.ticket, type: 'scanned' });
      await handle.signal(wechatEventSignal, {
        eventId: 'e4', ticket: fresh.ticket, type: 'authorized', realName: { name: person.name, documentNumber: person.documentNumber },
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
      await handle.signal(wechatEventSignal, {
        eventId: 'e1', ticket: code.ticket, type: 'authorized', realName: { name: person.name, documentNumber: person.documentNumber },
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
      await handle.signal(wechatEventSignal, { eventId: 'same', ticket: code.ticket, type: 'rejected' });
      await handle.signal(wechatEventSignal, { eventId: 'same', ticket: code.ticket, type: 'rejected' });
      await handle.query(processViewQuery);
      await handle.terminate('test over');
    });
    expect(fakes.steps.filter((s) => s.detail?.authorizationRejected)).toHaveLength(1);
  });
});
