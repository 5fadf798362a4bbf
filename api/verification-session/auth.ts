import type { Context, MiddlewareHandler, Next } from 'hono';
import type { AuthEnv, Principal } from '../auth';
import { problems } from '../problem';
import { SESSION_TOKEN_PREFIX, type SessionGrant, type VerificationSessions } from './store';
import { PROBLEM_DETAILS } from '../../domain/texts';

// Issue 19: where a verification session's token is taken on /v1: the process's own
// event stream, and nothing else. EventSource sends no headers, so the token may come
// in a query parameter; nothing logs a request's URL (api/metrics.ts labels routes by
// their pattern), and the page's Referrer-Policy keeps it from leaving with a link.

/** The query parameter the event stream takes a session token in. */
export const SESSION_QUERY_PARAMETER = 'session_token';

const EVENTS_PATH = /^\/v1\/processes\/([^/]+)\/events$/;

/** The principal a session acts as: the holder of its process's account, named by the process (the rate limits count per process). */
export const sessionPrincipal = (grant: SessionGrant): Principal => ({ role: 'holder', subject: `session:${grant.processId}`, accountId: grant.accountId });

/** The session token a stream request carries, in the query or as a bearer token with the session prefix. */
function sessionTokenOf(c: Context): string | undefined {
  const query = c.req.query(SESSION_QUERY_PARAMETER);
  if (query !== undefined) return query;
  const bearer = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
  return bearer?.startsWith(SESSION_TOKEN_PREFIX) ? bearer : undefined;
}

/**
 * For GET /v1/processes/{id}/events with a session token: a middleware that takes
 * it for that process only; undefined for every other request, which bearerAuth
 * then judges (and refuses a session token on, as it is no JWT).
 */
/**
 * For a stream opened with a session token: whether that session still holds (not
 * replaced by a newer one, not expired), for the stream to end once it does not; its
 * client then reconnects and is refused. Undefined for a stream opened with a bearer token.
 */
export function sessionStillValid(sessions: VerificationSessions, c: Context<AuthEnv>): (() => Promise<boolean>) | undefined {
  if (!c.get('principal').subject.startsWith('session:')) return undefined;
  const token = sessionTokenOf(c);
  if (token === undefined) return undefined;
  return () => sessions.verify(token).then(() => true, () => false);
}

/** The process id in the path, percent-decoded; undefined where it is no valid percent-encoding of UTF-8. */
function decodedProcessId(encoded: string): string | undefined {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}

export function sessionStreamAuth(sessions: VerificationSessions, c: Context<AuthEnv>): MiddlewareHandler<AuthEnv> | undefined {
  if (c.req.method !== 'GET') return undefined;
  const processId = EVENTS_PATH.exec(c.req.path)?.[1];
  const token = processId === undefined ? undefined : sessionTokenOf(c);
  if (token === undefined) return undefined;
  return async (context: Context<AuthEnv>, next: Next) => {
    const grant = await sessions.verify(token);
    // A path that does not decode (`%E0%A4%A`) names no process, so not the session's either: 401, not a URIError's 500.
    if (grant.processId !== decodedProcessId(processId!)) throw problems.unauthorized(PROBLEM_DETAILS.sessionForAnotherProcess());
    context.set('principal', sessionPrincipal(grant));
    await next();
  };
}
