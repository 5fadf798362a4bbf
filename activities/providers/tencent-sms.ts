import { tencentClientOptions } from './tencent-cloud';
import { ApplicationFailure } from '@temporalio/common';
import TencentCloudSDKHttpException from 'tencentcloud-sdk-nodejs/tencentcloud/common/exception/tencent_cloud_sdk_exception';
import { Client as SmsClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/sms/v20210111/sms_client';
import type { TencentSmsConfig } from '../../config/tencent-sms';
import type { FailureType } from '../../domain/failures';
import { normaliseMobile } from '../../domain/mobile';
import type { ChannelSender, OutgoingNotification } from './notification-channels';

/**
 * Tencent Cloud SMS (`SendSms`) as the SMS port's adapter, on the official SDK
 * (the sms client only).
 *
 * A notice goes out with one approved template whose two parameters are the
 * notice's title and body, exactly as domain/texts.ts composed them for every
 * channel (Chinese by default): `TemplateParamSet: [title, body]`. The notice
 * id travels as `SessionContext`, which Tencent echoes per number, so an
 * answer about another send is recognised as malformed.
 *
 * The number is the account's: this system keeps no phone numbers, so the
 * platform's account directory answers it (`AccountMobiles`). Phone numbers
 * are personal data: they are sent to Tencent and nowhere else; logs and
 * failure messages carry the notice id, Tencent's codes and RequestId, never
 * the number nor Tencent's message (it may quote it).
 *
 * Failures are ApplicationFailures of the catalogue (domain/failures.ts):
 * throttling (the API's and Tencent's per-number limits), its internal
 * errors, 5xx and timeouts are retryable (`DependencyUnavailable`); an invalid
 * number, a template or signature Tencent refuses, a parameter it refuses,
 * authentication failures and malformed answers are not. The delivery loop
 * retries a notice until its attempts are spent (R-G7).
 *
 * `SendSms` has no idempotency key: a send whose answer was lost (a timeout)
 * and is retried may reach the phone twice. A duplicate SMS is the lesser harm
 * than a notice not sent (R-G5).
 */
export interface AccountMobiles {
  /** The account's mobile number as the platform holds it, or null when it has none. */
  mobileOf(accountId: string): Promise<string | null>;
}

export interface TencentSmsDeps {
  config: TencentSmsConfig;
  mobiles: AccountMobiles;
  logger: { info(object: object, message: string): void; warn(object: object, message: string): void };
}

export function tencentSmsSender({ config, mobiles, logger }: TencentSmsDeps, client: SmsClient = smsClient(config)): ChannelSender {
  return {
    async send(notice: OutgoingNotification) {
      const where = `SMS SendSms for notice ${notice.id}`;
      const mobile = await mobiles.mobileOf(notice.accountId);
      if (mobile === null || mobile.trim() === '') throw nonRetryable('InvalidActivityInput', `${where}: the account has no mobile number`);
      const checked = normaliseMobile(mobile);
      if (!checked.ok) throw nonRetryable('InvalidActivityInput', `${where}: the account's mobile number is not a mainland mobile number`);
      let answer: Awaited<ReturnType<SmsClient['SendSms']>>;
      try {
        answer = await client.SendSms({
          PhoneNumberSet: [`+86${checked.normalised}`],
          SmsSdkAppId: config.sdkAppId,
          SignName: config.signName,
          TemplateId: config.templateId,
          TemplateParamSet: [notice.title, notice.body],
          SessionContext: notice.id,
        });
      } catch (error) {
        throw classifySmsError(where, error);
      }
      const status = Array.isArray(answer?.SendStatusSet) && answer.SendStatusSet.length === 1 ? answer.SendStatusSet[0] : undefined;
      const requestId = typeof answer?.RequestId === 'string' ? answer.RequestId : undefined;
      const request = requestId ? ` (request ${requestId})` : '';
      if (!status || typeof status.Code !== 'string' || (status.SessionContext !== undefined && status.SessionContext !== notice.id)) {
        throw nonRetryable('ProviderRejected', `${where}: malformed answer${request}`);
      }
      const log = { provider: 'sms', adapter: 'tencent-sms', notice: notice.id, requestId, code: safeCode(status.Code), serialNo: status.SerialNo };
      if (status.Code === 'Ok') {
        logger.info(log, 'sms sent');
        return;
      }
      logger.warn(log, 'sms refused');
      throw classifyCode(where, status.Code, request);
    },
  };
}

/** The SDK client for the config (activities/providers/tencent-cloud.ts). */
export function smsClient(config: TencentSmsConfig): SmsClient {
  return new SmsClient(tencentClientOptions(config));
}

// Tencent's codes, for the whole request (Response.Error.Code) or one number (SendStatus.Code).
/** Throttling (the API's, a number's 30 s / hour / day limits), Tencent's own trouble, and an SMS package that ran out (an operator tops it up; the retry then goes). */
const RETRYABLE_CODE = /^(RequestLimitExceeded|LimitExceeded\.|InternalError|ResourceUnavailable\.ServiceUnavailable|FailedOperation\.InsufficientBalanceInSmsPackage)/;
const INVALID_INPUT_CODE = /^(InvalidParameter|InvalidParameterValue|MissingParameter|UnknownParameter|FailedOperation\.(PhoneNumber|TemplateParam|Template|Signature|ContainSensitiveWord))/;
const NETWORK_MESSAGE = /network timeout|timed? ?out|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|socket hang up/i;

const safeCode = (code: string) => (/^[A-Za-z0-9.]{1,80}$/.test(code) ? code : 'unreadable');

function classifyCode(where: string, code: string, request: string): ApplicationFailure {
  const named = safeCode(code);
  if (RETRYABLE_CODE.test(named)) return retryable(`${where}: ${named}${request}`);
  if (INVALID_INPUT_CODE.test(named)) return nonRetryable('InvalidActivityInput', `${where}: ${named}${request}`);
  return nonRetryable('ProviderRejected', `${where}: ${named}${request}`);
}

/** An SDK error, classified once: never Tencent's message (it may quote the number), only its code and RequestId. */
export function classifySmsError(where: string, error: unknown): ApplicationFailure {
  if (error instanceof TencentCloudSDKHttpException) {
    const { code, httpCode, requestId } = error as TencentCloudSDKHttpException & { code?: unknown; httpCode?: unknown };
    const request = requestId ? ` (request ${requestId})` : '';
    if (typeof code === 'string' && code !== '') return classifyCode(where, code, request);
    if (typeof httpCode === 'number') {
      if (httpCode >= 500 || httpCode === 429 || httpCode === 408) return retryable(`${where}: HTTP ${httpCode}`);
      return nonRetryable('ProviderRejected', `${where}: HTTP ${httpCode}`);
    }
    // The SDK wraps network errors in its own, keeping only the message.
    if (NETWORK_MESSAGE.test(error.message)) return retryable(`${where}: network (${/time/i.test(error.message) ? 'timeout' : 'connection'})`);
    return nonRetryable('ProviderRejected', `${where}: SDK error`);
  }
  // An answer that is not JSON (node-fetch's invalid-json) or not the API's shape (no Response).
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'FetchError' || name === 'TypeError' || name === 'SyntaxError') return nonRetryable('ProviderRejected', `${where}: malformed answer`);
  if (error instanceof ApplicationFailure) return error;
  return nonRetryable('ProviderRejected', `${where}: ${typeof name === 'string' ? name : 'unknown error'}`);
}

function retryable(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: 'DependencyUnavailable' satisfies FailureType, message, nonRetryable: false });
}

function nonRetryable(type: FailureType, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}
