import { Writable } from 'node:stream';
import { createLogger } from '../../config/logger';
import { isSealed } from '../../prisma/sealed';
import { mainlandId, randomMainlandId } from '../support/people';
import { captureWorkerLogs } from '../support/runtime';
import { eventually, http, postWebhook, startSystem, uniqueId, type RunningSystem } from '../support/system';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
const CREDIT_CODE = '91350100M000100Y43';

// Names and numbers no other test uses, so a hit can only come from this run.
const applicant = { name: '鲁日志', documentType: 'mainland_id', documentNumber: randomMainlandId(), industry: 'software', address: '北京市海淀区日志路9号' };
const contact = { name: '韩联系', documentNumber: mainlandId('350102', '1988-02-29', '246'), mobile: '13912345678' };

// The API's structured logs (pino, every level) over a full verification, an
// enterprise start, a refused webhook and an audited unmasked read: no name, ID
// number or mobile number in clear. And the subject at rest is sealed.
describe('logs and columns hold no personal data in clear', () => {
  let system: RunningSystem;
  const lines: string[] = [];
  // The worker's own logs too: the SDK's, the workflows' and the activities'.
  const workerLines: string[] = [];

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    system = await startSystem({ LIMIT_ACCOUNTS_PER_ENTERPRISE: '1000' }, { logger: createLogger({ level: 'trace', destination }) });
    captureWorkerLogs((level, message, meta) => workerLines.push(JSON.stringify({ level, message, meta })));
  });
  afterAll(async () => {
    captureWorkerLogs(null);
    await system.stop();
  });

  async function newAccount(displayName: string) {
    const created = await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc'), displayName } });
    expect(created.status).toBe(201);
    return { accountId: created.body.id as string, token: await system.holderToken(created.body.id) };
  }

  const processWhen = (processId: string, token: string, check: (body: any) => boolean) =>
    eventually(() => http(system, 'GET', `/v1/processes/${processId}`, { token }), (r) => r.status === 200 && (check(r.body) || r.body.status !== 'open'));

  const rawColumns = async (accountId: string) => {
    const rows = await system.db.$queryRaw<Array<{ subject: string | null; after: string | null }>>`
      SELECT a.subject::text AS subject, h.after::text AS after
        FROM accounts a LEFT JOIN subject_history h ON h.account_id = a.id
       WHERE a.id = ${accountId}`;
    return rows.map((row) => `${row.subject ?? ''} ${row.after ?? ''}`).join('\n');
  };

  it('an individual WeChat verification, a refused webhook and an audited unmasked read: logs and accounts.subject hold no clear identity', async () => {
    const { accountId, token } = await newAccount('logs individual');
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body: { type: 'individual', method: 'wechat_qr', applicant } });
    expect(started.status).toBe(201);
    const { processId, qrCode } = started.body;
    const authorized = { eventId: uniqueId('evt'), type: 'authorized', ticket: qrCode.ticket, realName: { name: applicant.name, documentNumber: applicant.documentNumber } };
    // A forged delivery carrying the real name is refused, and logged without it.
    expect((await postWebhook(system, 'wechat', authorized, { secret: 'not-the-wechat-secret' })).status).toBe(401);
    expect((await postWebhook(system, 'wechat', { eventId: uniqueId('evt'), type: 'scanned', ticket: qrCode.ticket })).status).toBe(200);
    await processWhen(processId, token, (p) => p.step === 'awaiting_authorization');
    expect((await postWebhook(system, 'wechat', authorized)).status).toBe(200);
    expect((await processWhen(processId, token, () => false)).body.status).toBe('verified');
    expect((await http(system, 'GET', `/v1/accounts/${accountId}/history`, { token })).status).toBe(200);

    // The audited read: the clear subject to the operator, a row saying who, which account and why.
    const read = await http(system, 'GET', `/v1/accounts/${accountId}/subject/unmasked?reason=${encodeURIComponent('complaint 2026-117')}`, { token: system.operatorToken });
    expect(read.status).toBe(200);
    expect(read.body.subject).toMatchObject({ type: 'individual', name: applicant.name, documentNumber: applicant.documentNumber });
    const audits = await system.db.subjectAccessAudit.findMany({ where: { accountId } });
    expect(audits).toEqual([expect.objectContaining({ id: read.body.auditId, operator: 'test-operator', reason: 'complaint 2026-117' })]);
    const noReason = await http(system, 'GET', `/v1/accounts/${accountId}/subject/unmasked`, { token: system.operatorToken });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    expect(await system.db.subjectAccessAudit.count({ where: { accountId } })).toBe(1);

    const raw = await rawColumns(accountId);
    expect(raw).not.toContain(applicant.documentNumber);
    expect(raw).not.toContain(applicant.name);
    const row = await system.db.account.findUniqueOrThrow({ where: { id: accountId } });
    expect(isSealed(row.subject)).toBe(true);

    const text = lines.join('\n');
    const workerText = workerLines.join('\n');
    // The capture works: the worker logged the activities it ran.
    expect(workerText).toContain('recordStep');
    for (const clear of [applicant.name, applicant.documentNumber, applicant.address]) expect(workerText).not.toContain(clear);
    expect(text).toContain('webhook refused');
    expect(text).toContain('unmasked subject read');
    for (const clear of [applicant.name, applicant.documentNumber, applicant.address]) expect(text).not.toContain(clear);
  });

  it('an enterprise start and recharge over HTTP: logs and accounts.subject hold no clear contact', async () => {
    const name = `日志测试有限公司${uniqueId('')}`;
    const { accountId, token } = await newAccount(name);
    const form = new FormData();
    form.set('purpose', 'business_licence');
    form.set('file', new Blob([Buffer.from(PNG)]), 'licence.png');
    const uploaded = await fetch(`${system.baseUrl}/v1/documents`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
    const licenceDocumentId = ((await uploaded.json()) as { id: string }).id;
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/enterprise-verifications`, {
      token,
      body: { method: 'recharge', enterprise: { licenceType: 'business_licence', licenceDocumentId, name, creditCode: CREDIT_CODE, address: '福建省福州市鼓楼区', contact } },
    });
    expect(started.status).toBe(201);
    const { processId } = started.body;
    const recharge = (await processWhen(processId, token, (p) => p.recharge)).body.recharge;
    expect((await http(system, 'POST', '/v1/sandbox/payments', { body: { reference: processId, payerName: name, amountFen: recharge.amountFen } })).status).toBe(200);
    expect((await processWhen(processId, token, () => false)).body.status).toBe('verified');

    const raw = await rawColumns(accountId);
    for (const clear of [contact.name, contact.documentNumber, contact.mobile]) expect(raw).not.toContain(clear);

    const text = lines.join('\n');
    for (const clear of [contact.name, contact.documentNumber, contact.mobile, applicant.name, applicant.documentNumber]) {
      expect(text).not.toContain(clear);
      expect(workerLines.join('\n')).not.toContain(clear);
    }
  });
});
