import { randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { Database } from '../prisma/client';
import { problems } from './problem';
import { PROBLEM_DETAILS } from '../domain/texts';

// The Temporal Web UI cannot send our bearer token to a codec server, so an
// operator gets a personal codec endpoint with a token in its path instead.
// That token only decodes and encodes payloads: its role is unknown to
// bearerAuth (401 on /v1) and its audience keeps operator tokens out of codec paths.
// Finding 10: each token carries a jti and is issued with a row in codec_tokens;
// a token whose row is missing or revoked opens nothing, so a leaked endpoint
// can be revoked before it expires.
const AUDIENCE = 'realname-codec';
const ROLE = 'codec';

/** How long a personal codec endpoint works: one working day, then the operator asks again. */
export const PERSONAL_ENDPOINT_LIFETIME_SECONDS = 12 * 60 * 60;

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** A signed codec token. `codecTokens(...).issue` records it; without its row it is refused. */
export async function issueCodecToken(secret: string, issuer: string, operator: string, expiresIn: string | number, jti: string = randomUUID()): Promise<string> {
  return new SignJWT({ role: ROLE })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(operator)
    .setIssuer(issuer)
    .setAudience(AUDIENCE)
    .setJti(jti)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key(secret));
}

export interface CodecTokenClaims {
  operator: string;
  jti: string;
  /** Epoch seconds. */
  expiresAt: number;
}

function claimsOf(payload: JWTPayload): CodecTokenClaims {
  if (payload.role !== ROLE || !payload.sub || payload.exp === undefined) throw problems.unauthorized(PROBLEM_DETAILS.notACodecToken());
  // Tokens from before revocation carry no jti: they cannot be revoked, so they are not accepted.
  if (typeof payload.jti !== 'string' || payload.jti === '') throw problems.unauthorized(PROBLEM_DETAILS.codecTokenWithoutId());
  return { operator: payload.sub, jti: payload.jti, expiresAt: payload.exp };
}

/**
 * The claims of a codec token with a valid signature, or a 401 problem. Does
 * not consult codec_tokens: `CodecTokens.verify` does. `allowExpired` is for
 * revoking an endpoint by its URL, which is harmless once it has expired.
 */
export async function verifyCodecToken(secret: string, issuer: string, token: string, options: { allowExpired?: boolean } = {}): Promise<CodecTokenClaims> {
  try {
    const { payload } = await jwtVerify(token, key(secret), { issuer, audience: AUDIENCE, algorithms: ['HS256'] });
    return claimsOf(payload);
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) {
      if (options.allowExpired) return claimsOf(error.payload);
      throw problems.unauthorized(PROBLEM_DETAILS.codecTokenExpired());
    }
    if (error instanceof joseErrors.JOSEError) throw problems.unauthorized(PROBLEM_DETAILS.codecTokenInvalid());
    throw error;
  }
}

/**
 * The Web UI's cluster-level codec endpoint (`--ui-codec-endpoint`,
 * TEMPORAL_CODEC_ENDPOINT): the plain /codec, which refuses callers without an
 * operator token. Never a personal endpoint: anyone who opens that UI can read
 * its settings.
 */
export function clusterCodecEndpoint(publicUrl: string): string {
  return `${publicUrl.replace(/\/$/, '')}/codec`;
}

/** Where an operator points the Web UI: the UI appends /decode and /encode. */
export function personalCodecEndpoint(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/codec/operators/${token}`;
}

/** The codec token in a personal endpoint URL (as POST /codec/operator-endpoint returned it), or undefined. */
export function codecTokenOfEndpoint(endpoint: string): string | undefined {
  let path: string;
  try {
    path = new URL(endpoint).pathname;
  } catch {
    return undefined;
  }
  return path.match(/^(?:\/.*)?\/codec\/operators\/([^/]+)\/?$/)?.[1];
}

/**
 * How long a live token is taken as live without asking PostgreSQL again. A
 * revocation through this process takes effect at once; another API replica
 * sees it within this delay. Codec calls are few (a history page in the Web UI).
 */
export const REVOCATION_CHECK_CACHE_MS = 5_000;
const CACHE_LIMIT = 1_000;

export interface IssuedCodecEndpoint {
  token: string;
  jti: string;
  expiresAt: Date;
}

export interface CodecTokenRow {
  jti: string;
  operator: string;
  issuedAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  revokedBy: string | null;
}

export type CodecTokens = ReturnType<typeof codecTokens>;

/** Personal codec tokens backed by codec_tokens: issue, verify (with revocation), revoke, list. */
export function codecTokens(db: Database, auth: { jwtSecret: string; issuer: string }, now: () => number = Date.now) {
  const { jwtSecret, issuer } = auth;
  const live = new Map<string, number>();

  return {
    /** A token of `lifetimeSeconds` for `operator`, recorded before it is handed out. */
    async issue(operator: string, lifetimeSeconds: number): Promise<IssuedCodecEndpoint> {
      const jti = randomUUID();
      const expiresAtSeconds = Math.floor(now() / 1000) + lifetimeSeconds;
      const token = await issueCodecToken(jwtSecret, issuer, operator, expiresAtSeconds, jti);
      const expiresAt = new Date(expiresAtSeconds * 1000);
      await db.codecToken.create({ data: { jti, operator, expiresAt } });
      return { token, jti, expiresAt };
    },

    /** The operator of a live, unrevoked codec token, or a 401 problem. */
    async verify(token: string): Promise<CodecTokenClaims> {
      const claims = await verifyCodecToken(jwtSecret, issuer, token);
      const checkedUntil = live.get(claims.jti);
      if (checkedUntil !== undefined && checkedUntil > now()) return claims;
      const row = await db.codecToken.findUnique({ where: { jti: claims.jti }, select: { operator: true, revokedAt: true } });
      live.delete(claims.jti);
      if (!row || row.operator !== claims.operator) throw problems.unauthorized(PROBLEM_DETAILS.codecTokenNeverIssued());
      if (row.revokedAt) throw problems.unauthorized(PROBLEM_DETAILS.codecTokenRevoked());
      if (live.size >= CACHE_LIMIT) {
        for (const [jti, until] of live) if (until <= now()) live.delete(jti);
        if (live.size >= CACHE_LIMIT) live.clear();
      }
      live.set(claims.jti, now() + REVOCATION_CHECK_CACHE_MS);
      return claims;
    },

    /** Marks a token revoked (once: a second revocation keeps the first's time and author). */
    async revoke(jti: string, by: string): Promise<CodecTokenRow | null> {
      live.delete(jti);
      await db.codecToken.updateMany({ where: { jti, revokedAt: null }, data: { revokedAt: new Date(now()), revokedBy: by } });
      return db.codecToken.findUnique({ where: { jti } });
    },

    async find(jti: string): Promise<CodecTokenRow | null> {
      return db.codecToken.findUnique({ where: { jti } });
    },

    /** An operator's endpoints that still work: neither expired nor revoked. */
    async listLive(operator: string): Promise<CodecTokenRow[]> {
      return db.codecToken.findMany({ where: { operator, revokedAt: null, expiresAt: { gt: new Date(now()) } }, orderBy: { issuedAt: 'asc' } });
    },
  };
}
