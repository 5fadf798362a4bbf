import { ApplicationFailure, CancellationScope, condition, patched, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { beforeDeadline, REGISTRY_DEADLINE_PASSED } from '../registry-deadline';
import { creditCodeHeldInstead, isIndustrialCommercial, listedAsInactive } from '../../domain';
import { VerificationMethod, VerificationStatus } from '../search-attributes';
import { activities } from './proxies';
import { durationMs } from '../duration';
import { requireRequest } from '../process-ids';
import type { RefusedField } from '../refused-field';
import { providerEventSignal, refreshQrCodeUpdate } from '../individual/messages';
import { answerOrRefusal, codeBeingReplaced, codeInUse, codeMayBeInUse, freshCode, noCodeToRefresh, noRefusals, onceOnly, receiveProviderEvents, refuseRefresh } from '../code-check';
import type { Inbox, MethodResult, ProcessContext } from './context';
import { legalPersonFace, legalPersonWechat, officialAccount } from './instant-methods';
import { entryTime, judgeAmountEntry, remittance } from './remittance';
import { recharge } from './recharge';
import {
  REGISTRY_NOT_FOUND_DETAIL,
  creditCodeRequiredDetail,
  ENTERPRISE_NOT_ACTIVE_DETAIL,
  REGISTRY_UNAVAILABLE_DETAIL,
  chooseMethodUpdate,
  enterpriseViewQuery,
  payoutDeliveredSignal,
  paymentArrivedSignal,
  submitRemittanceAmountUpdate,
  withdrawReviewUpdate,
  type EnterpriseStep,
  type EnterpriseVerificationInput,
  type EnterpriseView,
  type MethodChoice,
  ENTERPRISE_METHODS,
} from './messages';
import { sameName } from './same-name';



/** Steps where the holder may pick another method: nothing is pending on a provider, a reviewer or the bank. */
const CHOOSABLE_STEPS: readonly EnterpriseStep[] = ['choosing_method', 'awaiting_scan', 'awaiting_handler_face', 'face_failed'];

/** `named`: the request's field and the rule it breaks, which the API's problem names (api/start-process.ts updateRefusal). */
function refuse(type: string, message: string, named?: RefusedField): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true, ...(named ? { details: [named] } : {}) });
}

/** R-E4: what a method needs, checked again here since a Web UI user can send the update too. */
function methodProblem(input: EnterpriseVerificationInput, choice: MethodChoice): { message: string } & RefusedField | null {
  if (!ENTERPRISE_METHODS.includes(choice?.method)) return { field: 'method', rule: 'R-E4', message: `the method must be one of ${ENTERPRISE_METHODS.join(', ')} (R-E4)` };
  if (choice.method === 'legal_person_wechat' && !isIndustrialCommercial(input.enterprise.creditCode)) {
    return { field: 'method', rule: 'R-E4', message: 'legal person WeChat QR is only for industrial-and-commercial enterprises, whose credit code starts with 91 or 92 (R-E4)' };
  }
  if ((choice.method === 'legal_person_wechat' || choice.method === 'legal_person_face') && !choice.legalPerson) {
    return { field: 'legalPerson', rule: 'R-E4', message: "this method needs the legal person's name and ID number (R-E4)" };
  }
  if (choice.method === 'remittance' && !choice.remittance) return { field: 'remittance', rule: 'R-E6.1', message: 'a remittance needs the bank account, legal person, photos and handler (R-E6.1)' };
  return null;
}

export interface EnterpriseProcessOptions {
  /** Numbers the process's steps; a change process shares its own sequence. */
  nextSeq: () => number;
  /** What success means: by default the account becomes `enterprise` (R-E9); a change swaps its subject instead. */
  complete?: (choice: { method: string; credit?: { amountFen: number; transactionId: string } }) => Promise<{ outcome: string }>;
  /** Whether the process is still open to the holder's moves (a change may be revoked meanwhile). */
  isOpen?: () => boolean;
  /** Asked once at the start of the workflow that runs this process (workflows/capabilities.ts). */
  capabilitiesFromActivities: boolean;
  /** A change's enterprise part: the read model's `method` keeps the change's kind (domain/process-requests.ts). */
  keepMethodColumn?: boolean;
}

/**
 * The state, moves and message handlers of an enterprise verification,
 * shared by the verification workflow and by the changes that end in one
 * (R-C4 to enterprise, R-C5 after approval).
 */
export function enterpriseProcess(input: EnterpriseVerificationInput, options: EnterpriseProcessOptions): ProcessContext {
  const abandonment = durationMs(input.durations.abandonment ?? '7 days');
  const view: EnterpriseView = {
    processId: input.processId,
    status: 'open',
    step: 'starting',
    method: input.method,
    recharge: null,
    remittance: null,
    qrCode: null,
    lastFaceFailure: null,
    failureReason: null,
    failureDetail: null,
  };
  const inbox: Inbox = {
    providerEvents: [],
    arrivals: [],
    deliveries: [],
    amountEntries: [],
    refreshRequested: false,
    choice: null,
    withdrawRequested: false,
    reviewDecided: false,
    refused: noRefusals(),
  };
  let recorded = 0;
  const isOpen = () => view.status === 'open' && (options.isOpen?.() ?? true);

  const ctx: ProcessContext = {
    input,
    view,
    inbox,
    activities,
    awaitedAmount: null,
    judgingAmount: false,
    abandonAt: Date.now() + abandonment,
    capabilitiesFromActivities: options.capabilitiesFromActivities,
    codesIssued: 0,
    methodsRun: 0,
    // As the validators judge them, without the limits: asked again when the code check comes to the request.
    requestRefusal: (kind) => {
      // A code's step once its check is over (a face passed, the method moving on) has nothing to choose against.
      if (!CHOOSABLE_STEPS.includes(view.step) || (view.step !== 'choosing_method' && !view.qrCode)) {
        return kind === 'refresh' ? noCodeToRefresh(view.step) : refuse('MethodChoiceNotNow', `another method can be chosen only while nothing is pending; the process is in ${view.step}`);
      }
      if (kind === 'refresh' && !view.qrCode) return noCodeToRefresh(view.step);
      // R-P8: a face code (the legal person's, the handler's) with no result yet may have one on its way.
      return codeMayBeInUse(ctx, []) ? codeInUse(view.step) : null;
    },
    async record(step, detail) {
      view.step = step;
      // The method a choice started is under way: what it shows now is what another request would replace.
      ctx.issuingCode = false;
      upsertSearchAttributes([{ key: VerificationStatus, value: step }]);
      const open = view.status === 'open';
      const action = open
        ? Object.fromEntries(
            Object.entries({ recharge: view.recharge, qrCode: view.qrCode, remittance: view.remittance, lastFaceFailure: view.lastFaceFailure, faceTriesLeft: view.faceTriesLeft }).filter(
              ([, value]) => value !== null && value !== undefined,
            ),
          )
        : null;
      await activities.recordEnterpriseStep({
        processId: input.processId,
        seq: options.nextSeq(),
        step,
        status: view.status,
        at: Date.now(),
        detail,
        failureReason: view.failureReason,
        action: action && Object.keys(action).length > 0 ? action : null,
        ...(view.method && view.method !== input.method && !options.keepMethodColumn ? { method: view.method } : {}),
      });
      recorded++;
    },
    fail(reason, detail = null) {
      view.status = 'failed';
      view.failureReason = reason;
      view.failureDetail = detail;
      // Once failing, the failure is written and notified whatever is asked meanwhile (R-G5).
      return CancellationScope.nonCancellable(async () => {
        await ctx.record('failed', { reason, ...(detail ? { message: detail } : {}) });
        await activities.notifyEnterpriseOutcome({ processId: input.processId, accountId: input.accountId, outcome: 'failed', reason });
        return view;
      });
    },
    async complete(credit, undo) {
      const method = view.method ?? input.method;
      const completion = options.complete
        ? await options.complete({ method, ...(credit ? { credit } : {}) })
        : await activities.completeEnterpriseVerification({
            processId: input.processId,
            accountId: input.accountId,
            enterprise: input.enterprise,
            method,
            ...(credit ? { creditedFen: credit.amountFen, transactionId: credit.transactionId } : {}),
            at: Date.now(),
          });
      if (completion.outcome === 'enterprise_limit_reached') {
        await undo?.();
        return ctx.fail('enterprise_limit_reached');
      }
      view.status = 'verified';
      // A change records and notifies its own outcome.
      if (options.complete) return view;
      await ctx.record('verified', credit ? { creditedFen: credit.amountFen, transactionId: credit.transactionId } : undefined);
      await activities.notifyEnterpriseOutcome({ processId: input.processId, accountId: input.accountId, outcome: 'verified' });
      return view;
    },
  };

  const requireOpen = () => {
    if (!isOpen()) throw refuse('ProcessNotOpen', `process ${input.processId} is ${view.status}`);
  };
  setHandler(enterpriseViewQuery, () => view);
  // Providers, the gateway and the bank redeliver: an event id has one effect at most.
  const once = onceOnly();
  setHandler(paymentArrivedSignal, (arrival) => {
    // Named by their source, as the bank's and the providers' are, so no gateway id can pass for another source's.
    if (once(`payment:${arrival.eventId}`)) inbox.arrivals.push(arrival);
  });
  setHandler(providerEventSignal, receiveProviderEvents(inbox.providerEvents, once));
  setHandler(payoutDeliveredSignal, (delivery) => {
    if (once(`bank:${delivery.eventId}`)) inbox.deliveries.push(delivery);
  });
  setHandler(refreshQrCodeUpdate, () => freshCode(ctx, isOpen, input.processId), {
    validator: (request) => {
      requireRequest(request, input.processId, 'refresh_code');
      refuseRefresh({
        notOpen: () => (isOpen() ? null : refuse('ProcessNotOpen', `process ${input.processId} is ${view.status}`)),
        nothingToReplace: () => ctx.requestRefusal('refresh') ?? codeBeingReplaced(ctx, 'refresh'),
        codesIssued: ctx.codesIssued,
        maxCodes: input.maxCodes,
        atLimit: 'choose another method or let it end at its deadline',
      });
    },
  });
  setHandler(
    chooseMethodUpdate,
    async (choice) => {
      // Asked as the handler starts, so a replay asks it at the same point.
      const answersEnded = patched(CHOICE_ANSWERS_ENDED_PATCH);
      inbox.choice = choice;
      // A report about the code in use, judged before the choice (workflows/code-check.ts), may end the process first,
      // or put the code in use, which refuses the choice.
      await answerOrRefusal(inbox.refused, 'choice', () => inbox.choice === null || (answersEnded && !isOpen()));
      if (inbox.choice !== null) return view;
      const mark = recorded;
      await condition(() => recorded > mark || !isOpen());
      return view;
    },
    {
      validator: (choice) => {
        requireOpen();
        if (!CHOOSABLE_STEPS.includes(view.step) || inbox.choice !== null || (view.step !== 'choosing_method' && !view.qrCode)) {
          throw refuse('MethodChoiceNotNow', `another method can be chosen only while nothing is pending; the process is in ${view.step}`);
        }
        const replacing = codeBeingReplaced(ctx, 'choice');
        if (replacing) throw replacing;
        const problem = methodProblem(input, choice);
        if (problem) throw refuse('MethodNotAllowed', problem.message, { field: problem.field, rule: problem.rule });
        // R-P8: a face code (the legal person's, the handler's) with no result yet may have one on its way.
        if (codeMayBeInUse(ctx, [])) throw codeInUse(view.step);
        if (input.maxMethodChoices !== undefined && ctx.methodsRun >= input.maxMethodChoices) {
          throw refuse('MethodChoicesExhausted', `this process ran its ${input.maxMethodChoices} methods (R-G7: every loop is bounded); start a new verification once it ends`);
        }
      },
    },
  );
  setHandler(
    withdrawReviewUpdate,
    async () => {
      inbox.withdrawRequested = true;
      await condition(() => view.step !== 'in_review');
      return view;
    },
    {
      validator: (request) => {
        requireRequest(request, input.processId, 'withdraw_review');
        requireOpen();
        if (view.step !== 'in_review') throw refuse('NothingToWithdraw', `only a review awaiting its decision can be withdrawn; the process is in ${view.step}`);
        // Validators do not run on replay.
        if (inbox.reviewDecided) throw refuse('NothingToWithdraw', 'the review has been decided; the process goes on with its decision (R-E6.3)');
        // R-E6.3: a withdrawal is to pick another method; with none left it would only end the process (R-G7), so the review goes on.
        if (input.maxMethodChoices !== undefined && ctx.methodsRun >= input.maxMethodChoices) {
          throw refuse('MethodChoicesExhausted', `this process ran its ${input.maxMethodChoices} methods, so no other can be picked after a withdrawal; the review goes on`);
        }
      },
    },
  );
  setHandler(submitRemittanceAmountUpdate, ({ amountFen }) => judgeAmountEntry(ctx, amountFen), {
    validator: ({ amountFen, enteredAt }) => {
      requireOpen();
      if (ctx.awaitedAmount === null) throw refuse('NoAmountAwaited', `no payout amount is awaited; the process is in ${view.step}`);
      // R-E6.5: an entry made at or after the deadline is late, though it may reach the workflow before the deadline's
      // timer closes the window; one the API took before it counts, even when a worker outage brings it here after.
      // Validators do not run on replay.
      const amountDeadline = view.remittance?.amountDeadline ?? null;
      if (amountDeadline !== null && entryTime(enteredAt, Date.now()) >= amountDeadline) {
        throw refuse('AmountWindowClosed', `the time to enter the amount received ended at ${new Date(amountDeadline).toISOString()} (R-E6.5)`);
      }
      if (ctx.judgingAmount) throw refuse('AmountEntryPending', 'the previous entry is still being checked; send this one after its answer');
      if (!Number.isSafeInteger(amountFen) || amountFen < 1 || amountFen > 99) throw refuse('InvalidAmount', 'the amount is an integer of fen between 1 and 99 (R-E6.4)');
    },
  });
  return ctx;
}

/** A method choice whose process ended before taking it answers with the process (processes before it left the choice unanswered). */
export const CHOICE_ANSWERS_ENDED_PATCH = 'choice-answers-ended-process';

/** From this change a process sent back to method choice with no method left fails at once, where it waited for its deadline. */
export const CHOICES_EXHAUSTED_PATCH = 'method-choices-exhausted-ends';

/**
 * R-E3 then R-E4: looks the enterprise up in the registry, then runs the
 * chosen method; a withdrawn or rejected review, or the holder's own choice
 * while nothing is pending, returns to method choice.
 */
export async function verifyEnterprise(ctx: ProcessContext): Promise<EnterpriseView> {
  const { input, inbox, view } = ctx;
  const abandonment = durationMs(input.durations.abandonment ?? '7 days');
  // R-E3: the registry may lag behind a new registration; the person is told to retry later.
  const registry = await beforeDeadline(() =>
    activities.lookupRegistry({ name: input.enterprise.name, creditCode: input.enterprise.creditCode, withStatus: true, withHeldCreditCode: true, answerBy: ctx.abandonAt }),
  );
  if (registry === REGISTRY_DEADLINE_PASSED) return ctx.fail('registry_unavailable', REGISTRY_UNAVAILABLE_DETAIL);
  if (!registry.found) return ctx.fail('registry_not_found', REGISTRY_NOT_FOUND_DETAIL);
  if (listedAsInactive(registry)) return ctx.fail('enterprise_not_active', ENTERPRISE_NOT_ACTIVE_DETAIL);
  // Listings recorded before the registry named a subject's credit code, or answered to older code, carry none: they replay as they ran.
  const heldInstead = creditCodeHeldInstead(registry, input.enterprise.creditCode);
  if (heldInstead !== null) return ctx.fail('credit_code_required', creditCodeRequiredDetail(heldInstead));
  if (registry.registeredName !== undefined && !sameName(registry.registeredName, input.enterprise.name)) {
    return ctx.fail('name_mismatch', 'The enterprise name must be exactly the name registered for this credit code.');
  }

  let choice: MethodChoice = input;
  for (;;) {
    const result = await runMethod(ctx, choice);
    if ('done' in result) return result.done;
    // R-G7: back at method choice with no method left to choose, nothing can move the process but its deadline: it ends now.
    if (input.maxMethodChoices !== undefined && ctx.methodsRun >= input.maxMethodChoices && patched(CHOICES_EXHAUSTED_PATCH)) {
      return ctx.fail('method_choices_exhausted', `This process ran all ${input.maxMethodChoices} methods it may run (R-G7); start a new verification to try again.`);
    }
    // A refused payout too: the holder has bank details to correct and a review to go through again.
    const backFromReview = view.step === 'review_rejected' || view.step === 'review_withdrawn' || view.step === 'payout_refused';
    if (!input.durations.abandonmentRenewedByReviewsOnly || backFromReview) ctx.abandonAt = Date.now() + abandonment;
    if (inbox.choice === null) {
      await ctx.record('choosing_method', { abandonAt: ctx.abandonAt });
      const chosen = await condition(() => inbox.choice !== null, Math.max(ctx.abandonAt - Date.now(), 1));
      if (!chosen) return ctx.fail('abandoned');
    }
    choice = inbox.choice!;
    inbox.choice = null;
    // Until the method records its first step (its code, its amount), another choice or a refresh would be answered with it, then replace it.
    ctx.issuingCode = true;
    view.method = choice.method;
    upsertSearchAttributes([{ key: VerificationMethod, value: choice.method }]);
  }
}

function runMethod(ctx: ProcessContext, choice: MethodChoice): Promise<MethodResult> {
  ctx.methodsRun++;
  switch (choice.method) {
    case 'recharge':
      return recharge(ctx).then((view) => ({ done: view }));
    case 'wechat_official_account':
      return officialAccount(ctx);
    case 'legal_person_wechat':
      return legalPersonWechat(ctx, choice.legalPerson!);
    case 'legal_person_face':
      return legalPersonFace(ctx, choice.legalPerson!);
    case 'remittance':
      return remittance(ctx, choice.remittance!);
    default:
      // The start input and every choice were checked against R-E4's methods; nothing else reaches here.
      throw ApplicationFailure.create({ type: 'MethodNotAllowed', message: `no such method: ${String((choice as { method?: unknown }).method)}`, nonRetryable: true });
  }
}
