import type { Database } from '../prisma/client';
import { sqlPool } from '../prisma/client';
import { prepared } from '../prisma/prepared';
import { NOTICE_DEFAULTS, type NoticePolicy } from '../config';
import { attemptAndSettle, claimLeaseMs, type ChannelSenders, type ExternalChannel } from './notice-delivery';
import type { NotifyOutcomeInput } from './types';
import { DEFAULT_LANGUAGE } from '../domain/language';
import { noticeText } from '../domain/texts';

const EXTERNAL_CHANNELS: ExternalChannel[] = ['sms', 'email', 'wechat'];

const RECORD_MESSAGE = `
  INSERT INTO messages (id, account_id, process_id, title, body) VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT DO NOTHING`;
/**
 * The message centre's row is sent as it is written; each external channel's
 * row is written claimed for its first attempt (attempts 1, due again when the
 * claim lapses), and only the rows this statement inserted come back: a retried
 * activity attempts nothing twice and leaves what is unsent to the delivery loop.
 */
export const RECORD_NOTIFICATIONS = `
  INSERT INTO notifications (id, account_id, process_id, kind, channel, payload, sent_at, attempts, next_attempt_at)
  SELECT n.id, $4::text, $5::text, $6::text, n.channel, $7::jsonb, n.sent_at,
    CASE WHEN n.sent_at IS NULL THEN 1 ELSE 0 END, now() + $8 * interval '1 millisecond'
  FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS n(id, channel, sent_at)
  ON CONFLICT DO NOTHING
  RETURNING id, channel, attempts`;
const recordMessage = prepared('record-message', RECORD_MESSAGE);
const recordNotifications = prepared('record-notices-claimed', RECORD_NOTIFICATIONS);

/**
 * R-G5: every outcome reaches the account through SMS, email, WeChat and the
 * message centre. R-G7: the activity records the notices (the message centre
 * entry, one outbox row per external channel, keyed by process, outcome and
 * channel) and makes one quick attempt per channel, bounded by
 * `quickAttemptMs`; a channel that is down or slow never fails it, so the
 * process closes right after its outcome and the worker's delivery loop
 * (worker/notice-delivery.ts) retries what is unsent. A database error still
 * fails it, to be retried. Three or four statements whatever the channels, in
 * plain SQL on the pool under Prisma: this runs at every outcome (BENCHMARKS.md).
 */
export function createNotificationActivities(db: Database, senders: ChannelSenders, policy: NoticePolicy = NOTICE_DEFAULTS) {
  return {
    async notifyOutcome(input: NotifyOutcomeInput): Promise<void> {
      // The holders' language (NOTICE_LANGUAGE, Chinese by default): the notice is written once, in it, for every channel.
      const { title, body } = noticeText(input, policy.language ?? DEFAULT_LANGUAGE);
      const pool = sqlPool(db);
      const key = `${input.processId}:${input.outcome}${input.occurrence ? `:${input.occurrence}` : ''}`;
      await pool.query(recordMessage([key, input.accountId, input.processId, title, body]));
      const channels = [...EXTERNAL_CHANNELS, 'message_centre' as const];
      const recordedAt = new Date();
      const { rows: recorded } = await pool.query<{ id: string; channel: string; attempts: number }>(
        recordNotifications([
          channels.map((channel) => `${key}:${channel}`),
          channels,
          channels.map((channel) => (channel === 'message_centre' ? recordedAt : null)),
          input.accountId,
          input.processId,
          input.outcome,
          JSON.stringify({ title, body, reason: input.reason ?? null }),
          claimLeaseMs(policy),
        ]),
      );
      const claimed = recorded
        .filter((row) => row.channel !== 'message_centre')
        .map((row) => ({ id: row.id, accountId: input.accountId, channel: row.channel as ExternalChannel, title, body, attempt: row.attempts }));
      await attemptAndSettle(db, senders, policy, claimed, policy.quickAttemptMs);
    },
  };
}
