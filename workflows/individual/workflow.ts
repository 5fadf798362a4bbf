import {
  ApplicationFailure,
  condition,
  patched,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { allowedMethods, type IndividualMethod } from '../../domain';
import type { IndividualActivities, ProcessActivities, RecordStepInput } from '../../activities/types';
import { VerificationMethod, VerificationStatus } from '../search-attributes';
import { proxyLocalProcessActivities, proxyProcessActivities } from '../local-activities';
import { durationMs } from '../duration';
import { requireRequest } from '../process-ids';
import { samePerson } from '../person';
import {
  FailureReason,
  IndividualStep,
  IndividualVerificationInput,
  PROVIDER_OF,
  ProcessView,
  ProviderEvent,
  RealName,
  processViewQuery,
  providerEventSignal,
  qrCodeUpdate,
  refreshQrCodeUpdate,
  switchMethodUpdate,
  TICKETS_FROM_ACTIVITY_REVISION,
} from './messages';

const byWrite = proxyProcessActivities<ProcessActivities>([
  'openProcess',
  'issueQrCode',
  'recordStep',
  'completeIndividualVerification',
  'notifyOutcome',
]);
const byStage = proxyLocalProcessActivities<IndividualActivities>();

/**
 * Processes started with this change make one activity call per stage (open
 * and first code, each later code, the outcome), where they made one per write.
 * One started before it replays its history as it was and keeps its old calls
 * to the end. Processes of revision 2 and later take the stages without asking.
 */
export const STAGES_PATCH = 'one-activity-per-stage';

/** R-P4: a match means the same person, compared on the normalised number and the exact name. */
function sameIdentity(input: IndividualVerificationInput, realName: RealName): boolean {
  return samePerson(realName, input.applicant);
}

/** Steps in which the person is acting on the current code, so it can be neither replaced nor switched away from. */
const IN_USE_STEPS: readonly IndividualStep[] = ['awaiting_authorization', 'linking_bank_card', 'awaiting_confirmation'];

/**
 * Individual verification by WeChat QR, QQ QR or face recognition
 * (R-P1..R-P9).
 *
 * Waits for the provider's events about the current code; an expired or spent
 * code sends the process back to `awaiting_scan` (a fresh code is one request
 * away, R-P7); a QQ without a linked bank card takes a detour with its own
 * deadline; failed face checks count against the tries (R-P8); only the
 * abandonment deadline, a mismatch, the identity limit or exhausted face tries
 * fail it.
 */
export async function individualVerification(input: IndividualVerificationInput): Promise<ProcessView> {
  const revision = input.revision ?? 1;
  const staged = revision >= 2 || patched(STAGES_PATCH);
  const ticketsFromActivity = revision >= TICKETS_FROM_ACTIVITY_REVISION;
  const faceBound = revision >= TICKETS_FROM_ACTIVITY_REVISION;
  // R-P10: whom a face check is for.
  const applicant = { name: input.applicant.name, documentType: input.applicant.documentType, documentNumber: input.applicant.documentNumber };
  let codesIssued = 0;
  const activities: ProcessActivities = staged ? byStage : byWrite;
  const startedAt = Date.now();
  const view: ProcessView = {
    processId: input.processId,
    status: 'open',
    step: 'starting',
    qrCode: null,
    failureReason: null,
    abandonAt: startedAt + durationMs(input.durations.abandonment),
    method: input.method,
    lastFaceFailure: null,
    faceTriesLeft: input.faceMaxTries,
  };
  const events: ProviderEvent[] = [];
  const seenEventIds: string[] = [];
  let seq = 0;
  let refreshRequested = false;
  let switchRequested: IndividualMethod | null = null;
  // R-P4: while a QQ holder links a bank card, the code stays usable until this deadline instead of its own expiry.
  let bankCardDeadlineAt: number | null = null;
  // The code handed to the caller only once the read model shows it, so a GET
  // right after the answer sees what the answer said.
  let publishedTicket: string | null = null;

  const codeInUse = () => view.qrCode !== null && !view.qrCode.expired && IN_USE_STEPS.includes(view.step);
  const refuseWhileInUse = () => {
    if (view.status !== 'open') throw notOpen(view);
    if (input.maxCodes !== undefined && codesIssued >= input.maxCodes) {
      throw refuse('QrCodeLimitReached', `this process was issued its ${input.maxCodes} codes (R-P7); it ends at its deadline unless the current one is used`);
    }
    if (codeInUse()) {
      throw ApplicationFailure.create({
        type: 'QrCodeInUse',
        message: `the current code is in use (${view.step}); it can be replaced once it expires`,
      });
    }
  };
  /** Waits until the main loop has published a code other than `previous`. */
  const nextPublishedCode = async (previous: string | null) => {
    await condition(() => publishedTicket !== previous || view.status !== 'open');
    if (view.status !== 'open' || view.qrCode === null) throw notOpen(view);
    return view.qrCode;
  };

  setHandler(processViewQuery, () => view);
  const receive = (event: ProviderEvent) => {
    // Providers redeliver: an event id has one effect at most.
    const key = `${event.provider}:${event.eventId}`;
    if (seenEventIds.includes(key)) return;
    seenEventIds.push(key);
    events.push(event);
  };
  setHandler(providerEventSignal, receive);
  setHandler(qrCodeUpdate, async () => {
    await condition(() => publishedTicket !== null || view.status !== 'open');
    if (view.qrCode === null || publishedTicket === null) throw notOpen(view);
    return view.qrCode;
  });
  setHandler(
    refreshQrCodeUpdate,
    async () => {
      refreshRequested = true;
      return nextPublishedCode(publishedTicket);
    },
    {
      validator: (request) => {
        requireRequest(request, input.processId, 'refresh_code');
        refuseWhileInUse();
      },
    },
  );
  setHandler(
    switchMethodUpdate,
    async ({ method }) => {
      switchRequested = method;
      return nextPublishedCode(publishedTicket);
    },
    {
      validator: ({ method }) => {
        refuseWhileInUse();
        // R-P6: QQ and face are for mainland ID cards only.
        if (!allowedMethods(input.applicant.documentType).includes(method)) {
          throw ApplicationFailure.create({
            type: 'MethodNotAllowed',
            message: `this document allows only: ${allowedMethods(input.applicant.documentType).join(', ')} (R-P6)`,
          });
        }
      },
    },
  );

  /** The read model's next entry: `step`, with the process as it stands or, for an outcome, as it will. */
  const stepEntry = (
    step: IndividualStep,
    detail?: Record<string, unknown>,
    method?: IndividualMethod,
    as: Pick<ProcessView, 'status' | 'failureReason'> = view,
  ): Omit<RecordStepInput, 'action'> => ({
    processId: input.processId,
    seq,
    step,
    status: as.status,
    at: Date.now(),
    detail,
    failureReason: as.failureReason,
    ...(method ? { method } : {}),
  });
  /** Moves the view to `step` once its entry is written or on its way. */
  const enter = (step: IndividualStep) => {
    view.step = step;
    // Each upsert is a visibility write; from revision 2 an unchanged status is not written again.
    if (revision < 2 || workflowInfo().typedSearchAttributes.get(VerificationStatus) !== step) {
      upsertSearchAttributes([{ key: VerificationStatus, value: step }]);
    }
    seq++;
  };
  const record = async (step: IndividualStep, detail?: Record<string, unknown>, method?: IndividualMethod): Promise<void> => {
    const entry = stepEntry(step, detail, method);
    const action = view.qrCode && view.status === 'open' ? { qrCode: view.qrCode, lastFaceFailure: view.lastFaceFailure } : null;
    enter(step);
    await activities.recordStep({ ...entry, action });
  };
  const outcome = (status: 'verified' | 'failed', reason: FailureReason | null) => ({
    step: { ...stepEntry(status, reason ? { reason } : undefined, undefined, { status, failureReason: reason }), action: null },
    notice: { processId: input.processId, accountId: input.accountId, outcome: status, ...(reason ? { reason } : {}) },
  });
  const close = (status: 'verified' | 'failed', reason: FailureReason | null): ProcessView => {
    view.status = status;
    view.failureReason = reason;
    enter(status);
    return view;
  };

  const fail = async (reason: FailureReason): Promise<ProcessView> => {
    if (staged) {
      await byStage.recordOutcome(outcome('failed', reason));
      return close('failed', reason);
    }
    view.status = 'failed';
    view.failureReason = reason;
    await record('failed', { reason });
    await activities.notifyOutcome({ processId: input.processId, accountId: input.accountId, outcome: 'failed', reason });
    return view;
  };

  const complete = async (): Promise<ProcessView> => {
    const completion = {
      processId: input.processId,
      accountId: input.accountId,
      applicant: input.applicant,
      method: view.method,
      at: Date.now(),
    };
    if (staged) {
      // Both outcomes are written out here; the activity records the one its completion came to.
      const concluded = await byStage.concludeIndividualVerification({
        completion,
        verified: outcome('verified', null),
        limitReached: outcome('failed', 'identity_limit_reached'),
      });
      return concluded.outcome === 'verified' ? close('verified', null) : close('failed', 'identity_limit_reached');
    }
    const completed = await activities.completeIndividualVerification(completion);
    if (completed.outcome === 'identity_limit_reached') return fail('identity_limit_reached');
    view.status = 'verified';
    await record('verified');
    await activities.notifyOutcome({ processId: input.processId, accountId: input.accountId, outcome: 'verified' });
    return view;
  };

  const opening = {
    processId: input.processId,
    accountId: input.accountId,
    kind: 'individual_verification',
    method: input.method,
    at: startedAt,
    deadlines: { abandonAt: view.abandonAt },
  };

  /**
   * Issues a fresh code for the current method, records `awaiting_scan` and
   * hands the code to waiting updates; opens the process first when asked,
   * and answers whether the account could open it.
   */
  const issueQrCode = async (detail: Record<string, unknown>, method?: IndividualMethod, open = false): Promise<boolean> => {
    const expiresAt = Date.now() + durationMs(input.durations.qrValidity);
    // Before revision 3 the workflow drew the ticket itself (see TICKETS_FROM_ACTIVITY_REVISION).
    const provider = PROVIDER_OF[view.method];
    const code = {
      processId: input.processId,
      provider,
      expiresAt,
      ...(ticketsFromActivity ? {} : { ticket: uuid4() }),
      ...(faceBound && provider === 'face' ? { person: applicant } : {}),
    };
    let issuedCode: { qrUrl: string; ticket: string };
    if (staged) {
      const step = stepEntry('awaiting_scan', { ...detail, ticketExpiresAt: expiresAt }, method);
      const stage = { code, step, lastFaceFailure: view.lastFaceFailure };
      const issued = open ? await byStage.openWithQrCode({ open: opening, ...stage }) : { eligible: true, ...(await byStage.issueQrCodeStep(stage)) };
      if (!issued.eligible || issued.qrUrl === null) return false;
      issuedCode = { qrUrl: issued.qrUrl, ticket: code.ticket ?? issued.ticket! };
      enter('awaiting_scan');
      view.qrCode = { ...issuedCode, expiresAt, expired: false };
    } else {
      if (open && !(await activities.openProcess(opening)).eligible) return false;
      const { qrUrl } = await activities.issueQrCode(code);
      issuedCode = { qrUrl, ticket: code.ticket! };
      view.qrCode = { ...issuedCode, expiresAt, expired: false };
      await record('awaiting_scan', { ...detail, ticketExpiresAt: expiresAt }, method);
    }
    bankCardDeadlineAt = null;
    codesIssued++;
    publishedTicket = issuedCode.ticket;
    return true;
  };

  if (!(await issueQrCode({}, undefined, true))) return fail('account_not_eligible');

  for (;;) {
    const code = view.qrCode!;
    const codeValidUntil = bankCardDeadlineAt ?? code.expiresAt;
    const nextDeadline = code.expired ? view.abandonAt : Math.min(codeValidUntil, view.abandonAt);
    const woke = await condition(
      () => events.length > 0 || refreshRequested || switchRequested !== null,
      Math.max(nextDeadline - Date.now(), 1),
    );

    if (!woke) {
      if (Date.now() >= view.abandonAt) return fail('abandoned');
      // R-P7: an expired code cannot be used; the process waits for a fresh one.
      // R-P4: a passed bank-card deadline is not a failure either.
      const detail = bankCardDeadlineAt !== null ? { ticketExpired: true, bankCardDeadlinePassed: true } : { ticketExpired: true };
      code.expired = true;
      bankCardDeadlineAt = null;
      await record('awaiting_scan', detail);
      continue;
    }

    if (switchRequested !== null) {
      // R-P6: the switch was validated against the document when it was asked for.
      const method: IndividualMethod = switchRequested;
      switchRequested = null;
      refreshRequested = false;
      view.method = method;
      upsertSearchAttributes([{ key: VerificationMethod, value: method }]);
      await issueQrCode({ methodSwitched: method }, method);
      continue;
    }

    if (refreshRequested) {
      refreshRequested = false;
      await issueQrCode({ ticketRefreshed: true });
      continue;
    }

    const event = events.shift()!;
    // Events from another provider, about an old code or an expired one have no effect (R-P7).
    if (event.provider !== PROVIDER_OF[view.method] || event.ticket !== code.ticket) continue;
    if (code.expired || Date.now() >= codeValidUntil) continue;

    switch (event.type) {
      case 'scanned':
        if (view.step === 'awaiting_scan') await record('awaiting_authorization');
        continue;
      case 'rejected':
        // The person declined in WeChat: the code is spent, the process stays
        // open so the holder can try again with a fresh code.
        code.expired = true;
        await record('awaiting_scan', { authorizationRejected: true });
        continue;
      case 'bank_card_required':
        // A late or repeated report never moves the process back once the card is being linked or confirmed.
        if (view.step !== 'awaiting_scan' && view.step !== 'awaiting_authorization') continue;
        // R-P4: a QQ with no linked bank card links one first, within its own deadline.
        bankCardDeadlineAt = Date.now() + durationMs(input.durations.bankCardDeadline);
        await record('linking_bank_card', { bankCardDeadlineAt });
        continue;
      case 'bank_card_linked':
        if (view.step === 'linking_bank_card') await record('awaiting_confirmation');
        continue;
      case 'authorized':
        if (!sameIdentity(input, event.realName)) return fail('identity_mismatch');
        return complete();
      case 'passed':
        // R-P10: a pass counts only for the applicant; one for anyone else is a failed try.
        if (!faceBound || samePerson(event.person, applicant)) return complete();
      // falls through
      case 'failed': {
        // R-P8: the person sees the reason; the code is spent, a fresh one is a retry.
        const reason = event.type === 'failed' ? event.reason : 'identity_wrong';
        code.expired = true;
        view.lastFaceFailure = reason;
        view.faceTriesLeft = Math.max(view.faceTriesLeft - 1, 0);
        await record('face_failed', { reason, faceTriesLeft: view.faceTriesLeft });
        if (view.faceTriesLeft === 0) return fail('face_attempts_exhausted');
        continue;
      }
    }
  }
}

function refuse(type: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}

function notOpen(view: ProcessView): ApplicationFailure {
  return ApplicationFailure.create({
    type: 'ProcessNotOpen',
    message: `process ${view.processId} is ${view.status}${view.failureReason ? ` (${view.failureReason})` : ''}`,
    nonRetryable: true,
  });
}
