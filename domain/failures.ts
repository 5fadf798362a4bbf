/**
 * Every failure type the system raises, classified once: whether retrying the
 * same call can help, and how the API answers it (status, problem type, title).
 *
 * - Refusals are raised by workflows on purpose (update validators and
 *   handlers): the request does not fit the process's state or rules. Their
 *   messages are written for the caller.
 * - Permanent activity failures are raised by the worker's activity
 *   interceptor (worker/activity-failures.ts) for errors no retry can mend: an
 *   impossible state, a row that is not there, an input out of range. The
 *   activity is attempted once, and operators see it gave up.
 * - A dependency that is down (the database, a provider) is the one kind
 *   worth retrying: activities retry it with backoff, the API answers 503.
 *
 * A type not listed here is an activity's transient error (retried) or, at the
 * API, an unlisted refusal (answered as UNLISTED_REFUSAL, never a 500).
 */
import { PROBLEM_TITLES, type ProblemTitleType } from './texts';

export interface FailureKind {
  /** Whether trying the same call again can succeed, so Temporal should. */
  readonly retryable: boolean;
  /** The HTTP status the API answers when the failure reaches it. */
  readonly status: number;
  /** The problem+json type: https://realname.example/problems/<problem>. */
  readonly problem: ProblemTitleType;
  readonly title: string;
  /** Whether the API shows the failure's message: a refusal's is written for the caller, an internal failure's is for operators only. */
  readonly showMessage: boolean;
}

// Titles come from the catalogue of holder texts, in both languages there (domain/texts.ts); these are the English ones.
const refusal = (problem: ProblemTitleType, status = 409): FailureKind => ({ retryable: false, status, problem, title: PROBLEM_TITLES[problem].en, showMessage: true });
const permanent = (title: string): FailureKind => ({ retryable: false, status: 500, problem: 'internal', title, showMessage: false });

export const FAILURES = {
  // Refusals of the processes (workflows/*): the state does not allow the request now.
  ProcessNotOpen: refusal('process-not-open'),
  QrCodeInUse: refusal('qr-code-in-use'),
  QrCodeLimitReached: refusal('qr-code-limit-reached'),
  MethodChoicesExhausted: refusal('method-choices-exhausted'),
  NoCodeToRefresh: refusal('no-code-to-refresh'),
  CodeBeingReplaced: refusal('code-being-replaced'),
  MethodNotAllowed: refusal('method-not-allowed'),
  MethodChoiceNotNow: refusal('method-choice-not-now'),
  NothingToWithdraw: refusal('nothing-to-withdraw'),
  NoAmountAwaited: refusal('no-amount-awaited'),
  AmountEntryPending: refusal('amount-entry-pending'),
  AmountWindowClosed: refusal('amount-window-closed'),
  ChangeNotRevocable: refusal('change-not-revocable'),
  SubjectChanged: refusal('subject-changed'),
  NewEntityNotNow: refusal('new-entity-not-now'),
  NothingToResubmit: refusal('nothing-to-resubmit'),
  ReviewClosed: refusal('review-closed'),
  WrongReview: refusal('wrong-review'),
  // Refusals of what the request carries.
  InvalidAmount: refusal('invalid-amount', 422),
  InvalidDecision: refusal('invalid-decision', 422),
  NoMaterials: refusal('no-materials', 422),
  WrongProcess: refusal('wrong-process', 422),
  NotTheReviewedEntity: refusal('not-the-reviewed-entity', 422),
  // Temporal is a trust boundary (workflows/unsealed-input.ts): only the API and the worker write to it.
  UnsealedPayloadRefused: refusal('unsealed-payload-refused', 403),

  // Permanent activity failures: attempted once (worker/activity-failures.ts).
  InvariantViolated: permanent('An impossible state was reached'),
  RecordMissing: permanent('A record the process relies on does not exist'),
  /** R-C3, R-G7: a completion attempt that outlived its workflow, refused: the process was closed meanwhile. */
  ProcessEnded: permanent('The process ended before its outcome was written'),
  InvalidActivityInput: permanent('An activity was given a value it cannot take'),
  ProviderRejected: permanent('A provider refused the call or answered what cannot be read'),
  /**
   * R-E6.4: the bank refused the payout to the account given (no such
   * account, closed, not held in the enterprise's name). Not a give-up: the
   * workflow sends the holder back to correct the bank details.
   */
  PayoutRefused: permanent('The bank refused the payout to the account given'),
  /** R-G7: the code provider stayed down until the process's deadline: the process ends then, not when the provider is back. */
  IssuingDeadlinePassed: permanent('The process reached its deadline before its code could be issued'),
  /** R-G7: the business registry stayed unreachable until the process's deadline: the process ends then. */
  RegistryDeadlinePassed: permanent('The process reached its deadline before the business registry answered'),

  // A dependency is down or slow: retried with backoff; the API asks the client to retry.
  DependencyUnavailable: { retryable: true, status: 503, problem: 'unavailable', title: PROBLEM_TITLES.unavailable.en, showMessage: false },
} as const satisfies Record<string, FailureKind>;

export type FailureType = keyof typeof FAILURES;

/**
 * Non-retryable failures an activity raises as an answer its workflow handles
 * (not a give-up: operators are not told of them as of one).
 */
export const ANSWERED_FAILURE_TYPES: ReadonlySet<FailureType> = new Set<FailureType>(['PayoutRefused', 'IssuingDeadlinePassed', 'RegistryDeadlinePassed']);

/** A refusal a workflow raised whose type is not listed: still a refusal (409), never a 500. */
export const UNLISTED_REFUSAL: FailureKind = refusal('update-refused');

export function isFailureType(type: string | null | undefined): type is FailureType {
  return typeof type === 'string' && Object.prototype.hasOwnProperty.call(FAILURES, type);
}

/** The catalogue's entry for `type`, or the safe default for a refusal it does not list. */
export function failureKind(type: string | null | undefined): FailureKind {
  return isFailureType(type) ? FAILURES[type] : UNLISTED_REFUSAL;
}

/** The types no retry can mend, for a retry policy's nonRetryableErrorTypes. */
export const NON_RETRYABLE_FAILURE_TYPES: readonly FailureType[] = (Object.keys(FAILURES) as FailureType[]).filter((type) => !FAILURES[type].retryable);

/**
 * An impossible state: something the code relies on does not hold, and
 * retrying will not make it hold. Its message names ids only, never personal
 * data: operators see it in the list of activities that gave up.
 */
export class InvariantViolated extends Error {
  override readonly name = 'InvariantViolated';
}

/**
 * A row the process relies on does not exist (and retrying will not create
 * it). Its message names ids only, never personal data.
 */
export class RecordMissing extends Error {
  override readonly name = 'RecordMissing';
}
