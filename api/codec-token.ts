import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { problems } from './problem';

// The Temporal Web UI cannot send our bearer token to a codec server, so an
// operator gets a personal codec endpoint with a token in its path instead.
// That token only decodes and encodes payloads: its role is unknown to
// bearerAuth (401 on /v1) and its audience keeps operator tokens out of codec paths.
const AUDIENCE = 'realname-codec';
const ROLE = 'codec';

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export async function issueCodecToken(secret: string, issuer: string, operator: string, expiresIn: string | number): Promise<string> {
  return new SignJWT({ role: ROLE })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(operator)
    .setIssuer(issuer)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key(secret));
}

/** The operator a codec token was issued to, or a 401 problem. */
export async function verifyCodecToken(secret: string, issuer: string, token: string): Promise<{ operator: string; expiresAt: number }> {
  try {
    const { payload } = await jwtVerify(token, key(secret), { issuer, audience: AUDIENCE, algorithms: ['HS256'] });
    if (payload.role !== ROLE || !payload.sub || payload.exp === undefined) throw problems.unauthorized('not a codec token');
    return { operator: payload.sub, expiresAt: payload.exp };
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw problems.unauthorized('the codec endpoint has expired: ask for a new one');
    if (error instanceof joseErrors.JOSEError) throw problems.unauthorized('not a valid codec endpoint');
    throw error;
  }
}

/** Where an operator points the Web UI: the UI appends /decode and /encode. */
export function personalCodecEndpoint(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/codec/operators/${token}`;
}
