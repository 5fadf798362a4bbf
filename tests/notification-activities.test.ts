import { createDatabase, sqlPool, type Database } from '../prisma/client';
import { createNotificationActivities } from '../activities/notifications';
import type { ChannelSender, OutgoingNotification } from '../activities/providers/notification-channels';
import { NOTICE_DEFAULTS } from '../config';
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

/** A channel that takes the message and never answers. */
const silent: ChannelSender = { send: () => new Promise<void>(() => undefined) };

// The outcome notices against the provisioned PostgreSQL.
describe('outcome notifications (R-G5, R-G7, PostgreSQL)', () => {
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

  /** Seconds from the database's now to the row's next attempt. */
  async function dueInSeconds(id: string): Promise<number> {
    const { rows } = await sqlPool(db).query<{ seconds: number }>('SELECT extract(epoch FROM next_attempt_at - now())::float8 AS seconds FROM notifications WHERE id = $1', [id]);
    return rows[0]!.seconds;
  }

  it('R-G5, R-G7: a channel that is down never fails the activity: every notice is recorded, the others are sent, and its row waits for the delivery loop', async () => {
    const senders = { sms: channel(), email: channel(), wechat: channel() };
    const { notifyOutcome } = createNotificationActivities(db, senders, NOTICE_DEFAULTS);
    const processId = uniqueId('prc_notify');
    const input = { processId, accountId, outcome: 'verified' as const };

    senders.email.down = true;
    await expect(notifyOutcome(input)).resolves.toBeUndefined();

    expect(senders.sms.delivered).toEqual([`${processId}:verified:sms`]);
    expect(senders.wechat.delivered).toEqual([`${processId}:verified:wechat`]);
    expect(senders.email.delivered).toEqual([]);
    const rows = await db.notification.findMany({ where: { processId }, orderBy: { channel: 'asc' } });
    expect(rows.map((row) => [row.channel, row.sentAt !== null, row.attempts])).toEqual([
      ['email', false, 1],
      ['message_centre', true, 0],
      ['sms', true, 1],
      ['wechat', true, 1],
    ]);
    const email = rows[0]!;
    expect(email.lastError).toBe('Error: channel unavailable');
    expect(email.failedAt).toBeNull();
    // Due again after the first backoff step (NOTICE_RETRY_BASE_SECONDS).
    expect(Math.abs((await dueInSeconds(email.id)) - NOTICE_DEFAULTS.retryBaseSeconds)).toBeLessThan(5);
    expect(await db.message.count({ where: { processId } })).toBe(1);
  });

  it('R-G5: a retried activity records nothing twice and attempts nothing again: what is unsent is the delivery loop\'s', async () => {
    const senders = { sms: channel(), email: channel(), wechat: channel() };
    const { notifyOutcome } = createNotificationActivities(db, senders, NOTICE_DEFAULTS);
    const processId = uniqueId('prc_notify');
    const input = { processId, accountId, outcome: 'failed' as const, reason: 'abandoned' };

    senders.sms.down = true;
    await notifyOutcome(input);
    senders.sms.down = false;
    await notifyOutcome(input);
    await notifyOutcome(input);

    expect(senders.sms.delivered).toEqual([]);
    expect(senders.email.delivered).toEqual([`${processId}:failed:email`]);
    expect(senders.wechat.delivered).toEqual([`${processId}:failed:wechat`]);
    const rows = await db.notification.findMany({ where: { processId } });
    expect(rows).toHaveLength(4);
    expect(rows.find((row) => row.channel === 'sms')).toMatchObject({ sentAt: null, attempts: 1 });
    expect(await db.message.count({ where: { processId } })).toBe(1);
  });

  it('R-G7: a channel that never answers costs the activity its quick attempt and no more', async () => {
    const senders = { sms: silent, email: channel(), wechat: channel() };
    const { notifyOutcome } = createNotificationActivities(db, senders, { ...NOTICE_DEFAULTS, quickAttemptMs: 300 });
    const processId = uniqueId('prc_notify');

    const started = Date.now();
    await notifyOutcome({ processId, accountId, outcome: 'verified' });
    expect(Date.now() - started).toBeLessThan(2_000);

    const sms = await db.notification.findUniqueOrThrow({ where: { id: `${processId}:verified:sms` } });
    expect(sms).toMatchObject({ sentAt: null, attempts: 1, failedAt: null, lastError: 'NoticeTimeout: no answer within 300 ms' });
    expect(senders.email.delivered).toEqual([`${processId}:verified:email`]);
  });
});
