import { FACE_FAILURE_REASONS } from './individual/messages';

/**
 * What each signal must look like to reach its handler (security finding 2).
 * A signal's argument is sealed and bound to its workflow, so only the API
 * and the worker (this workflow's history, or its change's for the change's
 * signal to its part) could have written a wrong one; still, a handler or the main
 * loop reading a field of the wrong shape would fail the workflow task on every
 * retry. A signal of another shape is dropped instead.
 */
const text = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 200;
const record = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const person = (value: unknown) => record(value) && text(value.name) && text(value.documentNumber);

function providerEvent(event: Record<string, unknown>): boolean {
  if (!text(event.eventId) || !text(event.ticket)) return false;
  if (event.receivedAt !== undefined && !Number.isSafeInteger(event.receivedAt)) return false;
  switch (`${String(event.provider)}:${String(event.type)}`) {
    case 'wechat:scanned':
    case 'wechat:rejected':
    case 'qq:scanned':
    case 'qq:bank_card_required':
    case 'qq:bank_card_linked':
      return true;
    case 'wechat:authorized':
    case 'qq:authorized':
      return person(event.realName) && (event.officialAccountName === undefined || text(event.officialAccountName));
    case 'face:passed':
      return event.person === undefined || person(event.person);
    case 'face:failed':
      return (FACE_FAILURE_REASONS as readonly unknown[]).includes(event.reason);
    default:
      return false;
  }
}

const SHAPES: Record<string, (argument: Record<string, unknown>) => boolean> = {
  providerEvent,
  paymentArrived: (a) => text(a.eventId) && text(a.transactionId) && typeof a.payerName === 'string' && Number.isSafeInteger(a.amountFen),
  payoutDelivered: (a) => text(a.eventId) && text(a.idempotencyKey) && Number.isFinite(a.deliveredAt),
  withdrawReview: (a) => text(a.reviewId) && a.request === 'withdraw_review',
  changeRevoked: (a) => text(a.processId) && a.request === 'revoke_change',
  // Dropped by the review itself since decisions go through the API; older reviews judged its fields.
  reviewDecision: () => true,
};

/**
 * Whether a signal of this name may carry these arguments; unknown signals
 * have no handler to reach. Processes sent their reviews an empty withdrawal
 * before it carried its request: the review itself judges those, by when it
 * started, so its replay is as it ran.
 */
export function signalHasItsShape(signalName: string, args: readonly unknown[]): boolean {
  if (signalName === 'withdrawReview' && args.length === 0) return true;
  const shape = SHAPES[signalName];
  return shape !== undefined && args.length === 1 && record(args[0]) && shape(args[0]);
}
