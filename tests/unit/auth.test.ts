import { SignJWT, type JWTPayload } from 'jose';
import type { Client } from '@temporalio/client';
import { createApp } from '../../api/app';
import { API_AUDIENCE, issueToken, verifyToken } from '../../api/auth';
import { issueCodecToken } from '../../api/codec-token';
import { ProblemError } from '../../api/problem';
import { loadConfig } from '../../config';
import { createLogger } from '../../config/logger';
import type { Database } from '../../prisma/client';

const config = loadConfig({ JWT_MAX_LIFETIME_HOURS: '24' });
const { jwtSecret, issuer } = config.auth;
const now = () => Math.floor(Date.now() / 1000);

/** A token signed with the right key, with exactly the claims given: what a forger holding a leaked issuer script could make. */
function signed(claims: JWTPayload): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(jwtSecret));
}

/** Everything a valid operator token carries; each case below takes one thing away or stretches it. */
const valid = (): JWTPayload => ({ role: 'operator', sub: 'op-1', iss: issuer, aud: API_AUDIENCE, jti: 'j-1', iat: now(), exp: now() + 3600 });
const without = (claim: string): JWTPayload => Object.fromEntries(Object.entries(valid()).filter(([name]) => name !== claim));

const refused: Array<[string, () => Promise<string>]> = [
  ['without exp', () => signed(without('exp'))],
  ['without iat', () => signed(without('iat'))],
  ['without jti', () => signed(without('jti'))],
  ['with an empty jti', () => signed({ ...valid(), jti: '' })],
  ['without aud', () => signed(without('aud'))],
  ['for another audience', () => signed({ ...valid(), aud: 'someone-else' })],
  ['living 20 years', () => signed({ ...valid(), exp: now() + 20 * 365 * 86_400 })],
  ['living a second longer than JWT_MAX_LIFETIME_HOURS', () => signed({ ...valid(), exp: now() + 24 * 3600 + 1 })],
  ['issued ten years ahead', () => signed({ ...valid(), iat: now() + 10 * 365 * 86_400, exp: now() + 10 * 365 * 86_400 + 3600 })],
  ['issued two minutes ahead', () => signed({ ...valid(), iat: now() + 120, exp: now() + 3600 })],
  ['minted by issueToken beyond the maximum', () => issueToken(jwtSecret, issuer, { role: 'operator', subject: 'op-1' }, '25h')],
  ['for the codec endpoint', () => issueCodecToken(jwtSecret, issuer, 'op-1', '1h')],
];

async function refusal(token: string): Promise<ProblemError> {
  try {
    await verifyToken(config.auth, token);
  } catch (error) {
    if (error instanceof ProblemError) return error;
    throw error;
  }
  throw new Error('the token was accepted');
}

describe('bearer token rules (finding 8)', () => {
  it('accepts what issueToken mints, for as long as the maximum lifetime allows', async () => {
    expect(await verifyToken(config.auth, await issueToken(jwtSecret, issuer, { role: 'operator', subject: 'op-1' }, '24h'))).toEqual({
      role: 'operator',
      subject: 'op-1',
    });
    const holder = await issueToken(jwtSecret, issuer, { role: 'holder', subject: 'h-1', accountId: 'acc_1' }, '1h');
    expect(await verifyToken(config.auth, holder)).toEqual({ role: 'holder', subject: 'h-1', accountId: 'acc_1' });
    expect(await verifyToken(config.auth, await signed({ ...valid(), iat: now() + 30 }))).toEqual({ role: 'operator', subject: 'op-1' });
  });

  it('mints exp, iat, a fresh jti and the API audience, within the default maximum of 30 days', async () => {
    const defaults = loadConfig({});
    const token = await issueToken(jwtSecret, issuer, { role: 'operator', subject: 'op-1' });
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as JWTPayload;
    expect(claims).toMatchObject({ aud: API_AUDIENCE, jti: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(claims.exp! - claims.iat!).toBe(defaults.auth.maxTokenLifetimeSeconds);
    const again = JSON.parse(Buffer.from((await issueToken(jwtSecret, issuer, { role: 'operator', subject: 'op-1' })).split('.')[1]!, 'base64url').toString()) as JWTPayload;
    expect(again.jti).not.toBe(claims.jti);
    await expect(verifyToken(defaults.auth, token)).resolves.toEqual({ role: 'operator', subject: 'op-1' });
  });

  it.each(refused)('refuses a token %s with a 401 problem', async (_case, token) => {
    const problem = await refusal(await token());
    expect(problem.problem).toMatchObject({ status: 401, type: 'unauthorized' });
  });

  describe('through the API', () => {
    // Authentication comes before any route touches the database or Temporal.
    const app = createApp({ config, db: {} as Database, temporal: {} as Client, logger: createLogger({ level: 'silent' }) });
    const paths: Array<[string, string]> = [
      ['GET', '/v1/accounts/acc_1'],
      ['GET', '/metrics'],
      ['POST', '/codec/decode'],
      ['GET', '/console/reviews/rev_1'],
    ];

    it.each(refused)('answers 401 problem+json on every authenticated entry to a token %s', async (_case, token) => {
      const bearer = await token();
      for (const [method, path] of paths) {
        const response = await app.request(path, { method, headers: { authorization: `Bearer ${bearer}` } });
        expect({ path, status: response.status, type: response.headers.get('content-type') }).toEqual({
          path,
          status: 401,
          type: expect.stringContaining('application/problem+json'),
        });
      }
    });
  });
});
