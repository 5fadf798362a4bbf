import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { createTransport } from 'nodemailer';
import type { SmtpConfig } from '../../config/smtp';
import { isEmailAddress } from '../../config/smtp';
import type { FailureType } from '../../domain/failures';
import type { ChannelSender, OutgoingNotification } from './notification-channels';

/**
 * E-mail over SMTP (nodemailer) as the e-mail port's adapter, selected by
 * EMAIL_PROVIDER=smtp and configured by SMTP_URL and SMTP_FROM (config/smtp.ts).
 *
 * The message is the notice as domain/texts.ts composed it for every channel
 * (Chinese by default, NOTICE_LANGUAGE): its title is the subject, its body
 * the plain-text body, in UTF-8.
 *
 * The address is the account's: this system keeps no e-mail addresses (the
 * outbox holds the account id only), so the platform's account directory
 * answers it (`AccountEmails`), as `AccountMobiles` does for SMS. Addresses
 * are personal data: they go to the relay and nowhere else; logs and failure
 * messages carry the notice id, nodemailer's error code and the relay's reply
 * code, never the address nor the relay's reply text (it may quote it).
 *
 * Failures are ApplicationFailures of the catalogue (domain/failures.ts): a
 * relay that cannot be reached, times out or answers 4xx (try later) is
 * retryable (`DependencyUnavailable`); a 5xx refusal, failed authentication
 * or a TLS the relay does not offer are not (`ProviderRejected`), nor an
 * account without a usable address (`InvalidActivityInput`). The delivery loop
 * retries a notice until its attempts are spent (R-G7).
 *
 * SMTP has no idempotency key: a send whose answer was lost and is retried may
 * reach the relay twice. A duplicate e-mail is the lesser harm than a notice
 * not sent (R-G5), and every attempt of a notice carries the same Message-ID
 * (derived from the notice's id), so mailbox providers and clients that drop
 * a repeated Message-ID show it once.
 */
export interface AccountEmails {
  /** The account's e-mail address as the platform holds it, or null when it has none. */
  emailOf(accountId: string): Promise<string | null>;
}

export interface SmtpEmailDeps {
  config: SmtpConfig;
  emails: AccountEmails;
  logger: { info(object: object, message: string): void; warn(object: object, message: string): void };
}

export function smtpEmailSender({ config, emails, logger }: SmtpEmailDeps): ChannelSender {
  const timeout = config.timeoutSeconds * 1000;
  // One connection per message, closed after it: notices are few, and nothing is left open between sends.
  const transport = createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    requireTLS: config.requireTls,
    auth: config.auth,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    // nodemailer's own logging would write the envelope (the address): off.
    logger: false,
    debug: false,
  });
  return {
    async send(notice: OutgoingNotification) {
      const where = `e-mail for notice ${notice.id}`;
      const address = (await emails.emailOf(notice.accountId))?.trim() ?? '';
      if (address === '') throw nonRetryable('InvalidActivityInput', `${where}: the account has no e-mail address`);
      if (!isEmailAddress(address)) throw nonRetryable('InvalidActivityInput', `${where}: the account's e-mail address is not one plain address`);
      let messageId: string | undefined;
      try {
        const sent = await transport.sendMail({
          from: config.from,
          to: address,
          subject: notice.title,
          text: notice.body,
          textEncoding: 'base64',
          headers: { 'X-Notice-Id': notice.id },
          messageId: noticeMessageId(notice.id, config.from),
        });
        messageId = typeof sent.messageId === 'string' ? sent.messageId : undefined;
      } catch (error) {
        const failure = classifySmtpError(where, error);
        logger.warn({ provider: 'email', adapter: 'smtp', notice: notice.id, ...smtpCodes(error) }, 'e-mail refused');
        throw failure;
      }
      logger.info({ provider: 'email', adapter: 'smtp', notice: notice.id, messageId }, 'e-mail sent');
    },
  };
}

/** nodemailer's error code (ECONNECTION, EAUTH, EENVELOPE ...) and the relay's reply code, when they are safe to show. */
function smtpCodes(error: unknown): { code?: string; responseCode?: number } {
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  return {
    code: typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? code : undefined,
    responseCode: typeof responseCode === 'number' && Number.isInteger(responseCode) ? responseCode : undefined,
  };
}

const RETRYABLE_CODE = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);

/** A nodemailer error, classified once: never its message (the relay's reply may quote the address), only its codes. */
export function classifySmtpError(where: string, error: unknown): ApplicationFailure {
  if (error instanceof ApplicationFailure) return error;
  const { code, responseCode } = smtpCodes(error);
  const named = [code, responseCode].filter((part) => part !== undefined).join(' ') || 'unknown error';
  if (responseCode !== undefined && responseCode >= 400 && responseCode < 500) return retryable(`${where}: ${named}`);
  if (responseCode !== undefined && responseCode >= 500) return nonRetryable('ProviderRejected', `${where}: ${named}`);
  if (code !== undefined && RETRYABLE_CODE.has(code)) return retryable(`${where}: ${named}`);
  return nonRetryable('ProviderRejected', `${where}: ${named}`);
}

function retryable(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: 'DependencyUnavailable' satisfies FailureType, message, nonRetryable: false });
}

function nonRetryable(type: FailureType, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}

/** A domain as RFC 5322's dot-atom allows it here: labels of letters, digits and inner hyphens. */
const DOT_ATOM_DOMAIN = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*$/;

/**
 * The one Message-ID of a notice, whichever attempt sends it (RFC 5322
 * msg-id), at the sender's domain. Hashed so that its form is fixed whatever
 * characters a notice id holds, not to hide it: X-Notice-Id carries the id.
 */
export function noticeMessageId(noticeId: string, from: string): string {
  const domain = /@([^@\s<>]+)>?\s*$/.exec(from)?.[1];
  return `<notice.${createHash('sha256').update(noticeId).digest('hex').slice(0, 32)}@${domain && DOT_ATOM_DOMAIN.test(domain) ? domain : 'notices.invalid'}>`;
}
