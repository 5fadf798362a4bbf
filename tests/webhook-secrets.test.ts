import { Webhook } from 'standardwebhooks';
import { createProcessActivities } from '../activities/process';
import { deliverDueWebhooks, WEBHOOK_DEFAULTS, type WebhookPolicy } from '../activities/webhook-delivery';
import { createApp } from '../api/app';
import { issueToken } from '../api/auth';
import { createLogger } from '../config/logger';
import { createDatabase, sqlPool, type Database } from '../prisma/client';
import { resealColumns } from '../prisma/reseal';
import { isSealed } from '../prisma/sealed';
import { testConfig } from './support/environment';
import { deleteAccountWithProcesses } from './support/account-cleanup';
import { uniqueId } from './support/system';
import { webhookHeadersOf, webhookReceiver } from './support/webhook-receiver';

// Issue 19: the platform's signing secrets are sealed at rest as the personal-data
// columns are (prisma/sealed.ts, bound to the endpoint's row): the database holds
// no secret in clear, deliveries still verify with the secret the API answered
// (with the standardwebhooks package), rotation seals the new one, and a secret
// left plain by migration 20261202194000_webhook_secret_sealed is refused until
// `npm run reseal` seals it.
describe('webhook signing secrets sealed at rest (issue 19, PostgreSQL, loopback receiver)', () => {
  let db: Database;
  const config = testConfig();
  const accountId = uniqueId('acc_wh_secrets');
  const logger = createLogger({ level: 'silent' });
  const policy: WebhookPolicy = { ...WEBHOOK_DEFAULTS, retryBaseSeconds: 0.001, retryMaxSeconds: 0.001, sendTimeoutMs: 2_000 };
  const operatorAlerts = { send: async () => undefined };
  const endpointIds: string[] = [];
  let platform: Awaited<ReturnType<typeof webhookReceiver>>;

  beforeAll(async () => {
    db = createDatabase(config.databaseUrl!, config.database);
    await db.account.create({ data: { id: accountId, displayName: accountId } });
    platform = await webhookReceiver();
  });
  afterAll(async () => {
    await platform.close();
    await db.webhookEndpoint.deleteMany({ where: { id: { in: endpointIds } } });
    await deleteAccountWithProcesses(db, accountId);
    await db.$disconnect();
  });

  const pass = () => deliverDueWebhooks({ db, payloadKeys: config.payloadKeys, operatorAlerts, policy, logger });
  const app = () => createApp({ config, db, temporal: {} as never, logger });
  async function operatorCall(method: string, path: string, body?: unknown) {
    const token = await issueToken(config.auth.jwtSecret, config.auth.issuer, { role: 'operator', subject: 'webhook-secrets-test' });
    const response = await app().request(path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as { id: string; secret: string } };
  }

  /** Everything the database holds for the endpoint, as text: its row and its deliveries. */
  async function storedText(endpointId: string): Promise<string> {
    const { rows } = await sqlPool(db).query(
      `SELECT row_to_json(e)::text AS endpoint, COALESCE((SELECT json_agg(d)::text FROM webhook_deliveries d WHERE d.endpoint_id = e.id), '') AS deliveries
         FROM webhook_endpoints e WHERE e.id = $1`,
      [endpointId],
    );
    return `${rows[0].endpoint} ${rows[0].deliveries}`;
  }

  /** A verified process for this account, its event delivered to whoever subscribed to process.verified. */
  async function verifiedProcess(): Promise<string> {
    const processId = uniqueId('prc_wh_sec');
    await db.process.create({ data: { id: processId, accountId, workflowId: `wf-${processId}`, runId: 'run', kind: 'individual_verification', method: 'wechat_qr', status: 'open', step: 'starting' } });
    await createProcessActivities(db).recordStep({ processId, seq: 1, step: 'verified', status: 'verified', at: Date.now(), failureReason: null, action: null });
    return processId;
  }

  /** Each endpoint on its own path of the one receiver, so a test sees only its endpoint's deliveries. */
  const urlFor = (tag: string) => `${platform.url}/${tag}`;
  const deliveredFor = (processId: string, tag: string) =>
    platform.received.filter((r) => r.path === `/hooks/${tag}` && (JSON.parse(r.body) as { data: { processId: string } }).data.processId === processId);

  test('the database holds no secret in clear, at registration and after rotation; deliveries verify with the secret answered, and only the newest after rotation', async () => {
    const created = await operatorCall('POST', '/v1/webhook-endpoints', { url: urlFor('rotation'), eventTypes: ['process.verified'] });
    expect(created.status).toBe(201);
    const { id, secret } = created.body;
    endpointIds.push(id);
    const stored = await db.webhookEndpoint.findUniqueOrThrow({ where: { id } });
    expect(isSealed(stored.secret)).toBe(true);
    expect(stored.secret).toMatchObject({ v: 2 });
    const key = secret.slice('whsec_'.length);
    expect(await storedText(id)).not.toContain(key);
    expect(await storedText(id)).not.toContain('whsec_');

    const first = await verifiedProcess();
    await pass();
    const [delivery] = deliveredFor(first, 'rotation');
    expect(() => new Webhook(secret).verify(delivery!.body, webhookHeadersOf(delivery!))).not.toThrow();

    const rotated = await operatorCall('POST', `/v1/webhook-endpoints/${id}/secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(secret);
    const after = await storedText(id);
    expect(after).not.toContain(rotated.body.secret.slice('whsec_'.length));
    expect(after).not.toContain(key);
    const second = await verifiedProcess();
    await pass();
    const [next] = deliveredFor(second, 'rotation');
    expect(() => new Webhook(rotated.body.secret).verify(next!.body, webhookHeadersOf(next!))).not.toThrow();
    expect(() => new Webhook(secret).verify(next!.body, webhookHeadersOf(next!))).toThrow();
  });

  test('a secret left plain by the migration sends nothing (the attempt fails naming npm run reseal, never the secret) until reseal seals it; then it verifies', async () => {
    const created = await operatorCall('POST', '/v1/webhook-endpoints', { url: urlFor('plain'), eventTypes: ['process.verified'] });
    const { id, secret } = created.body;
    endpointIds.push(id);
    // As migration 20261202194000_webhook_secret_sealed leaves a row of before: the text as a JSON string.
    await sqlPool(db).query(`UPDATE webhook_endpoints SET secret = to_jsonb($2::text) WHERE id = $1`, [id, secret]);
    const processId = await verifiedProcess();
    await pass();
    expect(deliveredFor(processId, 'plain')).toHaveLength(0);
    const pending = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: id } });
    expect(pending).toMatchObject({ deliveredAt: null, failedAt: null, lastStatus: null });
    expect(pending.lastError).toContain('npm run reseal');
    expect(pending.lastError).not.toContain(secret.slice('whsec_'.length));

    const report = await resealColumns(db, config.payloadKeys);
    expect(report['webhook_endpoints.secret'].sealed).toBeGreaterThanOrEqual(1);
    expect(report['webhook_endpoints.secret'].failed).toEqual([]);
    expect(isSealed((await db.webhookEndpoint.findUniqueOrThrow({ where: { id } })).secret)).toBe(true);
    expect(await storedText(id)).not.toContain(secret.slice('whsec_'.length));
    await pass();
    const [delivery] = deliveredFor(processId, 'plain');
    expect(() => new Webhook(secret).verify(delivery!.body, webhookHeadersOf(delivery!))).not.toThrow();
  });

  test("a sealed secret copied into another endpoint's row fails authentication there: nothing is signed with it", async () => {
    const victim = await operatorCall('POST', '/v1/webhook-endpoints', { url: urlFor('victim'), eventTypes: ['process.failed'] });
    const copy = await operatorCall('POST', '/v1/webhook-endpoints', { url: urlFor('copy'), eventTypes: ['process.failed'] });
    endpointIds.push(victim.body.id, copy.body.id);
    await sqlPool(db).query(`UPDATE webhook_endpoints SET secret = (SELECT secret FROM webhook_endpoints WHERE id = $2) WHERE id = $1`, [copy.body.id, victim.body.id]);
    const processId = uniqueId('prc_wh_copy');
    await db.process.create({ data: { id: processId, accountId, workflowId: `wf-${processId}`, runId: 'run', kind: 'individual_verification', method: 'wechat_qr', status: 'open', step: 'starting' } });
    await createProcessActivities(db).recordStep({ processId, seq: 1, step: 'failed', status: 'failed', at: Date.now(), failureReason: 'expired', action: null });
    await pass();
    const delivered = deliveredFor(processId, 'victim');
    expect(delivered).toHaveLength(1);
    expect(deliveredFor(processId, 'copy')).toHaveLength(0);
    expect(() => new Webhook(victim.body.secret).verify(delivered[0]!.body, webhookHeadersOf(delivered[0]!))).not.toThrow();
    const copied = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: copy.body.id } });
    expect(copied.deliveredAt).toBeNull();
    expect(copied.lastError).toContain('failed authentication');
  });
});
