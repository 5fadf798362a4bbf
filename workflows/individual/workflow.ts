import {
  ApplicationFailure,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  uuid4,
} from '@temporalio/workflow';
import type { ProcessActivities } from '../../activities/types';
import { VerificationStatus } from '../search-attributes';
import { durationMs } from '../duration';
import {
  FailureReason,
  IndividualStep,
  IndividualVerificationInput,
  ProcessView,
  QrCode,
  WechatEvent,
  processViewQuery,
  qrCodeUpdate,
  refreshQrCodeUpdate,
  wechatEventSignal,
} from './messages';

const activities = proxyActivities<ProcessActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** R-P4: a match means the same person, compared on the normalised number and the exact name. */
function sameIdentity(input: IndividualVerificationInput, realName: { name: string; documentNumber: string }): boolean {
  return (
    realName.name.trim() === input.applicant.name.trim() &&
    realName.documentNumber.trim().toUpperCase() === input.applicant.documentNumber.toUpperCase()
  );
}

/**
 * Individual verification by WeChat QR (R-P1..R-P4, R-P7, R-P9).
 *
 * Waits for the person to scan and authorise; an expired code sends the
 * process back to `awaiting_scan` (a fresh code is one request away, R-P7);
 * only the abandonment deadline fails it.
 */
export async function individualVerification(input: IndividualVerificationInput): Promise<ProcessView> {
  const startedAt = Date.now();
  const view: ProcessView = {
    processId: input.processId,
    status: 'open',
    step: 'starting',
    qrCode: null,
    failureReason: null,
    abandonAt: startedAt + durationMs(input.durations.abandonment),
  };
  const events: WechatEvent[] = [];
  const seenEventIds: string[] = [];
  let seq = 0;
  let refreshRequested = false;
  // The code handed to the caller only once the read model shows it, so a GET
  // right after the answer sees what the answer said.
  let publishedTicket: string | null = null;

  setHandler(processViewQuery, () => view);
  setHandler(wechatEventSignal, (event) => {
    // Providers redeliver: an event id has one effect at most.
    if (seenEventIds.includes(event.eventId)) return;
    seenEventIds.push(event.eventId);
    events.push(event);
  });
  setHandler(qrCodeUpdate, async () => {
    await condition(() => publishedTicket !== null || view.status !== 'open');
    if (view.qrCode === null || publishedTicket === null) throw notOpen(view);
    return view.qrCode;
  });
  setHandler(
    refreshQrCodeUpdate,
    async () => {
      const previous = publishedTicket;
      refreshRequested = true;
      await condition(() => publishedTicket !== previous || view.status !== 'open');
      if (view.status !== 'open' || view.qrCode === null) throw notOpen(view);
      return view.qrCode;
    },
    {
      validator: () => {
        if (view.status !== 'open') throw notOpen(view);
        if (view.step === 'awaiting_authorization' && view.qrCode && !view.qrCode.expired) {
          throw ApplicationFailure.create({
            type: 'QrCodeInUse',
            message: 'the current code was scanned and awaits authorisation; it can be refreshed once it expires',
          });
        }
      },
    },
  );

  const record = async (step: IndividualStep, detail?: Record<string, unknown>): Promise<void> => {
    view.step = step;
    upsertSearchAttributes([{ key: VerificationStatus, value: step }]);
    await activities.recordStep({
      processId: input.processId,
      seq: seq++,
      step,
      status: view.status,
      at: Date.now(),
      detail,
      failureReason: view.failureReason,
      action: view.qrCode && view.status === 'open' ? { qrCode: view.qrCode } : null,
    });
  };

  const fail = async (reason: FailureReason): Promise<ProcessView> => {
    view.status = 'failed';
    view.failureReason = reason;
    await record('failed', { reason });
    await activities.notifyOutcome({ processId: input.processId, accountId: input.accountId, outcome: 'failed', reason });
    return view;
  };

  const issueQrCode = async (): Promise<void> => {
    const ticket = uuid4();
    const expiresAt = Date.now() + durationMs(input.durations.qrValidity);
    const { qrUrl } = await activities.issueQrCode({ processId: input.processId, provider: 'wechat', ticket, expiresAt });
    view.qrCode = { ticket, qrUrl, expiresAt, expired: false };
  };

  const eligibility = await activities.openProcess({
    processId: input.processId,
    accountId: input.accountId,
    kind: 'individual_verification',
    method: input.method,
    at: startedAt,
    deadlines: { abandonAt: view.abandonAt },
  });
  if (!eligibility.eligible) return fail('account_not_eligible');

  await issueQrCode();
  await record('awaiting_scan', { ticketExpiresAt: view.qrCode!.expiresAt });
  publishedTicket = view.qrCode!.ticket;

  for (;;) {
    const code = view.qrCode!;
    const nextDeadline = code.expired ? view.abandonAt : Math.min(code.expiresAt, view.abandonAt);
    const woke = await condition(() => events.length > 0 || refreshRequested, Math.max(nextDeadline - Date.now(), 1));

    if (!woke) {
      if (Date.now() >= view.abandonAt) return fail('abandoned');
      // R-P7: an expired code cannot be used; the process waits for a fresh one.
      code.expired = true;
      await record('awaiting_scan', { ticketExpired: true });
      continue;
    }

    if (refreshRequested) {
      refreshRequested = false;
      await issueQrCode();
      await record('awaiting_scan', { ticketRefreshed: true, ticketExpiresAt: view.qrCode!.expiresAt });
      publishedTicket = view.qrCode!.ticket;
      continue;
    }

    const event = events.shift()!;
    // Events about an old or expired code have no effect (R-P7).
    if (event.ticket !== code.ticket || code.expired || Date.now() >= code.expiresAt) continue;

    if (event.type === 'scanned') {
      if (view.step === 'awaiting_scan') await record('awaiting_authorization');
      continue;
    }
    if (event.type === 'rejected') {
      // The person declined in WeChat: the code is spent, the process stays
      // open so the holder can try again with a fresh code.
      code.expired = true;
      await record('awaiting_scan', { authorizationRejected: true });
      continue;
    }
    if (!sameIdentity(input, event.realName)) return fail('identity_mismatch');

    const completion = await activities.completeIndividualVerification({
      processId: input.processId,
      accountId: input.accountId,
      applicant: input.applicant,
      method: input.method,
      at: Date.now(),
    });
    if (completion.outcome === 'identity_limit_reached') return fail('identity_limit_reached');
    view.status = 'verified';
    await record('verified');
    await activities.notifyOutcome({ processId: input.processId, accountId: input.accountId, outcome: 'verified' });
    return view;
  }
}

function notOpen(view: ProcessView): ApplicationFailure {
  return ApplicationFailure.create({
    type: 'ProcessNotOpen',
    message: `process ${view.processId} is ${view.status}${view.failureReason ? ` (${view.failureReason})` : ''}`,
    nonRetryable: true,
  });
}
