import type { LookupAddress, LookupOptions } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { WebhookLookupBusyError, webhookLookupsOf, type SlotWait } from './webhook-lookups';
import { nonPublicLiteralHost, nonPublicResolution, type ResolveHost } from './webhook-url-guard';

// Issue 19, security review (r19): a delivery's one POST, sent so that the
// address it connects to is the address that was judged. Checking the name and
// then letting an HTTP client (fetch) resolve it again leaves a DNS-rebinding
// window: a name answering a public address to the check and 127.0.0.1 or
// 169.254.169.254 to the connection would make the worker POST into our own
// network. Here the socket's own lookup resolves the name once, judges every
// address it got and hands the socket only those; a literal IP (which Node
// connects to without a lookup) and `localhost` are judged before the request.
// The resolution goes through the resolver's lookup slots
// (activities/webhook-lookups.ts): a name whose DNS never answers holds a slot,
// not every thread of libuv's pool, and the attempt stops at its timeout. An
// attempt that reaches its timeout still waiting for a slot fails as
// WebhookLookupBusyError, not as a timeout: other names held every slot, and
// its endpoint was never tried (activities/webhook-delivery.ts counts it so).

/** An attempt refused before anything was sent: its host is, or resolves to, no public address. */
export class NonPublicAddressError extends Error {
  override name = 'NonPublicAddress';
}

export interface WebhookPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Bounds the whole attempt: resolving, connecting, TLS, sending and the answer's status. */
  timeoutMs: number;
  resolveHost: ResolveHost;
  /** Outside sandbox (unless WEBHOOK_ALLOW_PRIVATE_URLS): no connection to a non-public address. */
  refuseNonPublicHosts: boolean;
}

function familyOf(family: LookupOptions['family']): number {
  if (family === 'IPv4') return 4;
  if (family === 'IPv6') return 6;
  return family ?? 0;
}

/** The name's addresses the socket may use, or why it may use none (a typed error, so the attempt's record says which). */
async function checkedAddresses(
  resolveHost: ResolveHost, refuseNonPublicHosts: boolean, hostname: string, options: LookupOptions, attempt: AbortSignal | undefined, wait: SlotWait | undefined,
): Promise<LookupAddress[]> {
  let resolved: ReadonlyArray<{ address: string }>;
  try {
    resolved = await webhookLookupsOf(resolveHost).resolve(hostname, attempt, wait);
  } catch (error) {
    // The attempt's end, waiting for a slot (busy) or for the lookup (its timeout): the attempt's own error, not the name's.
    if (attempt?.aborted || error instanceof WebhookLookupBusyError) throw error;
    // As at registration: a name that cannot be judged is refused (the attempt is retried later).
    if (refuseNonPublicHosts) throw new NonPublicAddressError(`${hostname} does not resolve`);
    throw error;
  }
  const inside = refuseNonPublicHosts ? nonPublicResolution(hostname, resolved) : null;
  if (inside !== null) throw new NonPublicAddressError(inside);
  const wanted = familyOf(options.family);
  const addresses = resolved
    .map(({ address }) => ({ address, family: isIP(address) }))
    .filter((entry) => entry.family !== 0 && (wanted === 0 || entry.family === wanted));
  if (addresses.length === 0) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return addresses;
}

/**
 * The socket's lookup: one resolution, refused whole when any address is not
 * public (a client may try any of them, Node's happy eyeballs does), else only
 * those addresses, in the resolver's order. Node asks for every address
 * (`all`) when it races families, for one otherwise. The resolution takes one
 * of the resolver's lookup slots (or joins the lookup of the name in flight);
 * once `attempt` aborts, the lookup answers its reason, or WebhookLookupBusyError
 * while still waiting for a slot (then it never starts). `wait` tells, at any
 * moment, whether it waits for a slot.
 */
export function checkedLookup(resolveHost: ResolveHost, refuseNonPublicHosts: boolean, attempt?: AbortSignal, wait?: SlotWait): LookupFunction {
  return (hostname, options, callback) => {
    // The callback runs on a tick of its own: one that throws (a socket torn down meanwhile) must not become
    // an unhandled rejection of this promise, which would end the worker.
    checkedAddresses(resolveHost, refuseNonPublicHosts, hostname, options, attempt, wait).then(
      (addresses) =>
        process.nextTick(() => (options.all ? callback(null, addresses) : callback(null, addresses[0]!.address, addresses[0]!.family))),
      (error: NodeJS.ErrnoException) => process.nextTick(() => callback(error, '')),
    );
  };
}

/** As AbortSignal.timeout names it, so an attempt's record reads as before. */
function timeoutError(): Error {
  return Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
}

/**
 * One POST of the body's bytes, following no redirect, within the timeout; the
 * answer's status (its body is not read). Rejects with NonPublicAddressError
 * when refused, before any connection; with WebhookLookupBusyError when the
 * timeout came while its lookup still waited for a slot (nothing was tried);
 * or with the transport's error (a TimeoutError at the timeout otherwise).
 */
export async function postWebhook(post: WebhookPost): Promise<number> {
  const literal = post.refuseNonPublicHosts ? nonPublicLiteralHost(post.url) : null;
  if (literal !== null) throw new NonPublicAddressError(literal);
  const url = new URL(post.url);
  const send = url.protocol === 'https:' ? httpsRequest : url.protocol === 'http:' ? httpRequest : null;
  if (send === null) throw new TypeError(`${url.protocol} is neither http: nor https:`);
  const body = Buffer.from(post.body, 'utf8');
  // Ends the attempt's wait for a lookup slot or a lookup at its timeout (the lookup itself runs on until it answers).
  const attempt = new AbortController();
  const wait: SlotWait = { waitingForSlot: false };
  return new Promise<number>((resolve, reject) => {
    const request = send(
      url,
      {
        method: 'POST',
        headers: { ...post.headers, 'content-length': String(body.length) },
        // A socket of its own: a pooled one may have been connected through a lookup nobody judged.
        agent: false,
        // https still verifies the certificate against the URL's name: Node sets the servername from the host, not from the address looked up.
        lookup: checkedLookup(post.resolveHost, post.refuseNonPublicHosts, attempt.signal, wait),
      },
      (response) => {
        clearTimeout(timer);
        // Discarded unread, as fetch's body.cancel() did: an endpoint streaming an endless answer holds nothing.
        response.on('error', () => undefined);
        response.destroy();
        resolve(response.statusCode ?? 0);
      },
    );
    const startedAt = Date.now();
    const timer = setTimeout(() => {
      // Still waiting for a slot, or granted one only in the second half of the budget: other names' lookups held
      // them, and this endpoint was never fairly tried (not counted against it).
      const lateSlot = wait.slotAt !== undefined && wait.slotAt - startedAt > post.timeoutMs / 2;
      const error = wait.waitingForSlot || lateSlot ? new WebhookLookupBusyError() : timeoutError();
      request.destroy(error);
      attempt.abort(error);
    }, post.timeoutMs);
    request.on('error', (error) => {
      clearTimeout(timer);
      // However the request ended, an attempt still waiting for a lookup slot gives it up.
      attempt.abort(error);
      reject(error);
    });
    request.end(body);
  });
}
