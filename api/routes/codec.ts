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
import { issueCodecToken, personalCodecEndpoint, verifyCodecToken } from '../codec-token';
import type { ApiDeps } from '../deps';
import { ProblemError, problems } from '../problem';

type Direction = 'encode' | 'decode';

/** How long a personal codec endpoint works: one working day, then the operator asks again. */
const PERSONAL_ENDPOINT_VALIDITY_SECONDS = 12 * 60 * 60;
/** Temporal refuses payloads over 2 MB and messages over 4 MB: a batch is never larger. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
// Protobuf JSON of temporal.api.common.v1.Payloads: bytes are base64 strings.
const PayloadsJson = z.object({
  payloads: z.array(z.object({ metadata: z.record(z.string(), base64).optional(), data: base64.optional() })),
});
type PayloadsJson = z.infer<typeof PayloadsJson>;

function fromJson(body: PayloadsJson): Payload[] {
  return body.payloads.map((payload) => ({
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([name, value]) => [name, Buffer.from(value, 'base64')])),
    data: Buffer.from(payload.data ?? '', 'base64'),
  }));
}

function toJson(payloads: Payload[]): PayloadsJson {
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
      throw problems.forbidden(`the codec server answers browsers only from the Temporal Web UI (${webUiOrigin})`);
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

export function registerCodecRoutes(app: OpenAPIHono<AuthEnv>, { config, logger }: ApiDeps): void {
  const codec = new EncryptionCodec(config.payloadKeys);
  const { jwtSecret, issuer } = config.auth;

  async function transcode(c: Context<AuthEnv>, direction: Direction, operator: string): Promise<Response> {
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
      result = direction === 'decode' ? await codec.decode(payloads) : await codec.encode(payloads);
    } catch (error) {
      if (error instanceof PayloadDecryptionError) {
        throw new ProblemError({ status: 422, type: 'payload-undecodable', title: 'A payload cannot be decrypted', detail: error.message });
      }
      throw error;
    }
    // Who looked at personal data, and in which namespace: the audit trail of the codec.
    logger.info({ operator, direction, payloads: payloads.length, namespace: c.req.header('x-namespace') }, 'codec');
    return c.json(toJson(result));
  }

  app.use('/codec/*', webUiOnly(new URL(config.temporal.webUiUrl).origin));
  app.use('/codec/*', bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ProblemError({ status: 413, type: 'too-large', title: 'Request body too large', detail: `at most ${MAX_BODY_BYTES} bytes` });
    },
  }));

  const operatorOnly: MiddlewareHandler<AuthEnv> = async (c, next) =>
    bearerAuth(config.auth)(c, async () => {
      requireOperator(c.get('principal'));
      await next();
    });

  // For callers that can send a bearer token: the CLI, scripts, a Web UI passing an access token.
  for (const direction of ['decode', 'encode'] as const) {
    app.post(`/codec/${direction}`, operatorOnly, (c) => transcode(c, direction, c.get('principal').subject));
    app.post(`/codec/operators/:token/${direction}`, async (c) => {
      const { operator } = await verifyCodecToken(jwtSecret, issuer, c.req.param('token'));
      return transcode(c, direction, operator);
    });
  }

  // The Web UI's own codec setting (per browser) takes a URL and no header: this gives an operator one of their own.
  app.post('/codec/operator-endpoint', operatorOnly, async (c) => {
    const operator = c.get('principal').subject;
    const token = await issueCodecToken(jwtSecret, issuer, operator, `${PERSONAL_ENDPOINT_VALIDITY_SECONDS}s`);
    const { expiresAt } = await verifyCodecToken(jwtSecret, issuer, token);
    logger.info({ operator }, 'personal codec endpoint issued');
    return c.json({ endpoint: personalCodecEndpoint(config.api.publicUrl, token), expiresAt: new Date(expiresAt * 1000).toISOString() }, 201);
  });
}
