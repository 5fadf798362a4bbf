import { condition } from '@temporalio/workflow';
import { workflowDrawnTicket } from '../capabilities';
import { durationMs } from '../duration';
import type { CheckedPerson, FaceFailureReason, CodeProvider, ProviderEvent, QrCode, RealName } from '../individual/messages';
import { samePerson } from '../person';
import type { IssueQrCodeInput, IssuedQrCode } from '../../activities/types';

/** What a code check needs from the process running it: an enterprise verification or a change. */
export interface CodeCheckContext {
  input: { processId: string; durations: { qrValidity?: string }; faceMaxTries?: number; maxCodes?: number };
  view: { step: string; qrCode?: QrCode | null; faceTriesLeft?: number; lastFaceFailure?: FaceFailureReason | null };
  inbox: { providerEvents: ProviderEvent[]; refreshRequested: boolean; choice: unknown };
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
  record(step: string, detail?: Record<string, unknown>): Promise<void>;
}

export type CodeCheckResult =
  | { kind: 'authorized'; realName: RealName; officialAccountName?: string }
  | { kind: 'passed' }
  | { kind: 'face_attempts_exhausted' }
  | { kind: 'abandoned' }
  | { kind: 'interrupted' };

const DEFAULT_FACE_TRIES = 5;

/**
 * A WeChat QR scan or a face check through a code valid until a stated time
 * (R-E4, R-E6.2). An expired or spent code waits for the holder to ask for a
 * fresh one; a failed face check uses a try. Ends with the provider's verdict,
 * or when the holder picks another method, or when the process is abandoned.
 */
export async function codeCheck(
  ctx: CodeCheckContext,
  provider: Extract<CodeProvider, 'wechat' | 'face'>,
  waitingStep: string,
  /** R-P10: whom a face check is for. */
  person?: CheckedPerson,
): Promise<CodeCheckResult> {
  const { input, view, inbox, activities } = ctx;
  view.faceTriesLeft ??= input.faceMaxTries ?? DEFAULT_FACE_TRIES;
  const bound = ctx.capabilitiesFromActivities && provider === 'face' && person !== undefined;

  const issue = async (detail: Record<string, unknown>) => {
    const drawn = workflowDrawnTicket(ctx.capabilitiesFromActivities);
    const expiresAt = Date.now() + durationMs(input.durations.qrValidity ?? '10 minutes');
    const issued = await activities.issueQrCode({ processId: input.processId, provider, expiresAt, ...drawn, ...(bound ? { person } : {}) });
    ctx.codesIssued++;
    // A process started before tickets came from the activity got back only the URL.
    view.qrCode = { ticket: drawn.ticket ?? issued.ticket, qrUrl: issued.qrUrl, expiresAt, expired: false };
    await ctx.record(waitingStep, { ...detail, ticketExpiresAt: expiresAt });
  };

  inbox.refreshRequested = false;
  await issue({ provider });
  try {
    for (;;) {
      const code = view.qrCode!;
      const until = code.expired ? ctx.abandonAt : Math.min(code.expiresAt, ctx.abandonAt);
      const woke = await condition(
        () => inbox.providerEvents.length > 0 || inbox.refreshRequested || inbox.choice !== null,
        Math.max(until - Date.now(), 1),
      );
      if (!woke) {
        if (Date.now() >= ctx.abandonAt) return { kind: 'abandoned' };
        code.expired = true;
        await ctx.record(waitingStep, { ticketExpired: true });
        continue;
      }
      if (inbox.choice !== null) return { kind: 'interrupted' };
      if (inbox.refreshRequested) {
        inbox.refreshRequested = false;
        await issue({ ticketRefreshed: true });
        continue;
      }
      const event = inbox.providerEvents.shift()!;
      // Events about another code, an expired one, or from another provider change nothing.
      if (event.provider !== provider || event.ticket !== code.ticket || code.expired || Date.now() >= code.expiresAt) continue;
      switch (event.type) {
        case 'scanned':
          if (view.step === waitingStep) await ctx.record('awaiting_authorization');
          continue;
        case 'rejected':
          code.expired = true;
          await ctx.record(waitingStep, { authorizationRejected: true });
          continue;
        case 'authorized':
          return {
            kind: 'authorized',
            realName: event.realName,
            ...('officialAccountName' in event && event.officialAccountName !== undefined ? { officialAccountName: event.officialAccountName } : {}),
          };
        case 'passed':
          // R-P10: a pass counts only for the person the code was issued for; one for anyone else is a failed try.
          if (!bound || samePerson(event.person, person!)) return { kind: 'passed' };
        // falls through
        case 'failed': {
          const reason = event.type === 'failed' ? event.reason : 'identity_wrong';
          code.expired = true;
          view.lastFaceFailure = reason;
          view.faceTriesLeft = Math.max((view.faceTriesLeft ?? 1) - 1, 0);
          await ctx.record('face_failed', { reason, faceTriesLeft: view.faceTriesLeft });
          if (view.faceTriesLeft === 0) return { kind: 'face_attempts_exhausted' };
          continue;
        }
        default:
          continue;
      }
    }
  } finally {
    view.qrCode = null;
  }
}
