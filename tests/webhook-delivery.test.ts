import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { createProcessActivities } from '../activities/process';
import { createApp } from '../api/app';
import { issueToken } from '../api/auth';
import type { ChannelSender, OutgoingNotification } from '../activities/providers/notification-channels';
import { deliverDueWebhooks, newSigningSecret, sealedSigningSecret, WEBHOOK_DEFAULTS, type WebhookPolicy } from '../activities/webhook-delivery';
import { webhookLookupsOf } from '../activities/webhook-lookups';
import type { ResolveHost } from '../activities/webhook-url-guard';
import { loadConfig } from '../config';
import { createLogger } from '../config/logger';
import { createDatabase, type Database } from '../prisma/client';
import { testConfig } from './support/environment';
import { uniqueId } from './support/system';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver on loopback that answers each request with the next status in `answers` (then 200). */
async function receiver(answers: number[] = [], port = 0) {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.statusCode = answers.shift() ?? 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return { port: bound, url: `http://127.0.0.1:${bound}/hooks`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const headersOf = (received: Received) => ({
  'webhook-id': String(received.headers['webhook-id']),
  'webhook-timestamp': String(received.headers['webhook-timestamp']),
  'webhook-signature': String(received.headers['webhook-signature']),
});

// Issue 19: the worker's webhook delivery, one pass at a time, against the provisioned PostgreSQL and a loopback receiver.
describe('event webhooks for the platform (issue 19, PostgreSQL, loopback receiver)', () => {
  let db: Database;
  const config = testConfig();
  const accountId = uniqueId('acc_webhooks');
  const logger = createLogger({ level: 'silent' });
  // Retries due at once, so consecutive passes make consecutive attempts.
  const policy: WebhookPolicy = { ...WEBHOOK_DEFAULTS, retryBaseSeconds: 0.001, retryMaxSeconds: 0.001, sendTimeoutMs: 2_000 };
  const alerts: OutgoingNotification[] = [];
  const operatorAlerts: ChannelSender = { send: async (alert) => void alerts.push(alert) };
  const endpointIds: string[] = [];
  const processIds: string[] = [];

  beforeAll(async () => {
    db = createDatabase(config.databaseUrl!, config.database);
    await db.account.create({ data: { id: accountId, displayName: accountId } });
  });
  afterAll(async () => {
    await db.webhookEndpoint.deleteMany({ where: { id: { in: endpointIds } } });
    await db.platformEvent.deleteMany({ where: { accountId } });
    await db.processStep.deleteMany({ where: { processId: { in: processIds } } });
    await db.process.deleteMany({ where: { accountId } });
    await db.account.delete({ where: { id: accountId } });
    await db.$disconnect();
  });

  async function endpoint(url: string, eventTypes: string[]) {
    const id = uniqueId('whe');
    endpointIds.push(id);
    const secret = newSigningSecret();
    await db.webhookEndpoint.create({ data: { id, url, eventTypes, secret: sealedSigningSecret(secret, id, config.payloadKeys) } });
    return { id, secret };
  }

  /** A process row and its steps, recorded by the activity every workflow records its steps with. */
  async function processWithSteps(steps: Array<{ step: string; status: string; failureReason?: string; action?: Record<string, unknown> }>) {
    const processId = uniqueId('prc_wh');
    processIds.push(processId);
    await db.process.create({
      data: { id: processId, accountId, workflowId: `wf-${processId}`, runId: 'run', kind: 'individual_verification', method: 'wechat_qr', status: 'open', step: 'starting' },
    });
    const activities = createProcessActivities(db);
    for (const [index, step] of steps.entries()) {
      await activities.recordStep({ processId, seq: index + 1, step: step.step, status: step.status, at: Date.now(), failureReason: step.failureReason ?? null, action: step.action ?? null });
    }
    return processId;
  }

  const pass = () => deliverDueWebhooks({ db, payloadKeys: config.payloadKeys, operatorAlerts, policy, logger });

  test('events of the subscribed types arrive signed, verifiable with the standardwebhooks package, with the masked view', async () => {
    const platform = await receiver();
    try {
      const { secret } = await endpoint(platform.url, ['process.step_changed', 'process.verified']);
      const processId = await processWithSteps([
        { step: 'awaiting_scan', status: 'open' },
        { step: 'verified', status: 'verified' },
      ]);
      await pass();
      const mine = platform.received.filter((r) => JSON.parse(r.body).data.processId === processId);
      expect(mine.map((r) => JSON.parse(r.body).type)).toEqual(expect.arrayContaining(['process.step_changed', 'process.verified']));
      expect(mine).toHaveLength(2);
      const verifier = new Webhook(secret);
      for (const delivery of mine) {
        const event = verifier.verify(delivery.body, headersOf(delivery)) as { id: string; data: { accountId: string; process: { processId: string } } };
        expect(event.id).toBe(headersOf(delivery)['webhook-id']);
        expect(event.data.accountId).toBe(accountId);
        expect(event.data.process.processId).toBe(processId);
      }
      // A signature made with another secret does not verify.
      expect(() => new Webhook(newSigningSecret()).verify(mine[0]!.body, headersOf(mine[0]!))).toThrow();
    } finally {
      await platform.close();
    }
  });

  test('a receiver answering 500 twice gets the event a third time with the same id', async () => {
    const platform = await receiver([500, 500]);
    try {
      const { id: endpointId, secret } = await endpoint(platform.url, ['process.failed']);
      const processId = await processWithSteps([{ step: 'failed', status: 'failed', failureReason: 'expired' }]);
      await pass();
      await pass();
      await pass();
      const mine = platform.received.filter((r) => JSON.parse(r.body).data.processId === processId);
      expect(mine).toHaveLength(3);
      expect(new Set(mine.map((r) => r.headers['webhook-id'])).size).toBe(1);
      expect(new Set(mine.map((r) => r.body)).size).toBe(1);
      expect(() => new Webhook(secret).verify(mine[2]!.body, headersOf(mine[2]!))).not.toThrow();
      const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId } });
      expect(delivery).toMatchObject({ attempts: 3, lastStatus: 200 });
      expect(delivery.deliveredAt).not.toBeNull();
      // Delivered once: a further pass sends nothing.
      await pass();
      expect(platform.received.filter((r) => JSON.parse(r.body).data.processId === processId)).toHaveLength(3);
    } finally {
      await platform.close();
    }
  });

  test('a receiver that is down for a while gets every event, once each, after it comes back', async () => {
    const before = await receiver();
    const { port, url } = before;
    await before.close();
    const { secret } = await endpoint(url, ['process.step_changed', 'process.failed']);
    const processId = await processWithSteps([
      { step: 'awaiting_scan', status: 'open' },
      { step: 'failed', status: 'failed', failureReason: 'expired' },
    ]);
    await pass(); // connection refused: both retried
    await pass();
    const platform = await receiver([], port);
    try {
      await pass();
      await pass();
      const mine = platform.received.filter((r) => JSON.parse(r.body).data.processId === processId);
      expect(mine.map((r) => JSON.parse(r.body).type).sort()).toEqual(['process.failed', 'process.step_changed']);
      for (const delivery of mine) expect(() => new Webhook(secret).verify(delivery.body, headersOf(delivery))).not.toThrow();
    } finally {
      await platform.close();
    }
  });

  test('an endpoint that keeps failing is disabled and reported to operators once', async () => {
    const platform = await receiver([500, 500, 500, 500, 500]);
    try {
      const { id: endpointId } = await endpoint(platform.url, ['process.failed']);
      await processWithSteps([{ step: 'failed', status: 'failed', failureReason: 'expired' }]);
      const strict = { ...policy, disableAfterFailures: 2 };
      for (let i = 0; i < 3; i += 1) await deliverDueWebhooks({ db, payloadKeys: config.payloadKeys, operatorAlerts, policy: strict, logger });
      const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } });
      expect(row.disabledAt).not.toBeNull();
      expect(alerts.filter((alert) => alert.id === `${endpointId}:disabled`)).toHaveLength(1);
    } finally {
      await platform.close();
    }
  });

  test('operators register an endpoint, get its secret once, rotate it, list its deliveries and resend one with the same id', async () => {
    const platform = await receiver();
    const apiConfig = loadConfig({});
    const app = createApp({ config: apiConfig, db, temporal: {} as never, logger });
    const operator = await issueToken(apiConfig.auth.jwtSecret, apiConfig.auth.issuer, { role: 'operator', subject: 'webhook-test' });
    const holder = await issueToken(apiConfig.auth.jwtSecret, apiConfig.auth.issuer, { role: 'holder', subject: 'webhook-test', accountId });
    const call = (method: string, path: string, token: string, body?: unknown) =>
      app.request(path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    try {
      expect((await call('POST', '/v1/webhook-endpoints', holder, { url: platform.url, eventTypes: ['process.verified'] })).status).toBe(403);
      expect((await call('POST', '/v1/webhook-endpoints', operator, { url: platform.url, eventTypes: ['process.unknown'] })).status).toBe(400);
      const created = await call('POST', '/v1/webhook-endpoints', operator, { url: platform.url, eventTypes: ['process.verified'] });
      expect(created.status).toBe(201);
      const endpoint = (await created.json()) as { id: string; secret: string; status: string };
      endpointIds.push(endpoint.id);
      expect(endpoint.status).toBe('enabled');
      expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
      expect(Buffer.from(endpoint.secret.slice('whsec_'.length), 'base64')).toHaveLength(24);
      const listed = (await (await call('GET', '/v1/webhook-endpoints', operator)).json()) as { endpoints: Array<Record<string, unknown>> };
      const mine = listed.endpoints.find((row) => row.id === endpoint.id)!;
      expect(mine).toBeDefined();
      expect(mine).not.toHaveProperty('secret');

      const processId = await processWithSteps([{ step: 'verified', status: 'verified' }]);
      await pass();
      const first = platform.received.filter((r) => JSON.parse(r.body).data.processId === processId);
      expect(first).toHaveLength(1);
      expect(() => new Webhook(endpoint.secret).verify(first[0]!.body, headersOf(first[0]!))).not.toThrow();

      const rotated = (await (await call('POST', `/v1/webhook-endpoints/${endpoint.id}/secret`, operator)).json()) as { secret: string };
      expect(rotated.secret).not.toBe(endpoint.secret);
      const deliveries = (await (await call('GET', `/v1/webhook-endpoints/${endpoint.id}/deliveries`, operator)).json()) as {
        deliveries: Array<{ id: string; eventId: string; status: string; eventType: string }>;
      };
      expect(deliveries.deliveries).toEqual([expect.objectContaining({ status: 'delivered', eventType: 'process.verified', eventId: first[0]!.headers['webhook-id'] })]);
      const resent = await call('POST', `/v1/webhook-deliveries/${deliveries.deliveries[0]!.id}/resend`, operator);
      expect(resent.status).toBe(202);
      expect(((await resent.json()) as { status: string }).status).toBe('pending');
      await pass();
      const again = platform.received.filter((r) => JSON.parse(r.body).data.processId === processId);
      expect(again).toHaveLength(2);
      expect(again[1]!.headers['webhook-id']).toBe(first[0]!.headers['webhook-id']);
      expect(again[1]!.body).toBe(first[0]!.body);
      // Signed with the rotated secret only.
      expect(() => new Webhook(rotated.secret).verify(again[1]!.body, headersOf(again[1]!))).not.toThrow();
      expect(() => new Webhook(endpoint.secret).verify(again[1]!.body, headersOf(again[1]!))).toThrow();
      expect((await call('POST', '/v1/webhook-deliveries/whd_none/resend', operator)).status).toBe(404);
      // Removed: nothing more is delivered to it, and it is gone from the listing.
      expect((await call('DELETE', `/v1/webhook-endpoints/${endpoint.id}`, holder)).status).toBe(403);
      expect((await call('DELETE', `/v1/webhook-endpoints/${endpoint.id}`, operator)).status).toBe(204);
      expect((await call('DELETE', `/v1/webhook-endpoints/${endpoint.id}`, operator)).status).toBe(404);
      const remaining = (await (await call('GET', '/v1/webhook-endpoints', operator)).json()) as { endpoints: Array<{ id: string }> };
      expect(remaining.endpoints.map((row) => row.id)).not.toContain(endpoint.id);
      await processWithSteps([{ step: 'verified', status: 'verified' }]);
      const before = platform.received.length;
      await pass();
      expect(platform.received.length).toBe(before);
    } finally {
      await platform.close();
    }
  });

  test('an attempt that times out waiting for a DNS lookup slot (other names hang) is put off: no failure counted against its endpoint, no attempt spent', async () => {
    const platform = await receiver();
    // The endpoint's name answers loopback at once; two other names never answer until the test says so.
    const stuck: Array<() => void> = [];
    const resolveHost: ResolveHost = (host) =>
      host.startsWith('stuck-') ? new Promise((answer) => stuck.push(() => answer([{ address: '127.0.0.1' }]))) : Promise.resolve([{ address: '127.0.0.1' }]);
    const slots = webhookLookupsOf(resolveHost);
    const holders = [slots.resolve('stuck-a.example-busy.test'), slots.resolve('stuck-b.example-busy.test')];
    expect(slots.running).toBe(2);
    try {
      const { id: endpointId } = await endpoint(`http://healthy.example-busy.test:${platform.port}/hooks`, ['process.failed']);
      // One failure in a row already: one more counted would disable it.
      await db.webhookEndpoint.update({ where: { id: endpointId }, data: { consecutiveFailures: 1 } });
      await processWithSteps([{ step: 'failed', status: 'failed', failureReason: 'expired' }]);
      const strict = { ...policy, sendTimeoutMs: 300, disableAfterFailures: 2 };
      const deliver = () => deliverDueWebhooks({ db, payloadKeys: config.payloadKeys, operatorAlerts, policy: strict, logger, resolveHost });
      const round = await deliver();
      expect(round.busy).toBeGreaterThanOrEqual(1);
      expect(platform.received).toHaveLength(0);
      const putOff = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId } });
      // The claim's attempt handed back; the last answer is still that of the last real attempt (none).
      expect(putOff).toMatchObject({ attempts: 0, lastStatus: null, lastError: null, deliveredAt: null, failedAt: null });
      const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } });
      expect(row).toMatchObject({ consecutiveFailures: 1, disabledAt: null });
      expect(alerts.filter((alert) => alert.id === `${endpointId}:disabled`)).toHaveLength(0);
      // The hanging lookups answer at last: the next pass delivers it, its first attempt.
      for (const answer of stuck) answer();
      await Promise.all(holders);
      expect(slots.running).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 20)); // past the first backoff step (retryBaseSeconds)
      await deliver();
      expect(platform.received).toHaveLength(1);
      expect(await db.webhookDelivery.findFirstOrThrow({ where: { endpointId } })).toMatchObject({ attempts: 1, lastStatus: 200 });
      expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } })).toMatchObject({ consecutiveFailures: 0, disabledAt: null });
    } finally {
      for (const answer of stuck) answer();
      await platform.close();
    }
  });
  test('R-G7: a delivery put off as busy past maxAgeSeconds is given up, saying why, its endpoint not blamed, operators alerted once a day', async () => {
    const platform = await receiver();
    const stuck: Array<() => void> = [];
    const resolveHost: ResolveHost = (host) =>
      host.startsWith('stuck-') ? new Promise((answer) => stuck.push(() => answer([{ address: '127.0.0.1' }]))) : Promise.resolve([{ address: '127.0.0.1' }]);
    const slots = webhookLookupsOf(resolveHost);
    const holders = [slots.resolve('stuck-c.example-busy.test'), slots.resolve('stuck-d.example-busy.test')];
    try {
      const { id: endpointId } = await endpoint(`http://healthy-old.example-busy.test:${platform.port}/hooks`, ['process.failed']);
      await processWithSteps([{ step: 'failed', status: 'failed', failureReason: 'expired' }]);
      const strict = { ...policy, sendTimeoutMs: 300, disableAfterFailures: 1 };
      const deliver = () => deliverDueWebhooks({ db, payloadKeys: config.payloadKeys, operatorAlerts, policy: strict, logger, resolveHost });
      expect((await deliver()).busy).toBeGreaterThanOrEqual(1);
      // Queued longer ago than maxAgeSeconds, due again now, the slots still held.
      await db.webhookDelivery.updateMany({ where: { endpointId }, data: { createdAt: new Date(Date.now() - (strict.maxAgeSeconds + 60) * 1000), nextAttemptAt: new Date() } });
      const round = await deliver();
      expect(round.failed).toBeGreaterThanOrEqual(1);
      const givenUp = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId } });
      expect(givenUp).toMatchObject({ attempts: 0, deliveredAt: null, lastError: expect.stringContaining('WebhookLookupBusy') });
      expect(givenUp.failedAt).toBeInstanceOf(Date);
      expect(givenUp.lastError).not.toContain('stuck-');
      expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } })).toMatchObject({ consecutiveFailures: 0, disabledAt: null });
      expect(alerts.filter((alert) => alert.id === `webhook-lookup-slots:${new Date().toISOString().slice(0, 10)}`).length).toBeGreaterThanOrEqual(1);
      expect(alerts.filter((alert) => alert.id === `${endpointId}:disabled`)).toHaveLength(0);
      expect(platform.received).toHaveLength(0);
    } finally {
      for (const answer of stuck) answer();
      await Promise.all(holders);
      await platform.close();
    }
  });
  test('past maxAgeSeconds a failed attempt gives up (and disables by age) only once its endpoint had 3 real attempts: time put off as busy is not the endpoint\'s', async () => {
    const platform = await receiver([500, 500, 500]);
    try {
      const { id: endpointId } = await endpoint(platform.url, ['process.failed']);
      await processWithSteps([{ step: 'failed', status: 'failed', failureReason: 'expired' }]);
      const patient = { ...policy, disableAfterFailures: 100 };
      const deliver = () => deliverDueWebhooks({ db, payloadKeys: config.payloadKeys, operatorAlerts, policy: patient, logger });
      await deliver();
      // As if the delivery had waited out its 3 days put off as busy, with one real attempt made.
      const dueNow = async () => db.webhookDelivery.updateMany({ where: { endpointId }, data: { createdAt: new Date(Date.now() - (patient.maxAgeSeconds + 60) * 1000), nextAttemptAt: new Date() } });
      await dueNow();
      await deliver();
      expect(await db.webhookDelivery.findFirstOrThrow({ where: { endpointId } })).toMatchObject({ attempts: 2, failedAt: null });
      expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } })).toMatchObject({ disabledAt: null });
      await dueNow();
      await deliver();
      const givenUp = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId } });
      expect(givenUp.attempts).toBe(3);
      expect(givenUp.failedAt).toBeInstanceOf(Date);
      expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } })).disabledAt).toBeInstanceOf(Date);
    } finally {
      await platform.close();
    }
  });

  test("R-E6.4: an event's process view gives the holder's texts in NOTICE_LANGUAGE (Chinese unless set), the codes the same in both", async () => {
    const platform = await receiver();
    try {
      await endpoint(platform.url, ['process.step_changed']);
      const refused = { step: 'payout_refused', status: 'open', action: { remittance: { reviewId: 'rev_1', reviewDueAt: null, reviewReason: null, payoutSentAt: null, deliveredAt: null, amountDeadline: null, attemptsLeft: 3, payoutRefusal: 'payee_name_mismatch' } } };
      const inEnglish = await processWithSteps([refused]);
      await deliverDueWebhooks({ db, payloadKeys: config.payloadKeys, operatorAlerts, policy: { ...policy, language: 'en' }, logger });
      const inChinese = await processWithSteps([refused]);
      await pass();
      const remittanceOf = (processId: string) => JSON.parse(platform.received.find((r) => JSON.parse(r.body).data.processId === processId)!.body).data.process.remittance;
      expect(remittanceOf(inEnglish)).toMatchObject({ payoutRefusal: 'payee_name_mismatch', payoutRefusalDetail: expect.stringContaining("not held in the enterprise's name") });
      expect(remittanceOf(inChinese)).toMatchObject({ payoutRefusal: 'payee_name_mismatch', payoutRefusalDetail: expect.stringContaining('户名不是企业名称') });
    } finally {
      await platform.close();
    }
  });
});
