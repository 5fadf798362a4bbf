import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the adapter made, as the stand-in received it. */
export interface ReceivedCall {
  action: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/**
 * What the stand-in answers to one call: a Response (as Tencent wraps every
 * answer), an API error, a bare HTTP status, a raw body, or silence for
 * `delayMs` before the answer (a timeout).
 */
export type StandinAnswer =
  | { response: Record<string, unknown>; delayMs?: number }
  | { error: { Code: string; Message: string }; delayMs?: number }
  | { status: number; delayMs?: number }
  | { raw: string; delayMs?: number };

/**
 * A local HTTP server that answers as Tencent Cloud's API 3.0 does (POST with
 * a JSON body, the action in X-TC-Action, `{ Response: { …, RequestId } }`, an
 * error as `Response.Error { Code, Message }`), for the FaceID adapter's SDK
 * pointed at it (`profile.httpProfile.endpoint`, protocol http).
 */
export async function startFaceIdStandin(answer: (call: ReceivedCall) => StandinAnswer) {
  const calls: ReceivedCall[] = [];
  let requests = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> = {};
      try {
        body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        body = { unparsed: text };
      }
      const call: ReceivedCall = { action: String(req.headers['x-tc-action'] ?? ''), headers: req.headers, body };
      calls.push(call);
      const requestId = `req-${++requests}`;
      const reply = answer(call);
      const send = () => {
        if (res.destroyed) return;
        if ('status' in reply) {
          res.writeHead(reply.status, { 'content-type': 'text/plain' }).end('upstream trouble');
        } else if ('raw' in reply) {
          res.writeHead(200, { 'content-type': 'application/json' }).end(reply.raw);
        } else {
          const response = 'error' in reply ? { Error: reply.error, RequestId: requestId } : { ...reply.response, RequestId: requestId };
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ Response: response }));
        }
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs).unref();
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
