import type { ChannelSenders } from '../../activities/notice-delivery';
import type { ChannelSender, OutgoingNotification } from '../../activities/providers/notification-channels';
import { processWorkflowId } from '../../workflows/process-ids';
import { applicant } from '../support/people';
import { eventually, http, postWebhook, startSystem, uniqueId, type RunningSystem } from '../support/system';

type Mode = 'down' | 'back after two tries';

/**
 * The notice channels as the worker sees them, per account: `down` refuses SMS
 * and WeChat and never answers for email; `back after two tries` refuses each
 * SMS twice, then delivers it. Other accounts' notices are delivered.
 */
function controllableChannels() {
  const modes = new Map<string, Mode>();
  const calls: string[] = [];
  const delivered: string[] = [];
  const channel = (name: 'sms' | 'email' | 'wechat'): ChannelSender => ({
    async send(notification) {
      calls.push(notification.id);
      const mode = modes.get(notification.accountId);
      if (mode === 'down' && name === 'email') return new Promise<void>(() => undefined);
      if (mode === 'down') throw new Error(`${name} gateway unavailable`);
      if (mode === 'back after two tries' && name === 'sms' && calls.filter((id) => id === notification.id).length <= 2) throw new Error('sms gateway unavailable');
      delivered.push(notification.id);
    },
  });
  const senders: ChannelSenders = { sms: channel('sms'), email: channel('email'), wechat: channel('wechat') };
  return { senders, modes, calls, delivered };
}

// End to end over HTTP: real API, worker and delivery loop, with notice channels that fail.
describe('outcome notices delivered apart from the process (R-G7), over HTTP', () => {
  let system: RunningSystem;
  const channels = controllableChannels();
  const alerts: OutgoingNotification[] = [];
  const accounts: string[] = [];

  beforeAll(async () => {
    system = await startSystem(
      {
        NOTICE_MAX_ATTEMPTS: '3',
        NOTICE_RETRY_BASE_SECONDS: '1',
        NOTICE_RETRY_MAX_SECONDS: '1',
        NOTICE_DELIVERY_INTERVAL_SECONDS: '1',
        NOTICE_QUICK_ATTEMPT_MS: '500',
        NOTICE_SEND_TIMEOUT_MS: '500',
        // The next process after a verification is a change of subject (R-C1 made immediate).
        CHANGE_COOLDOWN_DAYS: '0',
      },
      { senders: channels.senders, operatorAlerts: { send: async (alert) => void alerts.push(alert) } },
    );
  });
  afterAll(async () => {
    await system.db.notification.deleteMany({ where: { accountId: { in: accounts } } });
    await system.stop();
  });

  async function newAccount(mode: Mode) {
    const created = await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc'), displayName: 'Notices' } });
    expect(created.status).toBe(201);
    const accountId = created.body.id as string;
    accounts.push(accountId);
    channels.modes.set(accountId, mode);
    return { accountId, token: await system.holderToken(accountId) };
  }

  /** A WeChat QR verification that ends verified; returns its process once GET shows the outcome. */
  async function verify(accountId: string, token: string): Promise<string> {
    const person = applicant();
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body: { type: 'individual', method: 'wechat_qr', applicant: person } });
    expect(started.status).toBe(201);
    const { processId, qrCode } = started.body as { processId: string; qrCode: { ticket: string } };
    expect((await postWebhook(system, 'wechat', { eventId: uniqueId('evt'), type: 'scanned', ticket: qrCode.ticket })).status).toBe(200);
    await eventually(() => http(system, 'GET', `/v1/processes/${processId}`, { token }), (r) => r.body.step === 'awaiting_authorization');
    const authorized = { eventId: uniqueId('evt'), type: 'authorized', ticket: qrCode.ticket, realName: { name: person.name, documentNumber: person.documentNumber } };
    expect((await postWebhook(system, 'wechat', authorized)).status).toBe(200);
    const done = await eventually(() => http(system, 'GET', `/v1/processes/${processId}`, { token }), (r) => r.body.status !== 'open');
    expect(done.body.status).toBe('verified');
    return processId;
  }

  const noticeIds = (processId: string) => ['sms', 'email', 'wechat'].map((channel) => `${processId}:verified:${channel}`);

  it('R-G7: with every channel down, the verification completes, its workflow closes promptly and the account\'s next start is 201', async () => {
    const { accountId, token } = await newAccount('down');
    const processId = await verify(accountId, token);

    // At once, as a client would: the account's next process (here a change of its subject) is
    // started, not refused with a 409 naming the process that has ended.
    const next = await http(system, 'POST', `/v1/accounts/${accountId}/changes`, { token, body: { kind: 'individual_to_individual', agreement: true, newIndividual: applicant() } });
    expect([next.status, next.body.type]).toEqual([201, undefined]);
    expect(next.body.processId).not.toBe(processId);

    const { runId } = await system.db.process.findUniqueOrThrow({ where: { id: processId } });
    const closed = await system.temporal.workflow.getHandle(processWorkflowId(accountId), runId).describe();
    expect(closed.status.name).toBe('COMPLETED');
    const verifiedAt = (await system.db.processStep.findFirstOrThrow({ where: { processId, step: 'verified' } })).at;
    expect(closed.closeTime!.getTime() - verifiedAt.getTime()).toBeLessThan(5_000);
    // The message centre has it whatever the channels.
    expect(await system.db.message.count({ where: { processId } })).toBe(1);
  });

  it('R-G7: the delivery loop retries a channel that stays down, then marks its notices failed, alerts operators once each and lists and counts them', async () => {
    const { accountId, token } = await newAccount('down');
    const processId = await verify(accountId, token);
    const ids = noticeIds(processId);

    const failed = await eventually(
      () => system.db.notification.findMany({ where: { id: { in: ids } } }),
      (rows) => rows.length === 3 && rows.every((row) => row.failedAt !== null),
    );
    expect(failed.map((row) => [row.attempts, row.sentAt])).toEqual([[3, null], [3, null], [3, null]]);
    for (const id of ids) expect(channels.calls.filter((call) => call === id)).toHaveLength(3);
    // Two more passes of the loop alert nobody again.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(alerts.filter((alert) => ids.some((id) => alert.id === `${id}:failed`)).map((alert) => alert.id).sort()).toEqual(ids.map((id) => `${id}:failed`).sort());
    for (const id of ids) expect(channels.calls.filter((call) => call === id)).toHaveLength(3);

    const listed = await http(system, 'GET', '/v1/operator/notices?status=failed&limit=200', { token: system.operatorToken });
    expect(listed.status).toBe(200);
    const mine = (listed.body.notices as Array<{ id: string; status: string; attempts: number; channel: string; lastError: string | null }>).filter((notice) => ids.includes(notice.id));
    expect(mine.map((notice) => [notice.channel, notice.status, notice.attempts]).sort()).toEqual([['email', 'failed', 3], ['sms', 'failed', 3], ['wechat', 'failed', 3]]);
    expect(mine.find((notice) => notice.channel === 'email')!.lastError).toMatch(/^NoticeTimeout/);
    expect((await http(system, 'GET', '/v1/operator/notices?status=failed', { token })).status).toBe(403);

    const metrics = await fetch(`${system.baseUrl}/metrics`, { headers: { authorization: `Bearer ${system.operatorToken}` } }).then((response) => response.text());
    for (const channel of ['sms', 'email', 'wechat']) {
      const count = Number(metrics.match(new RegExp(`^realname_notices_failed\\{channel="${channel}"\\} (\\d+)$`, 'm'))?.[1]);
      expect(count).toBeGreaterThanOrEqual(1);
    }
  });

  it('R-G7: a channel that comes back gets its pending notice delivered, once, and nobody is alerted', async () => {
    const { accountId, token } = await newAccount('back after two tries');
    const processId = await verify(accountId, token);
    const sms = `${processId}:verified:sms`;

    const row = await eventually(() => system.db.notification.findUniqueOrThrow({ where: { id: sms } }), (found) => found.sentAt !== null);
    expect(row).toMatchObject({ attempts: 3, failedAt: null, lastError: null });
    expect(channels.delivered.filter((id) => id === sms)).toEqual([sms]);
    expect(channels.delivered).toEqual(expect.arrayContaining(noticeIds(processId)));
    expect(alerts.filter((alert) => alert.id.startsWith(processId))).toEqual([]);
  });
});
