import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
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

const refused = (type: string, message: string) => new WorkflowUpdateFailedError('refused', ApplicationFailure.create({ type, message, nonRetryable: true }));

describe('update refusals as HTTP problems (the failure catalogue, domain/failures.ts)', () => {
  it("a workflow's typed refusal of the process state is its catalogue 409, with its problem type and the workflow's message", () => {
    expect(problemOf(refused('QrCodeInUse', 'the current code is in use'))).toEqual({
      status: 409,
      type: 'qr-code-in-use',
      title: 'The current code is in use',
      detail: 'the current code is in use',
    });
    expect(problemOf(refused('ProcessNotOpen', 'process prc_1 is failed'))).toMatchObject({ status: 409, type: 'process-not-open' });
  });

  it('R-E6.4: an amount the workflow refuses for what it is (InvalidAmount) is a 422, not a 409', () => {
    expect(problemOf(refused('InvalidAmount', 'the amount is an integer of fen between 1 and 99 (R-E6.4)'))).toMatchObject({ status: 422, type: 'invalid-amount' });
  });

  it('a refusal type the catalogue does not list is still a 409 refusal, never a 500', () => {
    expect(problemOf(refused('SomethingNew', 'not now'))).toMatchObject({ status: 409, type: 'update-refused', detail: 'not now' });
  });

  it('an internal failure is not a refusal: it goes on to the error handler (500, message not shown)', () => {
    const internal = refused('InvariantViolated', 'a review id is made only by an activity of a workflow');
    expect(problemOf(internal)).toBe(internal);
  });

  it('a dependency that is down is a 503 with a retry hint', () => {
    expect(problemOf(refused('DependencyUnavailable', 'connect ECONNREFUSED'))).toMatchObject({ status: 503, type: 'unavailable' });
  });

  it('a workflow that closed between the read and the update is a 409, not a 500', () => {
    expect(problemOf(new WorkflowNotFoundError('update not found', 'wf', undefined))).toMatchObject({ status: 409, type: expect.stringContaining('process-closed') });
  });

  it('R-C3, R-G7: an update the workflow accepted and then ended before answering (the server\'s AcceptedUpdateCompletedWorkflow) is a 409 process-closed, not an unlisted refusal quoting the server', () => {
    const overtaken = new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type: 'AcceptedUpdateCompletedWorkflow', message: 'Workflow Update failed because the Workflow completed before the Update completed.' }));
    expect(problemOf(overtaken)).toMatchObject({ status: 409, type: 'process-closed', detail: expect.not.stringContaining('Workflow Update') });
  });

  it('R-C3, R-G7: an update whose wait the workflow\'s cancellation cut short (an operator cancelled the process while a revocation ran) is a 409 process-closed, not a 500', () => {
    const cut = new WorkflowUpdateFailedError('Workflow Update failed', new CancelledFailure('Workflow cancelled'));
    expect(problemOf(cut)).toMatchObject({ status: 409, type: 'process-closed' });
  });

  it('anything else is not an update refusal and passes through', () => {
    const other = new Error('boom');
    expect(problemOf(other)).toBe(other);
  });
});
