import {
  ApplicationFailure,
  condition,
  patched,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { allowedMethods, type IndividualMethod } from '../../domain';
import type { IndividualActivities, ProcessActivities, RecordStepInput } from '../../activities/types';
import { VerificationMethod, VerificationStatus } from '../search-attributes';
import { proxyLocalProcessActivities, proxyProcessActivities } from '../local-activities';
import { durationMs } from '../duration';
import { requireRequest } from '../process-ids';
import type { RefusedField } from '../refused-field';
import { samePermitHolder, samePerson } from '../person';
import {
  answerOrRefusal,
  awaitVerdict,
  codeBeingReplaced,
  issueCode,
  noCodeToRefresh,
  noRefusals,
  receiveProviderEvents,
  refuseRefresh,
  codeMayBeInUse,
  type CodeCheck,
  type CodeRequest,
  type CodeCheckContext,
  type CodeDelivery,
  type CodeDetour,
} from '../code-check';
import {
  FailureReason,
  IndividualStep,
  IndividualVerificationInput,
  PROVIDER_OF,
  ProcessView,
  ProviderEvent,
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

/** R-P5, R-P10: a Hong Kong/Macao permit's real-name record counts by its holder's 9 characters (workflows/person.ts samePermitHolder). */
export const PERMIT_HOLDER_PATCH = 'permit-holder-by-person-key';

/** Steps in which the person is acting on the current code, so it can be neither replaced nor switched away from. */
const IN_USE_STEPS: readonly IndividualStep[] = ['awaiting_authorization', 'linking_bank_card', 'awaiting_confirmation'];

/**
 * Individual verification by WeChat QR, QQ QR or face recognition
 * (R-P1..R-P9).
 *
 * Waits for the provider's events about the current code (workflows/code-check.ts);
 * an expired or spent code sends the process back to `awaiting_scan` (a fresh
 * code is one request away, R-P7); a QQ without a linked bank card takes a
 * detour with its own deadline; failed face checks count against the tries
 * (R-P8); a method switch issues a code for the new method; only the
 * abandonment deadline, a mismatch, the identity limit or exhausted face tries
 * fail it.
 */
export async function individualVerification(input: IndividualVerificationInput): Promise<ProcessView> {
  const revision = input.revision ?? 1;
  const staged = revision >= 2 || patched(STAGES_PATCH);
  // R-P10: whom a face check is for.
  const applicant = { name: input.applicant.name, documentType: input.applicant.documentType, documentNumber: input.applicant.documentNumber };
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
  // `choice`: the method a switch asked for (R-P6).
  const inbox = { providerEvents: [] as ProviderEvent[], refreshRequested: false, choice: null as IndividualMethod | null, refused: noRefusals() };
  let seq = 0;
  // R-P4: while a QQ holder links a bank card, the code stays usable until this deadline instead of its own expiry.
  let bankCardDeadlineAt: number | null = null;
  // The code handed to the caller only once the read model shows it, so a GET
  // right after the answer sees what the answer said.
  let publishedTicket: string | null = null;

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
    // R-P8: what the read model shows beside the code: the latest face failure and the tries left.
    const action = view.qrCode && view.status === 'open' ? { qrCode: view.qrCode, lastFaceFailure: view.lastFaceFailure, faceTriesLeft: view.faceTriesLeft } : null;
    enter(step);
    await activities.recordStep({ ...entry, action });
  };

  const codes: CodeCheckContext = {
    input,
    view,
    inbox,
    activities,
    abandonAt: view.abandonAt,
    // See TICKETS_FROM_ACTIVITY_REVISION: tickets from the activity, face codes bound to the applicant.
    capabilitiesFromActivities: revision >= TICKETS_FROM_ACTIVITY_REVISION,
    codesIssued: 0,
    record,
  };

  // R-P8: a face check reports no scan, so its code may be in use at any moment until it expires or a result
  // comes; replacing it would drop a result on its way, and a failure dropped is a try not counted.
  const codeInUse = () => codeMayBeInUse(codes, IN_USE_STEPS);
  const inUseRefusal = () =>
    codeInUse()
      ? ApplicationFailure.create({ type: 'QrCodeInUse', message: `the current code is in use (${IN_USE_STEPS.includes(view.step) ? view.step : 'face_check'}); it can be replaced once it expires` })
      : null;
  // Asked again when the request is acted on: a scan judged meanwhile puts the code in use.
  codes.requestRefusal = inUseRefusal;
  /** A refresh and a switch both issue a fresh code: of the code shown, once no other request is issuing one. */
  const refuseFreshCode = (kind: CodeRequest) =>
    refuseRefresh({
      notOpen: () => (view.status === 'open' ? null : notOpen(view)),
      nothingToReplace: () => (view.qrCode === null || publishedTicket === null ? noCodeToRefresh(view.step) : (inUseRefusal() ?? codeBeingReplaced(codes, kind))),
      codesIssued: codes.codesIssued,
      maxCodes: input.maxCodes,
      atLimit: 'it ends at its deadline unless the current one is used',
    });
  /** Waits until the main loop has published a code other than `previous`, or refused the request when it came to it. */
  const nextPublishedCode = async (previous: string | null, kind: CodeRequest) => {
    await answerOrRefusal(inbox.refused, kind, () => publishedTicket !== previous || view.status !== 'open');
    if (view.status !== 'open' || view.qrCode === null) throw notOpen(view);
    return view.qrCode;
  };

  setHandler(processViewQuery, () => view);
  setHandler(providerEventSignal, receiveProviderEvents(inbox.providerEvents));
  setHandler(qrCodeUpdate, async () => {
    await condition(() => publishedTicket !== null || view.status !== 'open');
    if (view.qrCode === null || publishedTicket === null) throw notOpen(view);
    return view.qrCode;
  });
  setHandler(
    refreshQrCodeUpdate,
    async () => {
      inbox.refreshRequested = true;
      return nextPublishedCode(publishedTicket, 'refresh');
    },
    {
      validator: (request) => {
        requireRequest(request, input.processId, 'refresh_code');
        refuseFreshCode('refresh');
      },
    },
  );
  setHandler(
    switchMethodUpdate,
    async ({ method }) => {
      inbox.choice = method;
      return nextPublishedCode(publishedTicket, 'choice');
    },
    {
      validator: ({ method }) => {
        refuseFreshCode('choice');
        // R-P6: QQ and face are for mainland ID cards only.
        if (!allowedMethods(input.applicant.documentType).includes(method)) {
          throw ApplicationFailure.create({
            type: 'MethodNotAllowed',
            message: `this document allows only: ${allowedMethods(input.applicant.documentType).join(', ')} (R-P6)`,
            details: [{ field: 'method', rule: 'R-P6' } satisfies RefusedField],
          });
        }
      },
    },
  );

  // R-P8: a process whose face tries ran out still shows the last one's reason (the row keeps no code).
  const closingAction = (reason: FailureReason | null) =>
    reason === 'face_attempts_exhausted' && view.lastFaceFailure ? { lastFaceFailure: view.lastFaceFailure, faceTriesLeft: 0 } : null;
  const outcome = (status: 'verified' | 'failed', reason: FailureReason | null) => ({
    step: { ...stepEntry(status, reason ? { reason } : undefined, undefined, { status, failureReason: reason }), action: closingAction(reason) },
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
    // R-P6: kept on the process row for the method its view recommends. Only the
    // activity's argument grows (no new command), so histories replay unchanged.
    documentType: input.applicant.documentType,
  };

  /** Hands a code to the updates waiting for one, once its step is recorded; a fresh code leaves any detour. */
  const publish = () => {
    bankCardDeadlineAt = null;
    publishedTicket = view.qrCode!.ticket;
  };
  /**
   * How a code reaches the holder: from STAGES_PATCH one stage activity that
   * issues it and records `awaiting_scan`, before it an activity per write.
   * The first code opens the process (null when the account cannot open
   * one); a switched method's first code names the method in its step.
   */
  const delivery = (first: { open?: true; method?: IndividualMethod } = {}): CodeDelivery =>
    staged
      ? {
          issue: async (code, step) => {
            const stage = { code, step: stepEntry('awaiting_scan', step, first.method), lastFaceFailure: view.lastFaceFailure, faceTriesLeft: view.faceTriesLeft };
            if (first.open) {
              const opened = await byStage.openWithQrCode({ open: opening, ...stage });
              return opened.eligible && opened.qrUrl !== null ? { qrUrl: opened.qrUrl, ticket: opened.ticket! } : null;
            }
            const { qrUrl, ticket } = await byStage.issueQrCodeStep(stage);
            return { qrUrl, ticket };
          },
          shown: async () => {
            enter('awaiting_scan');
            publish();
          },
        }
      : {
          issue: async (code) => {
            if (first.open && !(await activities.openProcess(opening)).eligible) return null;
            const { qrUrl, ticket } = await activities.issueQrCode(code);
            return { qrUrl, ticket };
          },
          shown: async (step) => {
            await record('awaiting_scan', step, first.method);
            publish();
          },
        };

  /** R-P4: a QQ with no linked bank card links one first, within its own deadline. */
  const bankCardDetour: CodeDetour = {
    deadlineAt: () => bankCardDeadlineAt,
    take: async (event) => {
      if (event.type === 'bank_card_required') {
        // A late or repeated report never moves the process back once the card is being linked or confirmed.
        if (view.step !== 'awaiting_scan' && view.step !== 'awaiting_authorization') return;
        bankCardDeadlineAt = Date.now() + durationMs(input.durations.bankCardDeadline);
        await record('linking_bank_card', { bankCardDeadlineAt });
      } else if (event.type === 'bank_card_linked' && view.step === 'linking_bank_card') {
        await record('awaiting_confirmation');
      }
    },
    expired: () => {
      // A passed bank-card deadline is not a failure either: the code expired with it.
      const passed = bankCardDeadlineAt !== null;
      bankCardDeadlineAt = null;
      return passed ? { bankCardDeadlinePassed: true } : {};
    },
  };
  /** The check of the code of `method`, issued for the applicant. */
  const checkOf = (method: IndividualMethod): CodeCheck => ({
    provider: PROVIDER_OF[method],
    waitingStep: 'awaiting_scan',
    person: applicant,
    delivery: delivery(),
    detour: bankCardDetour,
  });

  let check = checkOf(view.method);
  // No first code: the account cannot open a process, or the code provider stayed down until the deadline (R-G7).
  const first = await issueCode(codes, check, {}, delivery({ open: true }));
  if (first !== 'issued') return fail(first === 'past_deadline' ? 'abandoned' : 'account_not_eligible');
  for (;;) {
    const verdict = await awaitVerdict(codes, check);
    switch (verdict.kind) {
      case 'interrupted': {
        // R-P6: the switch was validated against the document when it was asked for.
        const method = inbox.choice!;
        inbox.choice = null;
        inbox.refreshRequested = false;
        view.method = method;
        upsertSearchAttributes([{ key: VerificationMethod, value: method }]);
        check = checkOf(method);
        if ((await issueCode(codes, check, { methodSwitched: method }, delivery({ method }))) === 'past_deadline') return fail('abandoned');
        continue;
      }
      case 'authorized':
        // R-P4: a match means the same person, compared on the normalised number and the exact name; a permit
        // holder's record may name their card with another issue count (R-P5's identity). Only that case, which
        // failed before, asks the patch: processes that met it replay their failure.
        return samePerson(verdict.realName, input.applicant) || (samePermitHolder(verdict.realName, input.applicant) && patched(PERMIT_HOLDER_PATCH))
          ? complete()
          : fail('identity_mismatch');
      case 'passed':
        return complete();
      case 'face_attempts_exhausted':
        return fail('face_attempts_exhausted');
      case 'abandoned':
        return fail('abandoned');
    }
  }
}

function notOpen(view: ProcessView): ApplicationFailure {
  return ApplicationFailure.create({
    type: 'ProcessNotOpen',
    message: `process ${view.processId} is ${view.status}${view.failureReason ? ` (${view.failureReason})` : ''}`,
    nonRetryable: true,
  });
}
