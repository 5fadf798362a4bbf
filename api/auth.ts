import { createSecretKey, type KeyObject } from 'node:crypto';
import { jwtVerify, SignJWT, errors as joseErrors } from 'jose';
import type { MiddlewareHandler } from 'hono';
import { problems } from './problem';

export type Principal = { role: 'operator'; subject: string } | { role: 'holder'; subject: string; accountId: string };

export type AuthEnv = { Variables: { principal: Principal } };

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

export async function issueToken(
  secret: string,
  issuer: string,
  principal: Principal,
  expiresIn: string | number = '30d',
): Promise<string> {
  const claims = principal.role === 'holder' ? { role: 'holder', accountId: principal.accountId } : { role: 'operator' };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(principal.subject)
    .setIssuer(issuer)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key(secret));
}

export async function verifyToken(secret: string, issuer: string, token: string): Promise<Principal> {
  try {
    const { payload } = await jwtVerify(token, key(secret), { issuer, algorithms: ['HS256'] });
    const subject = payload.sub ?? 'unknown';
    if (payload.role === 'operator') return { role: 'operator', subject };
    if (payload.role === 'holder' && typeof payload.accountId === 'string') {
      return { role: 'holder', subject, accountId: payload.accountId };
    }
    throw problems.unauthorized('the token names no known role');
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw problems.unauthorized('the token has expired');
    if (error instanceof joseErrors.JOSEError) throw problems.unauthorized('the token is not valid');
    throw error;
  }
}

/** Every /v1 route but webhooks requires a bearer token naming a role. */
export function bearerAuth(secret: string, issuer: string): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const match = header?.match(/^Bearer\s+(\S+)$/i);
    if (!match) throw problems.unauthorized('send Authorization: Bearer <token>');
    c.set('principal', await verifyToken(secret, issuer, match[1]!));
    await next();
  };
}

export function requireOperator(principal: Principal): void {
  if (principal.role !== 'operator') throw problems.forbidden('this action needs an operator token');
}

/**
 * A holder sees only their own account; another account answers 404 so its
 * existence is not revealed.
 */
export function requireAccountAccess(principal: Principal, accountId: string): void {
  if (principal.role === 'holder' && principal.accountId !== accountId) throw problems.notFound(`account ${accountId}`);
}
