import { createServer } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import type { LogLevel, LogMetadata } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DatabaseError } from 'pg';
import { z } from 'zod';
import { InvariantViolated, RecordMissing } from '../../domain/failures';
import { Prisma } from '../../generated/prisma/client';
import { activityFailureInterceptors, classifyActivityError, type ActivityGiveUp } from '../../worker/activity-failures';

const prismaError = (code: string, meta?: Record<string, unknown>) =>
  new Prisma.PrismaClientKnownRequestError('No record was found for a query.', { code, clientVersion: '7', meta });
const pgError = (code: string) => Object.assign(new DatabaseError('refused', 1, 'error'), { code, severity: 'ERROR' });
const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });

/** What fetch throws when nothing listens on the port: a TypeError caused by ECONNREFUSED. */
async function refusedFetch(): Promise<unknown> {
  const server = createServer();
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
  await new Promise((resolve) => server.close(resolve));
  return fetch(`http://127.0.0.1:${port}/`).then(
    () => new Error('something listened'),
    (error: unknown) => error,
  );
}

describe('classifying activity errors (defect 4: permanent errors retried forever)', () => {
  it('a RangeError or TypeError is an input the activity cannot take: not retryable', () => {
    expect(classifyActivityError(new RangeError('a remittance payout is 1..99 fen, got 150'))).toEqual({ type: 'InvalidActivityInput', retryable: false });
    expect(classifyActivityError(new TypeError("Cannot read properties of undefined (reading 'name')"))).toEqual({ type: 'InvalidActivityInput', retryable: false });
  });

  it("Prisma's record-not-found (P2025, as findUniqueOrThrow throws it) is a missing row: not retryable", () => {
    expect(classifyActivityError(prismaError('P2025'))).toEqual({ type: 'RecordMissing', retryable: false });
    expect(classifyActivityError(new RecordMissing('account acc_1 does not exist'))).toEqual({ type: 'RecordMissing', retryable: false });
  });

  it('an impossible state, a validation error and a data exception are not retryable', () => {
    expect(classifyActivityError(new InvariantViolated('a review id is made only by an activity of a workflow'))).toEqual({ type: 'InvariantViolated', retryable: false });
    const zod = (() => {
      try {
        z.object({ processId: z.string() }).parse({});
      } catch (error) {
        return error;
      }
    })();
    expect(classifyActivityError(zod)).toEqual({ type: 'InvalidActivityInput', retryable: false });
    expect(classifyActivityError(pgError('22P02'))).toEqual({ type: 'InvalidActivityInput', retryable: false });
    expect(classifyActivityError(new Prisma.PrismaClientValidationError('Argument `id` is missing.', { clientVersion: '7' }))).toEqual({ type: 'InvalidActivityInput', retryable: false });
  });

  it('ECONNREFUSED stays retryable, also as the cause of the TypeError fetch throws', async () => {
    expect(classifyActivityError(socketError('ECONNREFUSED'))).toEqual({ type: 'DependencyUnavailable', retryable: true });
    const fetchError = await refusedFetch();
    expect((fetchError as Error).name).toBe('TypeError');
    expect(classifyActivityError(fetchError)).toEqual({ type: 'DependencyUnavailable', retryable: true });
  });

  it('a database shutting down, a lost connection, a deadlock, a pool timeout and a provider 5xx stay retryable', () => {
    for (const error of [
      pgError('57P01'),
      pgError('08006'),
      pgError('40P01'),
      prismaError('P2024'),
      prismaError('P2010', { driverAdapterError: { cause: { originalCode: '40001' } } }),
      socketError('ETIMEDOUT'),
      Object.assign(new Error('registry answered 503'), { status: 503 }),
      Object.assign(new Error('too many requests'), { statusCode: 429 }),
    ]) {
      expect(classifyActivityError(error)).toEqual({ type: 'DependencyUnavailable', retryable: true });
    }
  });

  it('an error it does not know stays retryable, as Temporal would treat it', () => {
    expect(classifyActivityError(new Error('the bank said something new'))).toEqual({ type: 'Error', retryable: true });
    expect(classifyActivityError(prismaError('P2002'))).toEqual({ type: 'PrismaClientKnownRequestError', retryable: true });
  });

  it("an activity's own ApplicationFailure keeps its flag; a catalogue type that cannot be retried is not", () => {
    expect(classifyActivityError(ApplicationFailure.retryable('later', 'ProviderBusy'))).toEqual({ type: 'ProviderBusy', retryable: true });
    expect(classifyActivityError(ApplicationFailure.nonRetryable('never', 'ProviderRefused'))).toEqual({ type: 'ProviderRefused', retryable: false });
    expect(classifyActivityError(ApplicationFailure.retryable('gone', 'RecordMissing'))).toEqual({ type: 'RecordMissing', retryable: false });
  });
});

describe('the activity interceptor (defect 4)', () => {
  const applicant = { name: '张三', documentNumber: '11010519491231002X' };
  const info = {
    activityType: 'completeIndividualVerification',
    activityId: '7',
    workflowType: 'individualVerification',
    workflowExecution: { workflowId: 'process-acc_1', runId: 'run-1' },
  };

  function environment(extra: Record<string, unknown> = {}) {
    const logs: Array<{ level: LogLevel; message: string; meta?: LogMetadata }> = [];
    const giveUps: ActivityGiveUp[] = [];
    const log = (level: LogLevel) => (message: string, meta?: LogMetadata) => logs.push({ level, message, meta });
    const env = new MockActivityEnvironment(
      { ...info, ...extra },
      {
        interceptors: [activityFailureInterceptors(async (giveUp) => void giveUps.push(giveUp))],
        logger: { log: (level, message, meta) => logs.push({ level, message, meta }), trace: log('TRACE'), debug: log('DEBUG'), info: log('INFO'), warn: log('WARN'), error: log('ERROR') },
      },
    );
    return { env, logs, giveUps };
  }

  const failing = (error: unknown) => async (_input: { applicant: typeof applicant }) => {
    throw error;
  };

  it('turns a RangeError into a non-retryable InvalidActivityInput failure, keeps it for operators and logs it without the arguments', async () => {
    const { env, logs, giveUps } = environment();
    const thrown = await env.run(failing(new RangeError(`not a real date: ${applicant.documentNumber}`)), { applicant }).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(ApplicationFailure);
    expect(thrown).toMatchObject({ type: 'InvalidActivityInput', nonRetryable: true, cause: expect.any(RangeError) });
    expect(giveUps).toEqual([
      {
        workflowId: 'process-acc_1', runId: 'run-1', workflowType: 'individualVerification', activityType: 'completeIndividualVerification', activityId: '7',
        attempt: 1, failureType: 'InvalidActivityInput', retryable: false, message: 'RangeError',
      },
    ]);
    const line = logs.find((entry) => entry.message === 'activity gave up');
    expect(line).toMatchObject({ level: 'ERROR', meta: expect.objectContaining({ workflowId: 'process-acc_1', activityType: 'completeIndividualVerification', failureType: 'InvalidActivityInput' }) });
    // Personal data never reaches a log or the give-up row, not even quoted in an error message.
    expect(JSON.stringify(logs)).not.toContain(applicant.documentNumber);
    expect(JSON.stringify(logs)).not.toContain(applicant.name);
    expect(JSON.stringify(giveUps)).not.toContain(applicant.documentNumber);
  });

  it('turns a P2025 into a non-retryable RecordMissing failure', async () => {
    const { env, giveUps } = environment();
    const thrown = await env.run(failing(prismaError('P2025')), { applicant }).catch((error: unknown) => error);
    expect(thrown).toMatchObject({ type: 'RecordMissing', nonRetryable: true });
    expect(giveUps).toEqual([expect.objectContaining({ failureType: 'RecordMissing', retryable: false, message: 'PrismaClientKnownRequestError P2025' })]);
  });

  it('R-E6.4: a payout the bank refused is an answer its workflow handles, not a give-up: attempted once, nothing kept for operators', async () => {
    const { env, giveUps, logs } = environment();
    const refusal = ApplicationFailure.create({ type: 'PayoutRefused', message: 'bank payout k: the bank refused the account (account_closed)', nonRetryable: true, details: [{ refusal: 'account_closed' }] });
    const thrown = await env.run(failing(refusal), { applicant }).catch((error: unknown) => error);
    expect(thrown).toBe(refusal);
    expect(giveUps).toEqual([]);
    expect(logs.filter((entry) => entry.message === 'activity gave up')).toEqual([]);
    expect(logs).toContainEqual(expect.objectContaining({ level: 'INFO', message: 'activity answered with a failure its workflow handles', meta: expect.objectContaining({ failureType: 'PayoutRefused' }) }));
    // A provider's other refusal still is one.
    await env.run(failing(ApplicationFailure.create({ type: 'ProviderRejected', message: 'bank payout k: amount_invalid', nonRetryable: true })), { applicant }).catch(() => undefined);
    expect(giveUps).toEqual([expect.objectContaining({ failureType: 'ProviderRejected', retryable: false })]);
  });

  it("keeps this project's own message (ids only) for operators", async () => {
    const { env, giveUps } = environment();
    await env.run(failing(new RecordMissing('account acc_1 does not exist')), { applicant }).catch(() => undefined);
    expect(giveUps).toEqual([expect.objectContaining({ failureType: 'RecordMissing', message: 'account acc_1 does not exist' })]);
  });

  it('lets ECONNREFUSED through unchanged and retryable, and keeps nothing while attempts remain', async () => {
    const { env, logs, giveUps } = environment({ attempt: 3, retryPolicy: { maximumAttempts: 0 } });
    const refused = socketError('ECONNREFUSED');
    const thrown = await env.run(failing(refused), { applicant }).catch((error: unknown) => error);
    expect(thrown).toBe(refused);
    expect(giveUps).toEqual([]);
    expect(logs.filter((entry) => entry.level === 'ERROR')).toEqual([]);
  });

  it('keeps a transient failure on the last attempt its retry policy allows, as retryable', async () => {
    const { env, giveUps } = environment({ attempt: 5, retryPolicy: { maximumAttempts: 5 } });
    const refused = socketError('ECONNREFUSED');
    expect(await env.run(failing(refused), { applicant }).catch((error: unknown) => error)).toBe(refused);
    expect(giveUps).toEqual([expect.objectContaining({ attempt: 5, failureType: 'DependencyUnavailable', retryable: true, message: 'Error ECONNREFUSED' })]);
  });

  it('a failure to keep a give-up is logged and the activity still fails as classified', async () => {
    const logs: Array<{ level: string; message: string }> = [];
    const log = (level: string) => (message: string) => logs.push({ level, message });
    const env = new MockActivityEnvironment(info, {
      interceptors: [
        activityFailureInterceptors(async () => {
          throw socketError('ECONNREFUSED');
        }),
      ],
      logger: { log: (level, message) => logs.push({ level, message }), trace: log('TRACE'), debug: log('DEBUG'), info: log('INFO'), warn: log('WARN'), error: log('ERROR') },
    });
    const thrown = await env.run(failing(new InvariantViolated('impossible')), { applicant }).catch((error: unknown) => error);
    expect(thrown).toMatchObject({ type: 'InvariantViolated', nonRetryable: true });
    expect(logs).toEqual(expect.arrayContaining([{ level: 'WARN', message: 'could not keep an activity give-up for operators' }]));
  });

  it('a result passes through untouched', async () => {
    const { env, giveUps } = environment();
    expect(await env.run(async (input: { applicant: typeof applicant }) => input.applicant.name, { applicant })).toBe(applicant.name);
    expect(giveUps).toEqual([]);
  });
});
