import { createDatabase, type Database } from '../prisma/client';
import { createNotificationActivities } from '../activities/notifications';
import type { ChannelSender, OutgoingNotification } from '../activities/providers/notification-channels';
import { testConfig } from './support/environment';
import { uniqueId } from './support/system';

/** A channel that records what it delivered and refuses while told to. */
function channel(): ChannelSender & { delivered: string[]; down: boolean } {
  const sender = {
    delivered: [] as string[],
    down: false,
    async send(notification: OutgoingNotification) {
      if (sender.down) throw new Error('channel unavailable');
      sender.delivered.push(notification.id);
    },
  };
  return sender;
}

// The outcome notices against the provisioned PostgreSQL.
describe('outcome notifications (R-G5, PostgreSQL)', () => {
  let db: Database;
  const config = testConfig();
  const accountId = uniqueId('acc_notify');

  beforeAll(async () => {
    db = createDatabase(config.databaseUrl!, config.database);
    await db.account.create({ data: { id: accountId, displayName: accountId } });
  });
  afterAll(async () => {
    await db.notification.deleteMany({ where: { accountId } });
    await db.message.deleteMany({ where: { accountId } });
    await db.account.delete({ where: { id: accountId } });
    await db.$disconnect();
  });

  it('R-G5: a channel that is down fails the attempt; the retry sends only what was not sent, each row once', async () => {
    const senders = { sms: channel(), email: channel(), wechat: channel() };
    const { notifyOutcome } = createNotificationActivities(db, senders);
    const processId = uniqueId('prc_notify');
    const input = { processId, accountId, outcome: 'verified' as const };

    senders.email.down = true;
    await expect(notifyOutcome(input)).rejects.toThrow('channel unavailable');
    senders.email.down = false;
    await notifyOutcome(input);
    await notifyOutcome(input);

    expect(senders.sms.delivered).toEqual([`${processId}:verified:sms`]);
    expect(senders.wechat.delivered).toEqual([`${processId}:verified:wechat`]);
    expect(senders.email.delivered).toEqual([`${processId}:verified:email`]);
    const rows = await db.notification.findMany({ where: { processId }, orderBy: { channel: 'asc' } });
    expect(rows.map((row) => [row.channel, row.sentAt !== null])).toEqual([
      ['email', true],
      ['message_centre', true],
      ['sms', true],
      ['wechat', true],
    ]);
    expect(await db.message.count({ where: { processId } })).toBe(1);
  });
});
