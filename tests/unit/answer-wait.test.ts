import { WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { answeredWithin } from '../../api/answer-wait';
import { isUnavailable } from '../../api/unavailable';

// R-G7: a request waits for its process's answer a bounded time; when the
// answer is late, what the request carried is kept all the same (its
// documents), since the process may take it after the API stopped waiting.
describe("a request's wait for its process", () => {
  const deadlines: number[] = [];
  const temporal = {
    withDeadline: <T>(at: number | Date, call: () => Promise<T>) => (deadlines.push(Number(at)), call()),
  } as unknown as Client;
  const config = { api: { answerWaitMs: 7_000 } } as never;

  it('is bounded by API_ANSWER_WAIT_SECONDS', async () => {
    const before = Date.now();
    await expect(answeredWithin({ temporal, config }, async () => 'answered')).resolves.toBe('answered');
    expect(deadlines.at(-1)).toBeGreaterThanOrEqual(before + 7_000);
    expect(deadlines.at(-1)).toBeLessThanOrEqual(Date.now() + 7_000);
  });

  it('a late answer is a 503 (unavailable), and what the request carried is kept first', async () => {
    const kept: string[] = [];
    const late = new WorkflowUpdateRPCTimeoutOrCancelledError('Timed out waiting for update response');
    expect(isUnavailable(late)).toBe(true);
    await expect(answeredWithin({ temporal, config }, () => Promise.reject(late), async () => void kept.push('documents'))).rejects.toBe(late);
    expect(kept).toEqual(['documents']);
  });

  it("a refusal is the process's answer: nothing is kept", async () => {
    const kept: string[] = [];
    const refused = new WorkflowUpdateFailedError('refused', ApplicationFailure.create({ type: 'NothingToResubmit', nonRetryable: true }));
    await expect(answeredWithin({ temporal, config }, () => Promise.reject(refused), async () => void kept.push('documents'))).rejects.toBe(refused);
    expect(kept).toEqual([]);
  });
});
