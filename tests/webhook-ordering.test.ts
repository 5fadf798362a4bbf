import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProcessActivities } from '../activities/process';
import type { ChannelSender } from '../activities/providers/notification-channels';
import { CLAIM_DELIVERIES, deliverDueWebhooks, WEBHOOK_DEFAULTS, type WebhookPolicy } from '../activities/webhook-delivery';
import { createApp } from '../api/app';
import { issueToken } from '../api/auth';
import { loadConfig } from '../config';
import { createLogger } from '../config/logger';
import { createDatabase, sqlPool, type Database } from '../prisma/client';
import { testConfig } from './support/environment';
import { uniqueId } from './support/system';

interface Arrival {
  processId: string;
  seq: number;
  eventId: string;
  status: number;
  /** How many of the same process's requests were open at the receiver when this one arrived (itself included). */
  openOfProcess: number;
}

/**
 * A real HTTP receiver on loopback. It answers 500 to an event id as many times
 * as `failures` says (then 200), and holds every answer a moment so deliveries
 * sent at once overlap and the receiver sees them open together.
 */
async function receiver(failures: Map<string, number>) {
  const arrivals: Arrival[] = [];
  const open = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string; data: { processId: string; seq: number } };
      const { processId, seq } = body.data;
      open.set(processId, (open.get(processId) ?? 0) + 1);
      const left = failures.get(body.id) ?? 0;
      if (left > 0) failures.set(body.id, left - 1);
      const status = left > 0 ? 500 : 200;
      arrivals.push({ processId, seq, eventId: body.id, status, openOfProcess: open.get(processId)! });
      setTimeout(() => {
        open.set(processId, open.get(processId)! - 1);
        response.statusCode = status;
        response.end();
      }, 40);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks`, arrivals, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const TYPES = ['process.step_changed', 'process.verified'];
const STEPS = [
  { step: 'awaiting_scan', status: 'open' },
  { step: 'awaiting_authorisation', status: 'open' },
  { step: 'verified', status: 'verified' },
];

// Issue 19: "at least once, in order per process where the platform asks for it", one pass of the worker at a time,
// against the provisioned PostgreSQL and loopback receivers; the endpoints registered and changed through the API.
describe('event webhooks in order per process (issue 19, PostgreSQL, loopback receiver)', () => {
  let db: Database;
  const config = testConfig();
  const accountId = uniqueId('acc_wh_order');
  const logger = createLogger({ level: 'silent' });
  // Retries due at once, so consecutive passes make consecutive attempts.
  const policy: WebhookPolicy = { ...WEBHOOK_DEFAULTS, retryBaseSeconds: 0.001, retryMaxSeconds: 0.001, sendTimeoutMs: 2_000 };
  const operatorAlerts: ChannelSender = { send: async () => undefined };
  const endpointIds: string[] = [];
  const processIds: string[] = [];
  const apiConfig = loadConfig({});
  let call: (method: string, path: string, body?: unknown) => Promise<Response>;

  beforeAll(async () => {
    db = createDatabase(config.databaseUrl!, config.database);
    await db.account.create({ data: { id: accountId, displayName: accountId } });
    const app = createApp({ config: apiConfig, db, temporal: {} as never, logger });
    const operator = await issueToken(apiConfig.auth.jwtSecret, apiConfig.auth.issuer, { role: 'operator', subject: 'webhook-order-test' });
    call = async (method, path, body) =>
      app.request(path, { method, headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    // Events other files left undelivered are not this file's to wait for.
    await pass();
  });
  afterAll(async () => {
    await db.webhookEndpoint.deleteMany({ where: { id: { in: endpointIds } } });
    await db.platformEvent.deleteMany({ where: { accountId } });
    await db.processStep.deleteMany({ where: { processId: { in: processIds } } });
    await db.process.deleteMany({ where: { accountId } });
    await db.account.delete({ where: { id: accountId } });
    await db.$disconnect();
  });

  const pass = () => deliverDueWebhooks({ db, payloadKeys: config.payloadKeys, operatorAlerts, policy, logger });

  async function register(url: string, ordering?: string) {
    const answer = await call('POST', '/v1/webhook-endpoints', { url, eventTypes: TYPES, ...(ordering ? { ordering } : {}) });
    expect(answer.status).toBe(201);
    const endpoint = (await answer.json()) as { id: string; ordering: string };
    endpointIds.push(endpoint.id);
    return endpoint;
  }

  /** A process row and its steps, recorded by the activity every workflow records its steps with. */
  async function processWithSteps(steps: Array<{ step: string; status: string }>, from = 1, existing?: string) {
    const processId = existing ?? uniqueId('prc_who');
    if (!existing) {
      processIds.push(processId);
      await db.process.create({
        data: { id: processId, accountId, workflowId: `wf-${processId}`, runId: 'run', kind: 'individual_verification', method: 'wechat_qr', status: 'open', step: 'starting' },
      });
    }
    const activities = createProcessActivities(db);
    for (const [index, step] of steps.entries()) {
      await activities.recordStep({ processId, seq: from + index, step: step.step, status: step.status, at: Date.now(), failureReason: null, action: null });
    }
    return processId;
  }

  const eventIdOf = async (processId: string, seq: number) =>
    (await db.platformEvent.findFirstOrThrow({ where: { processId, seq, type: { in: TYPES } }, select: { id: true } })).id;
  const delivered = (arrivals: Arrival[], processId: string) => arrivals.filter((a) => a.processId === processId && a.status === 200).map((a) => a.seq);

  test('per_process: a receiver failing the first event twice gets the process\'s events in seq order, one at a time, and other processes are not held up', async () => {
    const failures = new Map<string, number>();
    const platform = await receiver(failures);
    try {
      const endpoint = await register(platform.url, 'per_process');
      expect(endpoint.ordering).toBe('per_process');
      const held = await processWithSteps(STEPS);
      const other = await processWithSteps(STEPS.slice(0, 2));
      failures.set(await eventIdOf(held, 1), 2);

      await pass();
      // The held process's first event failed and nothing after it went; the other process's first went at once.
      expect(platform.arrivals.filter((a) => a.processId === held).map((a) => [a.seq, a.status])).toEqual([[1, 500]]);
      expect(delivered(platform.arrivals, other)).toEqual([1]);
      for (let round = 0; round < 12 && delivered(platform.arrivals, held).length < 3; round += 1) await pass();

      const mine = platform.arrivals.filter((a) => a.processId === held);
      expect(mine.map((a) => [a.seq, a.status])).toEqual([[1, 500], [1, 500], [1, 200], [2, 200], [3, 200]]);
      expect(delivered(platform.arrivals, other)).toEqual([1, 2]);
      // The other process was done while the held one's first event was still failing.
      const otherDone = platform.arrivals.findIndex((a) => a.processId === other && a.seq === 2);
      const heldFirstDelivered = platform.arrivals.findIndex((a) => a.processId === held && a.status === 200);
      expect(otherDone).toBeLessThan(heldFirstDelivered);
      // Never two of one process open at the receiver at once.
      expect(Math.max(...platform.arrivals.filter((a) => a.processId === held || a.processId === other).map((a) => a.openOfProcess))).toBe(1);
    } finally {
      await platform.close();
    }
  });

  test('none (the default): later events of a process go while an earlier one is retried', async () => {
    const failures = new Map<string, number>();
    const platform = await receiver(failures);
    try {
      const endpoint = await register(platform.url);
      expect(endpoint.ordering).toBe('none');
      const processId = await processWithSteps(STEPS);
      failures.set(await eventIdOf(processId, 1), 2);
      await pass();
      expect(delivered(platform.arrivals, processId).sort()).toEqual([2, 3]);
      await pass();
      await pass();
      const order = delivered(platform.arrivals, processId);
      expect(order.slice(0, 2).sort()).toEqual([2, 3]);
      expect(order[2]).toBe(1);
    } finally {
      await platform.close();
    }
  });

  test('an update turns per_process on and off: pending deliveries follow the new ordering', async () => {
    const failures = new Map<string, number>();
    const platform = await receiver(failures);
    try {
      const endpoint = await register(platform.url);
      const updated = await call('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { ordering: 'per_process' });
      expect(updated.status).toBe(200);
      expect(((await updated.json()) as { ordering: string }).ordering).toBe('per_process');
      expect((await call('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { ordering: 'sorted' })).status).toBe(400);
      expect((await call('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, {})).status).toBe(400);
      expect((await call('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { url: 'http://127.0.0.1:1/other' })).status).toBe(400);
      expect((await call('PATCH', '/v1/webhook-endpoints/whe_none', { ordering: 'none' })).status).toBe(404);

      const processId = await processWithSteps(STEPS);
      failures.set(await eventIdOf(processId, 1), 100);
      await pass();
      await pass();
      expect(platform.arrivals.filter((a) => a.processId === processId).map((a) => [a.seq, a.status])).toEqual([[1, 500], [1, 500]]);
      // Ordering off: the held ones go on the next pass, although the first still fails.
      expect((await call('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { ordering: 'none' })).status).toBe(200);
      await pass();
      expect(delivered(platform.arrivals, processId).sort()).toEqual([2, 3]);
    } finally {
      await platform.close();
    }
  });

  test('a resend of a delivered event is a repeat outside the order: it neither waits for the process\'s pending events nor holds them', async () => {
    const failures = new Map<string, number>();
    const platform = await receiver(failures);
    try {
      const endpoint = await register(platform.url, 'per_process');
      const processId = await processWithSteps(STEPS.slice(0, 2));
      for (let round = 0; round < 6 && delivered(platform.arrivals, processId).length < 2; round += 1) await pass();
      expect(delivered(platform.arrivals, processId)).toEqual([1, 2]);

      // The first event is resent and its repeat fails; the process's next event still goes at once.
      const firstEvent = await eventIdOf(processId, 1);
      const listing = (await (await call('GET', `/v1/webhook-endpoints/${endpoint.id}/deliveries`)).json()) as { deliveries: Array<{ id: string; eventId: string }> };
      const firstDelivery = listing.deliveries.find((d) => d.eventId === firstEvent)!;
      failures.set(firstEvent, 100);
      expect((await call('POST', `/v1/webhook-deliveries/${firstDelivery.id}/resend`)).status).toBe(202);
      await processWithSteps([STEPS[1]!], 3, processId);
      await pass();
      const after = platform.arrivals.filter((a) => a.processId === processId).slice(2);
      expect(after.map((a) => [a.seq, a.status]).sort()).toEqual([[1, 500], [3, 200]]);
      // The repeat keeps being retried, with the same webhook-id, while the process's order goes on without it.
      await processWithSteps([{ step: 'verified', status: 'verified' }], 4, processId);
      await pass();
      expect(delivered(platform.arrivals, processId)).toEqual([1, 2, 3, 4]);
      expect(platform.arrivals.filter((a) => a.processId === processId && a.seq === 1).map((a) => [a.eventId, a.status])).toEqual([
        [firstEvent, 200],
        [firstEvent, 500],
        [firstEvent, 500],
      ]);
    } finally {
      await platform.close();
    }
  });

  test('per_process: a resend of a pending delivery tries it now but keeps its place: the process\'s later events still wait for it', async () => {
    const failures = new Map<string, number>();
    const platform = await receiver(failures);
    try {
      const endpoint = await register(platform.url, 'per_process');
      const processId = await processWithSteps(STEPS.slice(0, 2));
      const firstEvent = await eventIdOf(processId, 1);
      failures.set(firstEvent, 3);
      await pass();
      const listing = (await (await call('GET', `/v1/webhook-endpoints/${endpoint.id}/deliveries`)).json()) as { deliveries: Array<{ id: string; eventId: string; status: string }> };
      const first = listing.deliveries.find((d) => d.eventId === firstEvent)!;
      expect(first.status).toBe('pending');
      expect((await call('POST', `/v1/webhook-deliveries/${first.id}/resend`)).status).toBe(202);
      await pass();
      await pass();
      expect(platform.arrivals.filter((a) => a.processId === processId).map((a) => [a.seq, a.status])).toEqual([[1, 500], [1, 500], [1, 500]]);
      for (let round = 0; round < 6 && delivered(platform.arrivals, processId).length < 2; round += 1) await pass();
      expect(delivered(platform.arrivals, processId)).toEqual([1, 2]);
    } finally {
      await platform.close();
    }
  });

  test('per_process: a later event fanned out first (another worker) is not claimed while an earlier one of its process is not fanned out yet', async () => {
    const failures = new Map<string, number>();
    const platform = await receiver(failures);
    try {
      const endpoint = await register(platform.url, 'per_process');
      const processId = await processWithSteps(STEPS.slice(0, 2));
      const [firstEvent, secondEvent] = [await eventIdOf(processId, 1), await eventIdOf(processId, 2)];
      // As a second worker would leave it: the later event fanned out to the endpoint, the earlier still in the first worker's hands.
      const pool = sqlPool(db);
      await pool.query(
        `UPDATE platform_events SET dispatched_at = now(), payload = jsonb_build_object('id', id, 'type', type, 'data', jsonb_build_object('processId', process_id, 'seq', seq)) WHERE id = $1`,
        [secondEvent],
      );
      await pool.query(
        `INSERT INTO webhook_deliveries (id, endpoint_id, event_id, process_id, event_position)
         SELECT 'whd_test_' || md5($1 || $2), $1, id, process_id, position FROM platform_events WHERE id = $2`,
        [endpoint.id, secondEvent],
      );
      const claimed = await pool.query<{ event_id: string }>(CLAIM_DELIVERIES, [1000, 40_000]);
      expect(claimed.rows.map((row) => row.event_id)).not.toContain(secondEvent);
      expect(await db.platformEvent.findUniqueOrThrow({ where: { id: firstEvent }, select: { dispatchedAt: true } })).toEqual({ dispatchedAt: null });
      for (let round = 0; round < 6 && delivered(platform.arrivals, processId).length < 2; round += 1) await pass();
      expect(platform.arrivals.filter((a) => a.processId === processId).map((a) => [a.seq, a.status])).toEqual([[1, 200], [2, 200]]);
    } finally {
      await platform.close();
    }
  });
});
