import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../../prisma/client';
import { problems } from '../problem';
import { PROBLEM_DETAILS } from '../../domain/texts';
import { DEFAULT_VERIFICATION_SESSION_MINUTES } from '../../config';

// Issue 19: the hosted verification page's token. Opaque (random, not a JWT), so
// bearerAuth refuses it on every /v1 route as a token that is not valid, as it
// refuses the codec endpoint's; only the page routes and the process's own
// event stream take it (api/verification-session/auth.ts). PostgreSQL keeps its
// SHA-256, one row per process: a new session overwrites the row, so the token
// before it opens nothing from that moment on.

/** Recognisable in a URL or a header, as Stripe's prefixes are; never a valid JWT. */
export const SESSION_TOKEN_PREFIX = 'vsess_';

/** How long a session's URL works unless the API's config says otherwise (config/index.ts, VERIFICATION_SESSION_MINUTES). */
export const SESSION_LIFETIME_SECONDS = DEFAULT_VERIFICATION_SESSION_MINUTES * 60;

/** The process a live session token opens, and whose account it acts for. */
export interface SessionGrant {
  processId: string;
  accountId: string;
  expiresAt: Date;
}

export interface IssuedSession {
  token: string;
  expiresAt: Date;
}

const hashOf = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** The shape of a token this module issues: the prefix and 43 base64url characters (32 random bytes). */
export const looksLikeSessionToken = (value: string): boolean => /^vsess_[A-Za-z0-9_-]{43}$/.test(value);

export type VerificationSessions = ReturnType<typeof verificationSessions>;

export function verificationSessions(db: Database, now: () => number = Date.now) {
  return {
    /** A new session for the process, replacing the one before (whose token stops working at once). */
    async issue(process: { processId: string; accountId: string }, issuedBy: string, lifetimeSeconds = SESSION_LIFETIME_SECONDS): Promise<IssuedSession> {
      const token = `${SESSION_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
      const issuedAt = new Date(now());
      const expiresAt = new Date(issuedAt.getTime() + lifetimeSeconds * 1000);
      const row = { accountId: process.accountId, tokenHash: hashOf(token), issuedBy, issuedAt, expiresAt };
      await db.verificationSession.upsert({ where: { processId: process.processId }, create: { processId: process.processId, ...row }, update: row });
      return { token, expiresAt };
    },

    /** The grant of a live token, or a 401 problem: unknown, replaced by a newer session, or expired. */
    async verify(token: string): Promise<SessionGrant> {
      if (!looksLikeSessionToken(token)) throw problems.unauthorized(PROBLEM_DETAILS.notASessionToken());
      const row = await db.verificationSession.findUnique({ where: { tokenHash: hashOf(token) } });
      // A replaced session's hash is gone: it reads as never issued.
      if (!row) throw problems.unauthorized(PROBLEM_DETAILS.sessionLinkInvalid());
      if (row.expiresAt.getTime() <= now()) throw problems.unauthorized(PROBLEM_DETAILS.sessionLinkExpired());
      return { processId: row.processId, accountId: row.accountId, expiresAt: row.expiresAt };
    },
  };
}
