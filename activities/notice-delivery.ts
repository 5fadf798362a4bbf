import type { NoticePolicy } from '../config';
import type { Logger } from '../config/logger';
import type { Database } from '../prisma/client';
import { sqlPool } from '../prisma/client';
import { prepared } from '../prisma/prepared';
import type { Channel, ChannelSender, OutgoingNotification } from './providers/notification-channels';
import { NoAnswerInTime, within } from './within';

/** A notice channel that did not answer an attempt in time. */
class NoticeTimeout extends NoAnswerInTime {
  override name = 'NoticeTimeout';
}

// R-G7: the notifications table is an outbox. A row is claimed for one attempt
// by raising its `attempts` and pushing `next_attempt_at` past the attempt's
// longest run (the claim's lease); only the claim holding that attempts number
// may settle it, so a claim that lapsed (its worker died or stalled) and was
// taken by another worker can no longer overwrite the newer result. Claims take
// due rows with FOR UPDATE SKIP LOCKED: two workers never claim the same attempt.

export type ExternalChannel = Exclude<Channel, 'message_centre'>;
export type ChannelSenders = Record<ExternalChannel, ChannelSender>;

/** A claim outlives the attempt it covers by this much, so it lapses only when its worker is gone. */
const LEASE_MARGIN_MS = 30_000;

export function claimLeaseMs(policy: NoticePolicy): number {
  return Math.max(policy.sendTimeoutMs, policy.quickAttemptMs) + LEASE_MARGIN_MS;
}

export const CLAIM_DUE_NOTICES = `
  UPDATE notifications n SET attempts = n.attempts + 1, next_attempt_at = now() + $2 * interval '1 millisecond'
  WHERE n.id IN (
    SELECT id FROM notifications
    WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
    ORDER BY next_attempt_at
    LIMIT $1
    FOR UPDATE SKIP LOCKED
  )
  RETURNING n.id, n.account_id, n.process_id, n.channel, n.payload, n.attempts`;

/**
 * One statement settles a batch of attempts: sent, or due again after
 * base × 2^(attempts − 1) seconds (at most the maximum), or failed once the
 * attempts are spent. Returns the rows it marked failed, to alert about.
 */
export const SETTLE_ATTEMPTS = `
  UPDATE notifications n SET
    sent_at = CASE WHEN s.error IS NULL THEN now() END,
    last_error = s.error,
    failed_at = CASE WHEN s.error IS NOT NULL AND n.attempts >= $4 THEN now() END,
    next_attempt_at = CASE WHEN s.error IS NULL THEN n.next_attempt_at
      ELSE now() + make_interval(secs => LEAST($5::float8 * power(2, n.attempts - 1), $6::float8)) END
  FROM unnest($1::text[], $2::int[], $3::text[]) AS s(id, attempt, error)
  WHERE n.id = s.id AND n.attempts = s.attempt AND n.sent_at IS NULL AND n.failed_at IS NULL
  RETURNING n.id, n.process_id AS "processId", n.channel, n.attempts, n.sent_at IS NOT NULL AS sent, n.failed_at IS NOT NULL AS failed`;

const claimDueNotices = prepared('claim-due-notices', CLAIM_DUE_NOTICES);
const settleAttempts = prepared('settle-notice-attempts', SETTLE_ATTEMPTS);

/** A notice claimed for one attempt; `attempt` is the attempts number its claim set. */
export interface ClaimedNotice {
  id: string;
  accountId: string;
  channel: ExternalChannel;
  title: string;
  body: string;
  attempt: number;
}

/** The result of one attempt: null when sent, else what failed (for last_error, operators only; never logged). */
type AttemptResult = { notice: ClaimedNotice; error: string | null };

const MAX_ERROR_LENGTH = 200;

/**
 * One attempt, bounded by `timeoutMs`: a channel that never answers costs that
 * long and no more. A send that answers after its timeout is ignored; the
 * notice's id goes with every attempt, so a provider that deduplicates by it
 * delivers once.
 */
async function attempt(senders: ChannelSenders, notice: ClaimedNotice, timeoutMs: number): Promise<AttemptResult> {
  try {
    const sender = senders[notice.channel];
    if (!sender) throw new Error(`no sender for channel ${notice.channel}`);
    await within(timeoutMs, sender.send({ id: notice.id, accountId: notice.accountId, title: notice.title, body: notice.body }), NoticeTimeout);
    return { notice, error: null };
  } catch (error) {
    const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
    return { notice, error: `${name}: ${message}`.slice(0, MAX_ERROR_LENGTH) };
  }
}

export interface SettledNotice {
  id: string;
  processId: string | null;
  channel: string;
  attempts: number;
  sent: boolean;
  failed: boolean;
}

/** Makes the claimed attempts, all channels at once (independent systems), and settles them in one statement. */
export async function attemptAndSettle(
  db: Database,
  senders: ChannelSenders,
  policy: NoticePolicy,
  notices: ClaimedNotice[],
  timeoutMs: number,
): Promise<SettledNotice[]> {
  if (notices.length === 0) return [];
  const results = await Promise.all(notices.map((notice) => attempt(senders, notice, timeoutMs)));
  const { rows } = await sqlPool(db).query<SettledNotice>(
    settleAttempts([
      results.map((result) => result.notice.id),
      results.map((result) => result.notice.attempt),
      results.map((result) => result.error),
      policy.maxAttempts,
      policy.retryBaseSeconds,
      policy.retryMaxSeconds,
    ]),
  );
  return rows;
}

export interface NoticeDeliveryDeps {
  db: Database;
  senders: ChannelSenders;
  /** Where a notice that spent its attempts is reported. */
  operatorAlerts: ChannelSender;
  policy: NoticePolicy;
  logger: Logger;
  /** Rows claimed per statement (default 50). */
  batchSize?: number;
}

export interface DeliveryRound {
  sent: number;
  retried: number;
  failed: number;
}

/** Claimed rows to attempts: the payload holds what the account reads. */
function claimedNotices(rows: Array<{ id: string; account_id: string; channel: string; payload: { title?: string; body?: string }; attempts: number }>): ClaimedNotice[] {
  return rows.map((row) => ({
    id: row.id,
    accountId: row.account_id,
    channel: row.channel as ExternalChannel,
    title: String(row.payload?.title ?? ''),
    body: String(row.payload?.body ?? ''),
    attempt: row.attempts,
  }));
}

/** The alert for a notice that spent its attempts: its id, channel and process, never the holder or the message. */
function failureAlert(notice: SettledNotice): OutgoingNotification {
  return {
    id: `${notice.id}:failed`,
    accountId: 'operators',
    title: 'Outcome notice not delivered',
    body:
      `Notice ${notice.id} (${notice.channel}, process ${notice.processId ?? 'none'}) was not delivered after ${notice.attempts} attempts. ` +
      'Failed notices are listed at GET /v1/operator/notices?status=failed.',
  };
}

/**
 * R-G7: one pass of the delivery loop. Claims due notices a batch at a time
 * until none is left, attempts each, and settles them; a notice whose attempts
 * are spent is marked failed and reported to operators once (only the settle
 * that marked it failed returns it as failed). Logs name the notice and its
 * channel, never the account holder or the message.
 */
export async function deliverDueNotices({ db, senders, operatorAlerts, policy, logger, batchSize = 50 }: NoticeDeliveryDeps): Promise<DeliveryRound> {
  const round: DeliveryRound = { sent: 0, retried: 0, failed: 0 };
  const pool = sqlPool(db);
  for (;;) {
    const { rows } = await pool.query(claimDueNotices([batchSize, claimLeaseMs(policy)]));
    const settled = await attemptAndSettle(db, senders, policy, claimedNotices(rows), policy.sendTimeoutMs);
    for (const notice of settled) {
      if (notice.sent) round.sent += 1;
      else if (!notice.failed) round.retried += 1;
      else {
        round.failed += 1;
        logger.warn({ notice: notice.id, channel: notice.channel, attempts: notice.attempts }, 'notice not delivered after its last attempt; operators alerted');
        // An alert that cannot be sent leaves the notice listed and counted (GET /v1/operator/notices, realname_notices_failed).
        await within(policy.sendTimeoutMs, Promise.resolve().then(() => operatorAlerts.send(failureAlert(notice))), NoticeTimeout).catch((error: Error) =>
          logger.warn({ notice: notice.id, err: { name: error.name } }, 'operator alert for a failed notice not sent'),
        );
      }
    }
    if (rows.length < batchSize) return round;
  }
}
