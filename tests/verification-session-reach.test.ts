import { createProcessActivities } from '../activities/process';
import { createApp } from '../api/app';
import { verificationSessions } from '../api/verification-session/store';
import { createLogger } from '../config/logger';
import { createDatabase, type Database } from '../prisma/client';
import { testConfig } from './support/environment';
import { uniqueId } from './support/system';

// Issue 19, security review (r19): what a hosted page's session token reaches
// outside the OpenAPI document (tests/e2e/verification-session.test.ts walks the
// document's operations), and the headers that keep it from being cached or
// leaving with a link. Against PostgreSQL; the page reads the process as GET does.
describe('issue 19: a session token opens its page only (PostgreSQL)', () => {
  let db: Database;
  const config = testConfig();
  const logger = createLogger({ level: 'silent' });
  const accountId = uniqueId('acc_sess_reach');
  const processId = uniqueId('prc_sess_reach');
  const app = () => createApp({ config, db, temporal: {} as never, logger });

  beforeAll(async () => {
    db = createDatabase(config.databaseUrl!, config.database);
    await db.account.create({ data: { id: accountId, displayName: accountId } });
    await db.process.create({ data: { id: processId, accountId, workflowId: `wf-${processId}`, runId: 'run', kind: 'individual_verification', method: 'wechat_qr', status: 'open', step: 'starting' } });
    const qrCode = { ticket: 'tk_reach', qrUrl: 'https://example.test/qr/tk_reach', expiresAt: Date.now() + 600_000, expired: false };
    await createProcessActivities(db).recordStep({ processId, seq: 1, step: 'awaiting_scan', status: 'open', at: Date.now(), failureReason: null, action: { qrCode } });
  });
  afterAll(async () => {
    await db.verificationSession.deleteMany({ where: { processId } });
    await db.processStep.deleteMany({ where: { processId } });
    await db.platformEvent.deleteMany({ where: { accountId } });
    await db.process.deleteMany({ where: { accountId } });
    await db.account.delete({ where: { id: accountId } });
    await db.$disconnect();
  });

  test('the page, its panel and its QR image are never cached, keep the token from the Referer and run under the strict CSP', async () => {
    const { token } = await verificationSessions(db).issue({ processId, accountId }, 'test');
    for (const suffix of ['', '/panel', '/qr.png']) {
      const response = await app().request(`/verify/${token}${suffix}`);
      expect([suffix, response.status]).toEqual([suffix, 200]);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    }
    const refused = await app().request('/verify/vsess_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('cache-control')).toBe('no-store');
  });

  test('/metrics, the codec, the console and the operator routes refuse it as a bearer token', async () => {
    const { token } = await verificationSessions(db).issue({ processId, accountId }, 'test');
    for (const [method, path] of [
      ['GET', '/metrics'],
      ['POST', '/codec/decode'],
      ['GET', '/codec/operator-endpoints'],
      ['GET', '/console/reviews/queue'],
      ['GET', `/v1/processes/${processId}`],
      ['GET', `/v1/processes/${processId}/events/`],
      ['GET', `/v1/processes/${processId}%2Fevents`],
      ['HEAD', `/v1/processes/${processId}/events`],
      ['GET', '/v1/webhook-endpoints'],
    ] as const) {
      const response = await app().request(path, { method, headers: { authorization: `Bearer ${token}`, origin: new URL(config.temporal.webUiUrl).origin, 'content-type': 'application/json' }, ...(method === 'POST' ? { body: '{}' } : {}) });
      expect([method, path, [401, 403, 404].includes(response.status)]).toEqual([method, path, true]);
      if (response.status !== 404) continue;
      // A 404 from a route that exists would mean the token got past authentication.
      expect([method, path, ((await response.json()) as { detail?: string }).detail ?? '']).toEqual([method, path, expect.stringMatching(/route/i)]);
    }
  });

  test("the page's amount entry reads no more body than the API would (413 beyond MAX_JSON_BODY_BYTES), as POST /v1/processes/{id}/remittance-amount", async () => {
    const { token } = await verificationSessions(db).issue({ processId, accountId }, 'test');
    const body = JSON.stringify({ amountYuan: '0.37', padding: 'x'.repeat(config.maxJsonBodyBytes + 1) });
    const declared = await app().request(`/verify/${token}/remittance-amount`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }, body });
    expect(declared.status).toBe(413);
    const chunked = await app().request(`/verify/${token}/remittance-amount`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Blob([body]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });
});
