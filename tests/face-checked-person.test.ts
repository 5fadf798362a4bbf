import { Writable } from 'node:stream';
import type { Client } from '@temporalio/client';
import { capabilityKey } from '../activities/capabilities';
import { sandboxFace, sandboxFacePerson } from '../activities/providers/face';
import type { CodeIssuer } from '../activities/providers/code-provider';
import { createQrCodeActivities } from '../activities/qr-codes';
import { createApp } from '../api/app';
import { signWebhook } from '../api/webhook-signature';
import { createLogger } from '../config/logger';
import { createDatabase, sqlPool, type Database } from '../prisma/client';
import { isSealed, SealedDataError } from '../prisma/sealed';
import type { CheckedPerson } from '../workflows/individual/messages';
import { testConfig } from './support/environment';
import { randomMainlandId } from './support/people';
import { uniqueId } from './support/system';

// R-P10 on the provider side: the sandbox face provider remembers whom each code
// was issued for, its pass reports that person (or, told so, another), and the
// face webhook hands the reported person to the process. The API runs on the
// provisioned PostgreSQL with a Temporal client that records the signals it is
// asked to send, so each test reads exactly what the process would get.
describe('face checks bound to a person: sandbox provider, sandbox pass and face webhook (R-P10)', () => {
  const config = testConfig({ SANDBOX: 'true' });
  let db: Database;
  const signals: Array<{ workflowId: string; signal: string; event: Record<string, unknown> }> = [];
  const temporal = {
    workflow: {
      getHandle: (workflowId: string) => ({
        signal: async (definition: { name: string }, event: Record<string, unknown>) => {
          signals.push({ workflowId, signal: definition.name, event });
        },
      }),
    },
  } as unknown as Client;
  const logLines: string[] = [];
  const logger = createLogger({
    level: 'trace',
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    }),
  });
  let app: ReturnType<typeof createApp>;
  let face: CodeIssuer;
  let issueQrCode: ReturnType<typeof createQrCodeActivities>['issueQrCode'];
  const accountId = uniqueId('acc_face_person');
  const processIds: string[] = [];
  const tickets: string[] = [];

  // Names no other test uses, so a hit in a log or a row can only come from here.
  const person = (name = '邵人脸'): CheckedPerson => ({ name, documentType: 'mainland_id', documentNumber: randomMainlandId() });

  beforeAll(async () => {
    db = createDatabase(config.databaseUrl!, config.database);
    app = createApp({ config, db, temporal, logger });
    face = sandboxFace(db, config.api.publicUrl, config.payloadKeys);
    const other: CodeIssuer = { createQrCode: async (ticket) => ({ qrUrl: `https://qr.example/${ticket}` }) };
    issueQrCode = createQrCodeActivities(db, { wechat: other, qq: other, face }, capabilityKey(config.identityHashSecret)).issueQrCode;
    await db.account.create({ data: { id: accountId, displayName: 'face person' } });
  });
  afterAll(async () => {
    await db.sandboxFaceCheck.deleteMany({ where: { ticket: { in: tickets } } });
    await db.webhookEvent.deleteMany({ where: { processId: { in: processIds } } });
    await db.qrTicket.deleteMany({ where: { processId: { in: processIds } } });
    await db.process.deleteMany({ where: { id: { in: processIds } } });
    await db.account.deleteMany({ where: { id: accountId } });
    await db.$disconnect();
  });

  /** An open face process with a face code issued, as the workflow issues it, for `issuedFor` (or for nobody). */
  async function faceCode(issuedFor?: CheckedPerson) {
    const processId = uniqueId('prc_face_person');
    processIds.push(processId);
    await db.process.create({
      data: { id: processId, accountId, workflowId: `wf-${processId}`, runId: 'run', kind: 'individual_verification', method: 'face', status: 'open', step: 'awaiting_scan' },
    });
    const ticket = uniqueId('tkt_face');
    tickets.push(ticket);
    await issueQrCode({ processId, provider: 'face', ticket, expiresAt: Date.now() + 600_000, ...(issuedFor ? { person: issuedFor } : {}) });
    return { processId, ticket };
  }

  async function pass(ticket: string, body?: unknown) {
    const response = await app.request(`/v1/sandbox/face/tickets/${ticket}/pass`, {
      method: 'POST',
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  async function faceWebhook(event: unknown) {
    const raw = JSON.stringify(event);
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await app.request('/v1/webhooks/face', {
      method: 'POST',
      body: raw,
      headers: { 'content-type': 'application/json', 'x-signature': signWebhook(config.webhookSecrets.face, timestamp, raw), 'x-signature-timestamp': String(timestamp) },
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  /** The one event signalled to the process's workflow. */
  function signalled(processId: string) {
    const sent = signals.filter((signal) => signal.workflowId === `wf-${processId}`);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.signal).toBe('providerEvent');
    // R-P7: stamped as the API received it, so a late worker judges the code as of then.
    const { receivedAt, ...event } = sent[0]!.event;
    expect(Math.abs(Date.now() - (receivedAt as number))).toBeLessThan(60_000);
    return event;
  }

  it('R-P10: the sandbox face provider keeps whom a code was issued for, sealed and bound to its ticket', async () => {
    const issuedFor = person();
    const { ticket } = await faceCode(issuedFor);
    const { rows } = await sqlPool(db).query<{ person: unknown; text: string }>('SELECT person, person::text AS text FROM sandbox_face_checks WHERE ticket = $1', [ticket]);
    expect(rows).toHaveLength(1);
    expect(isSealed(rows[0]!.person)).toBe(true);
    expect(rows[0]!.text).not.toContain(issuedFor.name);
    expect(rows[0]!.text).not.toContain(issuedFor.documentNumber);
    expect(await sandboxFacePerson(db, config.payloadKeys, ticket)).toEqual(issuedFor);

    // The activity run again for the same ticket: the first record stands.
    await face.createQrCode(ticket, Date.now() + 600_000, person('冒名者'));
    expect(await sandboxFacePerson(db, config.payloadKeys, ticket)).toEqual(issuedFor);

    // Copied to another ticket's row, the sealed person does not open.
    const copy = uniqueId('tkt_face_copy');
    tickets.push(copy);
    await db.sandboxFaceCheck.create({ data: { ticket: copy, person: rows[0]!.person as object } });
    await expect(sandboxFacePerson(db, config.payloadKeys, copy)).rejects.toThrow(SealedDataError);
  });

  it('R-P10: a sandbox pass reports, with passed, the person the code was issued for; a code issued for nobody passes with no person', async () => {
    const issuedFor = person();
    const { processId, ticket } = await faceCode(issuedFor);
    const passed = await pass(ticket);
    expect(passed.status).toBe(200);
    expect(passed.body).toMatchObject({ received: true, duplicate: false });
    expect(signalled(processId)).toEqual({ provider: 'face', type: 'passed', ticket, eventId: passed.body.eventId, person: issuedFor });

    // A process from before R-P10 issues its code for nobody: the provider keeps no row, the pass names no one.
    const older = await faceCode();
    expect(await db.sandboxFaceCheck.findUnique({ where: { ticket: older.ticket } })).toBeNull();
    expect((await pass(older.ticket)).status).toBe(200);
    expect(signalled(older.processId)).toEqual({ provider: 'face', type: 'passed', ticket: older.ticket, eventId: expect.any(String) });
  });

  it('R-P10: a sandbox pass with a body naming another person reports that person, to rehearse a pass for the wrong one', async () => {
    const issuedFor = person();
    const first = await faceCode(issuedFor);
    const impostor = { name: '冒名者', documentNumber: randomMainlandId() };
    expect((await pass(first.ticket, impostor)).status).toBe(200);
    // The document type, not given, is the one the code was issued for.
    expect(signalled(first.processId)).toMatchObject({ type: 'passed', person: { ...impostor, documentType: issuedFor.documentType } });

    const second = await faceCode(issuedFor);
    const permitHolder = { name: issuedFor.name, documentNumber: 'H1234567801', documentType: 'hk_macao_permit' };
    expect((await pass(second.ticket, permitHolder)).status).toBe(200);
    expect(signalled(second.processId)).toMatchObject({ type: 'passed', person: permitHolder });

    // A name that is only a property of every object is no magic name: it is the person reported.
    const third = await faceCode(issuedFor);
    expect((await pass(third.ticket, { name: 'constructor', documentNumber: issuedFor.documentNumber })).status).toBe(200);
    expect(signalled(third.processId)).toMatchObject({ type: 'passed', person: { name: 'constructor' } });
  });

  it('R-P10, R-P8: a sandbox pass that names another person names both the name and the number, else 400 naming the missing field; a magic name alone still fails with its reason', async () => {
    const { processId, ticket } = await faceCode(person());
    const nameOnly = await pass(ticket, { name: '冒名者' });
    expect(nameOnly.status).toBe(400);
    expect(nameOnly.body.errors).toEqual([expect.objectContaining({ field: 'documentNumber' })]);
    const numberOnly = await pass(ticket, { documentNumber: randomMainlandId(), documentType: 'mainland_id' });
    expect(numberOnly.status).toBe(400);
    expect(numberOnly.body.errors).toEqual([expect.objectContaining({ field: 'name' })]);
    expect((await pass(ticket, { name: '冒名者', documentNumber: randomMainlandId(), documentType: 'passport' })).status).toBe(400);
    expect(signals.filter((signal) => signal.workflowId === `wf-${processId}`)).toEqual([]);

    expect((await pass(ticket, { name: '人脸遮挡' })).status).toBe(200);
    expect(signalled(processId)).toEqual({ provider: 'face', type: 'failed', reason: 'face_covered', ticket, eventId: expect.any(String) });
  });

  it('R-P10: the face webhook hands the person a pass verified to the process, and logs neither name nor number', async () => {
    const { processId, ticket } = await faceCode(person());
    const verified = person('邵网钩');
    const event = { eventId: uniqueId('evt'), type: 'passed', ticket, person: verified };
    const accepted = await faceWebhook(event);
    expect(accepted.status).toBe(200);
    expect(signalled(processId)).toEqual({ provider: 'face', ...event });
    const logs = logLines.join('');
    expect(logs).not.toContain(verified.name);
    expect(logs).not.toContain(verified.documentNumber);

    // A pass with no person (a provider from before R-P10) is still taken as it is.
    const older = await faceCode();
    const plain = { eventId: uniqueId('evt'), type: 'passed', ticket: older.ticket };
    expect((await faceWebhook(plain)).status).toBe(200);
    expect(signalled(older.processId)).toEqual({ provider: 'face', ...plain });
  });

  it('R-P10: the face webhook refuses a reported person of an unknown document type, with a missing field or an oversized one (400)', async () => {
    const { processId, ticket } = await faceCode(person());
    const verified = person();
    const { documentNumber: _dropped, ...withoutNumber } = verified;
    for (const reported of [
      { ...verified, documentType: 'passport' },
      withoutNumber,
      { ...verified, name: '张'.repeat(101) },
      { ...verified, documentNumber: '1'.repeat(33) },
      { ...verified, name: '' },
    ]) {
      const refused = await faceWebhook({ eventId: uniqueId('evt'), type: 'passed', ticket, person: reported });
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: expect.stringMatching(/^person\./) })]);
    }
    expect(signals.filter((signal) => signal.workflowId === `wf-${processId}`)).toEqual([]);
  });
});
