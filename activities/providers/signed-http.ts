import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { SignedHttpConfig } from '../../config/signed-http';
import type { FailureType } from '../../domain/failures';

/**
 * The one HTTP client of the providers without a public API of their own (the
 * bank, the business registry, WeChat Pay's real-name check), speaking the
 * signed contract of docs/provider-contracts/signing.md: every request signed
 * with HMAC-SHA256 over its method, path, timestamp, nonce, idempotency key
 * and body hash, the key id beside it; every other answer than 408, 429 and 5xx signed back
 * over its status, our nonce, its timestamp and its body hash, so an answer
 * cannot be forged on the way nor replayed for another request.
 *
 * Failures come out classified once, as the catalogue's (domain/failures.ts):
 * no answer in time, a network error, 408, 429 and 5xx are
 * `DependencyUnavailable` (retried: every call here is a read or carries an
 * idempotency key); any other 4xx, an answer not signed by the provider's key
 * and an answer that cannot be read are `ProviderRejected` (not retried: the
 * same call gets the same refusal). Messages name the call, the status, the
 * provider's error code and request id, never its message nor what was sent
 * (account numbers, names, ID numbers travel in these bodies).
 */

export const SIGNATURE_VERSION = 'RN1-HMAC-SHA256';
/** Each side refuses a timestamp further than this from its own clock. */
export const CLOCK_SKEW_SECONDS = 300;

export const HEADERS = {
  keyId: 'x-key-id',
  timestamp: 'x-timestamp',
  nonce: 'x-nonce',
  contentSha256: 'x-content-sha256',
  signature: 'x-signature',
  idempotencyKey: 'idempotency-key',
  requestId: 'x-request-id',
} as const;

export interface SignedCall {
  method: 'GET' | 'POST';
  /** The contract's path, appended to the base URL's; no personal data in it (proxies log paths). */
  path: string;
  body?: unknown;
  /** The same on every attempt of one operation: the provider acts once per key. */
  idempotencyKey?: string;
  /** For messages: what this call does, by ids only (`bank payout prc_1:payout:rev_1`). */
  what: string;
}

export interface SignedAnswer {
  status: number;
  body: unknown;
  /** The provider's id of the request (`X-Request-Id`), for operators; undefined when absent or odd. */
  requestId?: string;
}

export interface SignedHttpClient {
  call(call: SignedCall): Promise<SignedAnswer>;
}

export interface SignedHttpDeps {
  /** Injected by tests; the global fetch otherwise. */
  fetch?: typeof fetch;
  now?: () => number;
}

export const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The string a request's signature is over (signing.md, "Requests"). */
export function requestSigningString(method: string, pathAndQuery: string, timestamp: number, nonce: string, idempotencyKey: string, body: string): string {
  return [SIGNATURE_VERSION, method.toUpperCase(), pathAndQuery, String(timestamp), nonce, idempotencyKey, sha256Hex(body)].join('\n');
}

/** The string an answer's signature is over (signing.md, "Answers"): bound to the request by its nonce. */
export function answerSigningString(status: number, requestNonce: string, timestamp: number, body: string | Buffer): string {
  return [`${SIGNATURE_VERSION}-ANSWER`, String(status), requestNonce, String(timestamp), sha256Hex(body)].join('\n');
}

export const hmacHex = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('hex');

const SAFE_TOKEN = /^[A-Za-z0-9._:-]{1,100}$/;
const safe = (value: unknown) => (typeof value === 'string' && SAFE_TOKEN.test(value) ? value : undefined);

export function signedHttpClient(system: string, config: SignedHttpConfig, deps: SignedHttpDeps = {}): SignedHttpClient {
  const doFetch = deps.fetch ?? fetch;
  const now = deps.now ?? Date.now;
  const timeoutMs = config.timeoutSeconds * 1000;
  const basePath = new URL(config.baseUrl).pathname.replace(/\/+$/, '');

  return {
    async call({ method, path, body, idempotencyKey = '', what }) {
      const text = body === undefined ? '' : JSON.stringify(body);
      const timestamp = Math.floor(now() / 1000);
      const nonce = randomBytes(16).toString('hex');
      const fullPath = `${basePath}${path}`;
      const headers: Record<string, string> = {
        accept: 'application/json',
        [HEADERS.keyId]: config.keyId,
        [HEADERS.timestamp]: String(timestamp),
        [HEADERS.nonce]: nonce,
        [HEADERS.contentSha256]: sha256Hex(text),
        [HEADERS.signature]: hmacHex(config.secret, requestSigningString(method, fullPath, timestamp, nonce, idempotencyKey, text)),
      };
      if (idempotencyKey !== '') headers[HEADERS.idempotencyKey] = idempotencyKey;
      if (body !== undefined) headers['content-type'] = 'application/json';

      let response: Response;
      let answerBytes: Buffer;
      // One deadline for connecting, the headers and the whole body.
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        // No redirects: the body (an account number, a name) goes to the configured host only.
        response = await doFetch(`${config.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : text, signal, redirect: 'manual' });
        // The signature is over the bytes as sent: text() would drop a byte-order mark and replace bytes that are not UTF-8.
        answerBytes = Buffer.from(await response.arrayBuffer());
      } catch (error) {
        if (signal.aborted) throw unavailable(`${what}: ${system} gave no answer within ${config.timeoutSeconds} s`);
        throw unavailable(`${what}: ${system} could not be reached (${networkCode(error)})`);
      }
      const { status } = response;
      const answerText = new TextDecoder().decode(answerBytes);
      const requestId = safe(response.headers.get(HEADERS.requestId));
      const where = `${what}: ${system} answered HTTP ${status}${requestId ? ` (request ${requestId})` : ''}`;
      // Overloaded or down, whether the provider or a proxy before it says so: retrying is safe (reads, idempotency keys).
      if (status === 408 || status === 429 || status >= 500) throw unavailable(`${where}${errorCode(answerText)}`, retryAfterSeconds(response.headers.get('retry-after')));
      if (!verifyAnswer(config.secret, status, nonce, response.headers, answerBytes, now())) {
        throw rejected(`${where}, not signed by the provider's key`);
      }
      // The refusal's status and code (signed, so the provider's own) let an adapter tell its business answers apart.
      if (status < 200 || status >= 300) throw rejected(`${where}${errorCode(answerText)}`, 'ProviderRejected', { status, code: contractCode(answerText) ?? null });
      let parsed: unknown;
      try {
        parsed = JSON.parse(answerText);
      } catch {
        throw rejected(`${where}, not JSON`);
      }
      return { status, body: parsed, requestId };
    },
  };
}

/** Whether the answer carries a signature over it by the shared key, made within the clock-skew limit. */
function verifyAnswer(secret: string, status: number, nonce: string, headers: Headers, body: Buffer, nowMs: number): boolean {
  const timestamp = Number(headers.get(HEADERS.timestamp));
  const given = headers.get(HEADERS.signature) ?? '';
  if (!Number.isSafeInteger(timestamp) || Math.abs(nowMs / 1000 - timestamp) > CLOCK_SKEW_SECONDS) return false;
  if (headers.get(HEADERS.nonce) !== nonce) return false;
  const expected = Buffer.from(hmacHex(secret, answerSigningString(status, nonce, timestamp, body)), 'hex');
  const actual = Buffer.from(/^[0-9a-f]{64}$/i.test(given) ? given : '', 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** The contract's error code (`{"error":{"code":…}}`), when it is one of its tokens; never the message. */
function contractCode(text: string): string | undefined {
  try {
    return safe((JSON.parse(text) as { error?: { code?: unknown } } | null)?.error?.code);
  } catch {
    return undefined;
  }
}

function errorCode(text: string): string {
  const code = contractCode(text);
  return code ? `, ${code}` : '';
}

/** fetch fails with a TypeError whose cause is the socket's error (ECONNREFUSED …). */
function networkCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
    const code = safe((current as { code?: unknown }).code);
    if (code) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return error instanceof Error ? error.name : 'network error';
}

/** A provider asking to wait (Retry-After in seconds, 1..300) sets the next attempt's delay; otherwise the retry policy's backoff does. */
export function unavailable(message: string, nextRetrySeconds?: number): ApplicationFailure {
  return ApplicationFailure.create({
    type: 'DependencyUnavailable' satisfies FailureType,
    message,
    nonRetryable: false,
    ...(nextRetrySeconds === undefined ? {} : { nextRetryDelay: `${nextRetrySeconds}s` }),
  });
}

function retryAfterSeconds(header: string | null): number | undefined {
  if (header === null || !/^\d{1,3}$/.test(header.trim())) return undefined;
  const seconds = Number(header.trim());
  return seconds >= 1 && seconds <= 300 ? seconds : undefined;
}

/** A provider's signed refusal: its HTTP status and contract code, for the adapter that called. */
export interface Refusal {
  status: number;
  code: string | null;
}

export function rejected(message: string, type: FailureType = 'ProviderRejected', refusal?: Refusal): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true, ...(refusal ? { details: [refusal] } : {}) });
}

/** The signed refusal a `call` failed with, if that is how it failed. */
export function refusalOf(error: unknown): Refusal | null {
  if (!(error instanceof ApplicationFailure) || error.type !== 'ProviderRejected') return null;
  const refusal = error.details?.[0] as Refusal | undefined;
  return refusal && typeof refusal.status === 'number' ? refusal : null;
}
