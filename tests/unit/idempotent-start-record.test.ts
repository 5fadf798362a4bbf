import { ServiceError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { processIdFor, requestHash, retriedStart } from '../../api/start-process';
import { ProblemError } from '../../api/problem';
import { isUnavailable } from '../../api/unavailable';

// Security finding 5, R-G2: what a start under an Idempotency-Key records, and how a retry is held to it.
// The end-to-end cases over HTTP are in tests/e2e/idempotent-retry.test.ts.
describe('idempotent start records (security finding 5, R-G2)', () => {
  const secret = 'test-identity-hash-secret';
  const body = {
    type: 'individual',
    method: 'wechat_qr',
    applicant: { name: '张三', documentType: 'mainland_id', documentNumber: '11010519491231002X', industry: 'software', address: '北京市' },
  };

  it('security finding 5: the hash is the same for the same fields in another key order, nested ones too', () => {
    const { name, documentType, documentNumber, industry, address } = body.applicant;
    const reordered = { applicant: { address, industry, documentNumber, documentType, name }, method: body.method, type: body.type };
    expect(requestHash(secret, 'individual_verification', reordered)).toBe(requestHash(secret, 'individual_verification', body));
  });

  it('security finding 5: the hash differs for another applicant, another method, another route and another secret', () => {
    const hash = requestHash(secret, 'individual_verification', body);
    expect(requestHash(secret, 'individual_verification', { ...body, applicant: { ...body.applicant, name: '李四' } })).not.toBe(hash);
    expect(requestHash(secret, 'individual_verification', { ...body, method: 'qq_qr' })).not.toBe(hash);
    // The race path of startProcessWithUpdate compares hashes only: the route in them tells the kinds apart there.
    expect(requestHash(secret, 'enterprise_verification', body)).not.toBe(hash);
    expect(requestHash(`${secret}-other`, 'individual_verification', body)).not.toBe(hash);
  });

  it('R-G2: one account and key derive one process id whichever route starts it, so a retry must check the kind', () => {
    // Every start route calls processIdFor(accountId, key) alone: the key's first start owns the id.
    expect(processIdFor('acc_1', 'key-12345678')).toBe(processIdFor('acc_1', 'key-12345678'));
    expect(processIdFor('acc_2', 'key-12345678')).not.toBe(processIdFor('acc_1', 'key-12345678'));
    expect(processIdFor('acc_1', undefined)).not.toBe(processIdFor('acc_1', undefined));
  });

  /** A Temporal client whose only workflow has `memo` (or whose describe fails with that error), counting the describes asked of it. */
  function temporalWith(memo: Record<string, unknown> | Error) {
    const calls = { describe: 0 };
    const temporal = {
      workflow: {
        getHandle: () => ({
          describe: async () => {
            calls.describe += 1;
            if (memo instanceof Error) throw memo;
            return { memo };
          },
        }),
      },
    } as unknown as Client;
    return { temporal, calls };
  }
  const individual = { id: 'prc_1', kind: 'individual_verification', workflowId: 'process-acc_1', runId: 'run_1' };
  const expected = { kind: 'individual_verification', requestHash: requestHash(secret, 'individual_verification', body) };
  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProblemError);
    return (error as ProblemError).problem;
  };

  it('security finding 5: a retry with the recorded hash is accepted, another hash is 422 idempotency-key-reused naming the process', async () => {
    expect(await retriedStart(temporalWith({ requestHash: expected.requestHash, documentIds: [] }).temporal, individual, expected)).toEqual({ documentIds: [] });
    const other = await refusal(retriedStart(temporalWith({ requestHash: 'another', documentIds: [] }).temporal, individual, expected));
    expect(other).toMatchObject({ status: 422, type: 'idempotency-key-reused', processId: 'prc_1' });
  });

  it('security finding 5, R-G2: a retry whose process is of another kind is 422 without a call to Temporal', async () => {
    const { temporal, calls } = temporalWith({ requestHash: expected.requestHash });
    const problem = await refusal(retriedStart(temporal, { ...individual, kind: 'enterprise_verification' }, expected));
    expect(problem).toMatchObject({ status: 422, type: 'idempotency-key-reused', processId: 'prc_1' });
    expect(calls.describe).toBe(0);
  });

  it('security finding 5: a process started before starts kept a hash (none in its memo) is accepted on its kind', async () => {
    expect(await retriedStart(temporalWith({ processId: 'prc_1' }).temporal, individual, expected)).toEqual({ documentIds: [] });
  });

  it('security finding 5: a retry whose history Temporal no longer keeps (describe: WorkflowNotFoundError) is accepted on its kind, with no documents; another kind is still 422 without a describe', async () => {
    const gone = () => new WorkflowNotFoundError('workflow not found', individual.workflowId, individual.runId);
    const sameKind = temporalWith(gone());
    expect(await retriedStart(sameKind.temporal, individual, expected)).toEqual({ documentIds: [] });
    expect(sameKind.calls.describe).toBe(1);

    const otherKind = temporalWith(gone());
    const problem = await refusal(retriedStart(otherKind.temporal, { ...individual, kind: 'enterprise_verification' }, expected));
    expect(problem).toMatchObject({ status: 422, type: 'idempotency-key-reused', processId: 'prc_1' });
    expect(otherKind.calls.describe).toBe(0);
  });

  it('security finding 5: a retry whose describe cannot reach Temporal is neither accepted nor 422: the error goes on to the app, which answers it 503', async () => {
    const unreachable = new ServiceError('14 UNAVAILABLE: No connection established');
    const error = await retriedStart(temporalWith(unreachable).temporal, individual, expected).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBe(unreachable);
    expect(isUnavailable(error)).toBe(true);
  });
});
