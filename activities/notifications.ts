import type { Database } from '../prisma/client';
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

/**
 * R-G5: every outcome reaches the account through SMS, email, WeChat and the
 * message centre. Rows are keyed by process, outcome and channel, so a retried
 * activity records each once and sends again only what it had not marked sent.
 * Four statements whatever the channels: this runs at every outcome (BENCHMARKS.md).
 */
export function createNotificationActivities(db: Database, senders: Record<Exclude<Channel, 'message_centre'>, ChannelSender>) {
  return {
    async notifyOutcome(input: NotifyOutcomeInput): Promise<void> {
      const { title, body } = compose(input);
      const key = `${input.processId}:${input.outcome}${input.occurrence ? `:${input.occurrence}` : ''}`;
      await db.message.createMany({
        data: [{ id: key, accountId: input.accountId, processId: input.processId, title, body }],
        skipDuplicates: true,
      });
      const channels = [...EXTERNAL_CHANNELS, 'message_centre' as const];
      await db.notification.createMany({
        data: channels.map((channel) => ({
          id: `${key}:${channel}`,
          accountId: input.accountId,
          processId: input.processId,
          kind: input.outcome,
          channel,
          payload: { title, body, reason: input.reason ?? null },
          sentAt: channel === 'message_centre' ? new Date() : null,
        })),
        skipDuplicates: true,
      });
      // By primary key: a prefix match cannot use the index under a non-C collation and would scan every notification.
      const pending = await db.notification.findMany({ where: { id: { in: channels.map((channel) => `${key}:${channel}`) }, sentAt: null } });
      // The channels are independent systems: one slow or down does not delay the others' sending.
      const results = await Promise.allSettled(
        pending.map(async (row) => {
          await senders[row.channel as Exclude<Channel, 'message_centre'>].send({ id: row.id, accountId: row.accountId, title, body });
          return row.id;
        }),
      );
      const sent = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      if (sent.length > 0) await db.notification.updateMany({ where: { id: { in: sent } }, data: { sentAt: new Date() } });
      const failed = results.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}
