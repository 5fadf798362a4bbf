import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// Issue 19: a platform's endpoint, a real HTTP server on loopback, for the event webhook tests.

export interface ReceivedWebhook {
  /** The request's path and query: tells apart endpoints registered on one receiver. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver on loopback that answers each request with the next status in `answers` (then 200). */
export async function webhookReceiver(answers: number[] = [], port = 0) {
  const received: ReceivedWebhook[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.statusCode = answers.shift() ?? 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return { port: bound, url: `http://127.0.0.1:${bound}/hooks`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The three Standard Webhooks headers, as a verifying library takes them. */
export const webhookHeadersOf = (received: ReceivedWebhook) => ({
  'webhook-id': String(received.headers['webhook-id']),
  'webhook-timestamp': String(received.headers['webhook-timestamp']),
  'webhook-signature': String(received.headers['webhook-signature']),
});
