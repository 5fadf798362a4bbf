import { applicant } from '../support/people';
import { eventually, http, postWebhook, startSystem, uniqueId, type RunningSystem } from '../support/system';

// Real API, worker, Temporal dev server and PostgreSQL; driven through the sandbox stand-ins only.
describe('individual verification by QQ QR and face recognition, over HTTP', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem({ SANDBOX: 'true' });
  });
  afterAll(async () => {
    await system.stop();
  });

  async function startFor(person: Record<string, string>, method: string) {
    const created = await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc'), displayName: 'QQ/face test' } });
    const accountId = created.body.id as string;
    const token = await system.holderToken(accountId);
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, {
      token,
      body: { type: 'individual', method, applicant: person },
    });
    return { accountId, token, started };
  }

  const processOf = (processId: string, token: string) => () => http(system, 'GET', `/v1/processes/${processId}`, { token });

  it('R-P4: a QQ without a linked bank card links one, confirms, and verifies the account', async () => {
    const person = applicant();
    const { accountId, token, started } = await startFor(person, 'qq_qr');
    expect(started.status).toBe(201);
    const { processId, qrCode } = started.body;
    expect(qrCode.qrUrl).toContain(`/v1/sandbox/qq/tickets/${qrCode.ticket}`);
    const ticketPath = `/v1/sandbox/qq/tickets/${qrCode.ticket}`;
    const read = processOf(processId, token);

    expect((await http(system, 'POST', `${ticketPath}/scan`)).status).toBe(200);
    await eventually(read, (r) => r.body.step === 'awaiting_authorization');
    expect((await http(system, 'POST', `${ticketPath}/require-bank-card`)).status).toBe(200);
    await eventually(read, (r) => r.body.step === 'linking_bank_card');
    expect((await http(system, 'POST', `${ticketPath}/link-bank-card`)).status).toBe(200);
    await eventually(read, (r) => r.body.step === 'awaiting_confirmation');
    const confirmed = await http(system, 'POST', `${ticketPath}/authorize`, { body: { name: person.name, documentNumber: person.documentNumber } });
    expect(confirmed.status).toBe(200);

    const done = await eventually(read, (r) => r.body.status !== 'open');
    expect(done.body).toMatchObject({ status: 'verified', method: 'qq_qr' });
    expect(done.body.history.map((h: { step: string }) => h.step)).toEqual([
      'awaiting_scan', 'awaiting_authorization', 'linking_bank_card', 'awaiting_confirmation', 'verified',
    ]);
    expect((await http(system, 'GET', `/v1/accounts/${accountId}`, { token })).body.status).toBe('individual');
  });

  it('R-P8: a failed face check (magic name) shows its reason; a fresh code then passes and verifies', async () => {
    const person = applicant();
    const { accountId, token, started } = await startFor(person, 'face');
    expect(started.status).toBe(201);
    const { processId, qrCode } = started.body;
    const read = processOf(processId, token);
    const tries = (await read()).body.faceTriesLeft as number;
    expect(tries).toBe(system.config.limits.faceMaxTries);

    const failed = await http(system, 'POST', `/v1/sandbox/face/tickets/${qrCode.ticket}/pass`, { body: { name: '人脸遮挡' } });
    expect(failed.status).toBe(200);
    const shown = await eventually(read, (r) => r.body.step === 'face_failed');
    expect(shown.body).toMatchObject({ status: 'open', lastFaceFailure: 'face_covered', faceTriesLeft: tries - 1, qrCode: { ticket: qrCode.ticket, expired: true } });

    const fresh = await http(system, 'POST', `/v1/processes/${processId}/qr-code`, { token });
    expect(fresh.status).toBe(200);
    expect(fresh.body.ticket).not.toBe(qrCode.ticket);
    // No body: a plain pass.
    expect((await http(system, 'POST', `/v1/sandbox/face/tickets/${fresh.body.ticket}/pass`)).status).toBe(200);

    const done = await eventually(read, (r) => r.body.status !== 'open');
    expect(done.body).toMatchObject({ status: 'verified', method: 'face' });
    expect(done.body.history.map((h: { step: string }) => h.step)).toEqual(['awaiting_scan', 'face_failed', 'awaiting_scan', 'verified']);
    expect((await http(system, 'GET', `/v1/accounts/${accountId}`, { token })).body.status).toBe('individual');
  });

  it('R-P6: switching from QQ to face issues a face code; a switch while the code is in use is refused with 409', async () => {
    const person = applicant();
    const { token, started } = await startFor(person, 'qq_qr');
    const { processId, qrCode } = started.body;
    const read = processOf(processId, token);

    const switched = await http(system, 'POST', `/v1/processes/${processId}/method`, { token, body: { method: 'face' } });
    expect(switched.status).toBe(200);
    expect(switched.body.qrUrl).toContain(`/v1/sandbox/face/tickets/${switched.body.ticket}`);
    const after = await eventually(read, (r) => r.body.method === 'face');
    expect(after.body.qrCode.ticket).toBe(switched.body.ticket);
    // The old QQ ticket is now another provider's: no effect.
    await http(system, 'POST', `/v1/sandbox/qq/tickets/${qrCode.ticket}/scan`);

    await http(system, 'POST', `/v1/sandbox/face/tickets/${switched.body.ticket}/fail`, { body: { reason: 'identity_wrong' } });
    await eventually(read, (r) => r.body.lastFaceFailure === 'identity_wrong');
    const back = await http(system, 'POST', `/v1/processes/${processId}/method`, { token, body: { method: 'qq_qr' } });
    expect(back.status).toBe(200);
    await http(system, 'POST', `/v1/sandbox/qq/tickets/${back.body.ticket}/scan`);
    await eventually(read, (r) => r.body.step === 'awaiting_authorization');
    const refused = await http(system, 'POST', `/v1/processes/${processId}/method`, { token, body: { method: 'wechat_qr' } });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect((await read()).body.method).toBe('qq_qr');
  });

  it('R-P6: a travel permit holder asking for QQ QR or face is refused with 400 naming the rule', async () => {
    const permitHolder = { ...applicant(), documentType: 'hk_macao_permit', documentNumber: `H${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}01`, birthDate: '1990-05-01' };
    for (const method of ['qq_qr', 'face']) {
      const { started } = await startFor(permitHolder, method);
      expect(started.status).toBe(400);
      expect(started.body.errors).toEqual([expect.objectContaining({ field: 'method', rule: 'R-P6' })]);
    }
  });
  it('QQ and face webhooks are signed with their own secrets; a face failure arrives with its R-P8 reason', async () => {
    const { token, started } = await startFor(applicant(), 'face');
    const { processId, qrCode } = started.body;
    const event = { eventId: uniqueId('evt'), type: 'failed', ticket: qrCode.ticket, reason: 'face_mismatch' };
    expect((await postWebhook(system, 'face', event, { secret: system.config.webhookSecrets.qq })).status).toBe(401);
    // A QQ event about a face ticket is acknowledged and ignored.
    const misrouted = await postWebhook(system, 'qq', { eventId: uniqueId('evt'), type: 'scanned', ticket: qrCode.ticket });
    expect(misrouted.body).toMatchObject({ received: true, ignored: 'other_provider' });
    expect((await postWebhook(system, 'face', event)).status).toBe(200);
    const shown = await eventually(() => http(system, 'GET', `/v1/processes/${processId}`, { token }), (r) => r.body.step === 'face_failed');
    expect(shown.body.lastFaceFailure).toBe('face_mismatch');
    expect((await postWebhook(system, 'face', { ...event, reason: 'smiling' })).status).toBe(400);
  });
});
