import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

// Issue 19, security review (r19): outside sandbox mode an event webhook goes to
// the platform's public endpoint, never into our own network. An endpoint URL
// naming loopback, a private range, link-local (169.254.169.254, the cloud
// metadata service) or any other non-public address would let whoever holds an
// operator token make the worker POST there and read the status back from the
// deliveries list (server-side request forgery). The registration (the API) asks
// nonPublicWebhookHost; every attempt (the worker, as a name may resolve
// elsewhere later) judges the very resolution its connection uses
// (activities/webhook-post.ts): checking a name and then letting the HTTP client
// resolve it again would leave a DNS-rebinding window (public for the check,
// 127.0.0.1 for the connection). WEBHOOK_ALLOW_PRIVATE_URLS=true lets a
// deployment whose platform really is on its own network opt out.

/** What a name resolves to, every address (the delivery's tests answer their own). */
export type ResolveHost = (host: string) => Promise<ReadonlyArray<{ address: string }>>;

/** The system resolver, as the HTTP client would ask it, every address in its own order. */
export const resolveHostAddresses: ResolveHost = (host) => lookup(host, { all: true, verbatim: true });

const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 96], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8], ['2001:db8::', 32], ['100::', 64],
  ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['2002::', 16], ['2001::', 32],
] as const) NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');

/**
 * Whether an IP address is anything but a public unicast one. An IPv4-mapped IPv6
 * address is judged as its IPv4 (BlockList does so too); the deprecated
 * IPv4-compatible ::/96, NAT64's 64:ff9b::/96 and local-use 64:ff9b:1::/48, and
 * the tunnels that carry an IPv4 address inside (6to4 2002::/16, Teredo
 * 2001::/32) are refused whole, as are site-local fec0::/10 and discard-only
 * 100::/64 (a platform behind NAT64 is then allowed with WEBHOOK_ALLOW_PRIVATE_URLS).
 */
export function isNonPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return isNonPublicAddress(mapped);
  const family = isIP(address);
  if (family === 0) return true;
  return NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The host a URL names as the rules judge it (lower case, no IPv6 brackets, no trailing dot), or null for no URL. */
function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  } catch {
    return null;
  }
}

/**
 * Why the URL's host is not public as written, without asking DNS: no URL,
 * `localhost`, or a literal IP that is not public. Null for a public literal and
 * for any other name, which is judged by what it resolves to: an HTTP client
 * connects to a literal without a lookup, so a literal is only ever judged here.
 */
export function nonPublicLiteralHost(url: string): string | null {
  const host = hostOf(url);
  if (host === null) return 'not a URL';
  if (host === 'localhost' || host.endsWith('.localhost')) return `${host} is this machine`;
  if (isIP(host) !== 0) return isNonPublicAddress(host) ? `${host} is not a public address` : null;
  return null;
}

/**
 * Why a name's resolution is not public (one address inside is enough, as a client may try any), or null.
 * The address itself is not named: the reason reaches operators (the registration's 400, a delivery's
 * lastError), and which internal address a name has is a map of our network nobody outside needs.
 */
export function nonPublicResolution(host: string, addresses: ReadonlyArray<{ address: string }>): string | null {
  if (addresses.length === 0) return `${host} does not resolve`;
  return addresses.some((entry) => isNonPublicAddress(entry.address)) ? `${host} resolves to a non-public address` : null;
}

/**
 * Why the URL's host is not a public address (its literal IP, `localhost`, or
 * any address its name resolves to), or null when every address is public.
 * A name that does not resolve is refused too: it cannot be judged.
 */
export async function nonPublicWebhookHost(url: string, resolveHost: ResolveHost = resolveHostAddresses): Promise<string | null> {
  const literal = nonPublicLiteralHost(url);
  if (literal !== null) return literal;
  const host = hostOf(url) ?? '';
  if (isIP(host) !== 0) return null; // a public literal: nothing to resolve
  let addresses: ReadonlyArray<{ address: string }>;
  try {
    addresses = await resolveHost(host);
  } catch {
    return `${host} does not resolve`;
  }
  return nonPublicResolution(host, addresses);
}
