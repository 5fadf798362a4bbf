import { ApplicationFailure, CancellationScope, condition, isCancellation, patched, setHandler, sleep } from '@temporalio/workflow';
import type { ChangeActivities } from '../../activities/change/types';
import { capabilitiesFromActivities } from '../capabilities';
import { proxyProcessActivities } from '../local-activities';
import { requireRequest } from '../process-ids';
import { revokeChangeUpdate, type ChangeView } from '../change/messages';
import { activities as enterpriseActivities } from './proxies';
import { enterpriseProcess, verifyEnterprise } from './process';
import { changeRevokedSignal, type EnterpriseVerificationInput, type EnterpriseView, type PartOfChange } from './messages';

const activities = proxyProcessActivities<ChangeActivities>(['attachEnterprisePart', 'completeChange', 'closeChangeHistory', 'notifyOutcome']);

/**
 * R-C3: the part's attachment finishes whatever arrives meanwhile. A revocation
 * passed on by the change while it ran (then as a cancel) cancelled the part's
 * whole workflow, which then closed the process `failed` (cancelled) where the
 * holder revoked; since then the revocation reaches the part's steps, and the
 * part records `revoked`.
 */
export const ATTACH_FINISHES_PATCH = 'part-attachment-finishes';

/**
 * R-G7: a part cancelled from outside (an operator in the Web UI, or its change
 * cancelled so and passing it on) ends cancelled, and the process closes as
 * `cancelled`. It used to record a revocation and tell the holder they revoked.
 * The holder's revocation reaches the part as its update or the change's
 * signal (changeRevokedSignal). Asked when the cancel arrives, so a cancel
 * that older code of the change sent for a revocation replays as one.
 */
export const OUTSIDE_CANCEL_PATCH = 'part-cancel-is-no-revocation';

/**
 * A change's enterprise part (R-C4 to enterprise, R-C5.5): the enterprise
 * verification itself, which ends the change instead of verifying the
 * account. Its success is the change's one write of the new subject (R-C3);
 * the holder may revoke the change until that write starts; an entity change
 * expires here too once its validity is over (R-C5.1).
 */
export async function enterpriseAsChange(input: EnterpriseVerificationInput, part: PartOfChange): Promise<EnterpriseView> {
  const fromActivities = capabilitiesFromActivities();
  let seq = part.firstSeq;
  // From the moment the new subject is being written, revoking is too late (R-C3).
  let finalising = false;
  let changed = false;
  let expired = false;
  let ended = false;
  // The holder revoked (here or through the change): what sets `work` cancelled apart from an operator's cancel.
  let revokedByHolder = false;
  // An operator's cancel (R-G7), the holder not having revoked first: the part ends cancelled, and takes no revocation after it.
  let cancelledFromOutside = false;
  const work = new CancellationScope();
  void CancellationScope.current().cancelRequested.catch(() => {
    if (!revokedByHolder) cancelledFromOutside = patched(OUTSIDE_CANCEL_PATCH);
  });

  const ctx = enterpriseProcess(input, {
    nextSeq: () => seq++,
    capabilitiesFromActivities: fromActivities,
    keepMethodColumn: true,
    complete: ({ method, credit }) =>
      // Once started, the write finishes and counts, whatever is asked meanwhile.
      CancellationScope.nonCancellable(async () => {
        finalising = true;
        const subject = { type: 'enterprise' as const, ...input.enterprise, method };
        const result = await activities.completeChange({ processId: input.processId, accountId: input.accountId, kind: part.kind, subject, credit, at: Date.now() });
        changed = result.outcome === 'changed';
        finalising = changed;
        return { outcome: changed ? 'verified' : result.outcome };
      }),
  });
  const { view } = ctx;

  const recordEnd = (step: 'changed' | 'revoked') =>
    enterpriseActivities.recordEnterpriseStep({ processId: input.processId, seq: seq++, step, status: step, at: Date.now(), failureReason: null, action: null });
  const changeView = (): ChangeView => ({
    processId: input.processId,
    kind: part.kind,
    status: view.changeOutcome ?? 'open',
    step: view.changeOutcome ?? 'enterprise_verification',
    qrCode: view.qrCode ?? null,
    reviewId: view.remittance?.reviewId ?? null,
    reviewReason: view.remittance?.reviewReason ?? null,
    expiresAt: part.expiresAt,
    failureReason: view.failureReason,
  });

  setHandler(
    revokeChangeUpdate,
    async () => {
      revokedByHolder = true;
      work.cancel();
      await condition(() => ended);
      return changeView();
    },
    {
      validator: (request) => {
        requireRequest(request, input.processId, 'revoke_change');
        if (cancelledFromOutside) throw ApplicationFailure.create({ type: 'ProcessNotOpen', message: 'the change is being cancelled (R-G7)', nonRetryable: true });
        // A part already failing (its step being written) ends as that failure: a revocation would cut its notice short.
        if (ended || finalising || view.status !== 'open') {
          throw ApplicationFailure.create({ type: 'ChangeNotRevocable', message: `the change already reached its outcome (${view.changeOutcome ?? 'being applied'}) (R-C3)`, nonRetryable: true });
        }
      },
    },
  );

  // The change has already answered the holder; a revocation too late here is refused to them by the change (R-C3).
  setHandler(changeRevokedSignal, (request) => {
    if (request.processId !== input.processId || cancelledFromOutside || ended || finalising || view.status !== 'open') return;
    revokedByHolder = true;
    work.cancel();
  });

  const attach = () => activities.attachEnterprisePart({ processId: input.processId });
  await (patched(ATTACH_FINISHES_PATCH) ? CancellationScope.nonCancellable(attach) : attach());
  if (part.expiresAt !== null) {
    // Apart from `work`, so cancelling the part's steps leaves the timer, and a revocation leaves nothing unhandled.
    void CancellationScope.nonCancellable(() => sleep(Math.max(part.expiresAt! - Date.now(), 1))).then(() => {
      if (!ended && !finalising && view.status === 'open') {
        expired = true;
        work.cancel();
      }
    });
  }

  try {
    await work.run(() => verifyEnterprise(ctx));
  } catch (error) {
    // `work` was cancelled: the holder revoked (here, or through the change), it expired, or an operator cancelled the part.
    // A cancellation from elsewhere (a review cancelled from outside) is no revocation: the part fails.
    if (!isCancellation(error) || !work.consideredCancelled) throw error;
    // Cancelled from outside: the workflow ends cancelled, and workflows/process-ended-in-error.ts closes the process so.
    if (cancelledFromOutside && !changed && !expired && view.status !== 'failed') throw error;
  }
  return CancellationScope.nonCancellable(async () => {
    if (changed) {
      view.changeOutcome = 'changed';
      await recordEnd('changed');
      await activities.notifyOutcome({ processId: input.processId, accountId: input.accountId, outcome: 'verified' });
    } else if (view.status === 'failed') {
      view.changeOutcome = 'failed';
      await activities.closeChangeHistory({ processId: input.processId, outcome: 'failed', at: Date.now() });
    } else if (expired) {
      view.changeOutcome = 'failed';
      view.qrCode = null;
      await ctx.fail('expired');
      await activities.closeChangeHistory({ processId: input.processId, outcome: 'failed', at: Date.now() });
    } else {
      view.changeOutcome = 'revoked';
      view.status = 'failed';
      view.qrCode = null;
      await recordEnd('revoked');
      await activities.closeChangeHistory({ processId: input.processId, outcome: 'revoked', at: Date.now() });
      await activities.notifyOutcome({ processId: input.processId, accountId: input.accountId, outcome: 'failed', reason: 'revoked' });
    }
    ended = true;
    return view;
  });
}
