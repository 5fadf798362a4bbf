import { deliverDueNotices, type ChannelSenders } from '../activities/notice-delivery';
import { createNotificationActivities } from '../activities/notifications';
import type { ChannelSender, OutgoingNotification } from '../activities/providers/notification-channels';
import { NOTICE_DEFAULTS, type NoticePolicy } from '../config';
import { createLogger } from '../config/logger';
import { createDatabase, sqlPool, type Database } from '../prisma/client';
import { testConfig } from './support/environment';
import { uniqueId } from './support/system';

/** Every channel through one sender that records each call and answers as `answer` says. */
function channels(answer: (notification: OutgoingNotification, call: number) => Promise<void> | void) {
  const calls: string[] = [];
  const sender: ChannelSender = {
    async send(notification) {
      calls.push(notification.id);
      await answer(notification, calls.filter((id) => id === notification.id).length);
    },
  };
  const senders: ChannelSenders = { sms: sender, email: sender, wechat: sender };
  return { senders, calls };
}

const down = () => {
  throw new Error('channel unavailable');
};

function alerts() {
  const sent: OutgoingNotification[] = [];
  return { sent, sender: { send: async (alert: OutgoingNotification) => void sent.push(alert) } satisfies ChannelSender };
}

// The worker's delivery loop, one pass at a time, against the provisioned PostgreSQL.
describe('notice delivery apart from the process (R-G7, PostgreSQL)', () => {
  let db: Database;
  const config = testConfig();
  const accountId = uniqueId('acc_delivery');
  const logger = createLogger({ level: 'silent' });
  const policy: NoticePolicy = { ...NOTICE_DEFAULTS, maxAttempts: 4, retryBaseSeconds: 10, retryMaxSeconds: 25, sendTimeoutMs: 2_000 };

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

  /** An outcome whose external channels all failed their quick attempt: three pending rows. */
  async function pendingOutcome(): Promise<string[]> {
    const processId = uniqueId('prc_delivery');
    await createNotificationActivities(db, channels(down).senders, policy).notifyOutcome({ processId, accountId, outcome: 'verified' });
    return ['sms', 'email', 'wechat'].map((channel) => `${processId}:verified:${channel}`);
  }

  /** Time passes for these rows only: they are due now. */
  async function makeDue(ids: string[]): Promise<void> {
    await sqlPool(db).query(`UPDATE notifications SET next_attempt_at = now() - interval '1 millisecond' WHERE id = ANY($1::text[]) AND sent_at IS NULL AND failed_at IS NULL`, [ids]);
  }

  async function rows(ids: string[]) {
    const { rows: found } = await sqlPool(db).query<{ id: string; attempts: number; sent: boolean; failed: boolean; due_in: number; last_error: string | null }>(
      `SELECT id, attempts, sent_at IS NOT NULL AS sent, failed_at IS NOT NULL AS failed,
              extract(epoch FROM next_attempt_at - now())::float8 AS due_in, last_error
         FROM notifications WHERE id = ANY($1::text[]) ORDER BY id`,
      [ids],
    );
    return found;
  }

  it('R-G7: retries with exponential backoff, and after the last attempt marks the notice failed and alerts operators once', async () => {
    const ids = await pendingOutcome();
    const { senders, calls } = channels(down);
    const alerted = alerts();
    const deliver = () => deliverDueNotices({ db, senders, operatorAlerts: alerted.sender, policy, logger });

    // Not due yet (the quick attempt was the first): nothing is tried.
    await deliver();
    expect(calls.filter((id) => ids.includes(id))).toEqual([]);

    // base × 2^(attempts − 1), at most the maximum: 10 s after the first, 20 s after the second, 25 s (not 40) after the third.
    for (const [attempts, dueIn] of [[2, 20], [3, 25]] as const) {
      await makeDue(ids);
      await deliver();
      for (const row of await rows(ids)) {
        expect(row).toMatchObject({ attempts, sent: false, failed: false, last_error: 'Error: channel unavailable' });
        expect(Math.abs(row.due_in - dueIn)).toBeLessThan(5);
      }
    }
    expect(alerted.sent).toEqual([]);

    await makeDue(ids);
    await deliver();
    expect((await rows(ids)).map((row) => [row.attempts, row.sent, row.failed])).toEqual(ids.map(() => [4, false, true]));
    const mine = alerted.sent.filter((alert) => ids.some((id) => alert.id === `${id}:failed`));
    expect(mine.map((alert) => alert.id).sort()).toEqual(ids.map((id) => `${id}:failed`).sort());
    // The alert names the notice and its process, never the account or the message.
    for (const alert of mine) {
      expect(alert.accountId).toBe('operators');
      expect(alert.body).not.toContain(accountId);
      expect(alert.body).not.toContain('verified your account');
    }

    // A failed notice is no longer tried, and nobody is alerted twice.
    await sqlPool(db).query(`UPDATE notifications SET next_attempt_at = now() - interval '1 second' WHERE id = ANY($1::text[])`, [ids]);
    await deliver();
    expect((await rows(ids)).map((row) => row.attempts)).toEqual([4, 4, 4]);
    expect(calls.filter((id) => ids.includes(id))).toHaveLength(3 * ids.length);
    expect(alerted.sent.filter((alert) => ids.some((id) => alert.id === `${id}:failed`))).toHaveLength(ids.length);
  });

  it('R-G7: a channel that comes back gets its pending notice delivered, once', async () => {
    const ids = await pendingOutcome();
    // Down for one more attempt, then back.
    const { senders, calls } = channels((_, call) => (call === 1 ? down() : undefined));
    const alerted = alerts();
    const deliver = () => deliverDueNotices({ db, senders, operatorAlerts: alerted.sender, policy, logger });

    await makeDue(ids);
    await deliver();
    expect((await rows(ids)).every((row) => !row.sent && row.attempts === 2)).toBe(true);
    await makeDue(ids);
    await deliver();
    const settled = await rows(ids);
    expect(settled.map((row) => [row.attempts, row.sent, row.failed, row.last_error])).toEqual(ids.map(() => [3, true, false, null]));
    await makeDue(ids);
    await deliver();
    for (const id of ids) expect(calls.filter((call) => call === id)).toHaveLength(2);
    expect(alerted.sent.filter((alert) => ids.some((id) => alert.id.startsWith(id)))).toEqual([]);
  });

  it('R-G7: two delivery loops never send the same notice twice (rows claimed FOR UPDATE SKIP LOCKED)', async () => {
    const ids = (await Promise.all(Array.from({ length: 10 }, () => pendingOutcome()))).flat();
    await makeDue(ids);
    // Slow enough that the two loops' claims overlap.
    const { senders, calls } = channels(() => new Promise((resolve) => setTimeout(resolve, 20)));
    const loop = () => deliverDueNotices({ db, senders, operatorAlerts: alerts().sender, policy, logger, batchSize: 4 });

    const [a, b] = await Promise.all([loop(), loop()]);

    const mine = calls.filter((id) => ids.includes(id));
    expect(mine.sort()).toEqual([...ids].sort());
    expect((await rows(ids)).every((row) => row.sent && row.attempts === 2)).toBe(true);
    // Both loops took part.
    expect(a.sent).toBeGreaterThan(0);
    expect(b.sent).toBeGreaterThan(0);
  });

  it('R-G7: a claim that lapsed is taken over, and the late answer of its first worker changes nothing', async () => {
    const [id] = await pendingOutcome();
    await makeDue([id!]);
    let answer!: (error?: Error) => void;
    const stalled = channels((notification) =>
      notification.id === id ? new Promise<void>((resolve, reject) => (answer = (error) => (error ? reject(error) : resolve()))) : undefined,
    );
    const first = deliverDueNotices({ db, senders: stalled.senders, operatorAlerts: alerts().sender, policy: { ...policy, sendTimeoutMs: 60_000 }, logger });
    const claimed = async () => (await rows([id!]))[0]!.attempts === 2;
    while (!(await claimed())) await new Promise((resolve) => setTimeout(resolve, 10));

    // The first worker stalls past its lease: another takes the notice and delivers it.
    await makeDue([id!]);
    const second = channels(() => undefined);
    await deliverDueNotices({ db, senders: second.senders, operatorAlerts: alerts().sender, policy, logger });
    expect(second.calls.filter((call) => call === id)).toEqual([id]);

    answer(new Error('late failure'));
    await first;
    expect((await rows([id!]))[0]).toMatchObject({ attempts: 3, sent: true, failed: false, last_error: null });
  });
});
