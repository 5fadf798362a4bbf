import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A provider on loopback that follows docs/provider-contracts/signing.md,
 * written from the document rather than from the adapter's client (so a
 * client that drifts from the contract fails here): it verifies each
 * request's key id, timestamp, nonce, body hash and signature and refuses with
 * the contract's 401s, and signs its answers back over the status, the
 * request's nonce, its timestamp and the body hash. What it answers to a
 * verified request is the test's (`handle`); `bankBooks`, `registryBooks` and
 * `wechatCodes` answer as the three contracts say.
 */
export interface StandinRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  json: unknown;
  idempotencyKey?: string;
  nonce: string;
}

export interface StandinReply {
  status: number;
  body?: unknown;
  /** The answer's bytes as given (a malformed answer); `body` is JSON-encoded otherwise. */
  raw?: string;
  /** `false`: no signature headers; `wrong`: signed with another key; `other-nonce`: bound to another request. Signed by default. */
  sign?: boolean | 'wrong' | 'other-nonce';
  /** Hold the answer back this long (a provider slower than the adapter's timeout). */
  delayMs?: number;
  /** More headers (Retry-After). */
  headers?: Record<string, string>;
}

export interface SignedStandin {
  url: string;
  /** Requests that passed the signature check, in order. */
  calls: StandinRequest[];
  /** Requests refused by the signature check, by the contract's error code. */
  refusals: string[];
  stop(): Promise<void>;
}

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
const hmac = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('hex');

export async function startSignedStandin(options: {
  keyId: string;
  secret: string;
  handle: (request: StandinRequest) => StandinReply | Promise<StandinReply>;
}): Promise<SignedStandin> {
  const calls: StandinRequest[] = [];
  const refusals: string[] = [];
  const seenNonces = new Set<string>();

  const answer = (res: ServerResponse, nonce: string, reply: StandinReply) => {
    const text = reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
    const timestamp = Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': `req-${randomBytes(4).toString('hex')}`, ...reply.headers };
    if (reply.sign !== false) {
      const boundNonce = reply.sign === 'other-nonce' ? randomBytes(16).toString('hex') : nonce;
      const key = reply.sign === 'wrong' ? 'not-the-shared-key-not-the-shared-key' : options.secret;
      headers['x-timestamp'] = String(timestamp);
      headers['x-nonce'] = boundNonce;
      headers['x-signature'] = hmac(key, ['RN1-HMAC-SHA256-ANSWER', String(reply.status), boundNonce, String(timestamp), sha256(text)].join('\n'));
    }
    res.writeHead(reply.status, headers).end(text);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : '');
        const nonce = header('x-nonce');
        const refuse = (status: number, code: string) => {
          refusals.push(code);
          answer(res, nonce, { status, body: { error: { code, message: `refused: ${code}` } } });
        };
        if (header('x-key-id') !== options.keyId) return refuse(401, 'unknown_key');
        const timestamp = Number(header('x-timestamp'));
        if (!Number.isSafeInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > 300) return refuse(401, 'timestamp_skewed');
        if (!/^[0-9a-f]{32}$/.test(nonce)) return refuse(401, 'signature_invalid');
        if (seenNonces.has(nonce)) return refuse(401, 'nonce_reused');
        if (header('x-content-sha256') !== sha256(body)) return refuse(401, 'signature_invalid');
        const idempotencyKey = header('idempotency-key');
        const signingString = ['RN1-HMAC-SHA256', req.method ?? '', req.url ?? '', String(timestamp), nonce, idempotencyKey, sha256(body)].join('\n');
        const expected = Buffer.from(hmac(options.secret, signingString), 'hex');
        const given = Buffer.from(/^[0-9a-f]{64}$/.test(header('x-signature')) ? header('x-signature') : '', 'hex');
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) return refuse(401, 'signature_invalid');
        seenNonces.add(nonce);
        let json: unknown;
        try {
          json = body === '' ? undefined : JSON.parse(body);
        } catch {
          return refuse(400, 'invalid_request');
        }
        const request: StandinRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, json, idempotencyKey: idempotencyKey || undefined, nonce };
        calls.push(request);
        const reply = await options.handle(request);
        if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
        if (!res.destroyed) answer(res, nonce, reply);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    refusals,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const error = (status: number, code: string): StandinReply => ({ status, body: { error: { code, message: `the provider says ${code}` } } });

/**
 * The bank of bank.md: one transfer per Idempotency-Key, the first answer
 * again for a repeat with the same body, 409 for a repeat with another.
 * Accounts ending 0000 are credited later (the delivery report comes by
 * webhook); the others at once. An account in `holders` must be paid in its
 * holder's name (户名), else 422 payee_name_mismatch.
 */
export function bankBooks(holders: Record<string, string> = {}) {
  const accounts = new Map(Object.entries(holders));
  const transfers = new Map<string, { bodyHash: string; reply: StandinReply; amountFen: number }>();
  const handle = (request: StandinRequest): StandinReply => {
    if (request.method !== 'POST' || !request.path.endsWith('/v1/payouts')) return error(404, 'not_found');
    const key = request.idempotencyKey;
    if (!key) return error(400, 'invalid_request');
    const previous = transfers.get(key);
    const bodyHash = sha256(request.body);
    if (previous) return previous.bodyHash === bodyHash ? previous.reply : error(409, 'idempotency_conflict');
    const body = request.json as { amountFen?: unknown; currency?: unknown; payee?: { name?: unknown; accountNumber?: unknown } };
    if (typeof body.payee?.name !== 'string' || body.payee.name === '') return error(400, 'invalid_request');
    if (!Number.isInteger(body.amountFen) || (body.amountFen as number) < 1 || (body.amountFen as number) > 99) return error(422, 'amount_invalid');
    if (typeof body.payee?.accountNumber !== 'string' || !/^\d{8,30}$/.test(body.payee.accountNumber)) return error(422, 'account_invalid');
    const holder = accounts.get(body.payee.accountNumber);
    if (holder !== undefined && holder !== body.payee.name) return error(422, 'payee_name_mismatch');
    const later = body.payee.accountNumber.endsWith('0000');
    const reply: StandinReply = {
      status: 201,
      body: { idempotencyKey: key, bankReference: `B${transfers.size + 1}`, status: later ? 'accepted' : 'delivered', deliveredAt: later ? null : new Date().toISOString() },
    };
    transfers.set(key, { bodyHash, reply, amountFen: body.amountFen as number });
    return reply;
  };
  return { accounts, transfers, handle };
}

/** The registry of registry.md: the codes it holds, with their names and statuses. */
export function registryBooks(entries: Record<string, { registeredName: string; status?: string; unifiedCreditCode?: string; legalRepresentative?: { name: string; documentNumber: string } }> = {}) {
  const held = new Map(Object.entries(entries));
  const handle = (request: StandinRequest): StandinReply => {
    if (request.method === 'POST' && request.path.endsWith('/v1/registrations/legal-representative')) {
      const { creditCode, name, documentNumber } = (request.json ?? {}) as { creditCode?: unknown; name?: unknown; documentNumber?: unknown };
      if (typeof creditCode !== 'string' || typeof name !== 'string' || typeof documentNumber !== 'string') return error(400, 'invalid_request');
      const representative = held.get(creditCode)?.legalRepresentative;
      return { status: 200, body: { creditCode, isLegalRepresentative: representative?.name === name && representative.documentNumber === documentNumber } };
    }
    if (request.method !== 'POST' || !request.path.endsWith('/v1/registrations/lookup')) return error(404, 'not_found');
    const code = (request.json as { creditCode?: unknown } | undefined)?.creditCode;
    if (typeof code !== 'string') return error(400, 'invalid_request');
    const entry = held.get(code);
    const unified = entry?.unifiedCreditCode === undefined ? {} : { unifiedCreditCode: entry.unifiedCreditCode };
    return entry ? { status: 200, body: { found: true, creditCode: code, registeredName: entry.registeredName, status: entry.status ?? 'active', ...unified } } : { status: 200, body: { found: false } };
  };
  return { held, handle };
}

/** The WeChat gateway of wechat.md: one code per ticket (the Idempotency-Key). */
export function wechatCodes() {
  const codes = new Map<string, string>();
  const handle = (request: StandinRequest): StandinReply => {
    if (request.method !== 'POST' || !request.path.endsWith('/v1/real-name/qr-codes')) return error(404, 'not_found');
    const { ticket, expiresAt } = (request.json ?? {}) as { ticket?: unknown; expiresAt?: unknown };
    if (typeof ticket !== 'string' || ticket !== request.idempotencyKey || typeof expiresAt !== 'string') return error(400, 'invalid_request');
    if (Date.parse(expiresAt) <= Date.now()) return error(422, 'expires_in_past');
    const existing = codes.get(ticket);
    if (existing) return { status: 200, body: { ticket, qrUrl: existing } };
    const qrUrl = `https://wx.example.com/realname/q/${randomBytes(6).toString('hex')}`;
    codes.set(ticket, qrUrl);
    return { status: 201, body: { ticket, qrUrl } };
  };
  return { codes, handle };
}

export { error as contractError };
