import {
  holderRequestRefusal,
  isFinishing,
  paymentOutcome,
  paymentReferenceCandidates,
  paymentRouting,
  payoutRouting,
  providerEventRouting,
  wrongPaymentReason,
  type ProcessState,
} from '../process-requests';

const enterprise = (step: string, status = 'open'): ProcessState => ({ kind: 'enterprise_verification', status, step, method: 'remittance' });
const individual = (step: string, status = 'open'): ProcessState => ({ kind: 'individual_verification', status, step, method: 'wechat_qr' });
const change = (method: string, step: string, status = 'open'): ProcessState => ({ kind: 'change', status, step, method });

describe('which processes take which holder request', () => {
  it('R-E6.5: the amount goes to an enterprise verification in any step, the workflow judging whether one is awaited', () => {
    expect(holderRequestRefusal('enter_remittance_amount', enterprise('awaiting_amount'))).toBeNull();
    expect(holderRequestRefusal('enter_remittance_amount', enterprise('awaiting_payout_delivery'))).toBeNull();
    expect(holderRequestRefusal('enter_remittance_amount', individual('awaiting_scan'))).toEqual({ reason: 'wrong_process_kind', for: 'enterprise_verification' });
  });

  it('R-C4, R-C5.5, R-E6.5: a change by remittance takes the amount in its amount steps only', () => {
    expect(holderRequestRefusal('enter_remittance_amount', change('individual_to_enterprise', 'awaiting_amount'))).toBeNull();
    expect(holderRequestRefusal('enter_remittance_amount', change('enterprise_entity', 'amount_wrong'))).toBeNull();
    expect(holderRequestRefusal('enter_remittance_amount', change('individual_to_enterprise', 'awaiting_current_face'))).toEqual({ reason: 'not_in_this_step' });
    // The change's own review (R-C5.4) records the same step name as the remittance's review.
    expect(holderRequestRefusal('enter_remittance_amount', change('enterprise_entity', 'in_review'))).toEqual({ reason: 'not_in_this_step' });
    expect(holderRequestRefusal('enter_remittance_amount', change('individual_to_enterprise', 'failed', 'failed'))).toEqual({ reason: 'process_closed' });
  });

  it.each(['choose_enterprise_method', 'withdraw_review', 'enter_remittance_amount'] as const)(
    'R-C4, R-C5.5, R-E4, R-E6.3: %s goes to a change while its enterprise part runs, as to an enterprise verification',
    (request) => {
      expect(holderRequestRefusal(request, enterprise('in_review'))).toBeNull();
      expect(holderRequestRefusal(request, { ...change('individual_to_enterprise', 'in_review'), inEnterprisePart: true })).toBeNull();
      expect(holderRequestRefusal(request, { ...change('enterprise_entity', 'choosing_method'), inEnterprisePart: true })).toBeNull();
      // Before the part: the change's own face check or review (R-C5.4), which takes none of them.
      expect(holderRequestRefusal(request, change('individual_to_enterprise', 'awaiting_current_face'))).toEqual({ reason: 'not_in_this_step' });
      expect(holderRequestRefusal(request, change('enterprise_entity', 'in_review'))).toEqual({ reason: 'not_in_this_step' });
      expect(holderRequestRefusal(request, { ...change('individual_to_enterprise', 'changed', 'changed'), inEnterprisePart: true })).toEqual({ reason: 'process_closed' });
      // A change that never verifies an enterprise, and an individual verification, never take them.
      expect(holderRequestRefusal(request, change('enterprise_name', 'in_review'))).toEqual({ reason: 'wrong_process_kind', for: 'enterprise_verification' });
      expect(holderRequestRefusal(request, individual('awaiting_scan'))).toEqual({ reason: 'wrong_process_kind', for: 'enterprise_verification' });
    },
  );

  it('R-C5.4, R-E6.3: a change whose part ran in its own workflow (started before the part was a child) takes the amount in its amount steps and a method after a rejection', () => {
    // Its own review (R-C5.4) records in_review too: a withdrawal there is not the remittance's.
    expect(holderRequestRefusal('withdraw_review', change('individual_to_enterprise', 'in_review'))).toEqual({ reason: 'not_in_this_step' });
    expect(holderRequestRefusal('choose_enterprise_method', change('individual_to_enterprise', 'choosing_method'))).toBeNull();
    expect(holderRequestRefusal('choose_enterprise_method', change('individual_to_enterprise', 'awaiting_current_face'))).toEqual({ reason: 'not_in_this_step' });
    expect(holderRequestRefusal('enter_remittance_amount', change('individual_to_enterprise', 'awaiting_amount'))).toBeNull();
  });

  it.each(['revoke_change', 'resubmit_materials', 'submit_new_entity'] as const)('R-C3, R-C5.4, R-C5.5: %s is for changes only', (request) => {
    const step = request === 'submit_new_entity' ? 'awaiting_new_entity' : request === 'resubmit_materials' ? 'review_rejected' : 'in_review';
    expect(holderRequestRefusal(request, change('enterprise_entity', step))).toBeNull();
    expect(holderRequestRefusal(request, enterprise('in_review'))).toEqual({ reason: 'wrong_process_kind', for: 'change' });
    expect(holderRequestRefusal(request, individual('awaiting_scan'))).toEqual({ reason: 'wrong_process_kind', for: 'change' });
  });

  it('R-C5.5: the new entity is taken only while an approved entity change waits for it; in any other step it is refused before its body is checked', () => {
    expect(holderRequestRefusal('submit_new_entity', change('enterprise_entity', 'awaiting_new_entity'))).toBeNull();
    for (const step of ['awaiting_legal_person_face', 'in_review', 'review_rejected', 'awaiting_scan', 'choosing_method']) {
      expect(holderRequestRefusal('submit_new_entity', change('enterprise_entity', step))).toEqual({ reason: 'not_in_this_step' });
    }
    expect(holderRequestRefusal('submit_new_entity', change('enterprise_entity', 'awaiting_new_entity', 'failed'))).toEqual({ reason: 'process_closed' });
  });

  it.each(['enterprise_name', 'legal_representative', 'individual_to_enterprise', 'individual_to_individual'] as const)(
    'R-C5.5: a %s change never takes a new entity: it is told its kind, not a step to wait for, whatever its step; closed, it is told that first',
    (kind) => {
      for (const step of ['in_review', 'awaiting_new_entity', 'enterprise_verification']) {
        expect(holderRequestRefusal('submit_new_entity', change(kind, step))).toEqual({ reason: 'wrong_change_kind', for: ['enterprise_entity'], rule: 'R-C5.5' });
      }
      expect(holderRequestRefusal('submit_new_entity', change(kind, 'in_review', 'failed'))).toEqual({ reason: 'process_closed' });
    },
  );

  it.each(['legal_representative', 'individual_to_enterprise', 'individual_to_individual'] as const)(
    'R-C5.4, R-C6: a %s change has no review of its documents, so it never takes corrected materials: it is told its kind',
    (kind) => {
      expect(holderRequestRefusal('resubmit_materials', change(kind, 'review_rejected'))).toEqual({
        reason: 'wrong_change_kind',
        for: ['enterprise_entity', 'enterprise_name'],
        rule: 'R-C5.4, R-C6',
      });
    },
  );

  it('R-C5.4, R-C6: corrected materials are taken only after a rejection; in any other step they are refused before their documents are checked', () => {
    expect(holderRequestRefusal('resubmit_materials', change('enterprise_name', 'review_rejected'))).toBeNull();
    expect(holderRequestRefusal('resubmit_materials', change('enterprise_entity', 'review_rejected'))).toBeNull();
    for (const step of ['in_review', 'awaiting_legal_person_face', 'awaiting_new_entity']) {
      expect(holderRequestRefusal('resubmit_materials', change('enterprise_entity', step))).toEqual({ reason: 'not_in_this_step' });
    }
  });

  it('R-P7, R-P6: a fresh code and a method switch go to any process kind; the workflow knows whether its step has a code', () => {
    for (const process of [individual('awaiting_scan'), enterprise('awaiting_scan'), change('legal_representative', 'awaiting_representative')]) {
      expect(holderRequestRefusal('refresh_code', process)).toBeNull();
      expect(holderRequestRefusal('switch_method', process)).toBeNull();
    }
  });

  it('R-C3: a process that reached its outcome takes nothing; the kind is judged first', () => {
    expect(holderRequestRefusal('revoke_change', change('individual_to_individual', 'revoked', 'revoked'))).toEqual({ reason: 'process_closed' });
    expect(holderRequestRefusal('refresh_code', individual('verified', 'verified'))).toEqual({ reason: 'process_closed' });
    expect(holderRequestRefusal('revoke_change', individual('verified', 'verified'))).toEqual({ reason: 'wrong_process_kind', for: 'change' });
  });
});

describe('where reports from outside go', () => {
  const toWorkflow = { to: 'workflow' };
  const refund = (reason: string) => ({ to: 'refund', reason });
  const recharge = (step: string, status = 'open'): ProcessState => ({ kind: 'enterprise_verification', status, step, method: 'recharge' });

  it('R-E5: a payment goes to the workflow of an enterprise verification in its recharge steps only', () => {
    expect(paymentRouting(recharge('awaiting_payment'))).toEqual(toWorkflow);
    // Between a refund and the next wait: the recharge takes it, or refunds it once it ends.
    expect(paymentRouting(recharge('payment_refunded'))).toEqual(toWorkflow);
  });

  it('R-E5: a payment to an ended process is refunded, whatever its outcome', () => {
    for (const status of ['verified', 'failed']) expect(paymentRouting(recharge(status, status))).toEqual(refund('process_ended'));
    for (const status of ['changed', 'revoked', 'failed']) {
      expect(paymentRouting({ ...change('individual_to_enterprise', status, status), inEnterprisePart: true })).toEqual(refund('process_ended'));
    }
    // Even in a recharge step: a process at its outcome takes nothing more (R-G7).
    expect(paymentRouting(recharge('awaiting_payment', 'failed'))).toEqual(refund('process_ended'));
  });

  it('R-E5: a payment to a process verifying by another method is refunded', () => {
    for (const step of ['awaiting_scan', 'awaiting_authorization', 'in_review', 'awaiting_payout_delivery', 'awaiting_amount', 'face_failed']) {
      expect(paymentRouting(enterprise(step))).toEqual(refund('other_method'));
    }
    expect(paymentRouting({ ...change('individual_to_enterprise', 'in_review'), inEnterprisePart: true })).toEqual(refund('other_method'));
  });

  it('R-E5: a payment before the process shows an amount to pay is refunded', () => {
    for (const step of ['starting', 'registry_lookup', 'choosing_method']) expect(paymentRouting(recharge(step))).toEqual(refund('not_awaiting_payment'));
    // A change in its own steps, before its enterprise part (its review, the new entity).
    expect(paymentRouting(change('enterprise_entity', 'in_review'))).toEqual(refund('not_awaiting_payment'));
    expect(paymentRouting(change('individual_to_enterprise', 'awaiting_current_face'))).toEqual(refund('not_awaiting_payment'));
  });

  it('R-E5, R-C4, R-C5.5: a payment goes to a change that ends in an enterprise verification, while it recharges', () => {
    expect(paymentRouting({ ...change('individual_to_enterprise', 'awaiting_payment'), inEnterprisePart: true })).toEqual(toWorkflow);
    expect(paymentRouting({ ...change('enterprise_entity', 'awaiting_payment'), inEnterprisePart: true })).toEqual(toWorkflow);
    // Changes that ran their part in their own workflow, before it became a child.
    expect(paymentRouting(change('individual_to_enterprise', 'awaiting_payment'))).toEqual(toWorkflow);
  });

  it.each(['individual_to_individual', 'enterprise_name', 'legal_representative'])('R-E5: a %s change waits for no payment: a payment quoting it is refunded as unknown_reference', (kind) => {
    expect(paymentRouting(change(kind, 'awaiting_current_face'))).toEqual({ to: 'refund', reason: 'unknown_reference' });
  });

  it('R-E5: a payment quoting an individual verification, or no process at all, is refunded as unknown_reference (never kept)', () => {
    expect(paymentRouting(individual('awaiting_scan'))).toEqual({ to: 'refund', reason: 'unknown_reference' });
    expect(paymentRouting(null)).toEqual({ to: 'refund', reason: 'unknown_reference' });
  });

  it('R-E5: a reference is compared without its stray, inner or full-width spaces, then lower-cased', () => {
    expect(paymentReferenceCandidates(' prc_0a1b 2c3d\u3000')).toEqual(['prc_0a1b2c3d']);
    expect(paymentReferenceCandidates('PRC_0A1B')).toEqual(['PRC_0A1B', 'prc_0a1b']);
    // Full-width letters and digits, as a Chinese input method types them.
    expect(paymentReferenceCandidates('ｐｒｃ＿０ａ')).toEqual(['prc_0a']);
  });

  it('R-E5: the recharge names what was wrong with a payment it refunds', () => {
    expect(wrongPaymentReason({ amountMatched: false, payerMatched: true })).toBe('wrong_amount');
    expect(wrongPaymentReason({ amountMatched: true, payerMatched: false })).toBe('wrong_payer');
    expect(wrongPaymentReason({ amountMatched: false, payerMatched: false })).toBe('wrong_amount_and_payer');
  });

  it('R-E5: a payment is credited, refunded once the gateway confirms, or pending while judged', () => {
    expect(paymentOutcome({ credited: true, refund: null })).toBe('credited');
    expect(paymentOutcome({ credited: false, refund: null })).toBe('pending');
    expect(paymentOutcome({ credited: false, refund: { refundedAt: null } })).toBe('refund_pending');
    expect(paymentOutcome({ credited: false, refund: { refundedAt: new Date() } })).toBe('refunded');
  });

  it('R-E6.4: the bank report of a payout goes to its process while it is open', () => {
    expect(payoutRouting({ status: 'open' })).toBe('deliver');
    expect(payoutRouting({ status: 'failed' })).toBe('process_closed');
  });

  it('R-P4, R-E4: a provider event goes to the open process of a code that provider issued', () => {
    expect(providerEventRouting('wechat', 'wechat', { status: 'open' })).toBe('deliver');
    expect(providerEventRouting('face', 'qq', { status: 'open' })).toBe('other_provider');
    expect(providerEventRouting('wechat', 'wechat', { status: 'verified' })).toBe('process_closed');
  });
});

describe('R-G2, R-G7: a process finishing its notices', () => {
  it('R-G7: a process whose outcome is written is finishing; an open one is not', () => {
    expect(isFinishing({ status: 'verified' })).toBe(true);
    expect(isFinishing({ status: 'revoked' })).toBe(true);
    expect(isFinishing({ status: 'open' })).toBe(false);
  });
});
