import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import type { AuthEnv } from '../auth';
import type { ApiDeps } from '../deps';
import { createProcessChangeFeed } from '../process-change-feed';
import { findVisibleProcess } from '../process-access';
import { readProcessWithSteps } from '../process-read';
import { ProcessIdParam, problemContent } from '../schemas';
import { sessionStillValid } from '../verification-session/auth';
import { verificationSessions } from '../verification-session/store';
import { processView } from '../views';
import { requestLanguage } from '../holder-language';
import { LANGUAGE_TAGS } from '../../domain/language';

/** A comment line this often keeps proxies (and load balancers' idle timeouts) from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;
/** The re-read that stands in for a lost notification (the listener reconnecting, a notification dropped). */
const FALLBACK_REREAD_MS = 5_000;
/** How long a client waits before it reconnects (the SSE `retry` field). */
const RETRY_MS = 2_000;

const streamEvents = createRoute({
  method: 'get',
  path: '/v1/processes/{processId}/events',
  tags: ['processes'],
  summary: 'Live status: the process view, each time a step is recorded (server-sent events)',
  description: [
    'A `text/event-stream` of `process` events, each the same JSON as GET /v1/processes/{processId}, with the latest step\'s `seq` as its `id`.',
    'The current view comes first; then one event per step recorded; the stream ends after the outcome.',
    'A client that reconnects with `Last-Event-ID` (EventSource does) gets the current view if the process moved past that id, and nothing it already had.',
    'A closed process whose outcome the client already has answers 204, which tells EventSource to stop reconnecting.',
    'Comment lines (`: heartbeat`) keep quiet streams open through proxies.',
  ].join('\n\n'),
  // Issue 19: the hosted page's session token too, in the query (EventSource sends no headers); api/app.ts checks it.
  security: [{ bearer: [] }, { sessionToken: [] }] as Array<Record<string, string[]>>,
  request: {
    params: ProcessIdParam,
    query: z.object({
      session_token: z.string().optional().openapi({ description: "A verification session's token (POST /v1/processes/{processId}/session), instead of a bearer token: for this process only" }),
      lang: z.enum(['zh', 'en']).optional().openapi({ description: "The language of the view's texts for the holder, where Accept-Language cannot be set (EventSource); Accept-Language otherwise, Chinese by default" }),
    }),
  },
  responses: {
    200: {
      description: 'The stream of views',
      content: {
        // Each server-sent event as a reader (and a schema checker) parses it: its data is the process view as JSON.
        'text/event-stream': {
          schema: z
            .object({
              event: z.literal('process').optional(),
              data: z.string().openapi({ description: 'The view, as GET /v1/processes/{processId} answers it, in JSON' }),
              id: z.string().optional().openapi({ description: "The latest step's seq" }),
              retry: z.number().int().optional(),
            })
            .openapi('ProcessEvent'),
        },
      },
    },
    204: { description: 'The process is closed and the client has its outcome (Last-Event-ID): nothing more will come' },
    404: { description: 'No such process (or not yours)', content: problemContent },
  },
});

/** The position a view stands at: its latest step's seq (-1 before any). */
const positionOf = (process: { steps: Array<{ seq: number }> }): number => process.steps.at(-1)?.seq ?? -1;

function lastEventId(header: string | undefined): number | null {
  if (header === undefined || !/^\d{1,9}$/.test(header.trim())) return null;
  return Number(header.trim());
}

export function registerProcessEventRoutes(app: OpenAPIHono<AuthEnv>, { db, config, logger, processEvents = {}, now }: ApiDeps): void {
  const { heartbeatMs = HEARTBEAT_MS, rereadMs = FALLBACK_REREAD_MS, shutdown } = processEvents;
  const feed = createProcessChangeFeed(config.databaseUrl!, logger);
  const sessions = verificationSessions(db, now);

  app.openapi(streamEvents, async (c) => {
    const { processId } = c.req.valid('param');
    // Refused as GET refuses it: someone else's process is missing.
    const first = await findVisibleProcess(db, c.get('principal'), processId);
    const resumedAt = lastEventId(c.req.header('last-event-id'));
    if (first.status !== 'open' && resumedAt !== null && positionOf(first) <= resumedAt) return c.body(null, 204);
    // Issue 19: a stream opened with a hosted page's session ends once a newer session replaced it, or it expired.
    const sessionHolds = sessionStillValid(sessions, c);
    // A stream opened with a bearer token ends when the token expires, as any request after then is refused;
    // its client reconnects with a fresh token (or is told 401).
    const tokenExpiresAt = c.get('tokenExpiresAt');
    const untilExpiry = () => (tokenExpiresAt === undefined ? Infinity : tokenExpiresAt - Date.now());
    c.header('x-accel-buffering', 'no');
    const language = requestLanguage(c);
    c.header('content-language', LANGUAGE_TAGS[language]);

    const response = streamSSE(c, async (stream) => {
      let wake: (() => void) | null = null;
      let moved = true;
      const changed = () => {
        moved = true;
        wake?.();
      };
      const unsubscribe = feed.subscribe(processId, changed);
      stream.onAbort(changed);
      // The API stopping ends its streams (else the server's close would wait on them); clients resume at the next one.
      shutdown?.addEventListener('abort', changed);
      try {
        // Resuming: what the client has is the view at its id, open (a closed one answered 204 above).
        let sent = resumedAt === null ? null : { position: resumedAt, status: 'open' };
        let process: typeof first | null = first;
        let lastWrite = Date.now();
        while (!stream.aborted && !shutdown?.aborted) {
          if (untilExpiry() <= 0) return;
          if (moved) {
            moved = false;
            if (sessionHolds && !(await sessionHolds())) return;
            process = process ?? (await readProcessWithSteps(db, processId));
            if (!process) return;
            const position = positionOf(process);
            // A step moves the position; a close after its workflow failed may move only the status.
            if (!sent || position > sent.position || process.status !== sent.status) {
              await stream.writeSSE({ event: 'process', id: String(position), data: JSON.stringify(processView(process, language)), retry: RETRY_MS });
              sent = { position, status: process.status };
              lastWrite = Date.now();
            }
            if (process.status !== 'open') return;
            process = null;
          }
          const idle = Date.now() - lastWrite;
          if (idle >= heartbeatMs) {
            await stream.write(': heartbeat\n\n');
            lastWrite = Date.now();
            continue;
          }
          await new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              moved = true; // the fallback re-read
              resolve();
            }, Math.min(rereadMs, heartbeatMs - idle, untilExpiry()));
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = null;
        }
      } finally {
        shutdown?.removeEventListener('abort', changed);
        unsubscribe();
      }
    }, async (error) => {
      // The database away: the stream ends and the client resumes from its Last-Event-ID.
      logger.warn({ err: { message: error.message } }, 'process event stream ended by an error');
    });
    // The connection goes with the stream: a client reconnects on a new one anyway, and a kept-alive
    // socket would hold a stopping server's close for its keep-alive timeout.
    response.headers.set('connection', 'close');
    return response;
  });
}
