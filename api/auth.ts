import { createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import { jwtVerify, SignJWT, errors as joseErrors } from 'jose';
import type { MiddlewareHandler } from 'hono';
import { DEFAULT_TOKEN_LIFETIME_HOURS, type Config } from '../config';
import { PROBLEM_DETAILS } from '../domain/texts';
import { problems } from './problem';

export type Principal = { role: 'operator'; subject: string } | { role: 'holder'; subject: string; accountId: string };

/**
 * `tokenExpiresAt`: when the bearer token the request came with expires (epoch ms), for what
 * outlives the request's check (an event stream ends then); unset for a verification session's.
 */
export type AuthEnv = { Variables: { principal: Principal; tokenExpiresAt?: number } };

/** What verifying a bearer token needs: config.auth. */
export type TokenRules = Config['auth'];

/**
 * Finding 8: the audience of API bearer tokens. Codec-endpoint tokens carry
 * 'realname-codec' (api/codec-token.ts), so neither kind passes for the other.
 */
export const API_AUDIENCE = 'realname-api';

/** Finding 8: clocks drift; a token issued further ahead than this was minted wrong or forged. */
const ISSUED_AT_SKEW_SECONDS = 60;

const keys = new Map<string, KeyObject>();

/** The HMAC key, made once per secret: every request verifies a token with it. */
function key(secret: string): KeyObject {
  let made = keys.get(secret);
  if (!made) {
    made = createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, made);
  }
  return made;
}

/**
 * A bearer token for the API: `expiresIn` is a span ('12h') or an absolute
 * epoch second, and must stay within the verifier's JWT_MAX_LIFETIME_HOURS
 * (the default lifetime is the default maximum).
 */
export async function issueToken(
  secret: string,
  issuer: string,
  principal: Principal,
  expiresIn: string | number = `${DEFAULT_TOKEN_LIFETIME_HOURS}h`,
): Promise<string> {
  const claims = principal.role === 'holder' ? { role: 'holder', accountId: principal.accountId } : { role: 'operator' };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(principal.subject)
    .setIssuer(issuer)
    .setAudience(API_AUDIENCE)
    .setJti(randomUUID())
    // exp before iat: each reads the clock, and a second ticking between them
    // must not make exp - iat exceed the lifetime asked for.
    .setExpirationTime(expiresIn)
    .setIssuedAt()
    .sign(key(secret));
}

/**
 * Finding 8: a token names its audience, an id (jti), when it was issued and
 * when it expires; it is refused if issued in the future or made to live longer
 * than the configured maximum. Every refusal is a 401 problem.
 */
export async function verifyToken(rules: TokenRules, token: string): Promise<Principal> {
  return (await verifyBearerToken(rules, token)).principal;
}

/** As verifyToken, and when the token expires (its exp, in epoch ms). */
export async function verifyBearerToken(rules: TokenRules, token: string): Promise<{ principal: Principal; expiresAt: number }> {
  try {
    const { payload } = await jwtVerify(token, key(rules.jwtSecret), {
      issuer: rules.issuer,
      audience: API_AUDIENCE,
      algorithms: ['HS256'],
      requiredClaims: ['sub', 'jti', 'iat', 'exp'],
    });
    // jose has checked that iat and exp are numbers and that exp is in the future.
    const issuedAt = payload.iat!;
    if (issuedAt > Math.floor(Date.now() / 1000) + ISSUED_AT_SKEW_SECONDS) throw problems.unauthorized(PROBLEM_DETAILS.tokenIssuedInFuture());
    if (payload.exp! - issuedAt > rules.maxTokenLifetimeSeconds) throw problems.unauthorized(PROBLEM_DETAILS.tokenTooLongLived());
    if (typeof payload.jti !== 'string' || payload.jti === '') throw problems.unauthorized(PROBLEM_DETAILS.tokenWithoutId());
    const subject = payload.sub!;
    const expiresAt = payload.exp! * 1000;
    if (payload.role === 'operator') return { principal: { role: 'operator', subject }, expiresAt };
    if (payload.role === 'holder' && typeof payload.accountId === 'string') {
      return { principal: { role: 'holder', subject, accountId: payload.accountId }, expiresAt };
    }
    throw problems.unauthorized(PROBLEM_DETAILS.tokenWithoutRole());
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw problems.unauthorized(PROBLEM_DETAILS.tokenExpired());
    // jose's messages name the claim, never its value.
    if (error instanceof joseErrors.JWTClaimValidationFailed) throw problems.unauthorized(PROBLEM_DETAILS.tokenInvalid(error.message));
    if (error instanceof joseErrors.JOSEError) throw problems.unauthorized(PROBLEM_DETAILS.tokenInvalid());
    throw error;
  }
}

/** Every /v1 route but webhooks requires a bearer token naming a role. */
export function bearerAuth(rules: TokenRules): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const match = header?.match(/^Bearer\s+(\S+)$/i);
    if (!match) throw problems.unauthorized(PROBLEM_DETAILS.bearerRequired());
    const { principal, expiresAt } = await verifyBearerToken(rules, match[1]!);
    c.set('principal', principal);
    c.set('tokenExpiresAt', expiresAt);
    await next();
  };
}

export function requireOperator(principal: Principal): void {
  if (principal.role !== 'operator') throw problems.forbidden(PROBLEM_DETAILS.operatorOnly());
}

/**
 * A holder sees only their own account; another account answers 404 so its
 * existence is not revealed.
 */
export function requireAccountAccess(principal: Principal, accountId: string): void {
  if (principal.role === 'holder' && principal.accountId !== accountId) throw problems.notFound(`account ${accountId}`);
}
