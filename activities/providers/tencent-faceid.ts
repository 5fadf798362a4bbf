import { tencentClientOptions } from './tencent-cloud';
import { ApplicationFailure } from '@temporalio/common';
import TencentCloudSDKHttpException from 'tencentcloud-sdk-nodejs/tencentcloud/common/exception/tencent_cloud_sdk_exception';
import { Client as FaceIdClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/faceid/v20180301/faceid_client';
import type { DetectInfoText } from 'tencentcloud-sdk-nodejs/tencentcloud/services/faceid/v20180301/faceid_models';
import type { TencentFaceIdConfig } from '../../config/tencent-faceid';
import type { FailureType } from '../../domain/failures';
import type { CheckedPerson, FaceFailureReason, ProviderEvent } from '../../workflows/individual/messages';
import { faceChecksDocument, type FaceProvider } from './face';

/**
 * Tencent Cloud face verification (人脸核身, FaceID) as this system's face
 * provider, on the official SDK.
 *
 * Issuing a code (`createQrCode`) starts a check with `DetectAuth`, given the
 * person the code is for (R-P10: name and ID number, nothing else); Tencent's
 * `Url` (the page the person opens in WeChat) is the code's qrUrl. Our ticket
 * travels in `Extra`, which Tencent hands back with the result, and in the
 * `RedirectUrl`, to which Tencent appends `token=<BizToken>` when the person is
 * done. So the return needs no ticket → BizToken lookup, a retried issue (two
 * BizTokens for one ticket) is harmless, and a BizToken presented for a ticket
 * it was not issued for is recognised (`foreign`). The backstop's record of
 * started checks (`checks`) is keyed by BizToken for the same reasons.
 *
 * The result is read (`readResult`) with `GetDetectInfoEnhanced`, text only
 * (InfoType 1: no photos, no video): Tencent's final ErrCode becomes a pass for
 * the person Tencent reports (whom the workflow compares, R-P10) or one of
 * R-P8's reasons. Tencent does not call back; the browser's return is the
 * trigger, and the result is always fetched here with our credentials, so a
 * forged return proves nothing. A browser that never returns is covered by
 * the worker's backstop (activities/face-backstop.ts), which reads each check
 * recorded at its start (`checks`) until a result or the code's expiry.
 *
 * Logs carry ids only (ticket, Tencent's RequestId, the ErrCode); failures
 * name the action, Tencent's error code and RequestId, never its message (it
 * may quote what was sent).
 */
export interface TencentFaceProvider extends FaceProvider {
  readResult(ticket: string, bizToken: string): Promise<FaceIdOutcome>;
}

/** What a check has come to, as Tencent reports it. */
export type FaceIdOutcome =
  /** The person has not finished (ErrCode 17, or none yet). */
  | { status: 'pending' }
  /** The BizToken's 7,200 s ran out (ErrCode 15): the code's own expiry (R-P7) takes over. */
  | { status: 'expired' }
  | { status: 'passed'; person: CheckedPerson }
  | { status: 'failed'; reason: FaceFailureReason; errCode: number }
  /** Tencent could not judge (its engine, its photo source, the flow's set-up): no try is spent. */
  | { status: 'void'; errCode: number }
  /** The BizToken was not issued for this ticket (a forged or mixed-up return). */
  | { status: 'foreign' };

/** Where each check started is recorded for the backstop's reads (activities/face-backstop.ts). */
export interface FaceCheckBook {
  started(ticket: string, bizToken: string, expiresAt: number): Promise<void>;
}

export interface TencentFaceIdDeps {
  config: TencentFaceIdConfig;
  logger: { info(object: object, message: string): void; warn(object: object, message: string): void };
  /** The worker's adapter records its checks; the API's (which only reads results on the return) records none. */
  checks?: FaceCheckBook;
}

// Tencent's final result codes (人脸核身 返回码), grouped by R-P8's reasons.
/** 2002 name wrong, 2003 ID number wrong, 2005 no such identity, 2006 name and number do not match, 301 another ID than the one given, 302 an expired ID. */
const IDENTITY_WRONG = new Set([2002, 2003, 2005, 2006, 301, 302]);
/**
 * 2016 not the same person (similarity under the threshold); 1002..1005 the
 * live check failed (suspected recording, not recognised). R-P8 has no
 * liveness reason of its own: the face did not check out against the photo.
 */
const FACE_MISMATCH = new Set([2016, 1002, 1003, 1004, 1005]);
/** 2010 the face was not fully shown. */
const FACE_NOT_IN_FRAME = new Set([2010]);
/** LivenessInfoTag 14: eyes or mouth covered. */
const COVERED_TAG = '14';
const FLOW_NOT_FINISHED = 17;
const TOKEN_EXPIRED = 15;
const RETRIES_EXHAUSTED = 16;

/** Trimmed ID numbers compare with an uppercase X (Tencent refuses a lowercase one). */
const idNumber = (value: string) => value.trim().toUpperCase();

export function tencentFaceProvider({ config, logger, checks }: TencentFaceIdDeps, client: FaceIdClient = faceIdClient(config)): TencentFaceProvider {
  return {
    async createQrCode(ticket, expiresAt, person) {
      // R-P10: a code is issued for the person it must check; Tencent checks the ID card it is given.
      if (!person) throw nonRetryable('InvalidActivityInput', `FaceID DetectAuth for ticket ${ticket}: no person to check`);
      if (!faceChecksDocument('tencent', person.documentType)) {
        throw nonRetryable('InvalidActivityInput', `FaceID DetectAuth for ticket ${ticket}: ${person.documentType} is not checked by FaceID`);
      }
      const answer = await call('DetectAuth', ticket, () =>
        client.DetectAuth({
          RuleId: config.ruleId,
          Name: person.name.trim(),
          IdCard: idNumber(person.documentNumber),
          RedirectUrl: returnUrl(config.redirectUrl, ticket),
          Extra: ticket,
        }),
      );
      if (typeof answer?.Url !== 'string' || !/^https?:\/\//.test(answer.Url) || typeof answer.BizToken !== 'string' || answer.BizToken === '') {
        throw malformed('DetectAuth', ticket, answer?.RequestId);
      }
      // The backstop reads this check until its code expires, should the browser never come back (R-P7).
      await checks?.started(ticket, answer.BizToken, expiresAt);
      logger.info({ provider: 'face', adapter: 'tencent-faceid', ticket, requestId: answer.RequestId }, 'face check started');
      return { qrUrl: answer.Url };
    },

    async readResult(ticket, bizToken) {
      const answer = await call('GetDetectInfoEnhanced', ticket, () => client.GetDetectInfoEnhanced({ BizToken: bizToken, RuleId: config.ruleId, InfoType: '1' }));
      const text = answer?.Text;
      if (text === null || typeof text !== 'object') throw malformed('GetDetectInfoEnhanced', ticket, answer?.RequestId);
      const outcome = outcomeOf(text, ticket);
      if (outcome === 'malformed') throw malformed('GetDetectInfoEnhanced', ticket, answer?.RequestId);
      const errCode = 'errCode' in outcome ? outcome.errCode : text.ErrCode;
      const log = { provider: 'face', adapter: 'tencent-faceid', ticket, requestId: answer.RequestId, status: outcome.status, errCode };
      if (outcome.status === 'void' || outcome.status === 'foreign') logger.warn(log, 'face check result not usable');
      else logger.info(log, 'face check result read');
      return outcome;
    },
  };
}

/** The SDK client for the config (activities/providers/tencent-cloud.ts). */
export function faceIdClient(config: TencentFaceIdConfig): FaceIdClient {
  return new FaceIdClient(tencentClientOptions(config));
}

function returnUrl(base: string, ticket: string): string {
  const url = new URL(base);
  url.searchParams.set('ticket', ticket);
  return url.toString();
}

/** Tencent's answer about a check, in this system's terms; 'malformed' when it cannot be read. */
export function outcomeOf(text: DetectInfoText, ticket: string): FaceIdOutcome | 'malformed' {
  const errCode = text.ErrCode;
  if (errCode === null || errCode === undefined) return { status: 'pending' };
  if (typeof errCode !== 'number' || !Number.isInteger(errCode)) return 'malformed';
  // Extra is what DetectAuth was given: our ticket. Anything else is another check's result.
  if (text.Extra !== ticket) return { status: 'foreign' };
  if (errCode === FLOW_NOT_FINISHED) return { status: 'pending' };
  if (errCode === TOKEN_EXPIRED) return { status: 'expired' };
  if (errCode === 0) {
    if (typeof text.Name !== 'string' || typeof text.IdCard !== 'string' || text.Name.trim() === '' || text.IdCard.trim() === '') return 'malformed';
    // UseIDType 0 (or unreported): a mainland ID card. A check done on another document is not the mainland ID the code was bound to.
    if (text.UseIDType !== undefined && text.UseIDType !== null && text.UseIDType !== 0) return { status: 'failed', reason: 'identity_wrong', errCode };
    // R-P10: whom Tencent verified, as it reports them; the workflow compares (workflows/person.ts).
    return { status: 'passed', person: { name: text.Name.trim(), documentType: 'mainland_id', documentNumber: idNumber(text.IdCard) } };
  }
  const covered = Array.isArray(text.LivenessInfoTag) && text.LivenessInfoTag.map(String).includes(COVERED_TAG);
  if (covered) return { status: 'failed', reason: 'face_covered', errCode };
  const reason =
    reasonOf(errCode) ??
    // 16: Tencent's own retries ran out; its last comparison or liveness result says why.
    (errCode === RETRIES_EXHAUSTED ? (reasonOf(text.Comparestatus) ?? reasonOf(text.LiveStatus) ?? 'face_mismatch') : undefined);
  return reason ? { status: 'failed', reason, errCode } : { status: 'void', errCode };
}

function reasonOf(code: number | null | undefined): FaceFailureReason | undefined {
  if (typeof code !== 'number') return undefined;
  if (IDENTITY_WRONG.has(code)) return 'identity_wrong';
  if (FACE_MISMATCH.has(code)) return 'face_mismatch';
  if (FACE_NOT_IN_FRAME.has(code)) return 'face_not_in_frame';
  return undefined;
}

/**
 * The provider event an outcome makes, delivered like the signed face webhook's
 * (api/routes/webhooks.ts `deliverProviderEvent`): once per BizToken (the
 * event id), a pass with the person Tencent reported. Pending, expired, void
 * and foreign outcomes make none.
 */
export function faceEventOf(ticket: string, bizToken: string, outcome: FaceIdOutcome): ProviderEvent | null {
  const eventId = `tencent-faceid:${bizToken}`;
  switch (outcome.status) {
    case 'passed':
      return { provider: 'face', eventId, ticket, type: 'passed', person: outcome.person };
    case 'failed':
      return { provider: 'face', eventId, ticket, type: 'failed', reason: outcome.reason };
    default:
      return null;
  }
}

/**
 * One SDK call, its errors classified once (the catalogue is domain/failures.ts):
 * throttling, Tencent's internal errors, 5xx, 429, 408 and the network
 * (timeouts, refused or reset connections) are retryable; a parameter Tencent
 * refuses, an authentication or authorisation failure, any other error code,
 * and an answer that cannot be read are not.
 */
async function call<T>(action: string, ticket: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw classifyFaceIdError(action, ticket, error);
  }
}

const RETRYABLE_CODE = /^(RequestLimitExceeded|InternalError|ResourceUnavailable\.ServiceUnavailable)/;
const INVALID_INPUT_CODE = /^(InvalidParameter|InvalidParameterValue|MissingParameter|UnknownParameter)/;
const NETWORK_MESSAGE = /network timeout|timed? ?out|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|socket hang up/i;

export function classifyFaceIdError(action: string, ticket: string, error: unknown): ApplicationFailure {
  const where = `FaceID ${action} for ticket ${ticket}`;
  if (error instanceof TencentCloudSDKHttpException) {
    const { code, httpCode, requestId } = error as TencentCloudSDKHttpException & { code?: unknown; httpCode?: unknown };
    const request = requestId ? ` (request ${requestId})` : '';
    if (typeof code === 'string' && /^[A-Za-z0-9.]{1,80}$/.test(code)) {
      if (RETRYABLE_CODE.test(code)) return retryable(`${where}: ${code}${request}`);
      if (INVALID_INPUT_CODE.test(code)) return nonRetryable('InvalidActivityInput', `${where}: ${code}${request}`);
      return nonRetryable('ProviderRejected', `${where}: ${code}${request}`);
    }
    if (typeof httpCode === 'number') {
      if (httpCode >= 500 || httpCode === 429 || httpCode === 408) return retryable(`${where}: HTTP ${httpCode}`);
      return nonRetryable('ProviderRejected', `${where}: HTTP ${httpCode}`);
    }
    // The SDK wraps network errors in its own, keeping only the message.
    if (NETWORK_MESSAGE.test(error.message)) return retryable(`${where}: network (${networkKind(error.message)})`);
    return nonRetryable('ProviderRejected', `${where}: SDK error`);
  }
  // An answer that is not JSON (node-fetch's invalid-json) or not the API's shape (no Response).
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'FetchError' || name === 'TypeError' || name === 'SyntaxError') return malformed(action, ticket);
  if (error instanceof ApplicationFailure) return error;
  return nonRetryable('ProviderRejected', `${where}: ${typeof name === 'string' ? name : 'unknown error'}`);
}

function networkKind(message: string): string {
  return /time/i.test(message) ? 'timeout' : (/E[A-Z_]{4,}/.exec(message)?.[0] ?? 'connection');
}

function malformed(action: string, ticket: string, requestId?: string): ApplicationFailure {
  return nonRetryable('ProviderRejected', `FaceID ${action} for ticket ${ticket}: malformed answer${requestId ? ` (request ${requestId})` : ''}`);
}

function retryable(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: 'DependencyUnavailable' satisfies FailureType, message, nonRetryable: false });
}

function nonRetryable(type: FailureType, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}
