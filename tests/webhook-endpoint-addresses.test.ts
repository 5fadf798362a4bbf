import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProcessActivities } from '../activities/process';
import { deliverDueWebhooks, newSigningSecret, sealedSigningSecret, WEBHOOK_DEFAULTS } from '../activities/webhook-delivery';
import { isNonPublicAddress, nonPublicWebhookHost } from '../activities/webhook-url-guard';
import { createApp } from '../api/app';
import { issueToken } from '../api/auth';
import { createLogger } from '../config/logger';
import { createDatabase, type Database } from '../prisma/client';
import { testConfig } from './support/environment';
import { deleteAccountWithProcesses } from './support/account-cleanup';
import { uniqueId } from './support/system';

// Issue 19, security review (r19): outside sandbox mode an event webhook endpoint
// may not point into our own network (server-side request forgery): not at
// registration, and not at delivery (a name may resolve inside later), unless
// WEBHOOK_ALLOW_PRIVATE_URLS=true says the platform really is on that network.
describe('issue 19: webhook endpoints outside sandbox refuse non-public addresses (SSRF)', () => {
  let db: Database;
  const sandboxConfig = testConfig();
  const production = { ...sandboxConfig, sandbox: false };
  const logger = createLogger({ level: 'silent' });
  const endpointIds: string[] = [];
  const accountId = uniqueId('acc_wh_ssrf');

  beforeAll(async () => {
    db = createDatabase(sandboxConfig.databaseUrl!, sandboxConfig.database);
    await db.account.create({ data: { id: accountId, displayName: accountId } });
  });
  afterAll(async () => {
    await db.webhookEndpoint.deleteMany({ where: { id: { in: endpointIds } } });
    await deleteAccountWithProcesses(db, accountId);
    await db.$disconnect();
  });

  async function register(config: typeof production, url: string) {
    const token = await issueToken(config.auth.jwtSecret, config.auth.issuer, { role: 'operator', subject: 'ssrf-test' });
    const response = await createApp({ config, db, temporal: {} as never, logger }).request('/v1/webhook-endpoints', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url, eventTypes: ['process.verified'] }),
    });
    const body = (await response.json()) as { id?: string; errors?: Array<{ field: string; rule?: string }> };
    if (body.id) endpointIds.push(body.id);
    return { status: response.status, body };
  }

  test.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://2852039166/', // the metadata address written as one number
    'http://127.0.0.1:5432/',
    'http://0x7f.1/',
    'http://localhost:9090/',
    'http://LOCALHOST./',
    'http://metadata.localhost/',
    'http://[::1]:8080/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:169.254.169.254]/',
    'http://[::127.0.0.1]/',
    'http://[fd00::1]/',
    'http://10.0.0.5/',
    'http://192.168.1.1/',
    'http://172.16.0.1/',
    'http://100.64.0.1/',
    'http://0.0.0.0/',
  ])('outside sandbox, %s is refused at registration (400, field url)', async (url) => {
    const { status, body } = await register(production, url);
    expect(status).toBe(400);
    expect(body.errors).toEqual([expect.objectContaining({ field: 'url', rule: 'issue 19' })]);
  });

  test.each(['https://user:secret@93.184.216.34/hooks', 'https://user@93.184.216.34/hooks', 'http://:secret@127.0.0.1:9/hooks'])(
    'a URL carrying a user name or password (%s) is refused at registration, in sandbox too: nothing stored',
    async (url) => {
      for (const config of [sandboxConfig, production]) {
        const { status, body } = await register(config, url);
        expect(status).toBe(400);
        expect(body.errors).toEqual([expect.objectContaining({ field: 'url' })]);
        expect(await db.webhookEndpoint.count({ where: { url } })).toBe(0);
      }
    },
  );

  test('a public address is registered outside sandbox; loopback is in sandbox and with WEBHOOK_ALLOW_PRIVATE_URLS', async () => {
    expect((await register(production, 'https://93.184.216.34/hooks')).status).toBe(201);
    expect((await register(sandboxConfig, 'http://127.0.0.1:9/hooks')).status).toBe(201);
    expect((await register({ ...production, webhookAllowPrivateUrls: true }, 'http://127.0.0.1:9/hooks')).status).toBe(201);
  });

  test('the address judge: public unicast only', async () => {
    for (const inside of ['169.254.169.254', '127.0.0.1', '::1', '::ffff:10.1.2.3', 'fe80::1', '224.0.0.1', 'not-an-ip']) expect(isNonPublicAddress(inside)).toBe(true);
    // Forms that carry an IPv4 address inside (6to4 of 127.0.0.1, Teredo, NAT64 local use), site-local, discard-only.
    for (const inside of ['2002:7f00:1::', '2001:0:4136:e378:8000:63bf:3fff:fdd2', '64:ff9b:1::a00:1', 'fec0::1', '100::1']) {
      expect({ inside, refused: isNonPublicAddress(inside) }).toEqual({ inside, refused: true });
    }
    for (const outside of ['93.184.216.34', '8.8.8.8', '2606:4700::1111']) expect(isNonPublicAddress(outside)).toBe(false);
    expect(await nonPublicWebhookHost('https://1.1.1.1/x')).toBeNull();
  });

  test('an endpoint already pointing inside gets nothing at delivery outside sandbox: the attempt fails without a request', async () => {
    const received: string[] = [];
    const server: Server = createServer((request, response) => {
      received.push(request.url ?? '');
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const id = uniqueId('whe_ssrf');
      endpointIds.push(id);
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
      await db.webhookEndpoint.create({ data: { id, url, eventTypes: ['process.verified'], secret: sealedSigningSecret(newSigningSecret(), id, sandboxConfig.payloadKeys) } });
      const processId = uniqueId('prc_wh_ssrf');
      await db.process.create({ data: { id: processId, accountId, workflowId: `wf-${processId}`, runId: 'run', kind: 'individual_verification', method: 'wechat_qr', status: 'open', step: 'starting' } });
      await createProcessActivities(db).recordStep({ processId, seq: 1, step: 'verified', status: 'verified', at: Date.now(), failureReason: null, action: null });
      const policy = { ...WEBHOOK_DEFAULTS, sendTimeoutMs: 2_000, refuseNonPublicHosts: true };
      await deliverDueWebhooks({ db, payloadKeys: sandboxConfig.payloadKeys, operatorAlerts: { send: async () => undefined }, policy, logger });
      expect(received).toEqual([]);
      const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: id } });
      expect(delivery).toMatchObject({ attempts: 1, lastStatus: null, deliveredAt: null });
      expect(delivery.lastError).toMatch(/^NonPublicAddress: 127\.0\.0\.1/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
