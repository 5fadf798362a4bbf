import {
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  setHandler,
  sleep,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { ChangeActivities, ChangedSubject } from '../../activities/change/types';
import { capabilitiesFromActivities, newReviewId } from '../capabilities';
import { proxyProcessActivities } from '../local-activities';
import { durationMs } from '../duration';
import { requireRequest } from '../process-ids';
import { mainlandPerson, samePerson } from '../person';
import type { CheckedPerson } from '../individual/messages';
import { codeCheck, type CodeCheckContext } from '../enterprise/code-check';
import { ENTERPRISE_METHODS } from '../enterprise/messages';
import { enterpriseProcess, verifyEnterprise } from '../enterprise/process';
import { providerEventSignal, refreshQrCodeUpdate, type ProviderEvent } from '../individual/messages';
import type { ReviewKind } from '../review/messages';
import { startReview } from '../review/start';
import { VerificationStatus } from '../search-attributes';
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
  let revoked = false;
  let expired = false;
  // From the moment the new subject is being written, revoking is too late.
  let finalising = false;
  let resubmitted: Record<string, string> | null = null;
  let materials = input.materials ?? {};
  let newEntity: SubjectChangeInput['enterprise'] = input.enterprise;
  const seenEventIds = new Set<string>();
  const work = new CancellationScope();

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
      action: view.status === 'open' ? { qrCode: view.qrCode, reviewId: view.reviewId, reviewReason: view.reviewReason, expiresAt: view.expiresAt } : null,
    });
  };
  const codes: CodeCheckContext = {
    input: { processId: input.processId, durations: input.durations, faceMaxTries: input.faceMaxTries },
    view,
    inbox: { providerEvents: [] as ProviderEvent[], refreshRequested: false, choice: null },
    activities,
    abandonAt: Date.now() + durationMs(input.durations.abandonment),
    capabilitiesFromActivities: fromActivities,
    codesIssued: 0,
    record,
  };

  setHandler(changeViewQuery, () => view);
  setHandler(changeOpenedUpdate, async () => {
    await condition(() => opened);
    return view;
  });
  setHandler(providerEventSignal, (event) => {
    const key = `${event.provider}:${event.eventId}`;
    if (seenEventIds.has(key)) return;
    seenEventIds.add(key);
    codes.inbox.providerEvents.push(event);
  });
  setHandler(
    refreshQrCodeUpdate,
    async () => {
      const previous = view.qrCode?.ticket;
      codes.inbox.refreshRequested = true;
      await condition(() => view.qrCode?.ticket !== previous || view.status !== 'open');
      if (!view.qrCode) throw refuse('ProcessNotOpen', `process ${input.processId} has no code now`);
      return view.qrCode;
    },
    {
      validator: (request) => {
        requireRequest(request, input.processId, 'refresh_code');
        if (view.status !== 'open' || view.qrCode === null) throw refuse('NoCodeToRefresh', `no code can be replaced in step ${view.step}`);
        if (input.maxCodes !== undefined && codes.codesIssued >= input.maxCodes) {
          throw refuse('QrCodeLimitReached', `this change was issued its ${input.maxCodes} codes (R-P7); it ends at its deadline unless the current one is used`);
        }
      },
    },
  );
  setHandler(
    revokeChangeUpdate,
    async () => {
      revoked = true;
      work.cancel();
      await condition(() => view.status !== 'open');
      return view;
    },
    {
      validator: (request) => {
        requireRequest(request, input.processId, 'revoke_change');
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
        if (entity?.processId !== input.processId || entity.accountId !== input.accountId) throw refuse('WrongProcess', 'the new entity must belong to this change');
        if (typeof entity.enterprise?.name !== 'string' || typeof entity.enterprise.creditCode !== 'string' || !ENTERPRISE_METHODS.includes(entity.method)) {
          throw refuse('WrongProcess', 'the new entity must be an enterprise start (R-C5.5)');
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

  /** R-C5.4, R-C6: review until approved (true); a rejection waits for corrected materials, until the deadline (false). */
  const reviewUntilApproved = async (kind: ReviewKind, rules: string[]): Promise<boolean> => {
    for (;;) {
      const reviewId = await newReviewId(fromActivities);
      view.reviewId = reviewId;
      const review = await startReview({
        reviewId,
        processId: input.processId,
        accountId: input.accountId,
        kind,
        materials: { documents: materials, fields: { kind: input.kind, current: input.current, newName: input.newName, newEntity: input.newEntity ?? input.enterprise?.enterprise.name } },
        rules,
        slaBusinessDays: input.reviewSlaBusinessDays,
        calendar: input.calendar,
      });
      await record('in_review', { reviewId });
      const outcome = await review.result();
      if (outcome.outcome === 'approved') {
        await activities.notifyOutcome({ processId: input.processId, accountId: input.accountId, outcome: 'review_approved', reason: outcome.reason, occurrence: reviewId });
        return true;
      }
      if (outcome.outcome === 'rejected') {
        view.reviewReason = outcome.reason;
        await activities.notifyOutcome({ processId: input.processId, accountId: input.accountId, outcome: 'review_rejected', reason: outcome.reason, occurrence: reviewId });
      }
      resubmitted = null;
      await record('review_rejected', { reviewId, reason: view.reviewReason });
      // R-G7: a rejected change waits for corrected materials only so long; older changes waited without a timer.
      const deadline = input.durations.resubmissionDeadline;
      if (deadline === undefined) await condition(() => resubmitted !== null);
      else if (!(await condition(() => resubmitted !== null, durationMs(deadline)))) return false;
      materials = resubmitted!;
    }
  };

  /** R-C4 to enterprise, R-C5.5: the enterprise verification's own steps, ending in the change. */
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

  const run = async (): Promise<ChangeView> => {
    switch (input.kind) {
      case 'individual_to_enterprise':
        return (await faceCheck('awaiting_current_face', currentIndividual())) ?? enterprisePhase();
      case 'individual_to_individual': {
        const newPerson = input.newIndividual!;
        const failed =
          (await faceCheck('awaiting_current_face', currentIndividual())) ??
          (await faceCheck('awaiting_new_face', { name: newPerson.name, documentType: newPerson.documentType, documentNumber: newPerson.documentNumber }));
        return failed ?? finish({ type: 'individual', ...input.newIndividual!, method: 'face' });
      }
      case 'enterprise_name':
        if (!input.automatic && !(await reviewUntilApproved('enterprise_name_change', ['R-C6']))) return fail('resubmission_expired');
        return finish({ type: 'enterprise', name: input.newName! });
      case 'legal_representative': {
        const representative = input.legalRepresentative!;
        const result = await codeCheck(codes, representative.method === 'wechat_qr' ? 'wechat' : 'face', 'awaiting_representative', mainlandPerson(representative));
        if (result.kind === 'authorized' && !samePerson(result.realName, representative)) return fail('identity_mismatch');
        if (result.kind !== 'authorized' && result.kind !== 'passed') return fail(result.kind === 'face_attempts_exhausted' ? 'face_attempts_exhausted' : 'abandoned');
        return finish({ type: 'enterprise', legalPerson: { name: representative.name, documentNumber: representative.documentNumber } });
      }
      case 'enterprise_entity': {
        codes.abandonAt = view.expiresAt!;
        // R-C5.2, R-P10: the pre-change legal person's face check is bound to them.
        const failed = await faceCheck('awaiting_legal_person_face', mainlandPerson(input.preChangeLegalPerson!));
        if (failed) return failed;
        if (!(await reviewUntilApproved('enterprise_entity_change', ['R-C5']))) return fail('resubmission_expired');
        if (!newEntity) {
          // R-C5.5: the new entity's basic information comes once the review approved the change.
          await record('awaiting_new_entity');
          await condition(() => newEntity !== undefined);
        }
        return enterprisePhase();
      }
    }
  };

  await activities.openChange({
    processId: input.processId,
    accountId: input.accountId,
    kind: input.kind,
    requestedBy: input.requestedBy,
    at: Date.now(),
    deadlines: view.expiresAt ? { expiresAt: view.expiresAt } : {},
  });
  opened = true;

  if (view.expiresAt !== null) {
    // R-C5.1: past its validity the change expires, wherever it is, unless its outcome is being written.
    void sleep(Math.max(view.expiresAt - Date.now(), 1)).then(() => {
      if (view.status === 'open' && !finalising) {
        expired = true;
        work.cancel();
      }
    });
  }

  try {
    return await work.run(run);
  } catch (error) {
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
