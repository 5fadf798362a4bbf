import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { LogLevel } from '@temporalio/worker';
import { createLogger } from '../../config/logger';
import { sdkLogger } from '../../worker/sdk-log';
import { INDIVIDUAL_REVISION, type IndividualVerificationInput } from '../../workflows/individual/messages';
import { fakeActivities } from '../support/fake-activities';
import { randomMainlandId } from '../support/people';
import { captureWorkerLogs } from '../support/runtime';
import { runWorkflow, timeSkippingEnvironment } from '../support/time-skipping';

// Personal data never reaches a log in clear text, the SDK's own lines
// included. An activity's error may quote what it refused (a RangeError quoting
// a birth date, a driver's error quoting its arguments), and the SDK logs every
// failed attempt with the error whole: the worker's runtime logger
// (worker/sdk-log.ts) writes the SDK's lines with errors reduced to their class.
const NAME = '鲁运行时';
const NUMBER = randomMainlandId();

function pinoLines() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'trace', destination }) };
}

describe("the SDK's own log lines", () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnvironment();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it("a failed activity's error quoting a name and an ID number: the SDK's line holds them, ours through the runtime logger does not", async () => {
    const raw: Array<{ level: string; message: string; meta?: Record<string, unknown> }> = [];
    captureWorkerLogs((level, message, meta) => raw.push({ level, message, meta }));
    const fakes = fakeActivities();
    let attempts = 0;
    const activities = {
      ...fakes.activities,
      async openWithQrCode() {
        attempts++;
        throw new RangeError(`${NAME} ${NUMBER}: not a date`);
      },
    };
    const input: IndividualVerificationInput = {
      processId: 'prc_sdk_log',
      accountId: 'acc_sdk_log',
      method: 'wechat_qr',
      applicant: { name: NAME, documentType: 'mainland_id', documentNumber: NUMBER, birthDate: '1990-01-01', industry: 'it', address: '北京' },
      durations: { qrValidity: '10 minutes', abandonment: '24 hours', bankCardDeadline: '30 minutes' },
      faceMaxTries: 5,
      revision: INDIVIDUAL_REVISION,
    };
    try {
      await runWorkflow(env, activities, 'individualVerification', 'wf-sdk-log', input, async () => {
        while (attempts < 2) await new Promise((resolve) => setTimeout(resolve, 20));
      });
    } finally {
      captureWorkerLogs(null);
    }
    const failed = raw.filter((line) => line.message === 'Activity failed');
    expect(failed.length).toBeGreaterThanOrEqual(1);
    // The SDK's line as it is: a default logger would print the name and number.
    expect(JSON.stringify(failed.map((line) => String(line.meta?.error)))).toContain(NUMBER);

    const { lines, logger } = pinoLines();
    const adapted = sdkLogger(logger, 'TRACE');
    for (const line of raw) adapted.log(line.level as LogLevel, line.message, line.meta);
    const written = lines.join('\n');
    expect(written).toContain('Activity failed');
    expect(written).toContain('RangeError');
    expect(written).toContain('openWithQrCode');
    expect(written).not.toContain(NUMBER);
    expect(written).not.toContain(NAME);
  }, 60_000);
});

describe('the runtime logger', () => {
  it("keeps the SDK's message up to an error it quotes, the run's context, and our workflows' lines whole", () => {
    const { lines, logger } = pinoLines();
    const adapted = sdkLogger(logger, 'TRACE');
    adapted.error(`Error while processing ActivityTask.start: ${NUMBER} is not valid`, { workflowId: 'account-process-acc_1', activityType: 'openProcess', error: new Error(NUMBER) });
    adapted.warn('Failing workflow task', { sdkComponent: 'core', target: 'temporal_sdk_core', run_id: 'r1', failure: `Failure { message: "${NAME}" }` });
    adapted.warn('R-G6: this process was started without a business-day calendar', { sdkComponent: 'workflow', processId: 'prc_1' });
    adapted.error('activity gave up', { sdkComponent: 'activity', activityType: 'openProcess', failureType: 'RecordMissing', retryable: false });
    const [quoted, core, ours, activity] = lines.map((line) => JSON.parse(line) as { msg: string; err?: unknown; temporal: Record<string, unknown> });
    expect(quoted!.msg).toBe('Error while processing ActivityTask.start: [withheld]');
    expect(quoted!.err).toEqual({ name: 'Error' });
    expect(quoted!.temporal).toEqual({ workflowId: 'account-process-acc_1', activityType: 'openProcess' });
    expect(core!.temporal).toEqual({ sdkComponent: 'core', target: 'temporal_sdk_core', run_id: 'r1', withheld: ['failure'] });
    expect(ours!.msg).toBe('R-G6: this process was started without a business-day calendar');
    expect(ours!.temporal).toEqual({ sdkComponent: 'workflow', processId: 'prc_1' });
    // Our activities' lines (Context.current().log) keep their fields: operators read the give-up's failure type there.
    expect(activity!.temporal).toEqual({ sdkComponent: 'activity', activityType: 'openProcess', failureType: 'RecordMissing', retryable: false });
    expect(lines.join('\n')).not.toContain(NUMBER);
    expect(lines.join('\n')).not.toContain(NAME);
  });

  it('is the runtime the worker and npm start install, before their first connection', () => {
    for (const entry of ['worker/main.ts', 'scripts/start.ts']) {
      const source = readFileSync(join(__dirname, '..', '..', entry), 'utf8');
      const installed = source.indexOf('installWorkerRuntime(logger');
      expect(installed).toBeGreaterThan(0);
      expect(installed).toBeLessThan(source.indexOf('NativeConnection.connect('));
      expect(source).not.toContain('DefaultLogger');
    }
  });

  it('writes from its level up', () => {
    const { lines, logger } = pinoLines();
    const adapted = sdkLogger(logger, 'WARN');
    adapted.info('Worker state changed');
    adapted.debug('Activity completed');
    adapted.warn('Activity failed', { error: new TypeError('x') });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 40, msg: 'Activity failed', err: { name: 'TypeError' } });
  });
});
