/**
 * Which processes take which request: the holder's moves on a process, and the
 * reports of external systems (a payment, a payout's arrival, a provider's
 * event) that name one. Decided on the process as its read model shows it
 * (kind, status, step and, for a change, its kind in `method`); the workflow
 * still refuses what its current step cannot take.
 */
import { changeVerifiesEnterprise, isChangeKind, type ChangeKind } from './change-rules';

export const PROCESS_KINDS = ['individual_verification', 'enterprise_verification', 'change'] as const;
export type ProcessKind = (typeof PROCESS_KINDS)[number];

/** A process as its read model has it. A change's `method` is its change kind (R-C4..R-C7). */
export interface ProcessState {
  kind: string;
  status: string;
  step: string;
  method: string | null;
  /** A change whose enterprise part, a child enterprise verification, runs (R-C4 to enterprise, R-C5.5). */
  inEnterprisePart?: boolean;
}

/** What the holder asks of an open process (one of its updates). */
export type HolderRequest =
  /** R-P7, R-E4: a fresh code for an expired one. */
  | 'refresh_code'
  /** R-P6: another allowed individual method. */
  | 'switch_method'
  /** R-E4, R-E6.3: another enterprise method. */
  | 'choose_enterprise_method'
  /** R-E6.3: the remittance's materials back from review. */
  | 'withdraw_review'
  /** R-E6.5: the amount the payout brought. */
  | 'enter_remittance_amount'
  /** R-C3. */
  | 'revoke_change'
  /** R-C5.4, R-C6: corrected materials after a rejection. */
  | 'resubmit_materials'
  /** R-C5.5: the new entity after the approval. */
  | 'submit_new_entity';

interface Takers {
  /** The kinds that take the request (the workflow judges the step, and refuses it where it does not take it). */
  kinds: readonly ProcessKind[];
  /** The only steps in which those kinds take it: in any other it is refused before its body is checked. */
  steps?: readonly string[];
  /** Whether a change takes it too while its enterprise part runs (R-C4 to enterprise, R-C5.5): the part is an enterprise verification. */
  changePart?: boolean;
  /** Steps in which a change that ran its enterprise part in its own workflow (those started before it became a child) takes it. */
  changeSteps?: readonly string[];
  /** The change kinds that ever take it, and the rule that says so: a change of another kind is told that, not about its step. */
  changeKinds?: { kinds: readonly ChangeKind[]; rule: string };
}

const TAKERS: Record<HolderRequest, Takers> = {
  // Every process kind shows codes; the workflow says whether its step has one to replace.
  refresh_code: { kinds: PROCESS_KINDS },
  // R-P6 is the individual verification's; any other workflow refuses the update itself.
  switch_method: { kinds: PROCESS_KINDS },
  // R-E4, R-E6.3, R-E6.5: a change's enterprise part takes them; a change's own
  // review (R-C5.4) is not withdrawn, and its own steps choose no method.
  // Older changes ran the part in their own workflow, which takes a choice after a rejected or withdrawn review there.
  choose_enterprise_method: { kinds: ['enterprise_verification'], changePart: true, changeSteps: ['choosing_method'] },
  withdraw_review: { kinds: ['enterprise_verification'], changePart: true },
  // Older changes ran the part in their own workflow, which took the amount in its steps only.
  enter_remittance_amount: { kinds: ['enterprise_verification'], changePart: true, changeSteps: ['awaiting_amount', 'amount_wrong'] },
  revoke_change: { kinds: ['change'] },
  // R-C5.4, R-C6: corrected materials are taken after a rejection only; early or late, the holder is told so, not about the documents.
  resubmit_materials: { kinds: ['change'], steps: ['review_rejected'], changeKinds: { kinds: ['enterprise_entity', 'enterprise_name'], rule: 'R-C5.4, R-C6' } },
  // R-C5.5: an approved entity change waits for it in one step; a holder early or late is told so, not about the body.
  submit_new_entity: { kinds: ['change'], steps: ['awaiting_new_entity'], changeKinds: { kinds: ['enterprise_entity'], rule: 'R-C5.5' } },
};

export type RequestRefusal =
  /** The process is of a kind this request is never for. `for` names the kind it is for. */
  | { reason: 'wrong_process_kind'; for: ProcessKind }
  /** The process has reached its outcome. */
  | { reason: 'process_closed' }
  /** A change of a kind that never takes this request (a rename asked for a new entity). `for` names the kinds that do. */
  | { reason: 'wrong_change_kind'; for: readonly ChangeKind[]; rule: string }
  /** A kind that takes it in some steps only, and not in this one. */
  | { reason: 'not_in_this_step' };

/**
 * Why this process does not take this request now, or null when it goes to
 * the process's workflow. The kind is judged first, then whether the process
 * is still open, then a change's kind, then the step.
 */
export function holderRequestRefusal(request: HolderRequest, { kind, status, step, method, inEnterprisePart = false }: ProcessState): RequestRefusal | null {
  const takers = TAKERS[request];
  if ((takers.kinds as readonly string[]).includes(kind)) {
    if (status !== 'open') return { reason: 'process_closed' };
    const { changeKinds } = takers;
    if (changeKinds && isChangeKind(method) && !changeKinds.kinds.includes(method)) return { reason: 'wrong_change_kind', for: changeKinds.kinds, rule: changeKinds.rule };
    return takers.steps === undefined || takers.steps.includes(step) ? null : { reason: 'not_in_this_step' };
  }
  // A change of a kind that ends in an enterprise verification takes the part's requests while the part runs.
  const endsInPart = kind === 'change' && (takers.changePart === true || takers.changeSteps !== undefined) && isChangeKind(method) && changeVerifiesEnterprise(method);
  if (!endsInPart) return { reason: 'wrong_process_kind', for: takers.kinds[0]! };
  if (status !== 'open') return { reason: 'process_closed' };
  if (inEnterprisePart && takers.changePart === true) return null;
  if (!inEnterprisePart && takers.changeSteps?.includes(step)) return null;
  return { reason: 'not_in_this_step' };
}

/** Where a report from outside goes: to the process's workflow, nowhere (acknowledged, with why), or back as unknown. */
export type ReportRouting = 'deliver' | 'process_closed' | 'other_provider' | 'unknown_reference';

/**
 * R-E5: why a payment went back to its payer. The recharge workflow refunds a
 * payment it judged wrong, or the matching one when R-E7's limit refuses the
 * enterprise; every other payment is stray, refunded apart from the workflow.
 */
export const REFUND_REASONS = [
  /** Judged by the recharge: the drawn amount, the enterprise's own name, or both, were not what arrived. */
  'wrong_amount',
  'wrong_payer',
  'wrong_amount_and_payer',
  /** R-E7: the payment matched, but the enterprise's accounts are at the limit, so nothing was credited. */
  'enterprise_limit_reached',
  /** The process had reached its outcome (verified, failed, changed, revoked) before it took the payment. */
  'process_ended',
  /** The process is verifying the enterprise by another method (official account, remittance, …). */
  'other_method',
  /** The process was not awaiting a payment yet: no amount was shown to pay. */
  'not_awaiting_payment',
  /** Refunds recorded before reasons were: a payment the recharge judged wrong. */
  'payment_mismatch',
  /** The reference names no process that takes payments (a typo, an individual verification, a change that takes none). */
  'unknown_reference',
] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];

/** The reasons a payment no workflow takes is refunded for. */
export type StrayPaymentReason = Extract<RefundReason, 'process_ended' | 'other_method' | 'not_awaiting_payment' | 'unknown_reference'>;

/**
 * R-E5: the reference as the payer typed it, made comparable with process ids:
 * full-width characters folded (NFKC), every space (stray, inner, full-width)
 * removed. Process ids are lower-case, so `lowerCased` is the second guess.
 */
export function paymentReferenceCandidates(quoted: string): string[] {
  const compact = quoted.normalize('NFKC').replace(/\s+/gu, '');
  const lowerCased = compact.toLowerCase();
  return lowerCased === compact ? [compact] : [compact, lowerCased];
}

/**
 * Where a payment goes: to the workflow of a process awaiting it, or back to
 * its payer with why (R-E5: every payment is kept on record, whatever it quotes,
 * and one naming no process that takes payments is refunded as `unknown_reference`).
 */
export type PaymentRouting = { to: 'workflow' } | { to: 'refund'; reason: StrayPaymentReason };

/** The recharge's steps (R-E5): only in these does a workflow take a payment. */
const PAYMENT_STEPS: readonly string[] = ['awaiting_payment', 'payment_refunded'];
/** An enterprise verification's steps before any method runs. */
const BEFORE_METHOD_STEPS: readonly string[] = ['starting', 'registry_lookup', 'choosing_method'];

/**
 * R-E5: a payment quotes its process as the reference. Enterprise
 * verifications take payments, and so do the changes that end in one (R-C4 to
 * enterprise, R-C5.5); for any other process, or none, the reference is
 * unknown, and refunded as such. Of those, only one in a recharge step takes it; any other, open or
 * ended, gets it refunded: a recharge ends its process, so a process past its
 * recharge steps never takes a payment again.
 */
export function paymentRouting(reference: ProcessState | null): PaymentRouting {
  const unknown = { to: 'refund', reason: 'unknown_reference' } as const;
  if (!reference) return unknown;
  const { kind, status, step, method, inEnterprisePart = false } = reference;
  if (kind === 'change') {
    // A change whose kind never verifies an enterprise waits for no payment.
    if (isChangeKind(method) && !changeVerifiesEnterprise(method)) return unknown;
  } else if (kind !== 'enterprise_verification') {
    return unknown;
  }
  if (status !== 'open') return { to: 'refund', reason: 'process_ended' };
  if (PAYMENT_STEPS.includes(step)) return { to: 'workflow' };
  // A change before its enterprise part is in steps of its own (its review, the new entity).
  const verifying = kind === 'enterprise_verification' || inEnterprisePart;
  return { to: 'refund', reason: verifying && !BEFORE_METHOD_STEPS.includes(step) ? 'other_method' : 'not_awaiting_payment' };
}

/** R-E5: why the recharge refunds a payment it judged. */
export function wrongPaymentReason({ amountMatched, payerMatched }: { amountMatched: boolean; payerMatched: boolean }): RefundReason {
  if (!amountMatched && !payerMatched) return 'wrong_amount_and_payer';
  return amountMatched ? 'wrong_payer' : 'wrong_amount';
}

/** R-E5: what became of a payment, as the holder and operators see it. */
export type PaymentOutcome = 'pending' | 'credited' | 'refund_pending' | 'refunded';

/**
 * A payment's outcome from its records: credited when its ledger entry
 * exists, refunded once the gateway confirmed its refund, refund_pending
 * while the gateway has not yet; pending while its process still judges it.
 */
export function paymentOutcome({ credited, refund }: { credited: boolean; refund: { refundedAt: Date | string | null } | null }): PaymentOutcome {
  if (credited) return 'credited';
  if (!refund) return 'pending';
  return refund.refundedAt ? 'refunded' : 'refund_pending';
}

/** R-E6.4: the bank's report that a payout arrived goes to the process that sent it while it is open. */
export function payoutRouting({ status }: Pick<ProcessState, 'status'>): ReportRouting {
  return status === 'open' ? 'deliver' : 'process_closed';
}

/**
 * R-P4, R-E4: a provider's event about a code goes to the process the code
 * was issued for, and only from the provider that issued it.
 */
export function providerEventRouting(issuedBy: string, reportedBy: string, { status }: Pick<ProcessState, 'status'>): ReportRouting {
  if (issuedBy !== reportedBy) return 'other_provider';
  return status === 'open' ? 'deliver' : 'process_closed';
}

/**
 * R-G2 with R-G7: a process blocks the account's next start while its
 * workflow runs, but one whose outcome is written (its read model no longer
 * `open`) is only finishing its notices, so a new start waits for it briefly
 * rather than being refused.
 */
export function isFinishing({ status }: Pick<ProcessState, 'status'>): boolean {
  return status !== 'open';
}
