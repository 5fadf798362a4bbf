import type { Context, MiddlewareHandler } from 'hono';
import { refusal, type ProblemError } from './problem';
import { PROBLEM_DETAILS } from '../domain/texts';

/**
 * Whether a request says its body is JSON, by its media type alone: the part
 * before any parameter, so a multipart upload whose boundary happens to hold
 * "json" is not taken for JSON (security finding 2).
 */
export function isJsonRequest(c: Context): boolean {
  const mediaType = (c.req.header('content-type') ?? '').split(';', 1)[0]!.trim().toLowerCase();
  return mediaType.includes('json');
}

export function bodyTooLarge(maxBytes: number): ProblemError {
  return refusal(413, 'too-large', PROBLEM_DETAILS.bodyTooLarge(maxBytes));
}

/**
 * The body as text, never reading more than `maxBytes` of it (413 beyond), for
 * the middlewares that look at JSON before the route does (depth, NUL).
 * Security finding 2: they read `c.req.text()` whole, and on a route that skips
 * the JSON limit a multi-GB body was buffered before any limit ran. A declared
 * length is checked as declared (the HTTP parser reads no more than it); a
 * chunked body is read up to the limit and kept as the request's body, so the
 * route, its validator and the webhooks' signature check read it again from there.
 */
export async function boundedText(c: Context, maxBytes: number): Promise<string> {
  const declared = c.req.header('content-length');
  const raw = c.req.raw;
  if ((declared !== undefined && c.req.header('transfer-encoding') === undefined) || raw.body === null || raw.bodyUsed) {
    if (declared !== undefined && !(Number(declared) <= maxBytes)) throw bodyTooLarge(maxBytes);
    // No length: no body, or one already read (through Hono's cache, which holds it).
    return c.req.text();
  }
  const reader = raw.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw bodyTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  c.req.raw = new Request(raw, { body: Buffer.concat(chunks) });
  return c.req.text();
}

/**
 * Security finding 2: `POST /v1/documents` takes multipart/form-data and
 * nothing else, refused with 415 before anything reads the body: its own 5 MB
 * limit replaces the JSON one, so a body of another type must not get as far
 * as anything that would read it.
 */
export const multipartOnly: MiddlewareHandler = async (c, next) => {
  const mediaType = (c.req.header('content-type') ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (mediaType !== 'multipart/form-data') {
    throw refusal(415, 'unsupported-media-type', PROBLEM_DETAILS.multipartRequired(), {}, { 'accept-post': 'multipart/form-data' });
  }
  await next();
};
