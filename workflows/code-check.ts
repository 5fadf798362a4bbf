/**
 * The wait for a QR or mini-program code to be used, for every process that
 * hands one out: the individual verification (R-P4), the enterprise's instant
 * methods and handler (R-E4, R-E6.2) and the changes' checks (R-C4, R-C5, R-C7).
 */

import { ApplicationFailure, condition, patched } from '@temporalio/workflow';
import { answeredAs } from './registry-deadline';
import type { IssueQrCodeInput, IssuedQrCode } from '../activities/types';
import { workflowDrawnTicket } from './capabilities';
import { durationMs } from './duration';
import type { CheckedPerson, CodeProvider, FaceFailureReason, ProviderEvent, QrCode, RealName } from './individual/messages';
import { samePermitHolder, samePerson } from './person';

/** R-P5, R-P10: a face pass naming a permit holder's card with another issue count counts for them. */
export const FACE_PERMIT_HOLDER_PATCH = 'face-pass-by-permit-holder';

/** R-P4, R-P7: provider reports waiting with a refresh or a switch are judged before it (see awaitVerdict). */
export const EVENTS_BEFORE_REQUESTS_PATCH = 'provider-events-before-requests';

/**
 * R-P4, R-P7: a refresh or a switch accepted while its code was unused is
 * refused when acted on if a report judged meanwhile put the code in use (a
 * scan, QQ's bank-card link): replacing it would drop the person's
 * authorisation on its way. Asked only then; before, the code was replaced.
 */
export const REQUESTS_RECHECKED_PATCH = 'code-requests-rechecked';

/**
 * R-P7: a report the API received while its code was usable is judged usable,
 * however late the process comes to it (a worker busy or down). Asked only
 * where that differs from judging it when the process comes to it, as before.
 */
export const JUDGED_AT_ARRIVAL_PATCH = 'reports-judged-at-arrival';

/** Providers, the gateway and the bank redeliver: a key is taken once. */
export function onceOnly(): (key: string) => boolean {
  // A plain object, not a Set: workflow state stays JSON-plain.
  const taken: Record<string, true> = Object.create(null) as Record<string, true>;
  return (key) => {
    if (taken[key]) return false;
    taken[key] = true;
    return true;
  };
}

/** Event ids are the provider's own, so two providers may use the same one. */
export function providerEventKey(event: ProviderEvent): string {
  return `${event.provider}:${event.eventId}`;
}

/**
 * The provider-event signal's handler: queues each event once, however often
 * it is delivered. `once` may be shared with the process's other redelivered
 * messages (payments, payouts).
 */
export function receiveProviderEvents(queue: ProviderEvent[], once: (key: string) => boolean = onceOnly()): (event: ProviderEvent) => void {
  return (event) => {
    if (once(providerEventKey(event))) queue.push(event);
  };
}

/** Requests of one kind refused after they were accepted (see REQUESTS_RECHECKED_PATCH): how many, and the last refusal. */
export interface Refusals {
  count: number;
  failure: ApplicationFailure | null;
}

/** A fresh code's two requests: a refresh of the same method's code, or another method (a switch, a choice). */
export type CodeRequest = 'refresh' | 'choice';

/** The refusals of each request kind so far: handlers waiting on a request compare against the count they started at. */
export function noRefusals(): Record<CodeRequest, Refusals> {
  return { refresh: { count: 0, failure: null }, choice: { count: 0, failure: null } };
}

/**
 * Waits until `answered` holds, or until a request of `kind` is refused after
 * this handler started (then throws the refusal): what every refresh and
 * choice handler waits with.
 */
export async function answerOrRefusal(refusals: Record<CodeRequest, Refusals>, kind: CodeRequest, answered: () => boolean): Promise<void> {
  const mark = refusals[kind].count;
  await condition(() => answered() || refusals[kind].count > mark);
  // A refused choice is cleared from the inbox, which reads as taken: the refusal decides.
  if (refusals[kind].count > mark) throw refusals[kind].failure!;
}

/**
 * The refusal of a second request while a fresh code is already being issued
 * for another: both would be answered with that one code, and the second then
 * replace it. A refresh joins a pending refresh (one code answers both).
 */
export function codeBeingReplaced(ctx: { inbox: { refreshRequested: boolean; choice: unknown }; issuingCode?: boolean }, kind: CodeRequest): ApplicationFailure | null {
  const { inbox } = ctx;
  // Once issuing, the code on its way answers the requests taken before it; one taken now would replace it again.
  const pending = ctx.issuingCode ? 'issuing' : inbox.choice !== null ? 'choice' : inbox.refreshRequested ? 'refresh' : null;
  if (pending === null || (pending === 'refresh' && kind === 'refresh')) return null;
  return ApplicationFailure.create({
    type: 'CodeBeingReplaced',
    message: `a fresh code is already being issued${pending === 'choice' ? ' for another method' : pending === 'refresh' ? ' for a refresh' : ''}; ask again once it is shown`,
    nonRetryable: true,
  });
}

/** What a refresh (or anything else that issues a fresh code) is checked against. */
export interface RefreshRules {
  /** The process's refusal when it is no longer open; null while it is. */
  notOpen(): ApplicationFailure | null;
  /** The refusal when there is no code to replace now (none yet, or the current one in use); null when there is. */
  nothingToReplace(): ApplicationFailure | null;
  /** R-P7: codes issued so far, and how many the process may be issued (none: no limit, processes started before there was one). */
  codesIssued: number;
  maxCodes: number | undefined;
  /** What the holder can still do once no more codes are issued, told with the refusal. */
  atLimit: string;
}

/** An update validator's check of a fresh code: the process open, a code to replace, the R-P7 limit. */
export function refuseRefresh(rules: RefreshRules): void {
  const refusal = rules.notOpen() ?? rules.nothingToReplace();
  if (refusal) throw refusal;
  if (rules.maxCodes !== undefined && rules.codesIssued >= rules.maxCodes) {
    throw ApplicationFailure.create({
      type: 'QrCodeLimitReached',
      message: `this process was issued its ${rules.maxCodes} codes (R-P7); ${rules.atLimit}`,
      nonRetryable: true,
    });
  }
}

/**
 * Whether the code in the view may be in use now, so that replacing it could
 * drop the provider's verdict on its way: a scanned code awaiting its
 * authorisation, or (R-P8) any face code until it expires or a result comes,
 * since a face check reports no scan; a failure dropped is a try not counted.
 */
export function codeMayBeInUse(ctx: Pick<CodeCheckContext, 'view' | 'codeProvider' | 'codeWaitingStep'>, inUseSteps: readonly string[]): boolean {
  const code = ctx.view.qrCode;
  if (!code || code.expired) return false;
  // A face code past its verdict (a pass moved the step on) is in use no more.
  return inUseSteps.includes(ctx.view.step) || (ctx.codeProvider === 'face' && ctx.view.step === ctx.codeWaitingStep);
}

export function codeInUse(step: string): ApplicationFailure {
  return ApplicationFailure.create({ type: 'QrCodeInUse', message: `the current code is in use (${step}); it can be replaced once it expires`, nonRetryable: true });
}

/** The refusal of a refresh in a step that shows no code to replace. */
/**
 * A refresh update's answer for a process whose code check runs in its main
 * loop: asks the check for a fresh code and answers it once it is in the view.
 */
export async function freshCode(
  state: { view: { qrCode?: QrCode | null }; inbox: { refreshRequested: boolean; refused: Record<CodeRequest, Refusals> } },
  isOpen: () => boolean,
  processId: string,
): Promise<QrCode> {
  const previous = state.view.qrCode?.ticket;
  state.inbox.refreshRequested = true;
  await answerOrRefusal(state.inbox.refused, 'refresh', () => state.view.qrCode?.ticket !== previous || !isOpen());
  if (!state.view.qrCode) throw ApplicationFailure.create({ type: 'ProcessNotOpen', message: `process ${processId} has no code now`, nonRetryable: true });
  return state.view.qrCode;
}

export function noCodeToRefresh(step: string): ApplicationFailure {
  return ApplicationFailure.create({ type: 'NoCodeToRefresh', message: `no code can be replaced in step ${step}`, nonRetryable: true });
}

/** What a code check needs from the process running it. */
export interface CodeCheckContext {
  input: { processId: string; durations: { qrValidity?: string }; faceMaxTries?: number; maxCodes?: number };
  view: { step: string; qrCode?: QrCode | null; faceTriesLeft?: number; lastFaceFailure?: FaceFailureReason | null };
  /**
   * `choice`: another method asked for, which ends the check (`interrupted`).
   * `refused`: requests refused when acted on (see REQUESTS_RECHECKED_PATCH).
   */
  inbox: { providerEvents: ProviderEvent[]; refreshRequested: boolean; choice: unknown; refused: Record<CodeRequest, Refusals> };
  /**
   * The refusal a request of `kind` would get now for the code (in use, or
   * none to replace in this step), as its validator judges it; asked again
   * when the request is acted on. Absent: never refused then.
   */
  requestRefusal?: (kind: CodeRequest) => ApplicationFailure | null;
  activities: { issueQrCode(input: IssueQrCodeInput): Promise<IssuedQrCode> };
  abandonAt: number;
  /**
   * R-E6.4: tickets come from the activity, and R-P10: a face code is issued
   * for its person, whose pass alone counts. Processes started before drew
   * tickets here and took any pass; see workflows/capabilities.ts.
   */
  capabilitiesFromActivities: boolean;
  /** R-P7: codes issued so far in the process. */
  codesIssued: number;
  /**
   * A fresh code is on its way (a first code, a refresh's, a switch's), until
   * it is shown; an enterprise process sets it too from taking a method
   * choice until the method's first step. Requests for another are refused meanwhile.
   */
  issuingCode?: boolean;
  /** The provider of the code in the view and the step that waits for its use: workflow state only, set as each code is issued. */
  codeProvider?: CodeProvider;
  codeWaitingStep?: string;
  record(step: string, detail?: Record<string, unknown>): Promise<void>;
}

/** How a fresh code reaches the holder. */
export interface CodeDelivery {
  /**
   * Issues the code and answers its URL and ticket, nothing else; may record
   * `step` (the waiting step's detail) in the same activity. Null when the
   * process could not take it.
   */
  issue(code: IssueQrCodeInput, step: Record<string, unknown>): Promise<IssuedQrCode | null>;
  /** Once the view holds the code: records the waiting step, unless `issue` did. */
  shown(step: Record<string, unknown>): Promise<void>;
}

/**
 * R-P4: a detour the holder takes on the current code (QQ's bank-card link),
 * which the process judges itself, with a deadline of its own that replaces
 * the code's expiry.
 */
export interface CodeDetour {
  /** Epoch ms the code stays usable until while the holder is on the detour; null otherwise. */
  deadlineAt(): number | null;
  /** Takes a provider event about the current, usable code that the check does not judge. */
  take(event: ProviderEvent): Promise<void>;
  /** The code expired: what the expiry's step adds (a passed detour deadline), leaving the detour. */
  expired(): Record<string, unknown>;
}

/** One code check: the provider's code, the step that waits for its use, and whom it is for. */
export interface CodeCheck {
  provider: CodeProvider;
  waitingStep: string;
  /** R-P10: whom a face check is for. */
  person?: CheckedPerson;
  /** By default the `issueQrCode` activity, then the waiting step recorded. */
  delivery?: CodeDelivery;
  detour?: CodeDetour;
}

export type CodeCheckResult =
  | { kind: 'authorized'; realName: RealName; officialAccountName?: string }
  | { kind: 'passed' }
  | { kind: 'face_attempts_exhausted' }
  | { kind: 'abandoned' }
  | { kind: 'interrupted' };

/** What one provider event means for the code being checked. */
export type Judgement =
  | { kind: 'ignored' }
  | { kind: 'scanned' }
  | { kind: 'rejected' }
  | { kind: 'authorized'; realName: RealName; officialAccountName?: string }
  | { kind: 'passed' }
  | { kind: 'failed_try'; reason: FaceFailureReason }
  | { kind: 'detour'; event: ProviderEvent };

/**
 * Judges one event about `code`. Events from another provider, about another
 * code, an expired one or one past `usableUntil` change nothing (R-P7). A pass
 * for a code issued for `person` counts only when the provider reports that
 * same person; one for anyone else is a failed try (R-P10). A permit holder
 * reported with their card's other issue count is that person (R-P5's
 * identity), where `permitHolderCounts` says so.
 */
export function judgeEvent(
  event: ProviderEvent,
  about: {
    provider: CodeProvider;
    code: QrCode;
    usableUntil: number;
    now: number;
    person?: CheckedPerson;
    permitHolderCounts?: () => boolean;
    /** Whether a report received in time but judged after `usableUntil` counts (JUDGED_AT_ARRIVAL_PATCH); absent: it does not. */
    arrivalCounts?: () => boolean;
  },
): Judgement {
  const { code } = about;
  if (event.provider !== about.provider || event.ticket !== code.ticket || !usableWhenReceived(event, about)) return { kind: 'ignored' };
  switch (event.type) {
    case 'scanned':
      return { kind: 'scanned' };
    case 'rejected':
      return { kind: 'rejected' };
    case 'authorized':
      return {
        kind: 'authorized',
        realName: event.realName,
        ...('officialAccountName' in event && event.officialAccountName !== undefined ? { officialAccountName: event.officialAccountName } : {}),
      };
    case 'passed':
      return about.person === undefined || samePerson(event.person, about.person) || (samePermitHolder(event.person, about.person) && about.permitHolderCounts?.() === true)
        ? { kind: 'passed' }
        : { kind: 'failed_try', reason: 'identity_wrong' };
    case 'failed':
      return { kind: 'failed_try', reason: event.reason };
    case 'bank_card_required':
    case 'bank_card_linked':
      return { kind: 'detour', event };
    default:
      return { kind: 'ignored' };
  }
}

/**
 * Whether the code was usable when the report came: not spent (declined, a
 * failed try, an expiry already recorded) and, as of the API's receipt where
 * the report carries one, before `usableUntil`.
 */
function usableWhenReceived(event: ProviderEvent, about: { code: QrCode; usableUntil: number; now: number; arrivalCounts?: () => boolean }): boolean {
  if (about.code.expired) return false;
  if (about.now < about.usableUntil) return true;
  return event.receivedAt !== undefined && event.receivedAt < about.usableUntil && about.arrivalCounts?.() === true;
}

const DEFAULT_FACE_TRIES = 5;

/** The code's issuing ended at the process's deadline (activities/qr-codes.ts). */
export function issuingDeadlinePassed(error: unknown): boolean {
  return answeredAs(error, 'IssuingDeadlinePassed');
}

/** R-P10: the person a code is bound to; processes started before the binding bound none. */
function boundPerson(ctx: CodeCheckContext, check: CodeCheck): CheckedPerson | undefined {
  return ctx.capabilitiesFromActivities && check.provider === 'face' ? check.person : undefined;
}

/**
 * Issues a fresh code for `check` (R-P7: valid for `qrValidity`; R-P10: a
 * face code for its person), counts it, puts it in the view and records the
 * waiting step with `detail`. Answers `not_issued` when the delivery could
 * not issue it, `past_deadline` when the code provider stayed down until the
 * process's deadline (R-G7: the process then ends as abandoned).
 */
export async function issueCode(
  ctx: CodeCheckContext,
  check: CodeCheck,
  detail: Record<string, unknown>,
  delivery: CodeDelivery = check.delivery ?? recordedDelivery(ctx, check),
): Promise<'issued' | 'not_issued' | 'past_deadline'> {
  const drawn = workflowDrawnTicket(ctx.capabilitiesFromActivities);
  const expiresAt = Date.now() + durationMs(ctx.input.durations.qrValidity ?? '10 minutes');
  const person = boundPerson(ctx, check);
  const code: IssueQrCodeInput = { processId: ctx.input.processId, provider: check.provider, expiresAt, ...drawn, ...(person ? { person } : {}), issueBy: ctx.abandonAt };
  const step = { ...detail, ticketExpiresAt: expiresAt };
  // Until the code is shown (its step recorded), a request for another would be answered with this one, then replace it.
  ctx.issuingCode = true;
  try {
    let issued: Awaited<ReturnType<CodeDelivery['issue']>>;
    try {
      issued = await delivery.issue(code, step);
    } catch (error) {
      // R-G7: the provider stayed down until the process's deadline; the caller ends the process as abandoned.
      if (issuingDeadlinePassed(error)) return 'past_deadline';
      throw error;
    }
    if (issued === null) return 'not_issued';
    ctx.codesIssued++;
    ctx.codeProvider = check.provider;
    ctx.codeWaitingStep = check.waitingStep;
    // A process started before tickets came from the activity drew its own. The
    // delivery's key order is kept: the code is part of payloads already recorded.
    ctx.view.qrCode = { ...issued, ticket: drawn.ticket ?? issued.ticket, expiresAt, expired: false };
    await delivery.shown(step);
    return 'issued';
  } finally {
    ctx.issuingCode = false;
  }
}

function recordedDelivery(ctx: CodeCheckContext, check: CodeCheck): CodeDelivery {
  return {
    issue: async (code) => {
      const { ticket, qrUrl } = await ctx.activities.issueQrCode(code);
      return { ticket, qrUrl };
    },
    shown: (step) => ctx.record(check.waitingStep, step),
  };
}

/**
 * Waits for the current code to be used. An expired or spent code waits for
 * the holder to ask for a fresh one; a failed face check uses a try (R-P8).
 * Ends with the provider's verdict, when another method is chosen, or when
 * the process is abandoned.
 */
export async function awaitVerdict(ctx: CodeCheckContext, check: CodeCheck): Promise<CodeCheckResult> {
  const { view, inbox } = ctx;
  for (;;) {
    const code = view.qrCode!;
    const usableUntil = check.detour?.deadlineAt() ?? code.expiresAt;
    const until = code.expired ? ctx.abandonAt : Math.min(usableUntil, ctx.abandonAt);
    const woke = await condition(() => inbox.providerEvents.length > 0 || inbox.refreshRequested || inbox.choice !== null, Math.max(until - Date.now(), 1));
    if (!woke) {
      if (Date.now() >= ctx.abandonAt) return { kind: 'abandoned' };
      // R-P7: an expired code cannot be used; the process waits for a fresh one, and is not failed.
      code.expired = true;
      await ctx.record(check.waitingStep, { ticketExpired: true, ...check.detour?.expired() });
      continue;
    }
    // A provider's report that reached the process before or with a refresh or a switch is judged first: it is about
    // the code the holder used, which the request would replace (a scan and an authorisation would be dropped). Asked
    // only when both wait, which took the request first before: such processes replay as they ran.
    const eventsFirst = inbox.providerEvents.length > 0 && (inbox.choice !== null || inbox.refreshRequested) && patched(EVENTS_BEFORE_REQUESTS_PATCH);
    if (!eventsFirst) {
      // Each request was accepted while the code was unused; a report judged since may have put it in use.
      const refused = refusedNow(ctx);
      if (refused.length > 0 && patched(REQUESTS_RECHECKED_PATCH)) {
        for (const { kind, failure } of refused) {
          if (kind === 'choice') inbox.choice = null;
          else inbox.refreshRequested = false;
          inbox.refused[kind] = { count: inbox.refused[kind].count + 1, failure };
        }
        continue;
      }
      if (inbox.choice !== null) return { kind: 'interrupted' };
      if (inbox.refreshRequested) {
        inbox.refreshRequested = false;
        if ((await issueCode(ctx, check, { ticketRefreshed: true })) === 'past_deadline') return { kind: 'abandoned' };
        continue;
      }
    }
    const event = inbox.providerEvents.shift()!;
    // Asked only where the card's issue count differs, which failed the try before: such processes replay that failure.
    const permitHolderCounts = () => patched(FACE_PERMIT_HOLDER_PATCH);
    const arrivalCounts = () => patched(JUDGED_AT_ARRIVAL_PATCH);
    const judgement = judgeEvent(event, { provider: check.provider, code, usableUntil, now: Date.now(), person: boundPerson(ctx, check), permitHolderCounts, arrivalCounts });
    switch (judgement.kind) {
      case 'ignored':
        continue;
      case 'scanned':
        if (view.step === check.waitingStep) await ctx.record('awaiting_authorization');
        continue;
      case 'rejected':
        // The person declined: the code is spent, and the holder may try again with a fresh one.
        code.expired = true;
        await ctx.record(check.waitingStep, { authorizationRejected: true });
        continue;
      case 'detour':
        await check.detour?.take(judgement.event);
        continue;
      case 'failed_try':
        // R-P8: the person sees the reason; the code is spent, a fresh one is a retry.
        code.expired = true;
        view.lastFaceFailure = judgement.reason;
        view.faceTriesLeft = Math.max((view.faceTriesLeft ?? 1) - 1, 0);
        await ctx.record('face_failed', { reason: judgement.reason, faceTriesLeft: view.faceTriesLeft });
        if (view.faceTriesLeft === 0) return { kind: 'face_attempts_exhausted' };
        continue;
      case 'authorized':
      case 'passed':
        return judgement;
    }
  }
}

/** The pending requests the process would refuse now, each with its refusal. */
function refusedNow(ctx: CodeCheckContext): Array<{ kind: CodeRequest; failure: ApplicationFailure }> {
  const { inbox, requestRefusal } = ctx;
  if (!requestRefusal) return [];
  const pending: CodeRequest[] = [...(inbox.choice !== null ? ['choice' as const] : []), ...(inbox.refreshRequested ? ['refresh' as const] : [])];
  return pending.flatMap((kind) => {
    const failure = requestRefusal(kind);
    return failure ? [{ kind, failure }] : [];
  });
}

/** Issues the first code of a check (its step's detail names the provider) and waits for its verdict. */
export async function checkCode(ctx: CodeCheckContext, check: CodeCheck): Promise<CodeCheckResult> {
  ctx.view.faceTriesLeft ??= ctx.input.faceMaxTries ?? DEFAULT_FACE_TRIES;
  // R-P8: the reason shown is of this check's tries; a change's or an enterprise's earlier check may have been another person's.
  if (ctx.view.lastFaceFailure) ctx.view.lastFaceFailure = null;
  // The code issued now answers a refresh asked for before it.
  ctx.inbox.refreshRequested = false;
  if ((await issueCode(ctx, check, { provider: check.provider })) === 'past_deadline') return { kind: 'abandoned' };
  return awaitVerdict(ctx, check);
}
