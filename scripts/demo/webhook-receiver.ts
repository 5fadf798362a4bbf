// Issue 19: the demo's stand-in for the integrating platform. A real HTTP server
// on loopback registers itself as a webhook endpoint for every event type
// (POST /v1/webhook-endpoints, as the operator), verifies each delivery's
// signature with the standardwebhooks package and the secret the API answered,
// as an integrator would, and reports what it got. Removed again at the end, so
// no endpoint is left failing once the demo's port is closed.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { EVENT_TYPES } from '../../domain/webhook-events';
import type { DemoClient } from './client';

export interface DemoEvent {
  id: string;
  type: string;
  processId: string;
  step: string;
  /** Whether its signature verified with the endpoint's secret (a delivery that does not is answered 400, and retried). */
  verified: boolean;
}

export interface DemoReceiver {
  events: DemoEvent[];
  /** Waits until every process in `processIds` has had an event of one of `finalTypes`, or `timeoutMs` passed. */
  awaitOutcomes(processIds: string[], timeoutMs?: number): Promise<void>;
  /** Lines for the demo's summary. */
  summary(): string[];
  stop(): Promise<void>;
}

const FINAL_TYPES = new Set(['process.verified', 'process.failed', 'change.completed', 'change.revoked']);

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** Starts the receiver and registers it; undefined (and says why) when the API does not take it. */
export async function startDemoReceiver(demo: DemoClient, host = '127.0.0.1'): Promise<DemoReceiver | undefined> {
  const events: DemoEvent[] = [];
  let verifier: Webhook | undefined;
  const seen = new Set<string>();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void readBody(request).then((body) => {
      const headers = {
        'webhook-id': String(request.headers['webhook-id'] ?? ''),
        'webhook-timestamp': String(request.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(request.headers['webhook-signature'] ?? ''),
      };
      let event: { id: string; type: string; data: { processId: string; step: string } } | undefined;
      try {
        event = verifier?.verify(body, headers) as typeof event;
      } catch {
        event = undefined;
      }
      if (!event) {
        const claimed = JSON.parse(body) as { type?: string; data?: { processId?: string; step?: string } };
        events.push({ id: headers['webhook-id'], type: String(claimed.type), processId: String(claimed.data?.processId), step: String(claimed.data?.step), verified: false });
        demo.say('webhook', `${claimed.type} ${claimed.data?.processId}: signature NOT verified (answered 400)`);
        response.statusCode = 400;
        response.end();
        return;
      }
      // At least once: a retried delivery (same webhook-id) is taken again, reported once.
      if (!seen.has(event.id)) {
        seen.add(event.id);
        events.push({ id: event.id, type: event.type, processId: event.data.processId, step: event.data.step, verified: true });
        demo.say('webhook', `${event.type.padEnd(20)} ${event.data.processId} (${event.data.step}): signature verified`);
      }
      response.statusCode = 204;
      response.end();
    }, () => {
      response.statusCode = 400;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const url = `http://${host}:${(server.address() as AddressInfo).port}/demo-webhooks`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  const api = await demo.operatorApi();
  const created = await api.POST('/v1/webhook-endpoints', { body: { url, eventTypes: [...EVENT_TYPES] } });
  if (!created.data) {
    demo.say('webhook', `the API did not register the demo's receiver (${created.response.status}): no events will be shown`);
    await close();
    return undefined;
  }
  const endpoint = created.data;
  verifier = new Webhook(endpoint.secret);
  demo.say('webhook', `receiving the platform events at ${url} (endpoint ${endpoint.id}, all ${EVENT_TYPES.length} types)`);

  return {
    events,
    async awaitOutcomes(processIds, timeoutMs = 20_000) {
      const wanted = processIds.filter((id) => id !== '-');
      const deadline = Date.now() + timeoutMs;
      const done = () => wanted.every((id) => events.some((event) => event.verified && event.processId === id && FINAL_TYPES.has(event.type)));
      while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    },
    summary() {
      const verified = events.filter((event) => event.verified);
      const byType = new Map<string, number>();
      for (const event of verified) byType.set(event.type, (byType.get(event.type) ?? 0) + 1);
      const counts = [...byType].map(([type, count]) => `${type} ${count}`).join(', ');
      return [
        `Webhook receiver ${url}: ${events.length} events received, ${verified.length} with a verified signature${counts ? ` (${counts})` : ''}.`,
        ...verified.map((event) => `  ${event.type.padEnd(20)} ${event.processId}   ${event.id}   signature verified`),
        ...events.filter((event) => !event.verified).map((event) => `  ${event.type.padEnd(20)} ${event.processId}   ${event.id}   signature NOT verified`),
      ];
    },
    async stop() {
      await api.DELETE('/v1/webhook-endpoints/{endpointId}', { params: { path: { endpointId: endpoint.id } } }).catch(() => undefined);
      await close();
    },
  };
}
