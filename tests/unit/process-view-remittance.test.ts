import type { Prisma } from '../../generated/prisma/client';
import { processView } from '../../read-model/process-view';
import type { RemittanceView } from '../../workflows/enterprise/messages';

// The remittance part of GET /v1/processes/{id}, from the row the workflow writes.
const remittance: RemittanceView = { reviewId: 'rev_1', reviewDueAt: null, reviewReason: null, payoutSentAt: null, deliveredAt: null, amountDeadline: null, attemptsLeft: 2, payoutRefusal: 'account_closed' };
const row = (step: string) => ({
  id: 'prc_1', accountId: 'acc_1', workflowId: 'wf', runId: 'run', partWorkflowId: null, partRunId: null, kind: 'enterprise_verification', method: 'remittance', documentType: null,
  status: 'open', step, failureReason: null, deadlines: {}, action: { remittance } as unknown as Prisma.JsonValue, createdAt: new Date(0), updatedAt: new Date(0), completedAt: null, steps: [],
});

describe('the process view of a payout the bank refused (R-E6.4)', () => {
  it.each(['payout_refused', 'choosing_method'])('R-E6.4: at %s the view names the refusal and what to correct', (step) => {
    expect(processView(row(step), 'en').remittance).toMatchObject({ payoutRefusal: 'account_closed', payoutRefusalDetail: expect.stringMatching(/account is closed.*correct the corporate bank details/) });
    // Chinese by default, as every holder text; the code is the same in both.
    expect(processView(row(step)).remittance).toMatchObject({ payoutRefusal: 'account_closed', payoutRefusalDetail: expect.stringContaining('该账户已销户或无法收款') });
  });

  it('R-E6.4: an overdue payout asks to check the bank details in the language asked for', () => {
    const overdue = { ...row('payout_overdue'), action: { remittance: { ...remittance, payoutRefusal: null, payoutSentAt: 1, payoutOverdueSince: 2 } } as unknown as Prisma.JsonValue };
    expect(processView(overdue, 'en').remittance).toMatchObject({ payoutOverdue: true, payoutOverdueDetail: expect.stringContaining('Please check the bank details') });
    expect(processView(overdue, 'zh').remittance).toMatchObject({ payoutOverdue: true, payoutOverdueDetail: expect.stringContaining('请核对您提交的银行信息') });
    const reported = { ...overdue, action: { remittance: { ...remittance, payoutRefusal: null, payoutSentAt: 1, payoutOverdueSince: 2, deliveredAt: 3 } } as unknown as Prisma.JsonValue };
    expect(processView(reported, 'en').remittance).toMatchObject({ payoutOverdue: false, payoutOverdueDetail: null });
  });

  it.each(['awaiting_payment', 'awaiting_scan', 'failed'])('R-E6.4: once another method runs (%s), the refusal of the last remittance is not shown as current', (step) => {
    expect(processView(row(step)).remittance).toMatchObject({ payoutRefusal: null, payoutRefusalDetail: null });
  });
});
