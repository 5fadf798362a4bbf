import { VerificationStatus } from '../../workflows/search-attributes';
import { applicant } from '../support/people';
import { eventually, http, postWebhook, startSystem, uniqueId, type RunningSystem } from '../support/system';

// End to end over HTTP only: real API, real worker, real Temporal dev server, real PostgreSQL.
describe('individual verification by WeChat QR, over HTTP', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(async () => {
    await system.stop();
  });

  async function newAccount() {
    const created = await http(system, 'POST', '/v1/accounts', {
      token: system.operatorToken,
      body: { id: uniqueId('acc'), displayName: 'Test account' },
    });
    expect(created.status).toBe(201);
    return { accountId: created.body.id as string, token: await system.holderToken(created.body.id) };
  }

  /** The account's process as the Web UI lists it: its `VerificationStatus`, found by a visibility query. */
  async function listedStatus(accountId: string): Promise<string | undefined> {
    for await (const execution of system.temporal.workflow.list({ query: `AccountId = "${accountId}" AND VerificationStatus IS NOT NULL` })) {
      return execution.typedSearchAttributes.get(VerificationStatus);
    }
    return undefined;
  }

  it('R-P4, R-P9: scanned then authorized verifies the account as individual, visible through GET', async () => {
    const { accountId, token } = await newAccount();
    const person = applicant();
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, {
      token,
      body: { type: 'individual', method: 'wechat_qr', applicant: person },
    });
    expect(started.status).toBe(201);
    const { processId, qrCode } = started.body;
    expect(qrCode.ticket).toEqual(expect.any(String));

    // Operators find it in the Web UI by its status, from the start on.
    await eventually(() => listedStatus(accountId), (status) => status === 'awaiting_scan');

    const scanned = await postWebhook(system, 'wechat', { eventId: uniqueId('evt'), type: 'scanned', ticket: qrCode.ticket });
    expect(scanned.status).toBe(200);
    await eventually(
      () => http(system, 'GET', `/v1/processes/${processId}`, { token }),
      (r) => r.body.step === 'awaiting_authorization',
    );
    const authorizedEvent = {
      eventId: uniqueId('evt'),
      type: 'authorized',
      ticket: qrCode.ticket,
      realName: { name: person.name, documentNumber: person.documentNumber },
    };
    expect((await postWebhook(system, 'wechat', authorizedEvent)).status).toBe(200);

    const done = await eventually(
      () => http(system, 'GET', `/v1/processes/${processId}`, { token }),
      (r) => r.body.status !== 'open',
    );
    expect(done.body.status).toBe('verified');
    expect(done.body.history.map((h: { step: string }) => h.step)).toEqual(['awaiting_scan', 'awaiting_authorization', 'verified']);
    await eventually(() => listedStatus(accountId), (status) => status === 'verified');

    const account = await http(system, 'GET', `/v1/accounts/${accountId}`, { token });
    expect(account.body.status).toBe('individual');
    // Personal data leaves the API masked.
    expect(account.body.subject.documentNumber).toBe(`${person.documentNumber.slice(0, 6)}********${person.documentNumber.slice(-4)}`);
    expect(JSON.stringify(account.body)).not.toContain(person.documentNumber);

    // A replayed delivery has no second effect.
    const replay = await postWebhook(system, 'wechat', authorizedEvent);
    expect(replay.status).toBe(200);
    expect(replay.body.duplicate).toBe(true);
    const steps = await system.db.processStep.count({ where: { processId } });
    expect(steps).toBe(3);
  });

  it('R-P4: an authorisation whose real name is longer than any applicant\'s is refused (400, naming the field) and not marked seen: its corrected delivery verifies', async () => {
    const { token, accountId } = await newAccount();
    const person = applicant();
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body: { type: 'individual', method: 'wechat_qr', applicant: person } });
    const { processId, qrCode } = started.body;
    const eventId = uniqueId('evt');
    for (const realName of [
      { name: '张'.repeat(101), documentNumber: person.documentNumber },
      { name: person.name, documentNumber: '1'.repeat(33) },
    ]) {
      const refused = await postWebhook(system, 'wechat', { eventId, type: 'authorized', ticket: qrCode.ticket, realName });
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: expect.stringMatching(/^realName\./) })]);
      // The sandbox's stand-in for WeChat takes the same bounds.
      const sandboxed = await http(system, 'POST', `/v1/sandbox/wechat/tickets/${qrCode.ticket}/authorize`, { body: realName });
      expect(sandboxed.status).toBe(400);
      expect(sandboxed.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await http(system, 'GET', `/v1/processes/${processId}`, { token })).body).toMatchObject({ status: 'open', step: 'awaiting_scan' });
    const taken = await postWebhook(system, 'wechat', { eventId, type: 'authorized', ticket: qrCode.ticket, realName: { name: person.name, documentNumber: person.documentNumber } });
    expect(taken.status).toBe(200);
    expect(taken.body.duplicate).not.toBe(true);
    const done = await eventually(() => http(system, 'GET', `/v1/processes/${processId}`, { token }), (r) => r.body.status !== 'open');
    expect(done.body.status).toBe('verified');
  });

  it("R-P4: an event id WeChat reuses for another process's ticket is a 409 naming eventId, not a repeat: that scan is not dropped, and under its own id it is taken", async () => {
    const starts = await Promise.all(
      [0, 1].map(async () => {
        const { token, accountId } = await newAccount();
        const started = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body: { type: 'individual', method: 'wechat_qr', applicant: applicant() } });
        return { token, processId: started.body.processId as string, ticket: started.body.qrCode.ticket as string };
      }),
    );
    const [one, other] = starts as [(typeof starts)[0], (typeof starts)[0]];
    const eventId = uniqueId('evt');
    expect((await postWebhook(system, 'wechat', { eventId, type: 'scanned', ticket: one.ticket })).body.duplicate).toBe(false);
    const reused = await postWebhook(system, 'wechat', { eventId, type: 'scanned', ticket: other.ticket });
    expect(reused.status).toBe(409);
    expect(reused.body).toMatchObject({ type: expect.stringContaining('event-id-reused'), field: 'eventId', rule: 'R-P4' });
    // The same event again is still a repeat.
    expect((await postWebhook(system, 'wechat', { eventId, type: 'scanned', ticket: one.ticket })).body.duplicate).toBe(true);
    expect((await postWebhook(system, 'wechat', { eventId: uniqueId('evt'), type: 'scanned', ticket: other.ticket })).body.duplicate).toBe(false);
    await eventually(() => http(system, 'GET', `/v1/processes/${other.processId}`, { token: other.token }), (r) => r.body.step === 'awaiting_authorization');
  });

  it('refuses a badly signed webhook with 401 and changes nothing', async () => {
    const { accountId, token } = await newAccount();
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, {
      token,
      body: { type: 'individual', method: 'wechat_qr', applicant: applicant() },
    });
    const { processId, qrCode } = started.body;
    const event = { eventId: uniqueId('evt'), type: 'scanned', ticket: qrCode.ticket };

    const forged = await postWebhook(system, 'wechat', event, { secret: 'not-the-secret' });
    expect(forged.status).toBe(401);
    expect(forged.headers.get('content-type')).toContain('application/problem+json');
    const stale = await postWebhook(system, 'wechat', event, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(stale.status).toBe(401);
    const unsigned = await http(system, 'POST', '/v1/webhooks/wechat', { body: event });
    expect(unsigned.status).toBe(401);

    const process = await http(system, 'GET', `/v1/processes/${processId}`, { token });
    expect(process.body.step).toBe('awaiting_scan');
    expect(await system.db.webhookEvent.count({ where: { eventId: event.eventId } })).toBe(0);
  });

  it('R-G2: a second start for the same account is refused with 409 naming the open process', async () => {
    const { accountId, token } = await newAccount();
    const body = { type: 'individual', method: 'wechat_qr', applicant: applicant() };
    const first = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body });
    expect(first.status).toBe(201);
    const second = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body });
    expect(second.status).toBe(409);
    expect(second.body.openProcessId).toBe(first.body.processId);
    expect(second.body.detail).toContain(first.body.processId);
  });

  it('a retried start with the same Idempotency-Key returns the same process, never a second one', async () => {
    const { accountId, token } = await newAccount();
    const body = { type: 'individual', method: 'wechat_qr', applicant: applicant() };
    const headers = { 'idempotency-key': uniqueId('idem') };
    const [a, b] = await Promise.all([
      http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body, headers }),
      http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body, headers }),
    ]);
    const later = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body, headers });
    expect([a.status, b.status]).toContain(201);
    expect(a.body.processId).toBe(b.body.processId);
    expect(later.status).toBe(200);
    expect(later.body.processId).toBe(a.body.processId);
    expect(await system.db.process.count({ where: { accountId } })).toBe(1);
  });

  it('a holder touching another account gets 404 and no data', async () => {
    const mine = await newAccount();
    const theirs = await newAccount();
    const peek = await http(system, 'GET', `/v1/accounts/${theirs.accountId}`, { token: mine.token });
    expect(peek.status).toBe(404);
    expect(JSON.stringify(peek.body)).not.toContain('Test account');
    const start = await http(system, 'POST', `/v1/accounts/${theirs.accountId}/verifications`, {
      token: mine.token,
      body: { type: 'individual', method: 'wechat_qr', applicant: applicant() },
    });
    expect(start.status).toBe(404);
  });

  it('R-P2, R-G3: invalid input gets 400 problem+json naming each field and rule, and starts nothing', async () => {
    const { accountId, token } = await newAccount();
    const wrongCheck = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, {
      token,
      body: { type: 'individual', method: 'wechat_qr', applicant: { ...applicant(), documentNumber: '110105194912310021' } },
    });
    expect(wrongCheck.status).toBe(400);
    expect(wrongCheck.body.errors).toEqual([expect.objectContaining({ field: 'applicant.documentNumber', rule: 'R-P2' })]);
    const passport = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, {
      token,
      body: { type: 'individual', method: 'wechat_qr', applicant: { ...applicant(), documentType: 'passport' } },
    });
    expect(passport.status).toBe(400);
    expect(passport.body.errors[0]).toMatchObject({ field: 'applicant.documentType', rule: 'R-G3' });
    const malformed = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body: '{not json' });
    expect(malformed.status).toBe(400);
    expect(await system.db.process.count({ where: { accountId } })).toBe(0);
  });

  it('answers without a token with 401, and serves health, readiness and the OpenAPI document', async () => {
    expect((await http(system, 'GET', '/v1/accounts/acc_x')).status).toBe(401);
    expect((await http(system, 'GET', '/v1/accounts/acc_x', { token: 'garbage' })).status).toBe(401);
    expect((await http(system, 'GET', '/healthz')).status).toBe(200);
    const ready = await http(system, 'GET', '/readyz');
    // R-G6: the calendar's reach is reported too (tests/e2e/operator-calendar.test.ts checks its warning).
    expect(ready.body).toMatchObject({ status: 'ready', checks: { database: 'ok', temporal: 'ok', calendar: { coveredThrough: expect.any(String) } } });
    const docs = await fetch(`${system.baseUrl}/docs`);
    expect(await docs.text()).toContain('/docs/assets/swagger-ui-bundle.js');
    const bundle = await fetch(`${system.baseUrl}/docs/assets/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
    const spec = await http(system, 'GET', '/openapi.json');
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining(['/v1/accounts', '/v1/accounts/{accountId}/verifications', '/v1/processes/{processId}', '/v1/webhooks/wechat']),
    );
  });
});
