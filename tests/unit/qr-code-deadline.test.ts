import { ApplicationFailure } from '@temporalio/common';
import { createQrCodeActivities } from '../../activities/qr-codes';
import type { CodeIssuer } from '../../activities/providers/code-provider';
import type { Database } from '../../prisma/client';

/**
 * R-G7: a code provider that stays down until the process's deadline ends the
 * issuing's retries: the first attempt after the deadline fails
 * IssuingDeadlinePassed without asking the provider again, and the workflow
 * ends the process as abandoned (tests/workflows/individual-verification.test.ts).
 */
describe('issuing a code by the process deadline (activities/qr-codes.ts)', () => {
  const asked: string[] = [];
  const provider: CodeIssuer = { createQrCode: async (ticket) => (asked.push(ticket), { qrUrl: `https://qr.example/${ticket}` }) };
  // Never reached: the attempt past the deadline stops before the ticket is registered.
  const db = {} as Database;
  const { issueQrCode } = createQrCodeActivities(db, { wechat: provider, qq: provider, face: provider }, Buffer.alloc(32, 7));

  it('an attempt at or past issueBy fails IssuingDeadlinePassed, not retried, and asks no provider', async () => {
    const past = issueQrCode({ processId: 'prc_late', provider: 'wechat', expiresAt: Date.now() + 600_000, issueBy: Date.now() - 1 });
    await expect(past).rejects.toBeInstanceOf(ApplicationFailure);
    await expect(past).rejects.toMatchObject({ type: 'IssuingDeadlinePassed', nonRetryable: true, message: expect.stringContaining('prc_late') });
    expect(asked).toEqual([]);
  });
});
