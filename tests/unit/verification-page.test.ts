import { createBusinessCalendar } from '../../domain/business-days';
import { deadlinesOf, renderPanel, type PageView, type RenderContext } from '../../api/verification-page/render';
import { fenOfYuanText } from '../../api/verification-page/routes';

// Issue 19: what the hosted page's panel says, from a process view, without a server.
const NOW = Date.parse('2026-12-02T02:00:00Z'); // Wednesday 10:00 in China

const base: PageView = {
  processId: 'prc_test',
  kind: 'enterprise_verification',
  method: 'remittance',
  status: 'open',
  step: 'in_review',
  failureReason: null,
  lastFaceFailure: null,
  faceTriesLeft: null,
  deadlines: {},
  qrCode: null,
  recharge: null,
  remittance: {
    // Friday 18:00 China time: two business days after Wednesday.
    reviewDueAt: '2026-12-04T10:00:00.000Z',
    reviewReason: null,
    amountDeadline: null,
    attemptsLeft: 2,
    deliveryDueAt: null,
    deliveryDeadline: null,
    payoutOverdue: false,
  },
  history: [],
};

const context = (language: 'zh' | 'en'): RenderContext => ({
  language,
  now: NOW,
  base: '/verify/vsess_x',
  calendarThrough: () => createBusinessCalendar({ holidays: [], extraWorkingDays: [] }),
});

describe('the hosted verification page panel', () => {
  it('R-E6.3: a review in progress shows its due time in China time and the business days left', () => {
    const html = renderPanel(base, context('zh'));
    expect(html).toContain('审核完成（R-E6.3，2 个工作日内）');
    expect(html).toContain('2026-12-04 18:00 (UTC+8)');
    expect(html).toContain('(2 个工作日内)');
    expect(renderPanel(base, context('en'))).toContain('(2 business days from now)');
  });

  it('lists only deadlines still ahead, soonest first, and none once the process has ended', () => {
    const view: PageView = {
      ...base,
      step: 'awaiting_scan',
      remittance: null,
      deadlines: { abandonAt: '2026-12-03T02:00:00.000Z' },
      qrCode: { ticket: 't', qrUrl: 'https://example.test/t', expiresAt: '2026-12-02T02:10:00.000Z', expired: false },
      recharge: { amountYuan: '0.37', payeeAccount: '1', reference: 'prc_test', deadline: '2026-12-01T00:00:00.000Z', attemptsLeft: 2 },
    };
    expect(deadlinesOf(view, NOW).map((d) => d.name)).toEqual(['qrCode', 'abandonAt']);
    expect(deadlinesOf({ ...view, status: 'verified' }, NOW)).toEqual([]);
  });

  it('R-E5: the recharge instructions in yuan, with payee, reference, deadline and attempts left', () => {
    const view: PageView = { ...base, method: 'recharge', step: 'awaiting_payment', remittance: null, recharge: { amountYuan: '0.37', payeeAccount: '6222 0000 1111', reference: 'prc_test', deadline: '2026-12-09T02:00:00.000Z', attemptsLeft: 2 } };
    const html = renderPanel(view, context('zh'));
    expect(html).toContain('<strong>0.37</strong> 元');
    expect(html).toContain('6222 0000 1111');
    expect(html).toContain('<code>prc_test</code>');
    expect(html).toContain('2026-12-09 10:00 (UTC+8)');
  });

  it("a rejected review shows the reviewer's reason, escaped, and the materials to submit again", () => {
    const view: PageView = { ...base, step: 'review_rejected', history: [{ step: 'review_rejected', detail: { reason: 'photo <unreadable>' } }] };
    const html = renderPanel(view, context('en'));
    expect(html).toContain('photo &lt;unreadable&gt;');
    expect(html).not.toContain('<unreadable>');
    expect(html).toContain('The legal person holding the ID card (emblem side)');
  });

  it('R-E6.4: a payout the bank refused tells the holder why and what to correct, in their language, until another method runs', () => {
    const refused: PageView = { ...base, step: 'choosing_method', remittance: { ...base.remittance!, payoutRefusal: 'payee_name_mismatch' } };
    expect(renderPanel(refused, context('zh'))).toContain('该账户的户名不是企业名称');
    expect(renderPanel(refused, context('en'))).toContain("the account is not held in the enterprise&#39;s name");
    expect(renderPanel(refused, context('en'))).toContain('id="payout-refusal"');
    // Once the holder has chosen again, the new attempt's view has no refusal; an unknown code is never shown.
    expect(renderPanel({ ...refused, step: 'awaiting_handler_face', remittance: { ...base.remittance!, payoutRefusal: null } }, context('en'))).not.toContain('payout-refusal');
    expect(renderPanel({ ...refused, remittance: { ...base.remittance!, payoutRefusal: '<script>' } }, context('en'))).not.toContain('payout-refusal');
  });

  it('R-P8: the tries left come from the latest face_failed step when the view has none', () => {
    const view: PageView = { ...base, kind: 'individual_verification', method: 'face', step: 'face_failed', remittance: null, lastFaceFailure: 'face_covered', history: [{ step: 'face_failed', detail: { reason: 'face_covered', faceTriesLeft: 3 } }] };
    const html = renderPanel(view, context('zh'));
    expect(html).toContain('人脸被遮挡');
    expect(html).toContain('<strong id="face-tries-left">3</strong>');
  });

  it('R-E6.5: an amount in yuan becomes fen, only from 0.01 to 0.99', () => {
    expect(fenOfYuanText('0.37')).toBe(37);
    expect(fenOfYuanText('.5')).toBe(50);
    expect(fenOfYuanText('0.05')).toBe(5);
    for (const bad of ['0.00', '1.00', '0.371', '-0.3', '37', '', null, 0.37]) expect(fenOfYuanText(bad)).toBeNull();
  });
});
