import { applicant, randomMainlandId } from '../support/people';
import { fakeProviders } from '../support/fake-providers';
import { productionEnv } from '../support/production-env';
import { eventually, http, startSystem, uniqueId, type RunningSystem } from '../support/system';

// Real API, worker, Temporal dev server and PostgreSQL; driven through the sandbox stand-ins.
describe('individual verification limits and notifications', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem({ SANDBOX: 'true' });
  });
  afterAll(async () => {
    await system.stop();
  });

  async function startFor(person: ReturnType<typeof applicant>) {
    const created = await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc'), displayName: 'Limit test' } });
    const accountId = created.body.id as string;
    const token = await system.holderToken(accountId);
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, {
      token,
      body: { type: 'individual', method: 'wechat_qr', applicant: person },
    });
    expect(started.status).toBe(201);
    return { accountId, token, processId: started.body.processId as string, ticket: started.body.qrCode.ticket as string };
  }

  it('R-P5: 10 accounts completing at the same moment with one identity: exactly 3 verified, 7 identity_limit_reached', async () => {
    const documentNumber = randomMainlandId();
    const person = applicant({ documentNumber });
    const processes = await Promise.all(Array.from({ length: 10 }, () => startFor(person)));
    const answers = await Promise.all(
      processes.map((p) =>
        http(system, 'POST', `/v1/sandbox/wechat/tickets/${p.ticket}/authorize`, { body: { name: person.name, documentNumber } }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    const outcomes = await Promise.all(
      processes.map((p) =>
        eventually(() => http(system, 'GET', `/v1/processes/${p.processId}`, { token: p.token }), (r) => r.body.status !== 'open', 30_000),
      ),
    );
    const verified = outcomes.filter((o) => o.body.status === 'verified');
    const refused = outcomes.filter((o) => o.body.failureReason === 'identity_limit_reached');
    expect(verified).toHaveLength(3);
    expect(refused).toHaveLength(7);
    const individualAccounts = await system.db.account.count({
      where: { id: { in: processes.map((p) => p.accountId) }, status: 'individual' },
    });
    expect(individualAccounts).toBe(3);
    // The index is a keyed hash, never the clear number.
    const keys = await system.db.account.findMany({ where: { id: { in: processes.map((p) => p.accountId) }, identityKey: { not: null } } });
    for (const row of keys) expect(row.identityKey).not.toContain(documentNumber);
  });

  it('R-G5: an outcome is recorded once per channel and shows in the message centre, newest first, unread until read', async () => {
    const person = applicant();
    const p = await startFor(person);
    await http(system, 'POST', `/v1/sandbox/wechat/tickets/${p.ticket}/scan`);
    await http(system, 'POST', `/v1/sandbox/wechat/tickets/${p.ticket}/authorize`, { body: { name: person.name, documentNumber: person.documentNumber } });
    const inbox = await eventually(
      () => http(system, 'GET', `/v1/accounts/${p.accountId}/messages`, { token: p.token }),
      (r) => r.body.messages.length > 0,
    );
    expect(inbox.body.unread).toBe(1);
    expect(inbox.body.messages[0]).toMatchObject({ processId: p.processId, read: false });
    // The outbox delivers the external channels right after the message centre.
    const channels = await eventually(
      () => system.db.notification.findMany({ where: { processId: p.processId } }),
      (rows) => rows.length === 4 && rows.every((n) => n.sentAt !== null),
    );
    expect(channels.map((n) => n.channel).sort()).toEqual(['email', 'message_centre', 'sms', 'wechat']);

    const read = await http(system, 'POST', `/v1/accounts/${p.accountId}/messages/${inbox.body.messages[0].id}/read`, { token: p.token });
    expect(read.body.read).toBe(true);
    const after = await http(system, 'GET', `/v1/accounts/${p.accountId}/messages`, { token: p.token });
    expect(after.body.unread).toBe(0);

    const other = await system.holderToken(uniqueId('acc'));
    expect((await http(system, 'GET', `/v1/accounts/${p.accountId}/messages`, { token: other })).status).toBe(404);
  });

  it('R-P1, R-P6: a Hong Kong/Macao permit holder verifies by WeChat QR and is offered only WeChat QR', async () => {
    const person = { ...applicant(), documentType: 'hk_macao_permit', documentNumber: `H${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}01`, birthDate: '1990-05-01' };
    const p = await startFor(person);
    const started = await http(system, 'GET', `/v1/processes/${p.processId}`, { token: p.token });
    expect(started.body.method).toBe('wechat_qr');
    // A switch to a method the permit does not allow is refused naming the field and the rule, and the code stays.
    for (const method of ['qq_qr', 'face']) {
      const refused = await http(system, 'POST', `/v1/processes/${p.processId}/method`, { token: p.token, body: { method } });
      expect(refused).toMatchObject({ status: 409, body: { type: expect.stringContaining('method-not-allowed'), field: 'method', rule: 'R-P6' } });
    }
    expect((await http(system, 'GET', `/v1/processes/${p.processId}`, { token: p.token })).body).toMatchObject({ method: 'wechat_qr', qrCode: { ticket: p.ticket } });
    await http(system, 'POST', `/v1/sandbox/wechat/tickets/${p.ticket}/authorize`, { body: { name: person.name, documentNumber: person.documentNumber } });
    const done = await eventually(() => http(system, 'GET', `/v1/processes/${p.processId}`, { token: p.token }), (r) => r.body.status !== 'open');
    expect(done.body.status).toBe('verified');
  });

  it("R-P5, R-P10: a permit holder's WeChat record naming their card with another issue count, or none, is that person; another permit's holder is not", async () => {
    const holder = `H${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const permitHolder = (documentNumber: string) => ({ ...applicant({ name: '陈港生' }), documentType: 'hk_macao_permit', documentNumber, birthDate: '1990-05-01' });
    const outcome = async (typed: string, recorded: string) => {
      const p = await startFor(permitHolder(typed));
      await http(system, 'POST', `/v1/sandbox/wechat/tickets/${p.ticket}/authorize`, { body: { name: '陈港生', documentNumber: recorded } });
      return (await eventually(() => http(system, 'GET', `/v1/processes/${p.processId}`, { token: p.token }), (r) => r.body.status !== 'open')).body;
    };
    expect(await outcome(`${holder}01`, holder)).toMatchObject({ status: 'verified' });
    expect(await outcome(holder, `${holder}02`)).toMatchObject({ status: 'verified' });
    expect(await outcome(`${holder}01`, `${holder}03`.toLowerCase())).toMatchObject({ status: 'verified' });
    // Another person: the 9 characters differ, or the number is no permit's.
    const other = `H${String((Number(holder.slice(1)) + 1) % 1e8).padStart(8, '0')}`;
    expect(await outcome(`${holder}01`, `${other}01`)).toMatchObject({ status: 'failed', failureReason: 'identity_mismatch' });
    expect(await outcome(`${holder}01`, `${holder}0`)).toMatchObject({ status: 'failed', failureReason: 'identity_mismatch' });
  });

  it('R-P3: a permit holder who turns 18 tomorrow (China time) is refused, naming birthDate and the rule', async () => {
    const created = await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc'), displayName: 'Minor' } });
    const token = await system.holderToken(created.body.id);
    const chinaToday = new Date(Date.now() + 8 * 3600_000);
    const tomorrow18 = new Date(Date.UTC(chinaToday.getUTCFullYear() - 18, chinaToday.getUTCMonth(), chinaToday.getUTCDate() + 1));
    const refused = await http(system, 'POST', `/v1/accounts/${created.body.id}/verifications`, {
      token,
      body: {
        type: 'individual',
        method: 'wechat_qr',
        applicant: { ...applicant(), documentType: 'taiwan_permit', documentNumber: '12345678', birthDate: tomorrow18.toISOString().slice(0, 10) },
      },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'applicant.birthDate', rule: 'R-P3' })]);
  });
});

describe('outside sandbox mode', () => {
  it('has no sandbox stand-ins: only signed provider webhooks can move a process', async () => {
    const system = await startSystem(productionEnv(), { providers: fakeProviders() });
    try {
      const scan = await http(system, 'POST', '/v1/sandbox/wechat/tickets/any-ticket/scan');
      expect(scan.status).toBe(404);
      const spec = await http(system, 'GET', '/openapi.json');
      expect(Object.keys(spec.body.paths).some((path) => path.startsWith('/v1/sandbox/'))).toBe(false);
    } finally {
      await system.stop();
    }
  });
});
