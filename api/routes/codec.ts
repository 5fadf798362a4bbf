// Temporal's codec server protocol, so operators see clear payloads in the Web
// UI (and `temporal workflow show --codec-endpoint`) while Temporal itself only
// ever stores ciphertext. Holders and anonymous callers are refused: decoding a
// history reveals an applicant's name and ID number.
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Payload } from '@temporalio/common';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { EncryptionCodec, PayloadDecryptionError } from '../../codec/encryption-codec';
import { bearerAuth, requireOperator, type AuthEnv } from '../auth';
import { codecTokenOfEndpoint, codecTokens, PERSONAL_ENDPOINT_LIFETIME_SECONDS, personalCodecEndpoint, verifyCodecToken } from '../codec-token';
import type { ApiDeps } from '../deps';
import { problems, refusal } from '../problem';
import { PROBLEM_DETAILS } from '../../domain/texts';

type Direction = 'decode';

/** Temporal refuses payloads over 2 MB and messages over 4 MB: a batch is never larger. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

// Proto3 JSON (the codec server protocol): bytes are base64, standard or URL-safe, padded or not.
const base64 = z.string().regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'must be base64');
// A field at its default value may be absent or null: a Payloads without payloads
// is `{}`, which the Temporal CLI posts for every event that carries none.
const orAbsent = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? undefined);
// Protobuf JSON of temporal.api.common.v1.Payloads.
const PayloadsJson = z.object({
  payloads: orAbsent(z.array(z.object({ metadata: orAbsent(z.record(z.string(), orAbsent(base64))), data: orAbsent(base64) }))),
});
type PayloadsJson = z.infer<typeof PayloadsJson>;

// Finding 10: which endpoint to revoke, by its URL (as issued) or its jti (as listed).
const Revocation = z.union([z.object({ endpoint: z.string().min(1).max(4096) }).strict(), z.object({ jti: z.uuid() }).strict()]);

function fromJson(body: PayloadsJson): Payload[] {
  return (body.payloads ?? []).map((payload) => ({
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([name, value]) => [name, Buffer.from(value ?? '', 'base64')])),
    data: Buffer.from(payload.data ?? '', 'base64'),
  }));
}

function toJson(payloads: Payload[]): { payloads: Array<{ metadata: Record<string, string>; data: string }> } {
  return {
    payloads: payloads.map((payload) => ({
      metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([name, value]) => [name, Buffer.from(value ?? []).toString('base64')])),
      data: Buffer.from(payload.data ?? []).toString('base64'),
    })),
  };
}

/**
 * CORS for exactly one origin, the Temporal Web UI. A browser request from any
 * other origin is refused outright rather than merely left unreadable; callers
 * without an Origin (the CLI, scripts) are not browsers and pass to the token check.
 */
function webUiOnly(webUiOrigin: string): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && origin !== webUiOrigin) {
      throw problems.forbidden(PROBLEM_DETAILS.codecBrowserOrigin(webUiOrigin));
    }
    if (c.req.method === 'OPTIONS') {
      return c.body(null, 204, {
        'access-control-allow-origin': webUiOrigin,
        'access-control-allow-methods': 'POST, OPTIONS',
        // The Web UI sends X-Namespace, and Authorization (with Authorization-Extras) when it passes an access token.
        'access-control-allow-headers': 'authorization, authorization-extras, content-type, x-namespace',
        'access-control-max-age': '600',
        vary: 'Origin',
      });
    }
    await next();
    if (origin !== undefined) c.res.headers.set('access-control-allow-origin', webUiOrigin);
    c.res.headers.append('vary', 'Origin');
  };
}

export function registerCodecRoutes(app: OpenAPIHono<AuthEnv>, { config, db, logger, now }: ApiDeps): void {
  // Operators read histories as they are: a plain payload (a signal sent around the API) shows as such.
  const codec = new EncryptionCodec(config.payloadKeys, 'accept');
  const { jwtSecret, issuer } = config.auth;
  const tokens = codecTokens(db, config.auth, now);

  async function transcode(c: Context<AuthEnv>, direction: Direction, operator: string, endpoint?: string): Promise<Response> {
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      throw problems.validation([{ field: '(body)', message: 'must be JSON: {"payloads":[{"metadata":{…},"data":"<base64>"}]}' }]);
    }
    const parsed = PayloadsJson.safeParse(raw);
    if (!parsed.success) {
      throw problems.validation(parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || '(body)', message: issue.message })));
    }
    const payloads = fromJson(parsed.data);
    let result: Payload[];
    try {
      result = await codec.decode(payloads);
    } catch (error) {
      if (error instanceof PayloadDecryptionError) {
        throw refusal(422, 'payload-undecodable', PROBLEM_DETAILS.payloadUndecodable(error.message));
      }
      throw error;
    }
    // Who looked at personal data, through which personal endpoint (its jti), and in which namespace: the audit trail of the codec.
    logger.info({ operator, ...(endpoint ? { endpoint } : {}), direction, payloads: payloads.length, namespace: c.req.header('x-namespace') }, 'codec');
    return c.json(toJson(result));
  }

  app.use('/codec/*', webUiOnly(new URL(config.temporal.webUiUrl).origin));
  app.use('/codec/*', bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw refusal(413, 'too-large', PROBLEM_DETAILS.bodyTooLarge(MAX_BODY_BYTES));
    },
  }));

  const operatorOnly: MiddlewareHandler<AuthEnv> = async (c, next) =>
    bearerAuth(config.auth)(c, async () => {
      requireOperator(c.get('principal'));
      await next();
    });

  // For callers that can send a bearer token: the CLI, scripts, a Web UI passing an access token.
  app.post('/codec/decode', operatorOnly, (c) => transcode(c, 'decode', c.get('principal').subject));
  app.post('/codec/operators/:token/decode', async (c) => {
    // Finding 10: signature, expiry, and its codec_tokens row (issued, not revoked).
    const { operator, jti } = await tokens.verify(c.req.param('token'));
    return transcode(c, 'decode', operator, jti);
  });
  // Security finding 2: Temporal is written only by the API and the worker. A
  // payload sealed here would be one the worker trusts: with it, an operator
  // could send `temporal workflow signal` a provider's "authorized" for any
  // ticket, around the webhook signatures. So the codec server only decodes.
  const encodeRefused = () => {
    throw refusal(403, 'codec-encode-refused', PROBLEM_DETAILS.codecEncodeRefused());
  };
  app.post('/codec/encode', operatorOnly, encodeRefused);
  app.post('/codec/operators/:token/encode', async (c) => {
    await tokens.verify(c.req.param('token'));
    return encodeRefused();
  });

  // The Web UI's own codec setting (per browser) takes a URL and no header: this gives an operator one of their own.
  app.post('/codec/operator-endpoint', operatorOnly, async (c) => {
    const operator = c.get('principal').subject;
    const { token, jti, expiresAt } = await tokens.issue(operator, PERSONAL_ENDPOINT_LIFETIME_SECONDS);
    logger.info({ operator, endpoint: jti }, 'personal codec endpoint issued');
    return c.json({ endpoint: personalCodecEndpoint(config.api.publicUrl, token), jti, expiresAt: expiresAt.toISOString() }, 201);
  });

  // Finding 10: the caller's endpoints that still work, by jti (the URLs are not kept: only their holder has them).
  app.get('/codec/operator-endpoints', operatorOnly, async (c) => {
    const rows = await tokens.listLive(c.get('principal').subject);
    return c.json({ endpoints: rows.map((row) => ({ jti: row.jti, issuedAt: row.issuedAt.toISOString(), expiresAt: row.expiresAt.toISOString() })) }, 200);
  });

  // Finding 10: revoking a personal endpoint. An operator revokes their own
  // (by URL or jti), and any endpoint whose URL they hold: holding the URL is
  // holding the credential, so whoever finds a leaked one can end it. Another
  // operator's endpoint by jti alone answers 404, as an unknown one does.
  app.post('/codec/operator-endpoint/revoke', operatorOnly, async (c) => {
    const by = c.get('principal').subject;
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      raw = undefined;
    }
    const parsed = Revocation.safeParse(raw);
    if (!parsed.success) {
      throw problems.validation([{ field: '(body)', message: 'send {"endpoint":"<the personal codec endpoint URL>"} or {"jti":"<its id, from GET /codec/operator-endpoints>"}' }]);
    }
    let jti: string;
    if ('endpoint' in parsed.data) {
      const token = codecTokenOfEndpoint(parsed.data.endpoint);
      if (!token) throw problems.validation([{ field: 'endpoint', message: 'not a personal codec endpoint URL (…/codec/operators/<token>)' }]);
      jti = (await verifyCodecToken(jwtSecret, issuer, token, { allowExpired: true }).catch(() => {
        throw problems.validation([{ field: 'endpoint', message: 'not a personal codec endpoint issued here' }]);
      })).jti;
    } else {
      jti = parsed.data.jti;
      const row = await tokens.find(jti);
      if (!row || row.operator !== by) throw problems.notFound(`personal codec endpoint ${jti} of ${by}`);
    }
    const row = await tokens.revoke(jti, by);
    if (!row) throw problems.notFound(`personal codec endpoint ${jti}`);
    logger.info({ operator: by, endpoint: jti, owner: row.operator }, 'personal codec endpoint revoked');
    return c.json(
      { jti, operator: row.operator, expiresAt: row.expiresAt.toISOString(), revokedAt: row.revokedAt!.toISOString(), revokedBy: row.revokedBy },
      200,
    );
  });
}
