import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { updateRefusal } from '../../api/start-process';
import { ProblemError } from '../../api/problem';

function problemOf(error: unknown) {
  try {
    updateRefusal(error);
  } catch (thrown) {
    return thrown instanceof ProblemError ? thrown.problem : thrown;
  }
  throw new Error('updateRefusal returned');
}

describe('update refusals as HTTP problems', () => {
  it("a workflow's typed refusal is a 409 naming its type", () => {
    const refusal = new WorkflowUpdateFailedError('refused', ApplicationFailure.create({ type: 'QrCodeInUse', message: 'the current code is in use' }));
    expect(problemOf(refusal)).toMatchObject({ status: 409, type: expect.stringContaining('QrCodeInUse'), detail: 'the current code is in use' });
  });

  it('a workflow that closed between the read and the update is a 409, not a 500', () => {
    expect(problemOf(new WorkflowNotFoundError('update not found', 'wf', undefined))).toMatchObject({ status: 409, type: expect.stringContaining('process-closed') });
  });

  it('anything else is not an update refusal and passes through', () => {
    const other = new Error('boom');
    expect(problemOf(other)).toBe(other);
  });
});
