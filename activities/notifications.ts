import type { Database } from '../prisma/client';
import { sqlPool } from '../prisma/client';
import { prepared } from '../prisma/prepared';
import type { Channel, ChannelSender } from './providers/notification-channels';
import type { NotifyOutcomeInput } from './types';

const EXTERNAL_CHANNELS: Exclude<Channel, 'message_centre'>[] = ['sms', 'email', 'wechat'];

function compose(input: NotifyOutcomeInput): { title: string; body: string } {
  if (input.outcome === 'verified') {
    return { title: 'Real-name verification succeeded', body: `Process ${input.processId} verified your account.` };
  }
  if (input.outcome === 'review_approved') {
    return { title: 'Materials approved', body: `The review of process ${input.processId} approved your materials; the next step is open.` };
  }
  if (input.outcome === 'review_rejected') {
    return {
      title: 'Materials rejected',
      body: `The review of process ${input.processId} rejected your materials (reason: ${input.reason ?? 'not given'}). You may submit again or choose another method.`,
    };
  }
  return {
    title: 'Real-name verification failed',
    body: `Process ${input.processId} ended without verification (reason: ${input.reason ?? 'unknown'}).`,
  };
}

const RECORD_MESSAGE = `
  INSERT INTO messages (id, account_id, process_id, title, body) VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT DO NOTHING`;
const RECORD_NOTIFICATIONS = `
  INSERT INTO notifications (id, account_id, process_id, kind, channel, payload, sent_at)
  SELECT n.id, $4::text, $5::text, $6::text, n.channel, $7::jsonb, n.sent_at FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS n(id, channel, sent_at)
  ON CONFLICT DO NOTHING`;
// By primary key: a prefix match cannot use the index under a non-C collation and would scan every notification.
export const PENDING_NOTIFICATIONS = 'SELECT id, account_id, channel FROM notifications WHERE id = ANY($1::text[]) AND sent_at IS NULL';
const MARK_SENT = 'UPDATE notifications SET sent_at = now() WHERE id = ANY($1::text[])';
const recordMessage = prepared('record-message', RECORD_MESSAGE);
const recordNotifications = prepared('record-notifications', RECORD_NOTIFICATIONS);
const pendingNotifications = prepared('pending-notifications', PENDING_NOTIFICATIONS);
const markSent = prepared('mark-sent', MARK_SENT);

/**
 * R-G5: every outcome reaches the account through SMS, email, WeChat and the
 * message centre. Rows are keyed by process, outcome and channel, so a retried
 * activity records each once and sends again only what it had not marked sent.
 * Four statements whatever the channels, in plain SQL on the pool under Prisma:
 * this runs at every outcome (BENCHMARKS.md).
 */
export function createNotificationActivities(db: Database, senders: Record<Exclude<Channel, 'message_centre'>, ChannelSender>) {
  return {
    async notifyOutcome(input: NotifyOutcomeInput): Promise<void> {
      const { title, body } = compose(input);
      const pool = sqlPool(db);
      const key = `${input.processId}:${input.outcome}${input.occurrence ? `:${input.occurrence}` : ''}`;
      await pool.query(recordMessage([key, input.accountId, input.processId, title, body]));
      const channels = [...EXTERNAL_CHANNELS, 'message_centre' as const];
      const ids = channels.map((channel) => `${key}:${channel}`);
      const recordedAt = new Date();
      await pool.query(
        recordNotifications([
        ids,
        channels,
        channels.map((channel) => (channel === 'message_centre' ? recordedAt : null)),
        input.accountId,
        input.processId,
        input.outcome,
        JSON.stringify({ title, body, reason: input.reason ?? null }),
        ]),
      );
      const { rows: pending } = await pool.query<{ id: string; account_id: string; channel: string }>(pendingNotifications([ids]));
      // The channels are independent systems: one slow or down does not delay the others' sending.
      const results = await Promise.allSettled(
        pending.map(async (row) => {
          await senders[row.channel as Exclude<Channel, 'message_centre'>].send({ id: row.id, accountId: row.account_id, title, body });
          return row.id;
        }),
      );
      const sent = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      if (sent.length > 0) await pool.query(markSent([sent]));
      const failed = results.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}
