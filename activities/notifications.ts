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
 * activity records and sends each at most once more than it must, never twice as a row.
 */
export function createNotificationActivities(db: Database, senders: Record<Exclude<Channel, 'message_centre'>, ChannelSender>) {
  return {
    async notifyOutcome(input: NotifyOutcomeInput): Promise<void> {
      const { title, body } = compose(input);
      const key = `${input.processId}:${input.outcome}${input.occurrence ? `:${input.occurrence}` : ''}`;
      await db.message.upsert({
        where: { id: key },
        update: {},
        create: { id: key, accountId: input.accountId, processId: input.processId, title, body },
      });
      await db.notification.createMany({
        data: [...EXTERNAL_CHANNELS, 'message_centre' as const].map((channel) => ({
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
      const pending = await db.notification.findMany({
        where: { id: { startsWith: `${key}:` }, sentAt: null },
      });
      for (const row of pending) {
        await senders[row.channel as Exclude<Channel, 'message_centre'>].send({ id: row.id, accountId: row.accountId, title, body });
        await db.notification.update({ where: { id: row.id }, data: { sentAt: new Date() } });
      }
    },
  };
}
