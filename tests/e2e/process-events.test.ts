import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '../../api/app';
import { issueToken } from '../../api/auth';
import { createLogger } from '../../config/logger';
import { applicant } from '../support/people';
import { eventually, http, postWebhook, startSystem, uniqueId, type RunningSystem } from '../support/system';

interface ServerSentEvent {
  id?: string;
  event?: string;
  data: string;
}

/** GET /v1/processes/{id}/events read as EventSource would, one event at a time (comments skipped). */
async function openEvents(system: Pick<RunningSystem, 'baseUrl'>, processId: string, token: string, lastEventId?: string, query = '') {
  const abort = new AbortController();
  const response = await fetch(`${system.baseUrl}/v1/processes/${processId}/events${query}`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
    signal: abort.signal,
  });
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const comments: string[] = [];
  /** The next event, or null once the server ended the stream. */
  async function next(): Promise<ServerSentEvent | null> {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event: ServerSentEvent = { data: '' };
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) comments.push(line);
          else if (line.startsWith('data: ')) data.push(line.slice(6));
          else if (line.startsWith('id: ')) event.id = line.slice(4);
          else if (line.startsWith('event: ')) event.event = line.slice(7);
        }
        if (data.length === 0) continue;
        event.data = data.join('\n');
        return event;
      }
      const chunk = await reader!.read();
      if (chunk.done) return null;
      buffer += decoder.decode(chunk.value, { stream: true });
    }
  }
  return { response, next, comments, close: () => abort.abort() };
}

const view = (event: ServerSentEvent | null) => JSON.parse(event!.data) as { id: string; status: string; step: string; history: Array<{ step: string }> };

// Issue 19, live status: over HTTP only, the real API and worker, a sandbox WeChat verification.
describe('GET /v1/processes/{id}/events: the process view as server-sent events', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(async () => {
    await system.stop();
  });

  async function startWechat() {
    const created = await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc'), displayName: 'Test account' } });
    expect(created.status).toBe(201);
    const accountId = created.body.id as string;
    const token = await system.holderToken(accountId);
    const person = applicant();
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body: { type: 'individual', method: 'wechat_qr', applicant: person } });
    expect(started.status).toBe(201);
    const { processId, qrCode } = started.body as { processId: string; qrCode: { ticket: string } };
    return {
      processId,
      accountId,
      token,
      scan: () => postWebhook(system, 'wechat', { eventId: uniqueId('evt'), type: 'scanned', ticket: qrCode.ticket }),
      authorize: () =>
        postWebhook(system, 'wechat', {
          eventId: uniqueId('evt'),
          type: 'authorized',
          ticket: qrCode.ticket,
          realName: { name: person.name, documentNumber: person.documentNumber },
        }),
    };
  }

  it('streams each step as it is recorded, with its seq as the id, then the outcome, then ends', async () => {
    const { processId, token, scan, authorize } = await startWechat();
    const events = await openEvents(system, processId, token);
    try {
      expect(events.response.status).toBe(200);
      expect(events.response.headers.get('content-type')).toContain('text/event-stream');

      const first = await events.next();
      expect(first?.event).toBe('process');
      expect(view(first).step).toBe('awaiting_scan');
      // The same JSON GET answers.
      expect(view(first)).toEqual((await http(system, 'GET', `/v1/processes/${processId}`, { token })).body);

      expect((await scan()).status).toBe(200);
      const scanned = await events.next();
      expect(view(scanned).step).toBe('awaiting_authorization');
      expect(Number(scanned!.id)).toBeGreaterThan(Number(first!.id));

      expect((await authorize()).status).toBe(200);
      const outcome = await events.next();
      expect(view(outcome).status).toBe('verified');
      expect(view(outcome).history.map((h) => h.step)).toEqual(['awaiting_scan', 'awaiting_authorization', 'verified']);
      const steps = await system.db.processStep.findMany({ where: { processId }, orderBy: { seq: 'desc' }, take: 1 });
      expect(outcome!.id).toBe(String(steps[0]!.seq));

      // The stream ends after the outcome.
      expect(await events.next()).toBeNull();
    } finally {
      events.close();
    }
  });

  it('resumes from Last-Event-ID: the current view if the process moved past it, nothing twice, 204 once the outcome is had', async () => {
    const { processId, token, scan, authorize } = await startWechat();
    const before = await openEvents(system, processId, token);
    const first = await before.next();
    before.close(); // the connection drops (an API restart looks the same to the client)

    expect((await scan()).status).toBe(200);
    await eventually(() => http(system, 'GET', `/v1/processes/${processId}`, { token }), (r) => r.body.step === 'awaiting_authorization');

    const resumed = await openEvents(system, processId, token, first!.id);
    const caughtUp = await resumed.next();
    expect(view(caughtUp).step).toBe('awaiting_authorization');
    resumed.close();

    // Reconnecting at the latest id sends nothing until the next step.
    const again = await openEvents(system, processId, token, caughtUp!.id);
    const pending = again.next();
    const nothing = await Promise.race([pending.then(() => 'event'), new Promise((resolve) => setTimeout(() => resolve('quiet'), 1_500))]);
    expect(nothing).toBe('quiet');
    expect((await authorize()).status).toBe(200);
    const outcome = await pending;
    expect(view(outcome).status).toBe('verified');
    expect(await again.next()).toBeNull();

    // The outcome already had: 204, which tells EventSource to stop reconnecting.
    const done = await fetch(`${system.baseUrl}/v1/processes/${processId}/events`, { headers: { authorization: `Bearer ${token}`, 'last-event-id': outcome!.id! } });
    expect(done.status).toBe(204);
    // Without Last-Event-ID the outcome is sent once, then the stream ends.
    const late = await openEvents(system, processId, token);
    expect(view(await late.next()).status).toBe('verified');
    expect(await late.next()).toBeNull();
  });

  it('refuses what GET refuses: no token 401, another holder 404; an operator reads it', async () => {
    const { processId } = await startWechat();
    const other = await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc'), displayName: 'Other account' } });
    const stranger = await openEvents(system, processId, await system.holderToken(other.body.id));
    expect(stranger.response.status).toBe(404);
    expect(stranger.response.headers.get('content-type')).toContain('application/problem+json');
    expect((await fetch(`${system.baseUrl}/v1/processes/${processId}/events`)).status).toBe(401);
    expect((await openEvents(system, 'proc_missing', system.operatorToken)).response.status).toBe(404);

    const operator = await openEvents(system, processId, system.operatorToken);
    expect(operator.response.status).toBe(200);
    expect(view(await operator.next()).step).toBe('awaiting_scan');
    operator.close();
  });

  it("the view's texts for the holder follow ?lang (EventSource sets no Accept-Language), Chinese by default", async () => {
    const { processId, token } = await startWechat();
    const asked = await openEvents(system, processId, token, undefined, '?lang=en');
    expect(asked.response.status).toBe(200);
    expect(asked.response.headers.get('content-language')).toBe('en');
    expect(view(await asked.next()).step).toBe('awaiting_scan');
    asked.close();
    const unasked = await openEvents(system, processId, token);
    expect(unasked.response.headers.get('content-language')).toBe('zh-CN');
    unasked.close();
  });

  /** A second API on the same database and Temporal, as api/main.ts builds it, with short heartbeats; stop() is its SIGTERM. */
  async function startApi() {
    const shutdown = new AbortController();
    const app = createApp({ ...system, logger: createLogger({ level: 'silent' }), processEvents: { heartbeatMs: 200, shutdown: shutdown.signal } });
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    return {
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      stop: async () => {
        shutdown.abort();
        await new Promise((resolve) => server.close(resolve));
      },
    };
  }

  it('survives an API restart: stopping ends the stream, the client resumes at the next API with Last-Event-ID; quiet streams get heartbeats', async () => {
    const { processId, token, scan, authorize } = await startWechat();
    const firstApi = await startApi();
    const before = await openEvents(firstApi, processId, token);
    const first = await before.next();
    expect(view(first).step).toBe('awaiting_scan');
    const ended = before.next(); // reads on, collecting comments
    try {
      await eventually(async () => before.comments.length, (n) => n > 0, 5_000);
      expect(before.comments[0]).toBe(': heartbeat');
    } finally {
      // The server's close does not wait on the open stream: stopping ends it.
      await firstApi.stop();
    }
    expect(await ended).toBeNull();

    expect((await scan()).status).toBe(200);
    const secondApi = await startApi();
    try {
      const resumed = await openEvents(secondApi, processId, token, first!.id);
      expect(view(await resumed.next()).step).toBe('awaiting_authorization');
      expect((await authorize()).status).toBe(200);
      expect(view(await resumed.next()).status).toBe('verified');
      expect(await resumed.next()).toBeNull();
    } finally {
      await secondApi.stop();
    }
  });

  it('a stream opened with a bearer token ends by itself when the token expires (as a session stream does), and its reconnect is refused 401', async () => {
    const { processId, accountId } = await startWechat();
    // Expiring within 2 s: exp is in whole seconds.
    const exp = Math.floor(Date.now() / 1000) + 2;
    const shortLived = await issueToken(system.config.auth.jwtSecret, system.config.auth.issuer, { role: 'holder', subject: `holder-${accountId}`, accountId }, exp);
    const events = await openEvents(system, processId, shortLived);
    try {
      expect(events.response.status).toBe(200);
      expect(view(await events.next()).step).toBe('awaiting_scan');
      // Nothing happens in the process: only the token's expiry can end the stream (heartbeats every 15 s, re-reads every 5 s).
      const ended = await Promise.race([events.next(), new Promise<'still open'>((resolve) => setTimeout(() => resolve('still open'), 8_000))]);
      expect(ended).toBeNull();
      expect(Date.now()).toBeGreaterThanOrEqual(exp * 1000);
      expect(Date.now()).toBeLessThan(exp * 1000 + 3_000);
    } finally {
      events.close();
    }
    const reconnect = await openEvents(system, processId, shortLived);
    expect(reconnect.response.status).toBe(401);
    reconnect.close();
  });
});
