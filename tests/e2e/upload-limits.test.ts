import { randomUUID } from 'node:crypto';
import { sweepExpiredDocuments } from '../../activities/document-store';
import { mainlandId } from '../support/people';
import { http, startSystem, uniqueId, type RunningSystem } from '../support/system';

const HOUR = 3600_000;
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

async function upload(system: RunningSystem, token: string, purpose = 'business_licence') {
  const form = new FormData();
  form.set('purpose', purpose);
  form.set('file', new Blob([Buffer.from(PNG)]), 'licence.png');
  const response = await fetch(`${system.baseUrl}/v1/documents`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}`, 'accept-language': 'en' } });
  return { status: response.status, body: (await response.json()) as any, headers: response.headers };
}

async function account(system: RunningSystem) {
  const accountId = (await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc'), displayName: 'uploads' } })).body.id as string;
  return { accountId, token: await system.holderToken(accountId) };
}

const rechargeStart = (licenceDocumentId: string) => ({
  method: 'recharge',
  enterprise: {
    licenceType: 'business_licence',
    licenceDocumentId,
    name: '福州上传测试有限公司',
    creditCode: '91350100M000100Y43',
    address: '福建省福州市',
    contact: { name: '王五', documentNumber: mainlandId('350102', '1985-06-15', '123'), mobile: '13800138000' },
  },
});

// A document row as the store writes it, with the times a test needs.
const documentRow = (accountId: string, createdAt: Date, attached?: { attachedAt: Date; processId: string }) => ({
  id: `doc_${randomUUID().replace(/-/g, '')}`,
  accountId,
  purpose: 'business_licence',
  contentType: 'image/png',
  size: PNG.length,
  sha256: '0'.repeat(64),
  content: Buffer.from(PNG),
  createdAt,
  ...attached,
});

describe('upload quota and sweep (finding 6)', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    // The quota at its defaults (20 documents, 50 MB); the rate limit out of the way (its own test below).
    system = await startSystem({ RATE_LIMIT_UPLOADS_PER_MINUTE: '1000' });
  });
  afterAll(async () => {
    await system.stop();
  });

  it('finding 6: the 21st document not yet taken by a process is refused with 409 problem+json naming the limit, storing nothing', async () => {
    const { accountId, token } = await account(system);
    for (let i = 0; i < 20; i++) expect((await upload(system, token)).status).toBe(201);
    const refused = await upload(system, token);
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({
      type: 'https://realname.example/problems/upload-quota-exceeded',
      limit: 'UPLOAD_QUOTA_DOCUMENTS',
      max: 20,
      unreferenced: { documents: 20, bytes: 20 * PNG.length },
    });
    expect(refused.body.detail).toContain('at most 20 uploaded documents not yet used by a process');
    expect(await system.db.document.count({ where: { accountId } })).toBe(20);
    // An operator uploading for the account meets the same quota: it is the account's.
    const form = new FormData();
    form.set('purpose', 'business_licence');
    form.set('accountId', accountId);
    form.set('file', new Blob([Buffer.from(PNG)]), 'licence.png');
    const byOperator = await fetch(`${system.baseUrl}/v1/documents`, { method: 'POST', body: form, headers: { authorization: `Bearer ${system.operatorToken}` } });
    expect(byOperator.status).toBe(409);
  });

  it('finding 6: the quota holds under concurrent uploads (counted in PostgreSQL under a lock per account)', async () => {
    const { accountId, token } = await account(system);
    const statuses = (await Promise.all(Array.from({ length: 26 }, () => upload(system, token)))).map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(20);
    expect(statuses.filter((status) => status === 409)).toHaveLength(6);
    expect(await system.db.document.count({ where: { accountId } })).toBe(20);
  });

  it('finding 6: documents a process took leave the quota, so a holder who used their uploads can upload again', async () => {
    const { accountId, token } = await account(system);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await upload(system, token)).body.id);
    expect((await upload(system, token)).status).toBe(409);
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/enterprise-verifications`, { token, body: rechargeStart(ids[0]!) });
    expect(started.status).toBe(201);
    expect(await system.db.document.findUniqueOrThrow({ where: { id: ids[0]! } })).toMatchObject({ processId: started.body.processId, attachedAt: expect.any(Date) });
    expect((await upload(system, token)).status).toBe(201);
    expect((await upload(system, token)).status).toBe(409);
  });

  it('finding 6: an unreferenced document past its 24 hours is refused by a start and no longer counts; a used one stays valid', async () => {
    const { accountId, token } = await account(system);
    const expired = documentRow(accountId, new Date(Date.now() - 25 * HOUR));
    await system.db.document.create({ data: expired });
    const refused = await http(system, 'POST', `/v1/accounts/${accountId}/enterprise-verifications`, { token, body: rechargeStart(expired.id) });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ field: 'enterprise.licenceDocumentId', rule: 'R-E2', message: expect.stringContaining('expired') }]);
    for (let i = 0; i < 20; i++) expect((await upload(system, token)).status).toBe(201);

    const other = await account(system);
    const usedLongAgo = documentRow(other.accountId, new Date(Date.now() - 25 * HOUR), { attachedAt: new Date(Date.now() - 24 * HOUR), processId: 'prc_earlier' });
    await system.db.document.create({ data: usedLongAgo });
    const reused = await http(system, 'POST', `/v1/accounts/${other.accountId}/enterprise-verifications`, { token: other.token, body: rechargeStart(usedLongAgo.id) });
    expect(reused.status).toBe(201);
  });

  it('finding 6: the sweep deletes an expired unreferenced document and keeps a referenced one, a fresh one and one within the grace hour', async () => {
    const { accountId } = await account(system);
    const now = Date.now();
    const old = documentRow(accountId, new Date(now - 26 * HOUR));
    const referenced = documentRow(accountId, new Date(now - 30 * 24 * HOUR), { attachedAt: new Date(now - 30 * 24 * HOUR), processId: 'prc_kept' });
    const fresh = documentRow(accountId, new Date(now - HOUR));
    const justExpired = documentRow(accountId, new Date(now - 24 * HOUR - 30 * 60_000));
    for (const row of [old, referenced, fresh, justExpired]) await system.db.document.create({ data: row });

    expect(await sweepExpiredDocuments(system.db, system.config.uploads, now)).toBeGreaterThanOrEqual(1);
    const left = (await system.db.document.findMany({ where: { accountId }, select: { id: true } })).map((row) => row.id).sort();
    expect(left).toEqual([referenced.id, fresh.id, justExpired.id].sort());
  });
});

describe('upload rate limit (finding 6)', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(async () => {
    await system.stop();
  });

  it('finding 6: the 11th upload in a minute from one token gets 429 problem+json with Retry-After, before anything is stored', async () => {
    const { accountId, token } = await account(system);
    for (let i = 0; i < 10; i++) expect((await upload(system, token)).status).toBe(201);
    const limited = await upload(system, token);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body.detail).toContain('at most 10 uploads per minute');
    expect(await system.db.document.count({ where: { accountId } })).toBe(10);
    // Another token has its own allowance.
    const other = await account(system);
    expect((await upload(system, other.token)).status).toBe(201);
  });
});
