import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  CancelledFailure,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  patched,
  setHandler,
  sleep,
  startChild,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { ChangeActivities, ChangedSubject } from '../../activities/change/types';
import { isReviewedEntity, listedAsInactive, reviewedEntityProblems } from '../../domain';
import { beforeDeadline, REGISTRY_DEADLINE_PASSED } from '../registry-deadline';
import { capabilitiesFromActivities, newReviewId } from '../capabilities';
import { proxyProcessActivities } from '../local-activities';
import { durationMs } from '../duration';
import { requireRequest } from '../process-ids';
import { mainlandPerson, samePerson } from '../person';
import type { CheckedPerson } from '../individual/messages';
import { codeCheck, type CodeCheckContext } from '../enterprise/code-check';
import { codeBeingReplaced, codeInUse, codeMayBeInUse, freshCode, noCodeToRefresh, noRefusals, receiveProviderEvents, refuseRefresh } from '../code-check';
import { changeRevokedSignal, ENTERPRISE_METHODS, enterprisePartWorkflowId, type PersonIdentity } from '../enterprise/messages';
import { enterpriseProcess, verifyEnterprise } from '../enterprise/process';
import { enterpriseVerification } from '../enterprise/workflow';
import { activities as enterpriseActivities } from '../enterprise/proxies';
import { LEGAL_REPRESENTATIVE_PATCH } from '../enterprise/instant-methods';
import { sameName } from '../enterprise/same-name';
import { providerEventSignal, refreshQrCodeUpdate, type ProviderEvent } from '../individual/messages';
import type { ReviewKind } from '../review/messages';
import { startReview } from '../review/start';
import { AccountId, ProcessKind, VerificationStatus } from '../search-attributes';
import {
  changeOpenedUpdate,
  changeViewQuery,
  resubmitMaterialsUpdate,
  revokeChangeUpdate,
  submitNewEntityUpdate,
  type ChangeFailureReason,
  type ChangeStep,
  type ChangeView,
  type SubjectChangeInput,
} from './messages';

// The change's own writes and notices run locally; the registry is called through the task queue.
const activities = proxyProcessActivities<ChangeActivities>(['openChange', 'recordStep', 'issueQrCode', 'completeChange', 'closeChangeHistory', 'notifyOutcome']);

/** R-C6: an automatic rename asks the registry for the name under the credit code first. */
export const RENAME_BY_REGISTRY_PATCH = 'rename-by-registry';

/** What the registry said of the person named as an entity change's pre-change legal person (R-C5.2). */
type LegalPersonByRegistry = 'confirmed' | 'not_the_legal_representative' | 'entity_not_in_registry' | 'entity_deregistered';

/** R-C7, R-E3: the enterprise is looked up before its new legal representative is asked (before, a revoked one changed too). */
export const REPRESENTATIVE_OF_ACTIVE_ENTERPRISE_PATCH = 'representative-of-active-enterprise';

/** R-C5.2: the pre-change legal person is asked of the registry before the face check (before, whoever the holder named passed). */
export const PRE_CHANGE_LEGAL_PERSON_PATCH = 'pre-change-legal-person-by-registry';

/**
 * R-C3, R-G7: a revocation the change passes on to its part is a signal
 * (changeRevokedSignal); it was a cancel, which the part could not tell from an
 * operator's.
 */
export const REVOCATION_AS_SIGNAL_PATCH = 'revocation-passed-as-signal';

/**
 * R-G7: a change cancelled from outside while its enterprise part runs passes
 * the cancel on, so both end cancelled; the cancel waited for the part to end
 * by itself, perhaps weeks later, and then changed nothing.
 */
export const CANCEL_REACHES_PART_PATCH = 'outside-cancel-reaches-part';

/**
 * R-C3, R-G7: for a change whose part started before CANCEL_REACHES_PART_PATCH,
 * a part that failed or was cancelled after a revocation reached the change is
 * no revocation either; it was recorded as one.
 */
export const PART_END_IS_NO_REVOCATION_PATCH = 'part-end-is-no-revocation';

/**
 * Changes started with this change run their enterprise part as a child
 * enterprise verification; older ones replay it in their own workflow, as
 * they ran it.
 */
export const ENTERPRISE_PART_AS_CHILD_PATCH = 'enterprise-part-as-child';

function refuse(type: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}

/**
 * A change of the verified subject (R-C1..R-C9). Until the final outcome the
 * account keeps its original subject (R-C3): nothing here touches it before
 * `completeChange`, so a revocation at any step leaves it exactly as it was.
 * An entity change is valid for a limited time (R-C5.1).
 */
export async function subjectChange(input: SubjectChangeInput): Promise<ChangeView> {
  const fromActivities = capabilitiesFromActivities();
  const partAsChild = patched(ENTERPRISE_PART_AS_CHILD_PATCH);
  const view: ChangeView = {
    processId: input.processId,
    kind: input.kind,
    status: 'open',
    step: 'starting',
    qrCode: null,
    reviewId: null,
    reviewReason: null,
    expiresAt: input.kind === 'enterprise_entity' ? Date.now() + durationMs(input.durations.entityValidity) : null,
    failureReason: null,
  };
  let seq = 0;
  let opened = false;
  // R-C1, R-C2: the account moved between the start's read and this process; it never opens.
  let subjectChanged = false;
  let revoked = false;
  let expired = false;
  // From the moment the new subject is being written, revoking is too late.
  let finalising = false;
  // The enterprise part, from the moment it is being started: it takes the change's revocation and expiry from then on.
  let partStarting = false;
  let partStarted = false;
  let resubmitted: Record<string, string> | null = null;
  let materials = input.materials ?? {};
  let newEntity: SubjectChangeInput['enterprise'] = input.enterprise;
  // R-C5.2: the registry's word on the pre-change legal person, for the reviewer.
  let legalPersonByRegistry: LegalPersonByRegistry | undefined;
  const work = new CancellationScope();
  // R-G7: cancelled from outside (an operator): a revocation is refused from then on; once the part runs, the cancel is passed on to it.
  const root = CancellationScope.current();
  // Asked as the part starts (CANCEL_REACHES_PART_PATCH): changes whose part started before it replay as they ran.
  let cancelReachesPart = false;

  const record = async (step: string, detail?: Record<string, unknown>) => {
    view.step = step as ChangeStep;
    upsertSearchAttributes([{ key: VerificationStatus, value: step }]);
    await activities.recordStep({
      processId: input.processId,
      seq: seq++,
      step,
      status: view.status,
      at: Date.now(),
      detail,
      failureReason: view.failureReason,
      // R-P8: a face check's latest failure and tries left, once the change has one.
      action:
        view.status === 'open'
          ? {
              qrCode: view.qrCode,
              reviewId: view.reviewId,
              reviewReason: view.reviewReason,
              expiresAt: view.expiresAt,
              ...(view.faceTriesLeft === undefined ? {} : { lastFaceFailure: view.lastFaceFailure ?? null, faceTriesLeft: view.faceTriesLeft }),
            }
          : null,
    });
  };
  const codes: CodeCheckContext = {
    input: { processId: input.processId, durations: input.durations, faceMaxTries: input.faceMaxTries },
    view,
    inbox: { providerEvents: [] as ProviderEvent[], refreshRequested: false, choice: null, refused: noRefusals() },
    activities,
    abandonAt: Date.now() + durationMs(input.durations.abandonment),
    capabilitiesFromActivities: fromActivities,
    codesIssued: 0,
    record,
  };

  // As the validator judges it, without the limit: asked again when the code check comes to the refresh.
  codes.requestRefusal = () => (view.qrCode === null ? noCodeToRefresh(view.step) : codeMayBeInUse(codes, ['awaiting_authorization']) ? codeInUse(view.step) : null);

  setHandler(changeViewQuery, () => view);
  setHandler(changeOpenedUpdate, async () => {
    await condition(() => opened || subjectChanged);
    if (subjectChanged) {
      throw refuse('SubjectChanged', `account ${input.accountId} is no longer as this change was judged on: a process that ended before it changed its subject (R-C1, R-C2)`);
    }
    return view;
  });
  setHandler(providerEventSignal, receiveProviderEvents(codes.inbox.providerEvents));
  setHandler(refreshQrCodeUpdate, () => freshCode(codes, () => view.status === 'open', input.processId), {
    validator: (request) => {
      requireRequest(request, input.processId, 'refresh_code');
      refuseRefresh({
        notOpen: () => (view.status === 'open' ? null : noCodeToRefresh(view.step)),
        nothingToReplace: () => codes.requestRefusal!('refresh') ?? codeBeingReplaced(codes, 'refresh'),
        codesIssued: codes.codesIssued,
        maxCodes: input.maxCodes,
        atLimit: 'it ends at its deadline unless the current one is used',
      });
    },
  });
  setHandler(
    revokeChangeUpdate,
    async () => {
      revoked = true;
      if (!partStarting) work.cancel();
      else {
        // Sent here, outside `work`, once the part exists; the part alone records the revocation, or refuses it past its write (R-C3).
        await condition(() => partStarted || view.status !== 'open');
        if (view.status === 'open') {
          const partHandle = getExternalWorkflowHandle(enterprisePartWorkflowId(input.processId));
          // A part that ended meanwhile (terminated from outside) cannot take it: its end ends the change, and that answers.
          if (patched(REVOCATION_AS_SIGNAL_PATCH)) await partHandle.signal(changeRevokedSignal, { processId: input.processId, request: 'revoke_change' }).catch(() => undefined);
          else await partHandle.cancel();
        }
      }
      await condition(() => view.status !== 'open');
      if (view.status === 'changed') throw refuse('ChangeNotRevocable', 'the change reached its outcome before the revocation (R-C3)');
      return view;
    },
    {
      validator: (request) => {
        requireRequest(request, input.processId, 'revoke_change');
        if (root.consideredCancelled) throw refuse('ProcessNotOpen', 'the change is being cancelled (R-G7)');
        if (view.status !== 'open' || finalising) throw refuse('ChangeNotRevocable', `the change already reached its outcome (${view.status === 'open' ? 'being applied' : view.status}) (R-C3)`);
      },
    },
  );
  setHandler(
    submitNewEntityUpdate,
    async (entity) => {
      newEntity = entity;
      await condition(() => view.step !== 'awaiting_new_entity');
      return view;
    },
    {
      validator: (entity) => {
        if (view.status !== 'open' || view.step !== 'awaiting_new_entity') throw refuse('NewEntityNotNow', `the new entity is entered after the review approved the change; the change is in ${view.step}`);
        // Two submissions at once: the first is being taken; the second would silently replace it.
        if (newEntity !== undefined) throw refuse('NewEntityNotNow', 'the new entity was already submitted and is being verified');
        if (entity?.processId !== input.processId || entity.accountId !== input.accountId) throw refuse('WrongProcess', 'the new entity must belong to this change');
        if (typeof entity.enterprise?.name !== 'string' || typeof entity.enterprise.creditCode !== 'string' || !ENTERPRISE_METHODS.includes(entity.method)) {
          throw refuse('WrongProcess', 'the new entity must be an enterprise start (R-C5.5)');
        }
        // R-C5.5: only the entity the review approved, as the reviewer saw it (the start's newEntity), by name and code;
        // a change that names none has nothing any entity could match.
        const reviewed = input.newEntity ?? input.enterprise?.enterprise;
        const differences = reviewed ? reviewedEntityProblems(reviewed, entity.enterprise) : [{ field: 'enterprise', message: 'this change names no reviewed entity' }];
        if (differences.length > 0) {
          throw refuse('NotTheReviewedEntity', `${differences.map((p) => `enterprise.${p.field}: ${p.message}`).join('; ')} (R-C5.5)`);
        }
      },
    },
  );
  setHandler(
    resubmitMaterialsUpdate,
    async (documents) => {
      resubmitted = documents;
      await condition(() => view.step !== 'review_rejected');
      return view;
    },
    {
      validator: (documents) => {
        if (typeof documents !== 'object' || documents === null || Object.keys(documents).length === 0) throw refuse('NoMaterials', 'name the corrected documents');
        if (view.status !== 'open' || view.step !== 'review_rejected') throw refuse('NothingToResubmit', `materials can be resubmitted only after a rejection; the change is in ${view.step}`);
        if (resubmitted !== null) throw refuse('NothingToResubmit', 'corrected materials were already resubmitted and go to review');
      },
    },
  );

  const notify = (outcome: 'verified' | 'failed', reason?: string) =>
    activities.notifyOutcome({ processId: input.processId, accountId: input.accountId, outcome, ...(reason ? { reason } : {}) });

  const fail = async (reason: ChangeFailureReason): Promise<ChangeView> => {
    view.status = 'failed';
    view.failureReason = reason;
    view.qrCode = null;
    await record('failed', { reason });
    await activities.closeChangeHistory({ processId: input.processId, outcome: 'failed', at: Date.now() });
    await notify('failed', reason);
    return view;
  };

  /** R-C3: the only write to the account, and the end of the change. */
  const finish = async (subject: ChangedSubject, credit?: { amountFen: number; transactionId: string }): Promise<ChangeView> => {
    finalising = true;
    const result = await activities.completeChange({ processId: input.processId, accountId: input.accountId, kind: input.kind, subject, credit, at: Date.now() });
    if (result.outcome !== 'changed') {
      finalising = false;
      return fail(result.outcome);
    }
    view.status = 'changed';
    view.qrCode = null;
    await record('changed');
    await notify('verified');
    return view;
  };

  /** R-C4: the individual the account has now, whom the first face check is for. */
  const currentIndividual = (): CheckedPerson => ({
    name: input.current.name,
    documentType: input.current.documentType ?? 'mainland_id',
    documentNumber: input.current.documentNumber ?? '',
  });
  /** A face check through a code, bound to its person (R-P10); anything but a pass ends the change. */
  const faceCheck = async (step: ChangeStep, person: CheckedPerson): Promise<ChangeView | null> => {
    const result = await codeCheck(codes, 'face', step, person);
    if (result.kind === 'passed') return null;
    return fail(result.kind === 'face_attempts_exhausted' ? 'face_attempts_exhausted' : 'abandoned');
  };

  /**
   * R-C5.4, R-C6: review until approved (null); a rejection waits for
   * corrected materials until its deadline, and a review nobody decided in
   * time expires (R-G7): the failure reason.
   */
  const reviewUntilApproved = async (kind: ReviewKind, rules: string[]): Promise<'resubmission_expired' | 'review_expired' | 'review_attempts_exhausted' | null> => {
    for (let reviews = 1; ; reviews++) {
      const reviewId = await newReviewId(fromActivities);
      view.reviewId = reviewId;
      const review = await startReview({
        reviewId,
        processId: input.processId,
        accountId: input.accountId,
        kind,
        // R-C5.2, R-C5.3: the reviewer sees (masked) whom the face check passed, to hold beside the ID card's photos.
        materials: {
          documents: materials,
          fields: {
            kind: input.kind,
            current: input.current,
            newName: input.newName,
            newEntity: input.newEntity ?? input.enterprise?.enterprise.name,
            ...(input.preChangeLegalPerson ? { preChangeLegalPerson: input.preChangeLegalPerson } : {}),
            // R-C5.2: what the registry said of that person (absent in changes started before it was asked).
            ...(legalPersonByRegistry ? { legalPersonByRegistry } : {}),
          },
        },
        rules,
        slaBusinessDays: input.reviewSlaBusinessDays,
        // Changes started before reviews expired have no expiry.
        ...(input.reviewExpiryBusinessDays === undefined ? {} : { expiryBusinessDays: input.reviewExpiryBusinessDays }),
        calendar: input.calendar,
      });
      await record('in_review', { reviewId });
      const outcome = await review.result();
      if (outcome.outcome === 'approved') {
        await activities.notifyOutcome({ processId: input.processId, accountId: input.accountId, outcome: 'review_approved', reason: outcome.reason, occurrence: reviewId });
        return null;
      }
      if (outcome.outcome === 'expired') return 'review_expired';
      // R-G7: reject and resubmit is a bounded loop; the last review's rejection ends the change, and its notice says so.
      const lastReview = input.maxReviews !== undefined && reviews >= input.maxReviews;
      if (outcome.outcome === 'rejected') {
        view.reviewReason = outcome.reason;
        await activities.notifyOutcome({
          processId: input.processId,
          accountId: input.accountId,
          outcome: 'review_rejected',
          reason: outcome.reason,
          occurrence: reviewId,
          ...(lastReview ? { lastReview: true as const } : {}),
        });
      }
      resubmitted = null;
      if (lastReview) return 'review_attempts_exhausted';
      await record('review_rejected', { reviewId, reason: view.reviewReason });
      // R-G7: a rejected change waits for corrected materials only so long; older changes waited without a timer.
      const deadline = input.durations.resubmissionDeadline;
      if (deadline === undefined) await condition(() => resubmitted !== null);
      else if (!(await condition(() => resubmitted !== null, durationMs(deadline)))) return 'resubmission_expired';
      materials = resubmitted!;
    }
  };

  /**
   * R-C4 to enterprise, R-C5.5: the enterprise verification, as a child that
   * ends the change itself (workflows/enterprise/as-change.ts). Started and
   * awaited apart from `work`: once it runs, it is the one to revoke or expire.
   */
  const enterprisePart = async (): Promise<ChangeView> => {
    const enterprise = newEntity!;
    await record('enterprise_verification', { method: enterprise.method });
    cancelReachesPart = patched(CANCEL_REACHES_PART_PATCH);
    // Revoked, expired or cancelled in the task that wrote the step: the part never starts, and the change ends so.
    if (cancelReachesPart && work.consideredCancelled) throw new CancelledFailure('the change was stopped before its enterprise part started');
    partStarting = true;
    const part = await CancellationScope.nonCancellable(() =>
      startChild(enterpriseVerification, {
        workflowId: enterprisePartWorkflowId(input.processId),
        args: [{ ...enterprise, asChange: { kind: input.kind, firstSeq: seq, expiresAt: view.expiresAt } }],
        typedSearchAttributes: [
          { key: AccountId, value: input.accountId },
          { key: ProcessKind, value: 'change_enterprise_part' },
        ],
      }),
    );
    partStarted = true;
    if (cancelReachesPart) {
      // Once the part runs, revocation and expiry are the part's: only a cancel from outside cancels `work`, and is passed on.
      void work.cancelRequested.catch(() => {
        if (!root.consideredCancelled) return;
        return CancellationScope.nonCancellable(() => getExternalWorkflowHandle(enterprisePartWorkflowId(input.processId)).cancel()).catch(() => undefined);
      });
    }
    const ended = await CancellationScope.nonCancellable(() => part.result());
    view.status = ended.changeOutcome ?? 'failed';
    view.step = view.status;
    upsertSearchAttributes([{ key: VerificationStatus, value: view.step }]);
    view.qrCode = null;
    view.failureReason = ended.failureReason;
    return view;
  };

  /** Changes started before the part became a child: the enterprise verification's steps in this workflow. */
  const enterprisePhase = async (): Promise<ChangeView> => {
    const enterprise = newEntity!;
    await record('enterprise_verification', { method: enterprise.method });
    const ctx = enterpriseProcess(enterprise, {
      nextSeq: () => seq++,
      capabilitiesFromActivities: fromActivities,
      isOpen: () => view.status === 'open',
      complete: async ({ method, credit }) => {
        finalising = true;
        const subject: ChangedSubject = { type: 'enterprise', ...enterprise.enterprise, method };
        const result = await activities.completeChange({ processId: input.processId, accountId: input.accountId, kind: input.kind, subject, credit, at: Date.now() });
        if (result.outcome !== 'changed') finalising = false;
        return { outcome: result.outcome === 'changed' ? 'verified' : result.outcome };
      },
    });
    const result = await verifyEnterprise(ctx);
    if (result.status !== 'verified') {
      view.status = 'failed';
      view.failureReason = result.failureReason ?? 'enterprise_not_verified';
      await activities.closeChangeHistory({ processId: input.processId, outcome: 'failed', at: Date.now() });
      return view;
    }
    view.status = 'changed';
    await record('changed');
    return view;
  };

  const enterpriseEnd = () => (partAsChild ? enterprisePart() : enterprisePhase());

  /**
   * R-C6, R-E3: an automatic rename takes the name the registry holds for the
   * unchanged credit code, never one the holder merely typed (another
   * company's, whose VAT invoices R-C8 would then block). Changes started
   * before the check renamed without it.
   */
  const registeredUnderCreditCode = async (newName: string): Promise<ChangeFailureReason | null> => {
    if (!patched(RENAME_BY_REGISTRY_PATCH)) return null;
    const registry = await beforeDeadline(() =>
      enterpriseActivities.lookupRegistry({ name: newName, creditCode: input.current.creditCode ?? '', withStatus: true, answerBy: codes.abandonAt }),
    );
    if (registry === REGISTRY_DEADLINE_PASSED) return registry;
    if (!registry.found) return 'registry_not_found';
    if (listedAsInactive(registry)) return 'enterprise_not_active';
    return registry.registeredName !== undefined && !sameName(registry.registeredName, newName) ? 'name_mismatch' : null;
  };

  /**
   * R-C5.2, R-E4: the person named as the original entity's legal person is the
   * legal representative the registry holds for its credit code, asked before
   * any code. An original entity the registry no longer lists, or holds as
   * deregistered (R-C5.3), cannot be asked: its deregistration proof goes to
   * the reviewer, who is told which and that the registry could not confirm
   * the person. A revoked one is asked, as an active one.
   */
  const preChangeLegalPersonByRegistry = async (person: PersonIdentity): Promise<LegalPersonByRegistry | typeof REGISTRY_DEADLINE_PASSED> => {
    const creditCode = input.current.creditCode ?? '';
    const listed = await beforeDeadline(() => enterpriseActivities.lookupRegistry({ name: input.current.name, creditCode, withStatus: true, answerBy: codes.abandonAt }));
    if (listed === REGISTRY_DEADLINE_PASSED) return listed;
    if (!listed.found) return 'entity_not_in_registry';
    // A revoked (吊销) entity still has the legal representative on record, and is asked; a deregistered (注销) one is gone.
    if (listed.status === 'deregistered') return 'entity_deregistered';
    const answer = await beforeDeadline(() =>
      enterpriseActivities.confirmLegalRepresentative({ creditCode, name: person.name, documentNumber: person.documentNumber, answerBy: codes.abandonAt }),
    );
    if (answer === REGISTRY_DEADLINE_PASSED) return answer;
    return answer.isLegalRepresentative ? 'confirmed' : 'not_the_legal_representative';
  };

  /** Each change kind, as the steps it takes (R-C4..R-C7); every one ends in `finish`, `fail` or its enterprise part. */
  const changeKinds: Record<SubjectChangeInput['kind'], () => Promise<ChangeView>> = {
    /** R-C4: the current individual's face, then the enterprise verification. */
    individual_to_enterprise: async () => (await faceCheck('awaiting_current_face', currentIndividual())) ?? enterpriseEnd(),

    /** R-C4: the current individual's face, then the new individual's. */
    individual_to_individual: async () => {
      const newPerson = input.newIndividual!;
      const failed =
        (await faceCheck('awaiting_current_face', currentIndividual())) ??
        (await faceCheck('awaiting_new_face', { name: newPerson.name, documentType: newPerson.documentType, documentNumber: newPerson.documentNumber }));
      return failed ?? finish({ type: 'individual', ...newPerson, method: 'face' });
    },

    /** R-C6: a review unless the stored subject makes it automatic, and then the registry's word on the new name. */
    enterprise_name: async () => {
      const failure = input.automatic ? await registeredUnderCreditCode(input.newName!) : await reviewUntilApproved('enterprise_name_change', ['R-C6']);
      return failure ? fail(failure) : finish({ type: 'enterprise', name: input.newName! });
    },

    /** R-C7: the new legal representative confirms by WeChat QR or face, and must be that person. */
    legal_representative: async () => {
      const representative = input.legalRepresentative!;
      // R-C7, R-E4: the new legal representative is the one the registry now holds for the credit code, asked before any code.
      if (patched(LEGAL_REPRESENTATIVE_PATCH)) {
        // R-E3: a revoked or deregistered enterprise takes no new representative, which no reviewer would see.
        if (patched(REPRESENTATIVE_OF_ACTIVE_ENTERPRISE_PATCH)) {
          const listed = await beforeDeadline(() =>
            enterpriseActivities.lookupRegistry({ name: input.current.name, creditCode: input.current.creditCode ?? '', withStatus: true, answerBy: codes.abandonAt }),
          );
          if (listed === REGISTRY_DEADLINE_PASSED) return fail(listed);
          if (!listed.found) return fail('registry_not_found');
          if (listedAsInactive(listed)) return fail('enterprise_not_active');
        }
        const confirmed = await beforeDeadline(() =>
          enterpriseActivities.confirmLegalRepresentative({
            creditCode: input.current.creditCode ?? '',
            name: representative.name,
            documentNumber: representative.documentNumber,
            answerBy: codes.abandonAt,
          }),
        );
        if (confirmed === REGISTRY_DEADLINE_PASSED) return fail(confirmed);
        if (!confirmed.isLegalRepresentative) return fail('legal_person_mismatch');
      }
      const result = await codeCheck(codes, representative.method === 'wechat_qr' ? 'wechat' : 'face', 'awaiting_representative', mainlandPerson(representative));
      if (result.kind === 'authorized' && !samePerson(result.realName, representative)) return fail('identity_mismatch');
      if (result.kind !== 'authorized' && result.kind !== 'passed') return fail(result.kind === 'face_attempts_exhausted' ? 'face_attempts_exhausted' : 'abandoned');
      return finish({ type: 'enterprise', legalPerson: { name: representative.name, documentNumber: representative.documentNumber } });
    },

    /** R-C5: the pre-change legal person's face, a review, the new entity, then its enterprise verification; all within the validity. */
    enterprise_entity: async () => {
      codes.abandonAt = view.expiresAt!;
      if (patched(PRE_CHANGE_LEGAL_PERSON_PATCH)) {
        const asked = await preChangeLegalPersonByRegistry(input.preChangeLegalPerson!);
        if (asked === REGISTRY_DEADLINE_PASSED) return fail(asked);
        legalPersonByRegistry = asked;
        if (legalPersonByRegistry === 'not_the_legal_representative') return fail('legal_person_mismatch');
      }
      // R-C5.2, R-P10: the pre-change legal person's face check is bound to them.
      const failed = await faceCheck('awaiting_legal_person_face', mainlandPerson(input.preChangeLegalPerson!));
      if (failed) return failed;
      const failure = await reviewUntilApproved('enterprise_entity_change', ['R-C5']);
      if (failure) return fail(failure);
      if (!newEntity) {
        // R-C5.5: the new entity's basic information comes once the review approved the change; R-C5.1 bounds the wait.
        await record('awaiting_new_entity');
        await condition(() => newEntity !== undefined);
      }
      // R-C5.5: an entity given at the start (not through the API, which takes it only after the approval) must be the reviewed one too.
      if (input.newEntity && !isReviewedEntity(input.newEntity, newEntity!.enterprise)) return fail('not_the_reviewed_entity');
      return enterpriseEnd();
    },
  };

  const opening = await activities.openChange({
    processId: input.processId,
    accountId: input.accountId,
    kind: input.kind,
    requestedBy: input.requestedBy,
    at: Date.now(),
    deadlines: view.expiresAt ? { expiresAt: view.expiresAt } : {},
    ...(input.judgedOn ? { judgedOn: input.judgedOn } : {}),
  });
  // Changes opened before the check return nothing from openChange.
  if (opening?.subjectChanged) {
    // No row, no history, no notice: to the holder this start was refused (409 subject-changed), not a process that failed.
    subjectChanged = true;
    view.status = 'failed';
    view.failureReason = 'subject_changed';
    upsertSearchAttributes([{ key: VerificationStatus, value: 'subject_changed' }]);
    await condition(allHandlersFinished);
    return view;
  }
  opened = true;

  if (view.expiresAt !== null) {
    // R-C5.1: past its validity the change expires, wherever it is, unless its outcome is being written.
    // A change cancelled from outside cancels the timer too: its rejection is held, or it would fail every workflow task.
    void sleep(Math.max(view.expiresAt - Date.now(), 1)).then(
      () => {
        if (view.status === 'open' && !finalising && !partStarting) {
          expired = true;
          work.cancel();
        }
      },
      () => undefined,
    );
  }

  try {
    return await work.run(changeKinds[input.kind]);
  } catch (error) {
    // Once its part runs, the part ends the change and says how: a part that failed or was cancelled is no revocation of the change.
    // A change whose part started before that was asked at its start asks here, as it ends.
    if (partStarting && (cancelReachesPart || patched(PART_END_IS_NO_REVOCATION_PATCH))) throw error;
    if (!isCancellation(error) || !(revoked || expired)) throw error;
    return CancellationScope.nonCancellable(async () => {
      if (expired && !revoked) return fail('expired');
      view.status = 'revoked';
      view.qrCode = null;
      await record('revoked');
      await activities.closeChangeHistory({ processId: input.processId, outcome: 'revoked', at: Date.now() });
      await notify('failed', 'revoked');
      return view;
    });
  }
}
