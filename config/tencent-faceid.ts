/**
 * Tencent Cloud face verification (人脸核身, FaceID): its settings, read once
 * from the environment. config/index.ts calls `loadTencentFaceIdConfig(env,
 * problems)` in one line; the adapter (activities/providers/tencent-faceid.ts)
 * receives the result.
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | `TENCENT_FACEID_RULE_ID` | — | the RuleId of the business flow set up in the FaceID console; setting it turns the adapter on |
 * | `TENCENT_FACEID_SECRET_ID`, `TENCENT_FACEID_SECRET_KEY` | `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY` | the API key pair (a sub-account with FaceID rights only); the shared pair serves when unset (config/tencent-cloud-keys.ts) |
 * | `TENCENT_FACEID_REGION` | `ap-guangzhou` | the region the calls are signed for |
 * | `TENCENT_FACEID_ENDPOINT` | `faceid.tencentcloudapi.com` | host, or `http://host:port` for a local stand-in (plain HTTP only to a loopback address) |
 * | `TENCENT_FACEID_TIMEOUT_SECONDS` | `10` | one call's timeout, 1..25: below the issuing activity's 30 s start-to-close timeout, so the adapter ends a slow call, classified, rather than Temporal while it is still open |
 * | `TENCENT_FACEID_REDIRECT_URL` | `PUBLIC_URL` + `/v1/face/tencent/return` | where Tencent sends the person's browser after the check; https (plain http only to loopback: the link carries the ticket and BizToken) |
 * | `TENCENT_FACEID_POLL_SECONDS` | `15` | the backstop (activities/face-backstop.ts): how often the worker reads a started check's result until it has one or its code expires (and once more 6 s before that expiry), 1..300 |
 */
import { tencentKeyPair } from './tencent-cloud-keys';

export interface TencentFaceIdConfig {
  secretId: string;
  secretKey: string;
  region: string;
  ruleId: string;
  /** Host (and port) only: the SDK's `profile.httpProfile.endpoint`. */
  endpoint: string;
  /** The SDK's `profile.httpProfile.protocol`. */
  protocol: 'https://' | 'http://';
  timeoutSeconds: number;
  redirectUrl: string;
  /** The backstop's interval between two reads of one check (GetDetectInfoEnhanced). */
  pollSeconds: number;
}

type Env = Record<string, string | undefined>;

/** The URL's host, lower-cased ('' when it is no URL). */
function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}

export const TENCENT_FACEID_DEFAULT_ENDPOINT = 'faceid.tencentcloudapi.com';
/** Below the 30 s start-to-close of the activity that issues the code (workflows/activity-options.ts). */
export const MAX_TENCENT_FACEID_TIMEOUT_SECONDS = 25;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The FaceID settings, or undefined when TENCENT_FACEID_RULE_ID is unset (the
 * adapter is not configured; whether that may be, outside sandbox mode, is the
 * fail-closed check's to say). A configured adapter with a missing or bad
 * setting adds a problem naming the variable, never a value.
 */
export function loadTencentFaceIdConfig(env: Env, publicUrl: string, problems: string[]): TencentFaceIdConfig | undefined {
  const ruleId = env.TENCENT_FACEID_RULE_ID?.trim();
  if (!ruleId) return undefined;
  const { secretId, secretKey } = tencentKeyPair(env, 'TENCENT_FACEID', 'TENCENT_FACEID_RULE_ID', problems);

  const rawEndpoint = env.TENCENT_FACEID_ENDPOINT?.trim() || TENCENT_FACEID_DEFAULT_ENDPOINT;
  let endpoint = rawEndpoint;
  let protocol: TencentFaceIdConfig['protocol'] = 'https://';
  const scheme = /^(https?):\/\/([^/]+)\/?$/.exec(rawEndpoint);
  if (scheme) {
    protocol = scheme[1] === 'http' ? 'http://' : 'https://';
    endpoint = scheme[2]!;
  } else if (!/^[A-Za-z0-9.-]+(:\d+)?$/.test(rawEndpoint)) {
    problems.push('TENCENT_FACEID_ENDPOINT must be a host[:port] or an http(s)://host[:port] URL');
  }
  // Names and ID numbers travel in these calls: in clear only to a stand-in on this machine.
  if (protocol === 'http://' && !LOOPBACK_HOSTS.has(endpoint.replace(/:\d+$/, ''))) {
    problems.push('TENCENT_FACEID_ENDPOINT may use plain http only to a loopback address (a local stand-in)');
  }

  const rawTimeout = env.TENCENT_FACEID_TIMEOUT_SECONDS;
  let timeoutSeconds = 10;
  if (rawTimeout !== undefined && rawTimeout !== '') {
    const value = Number(rawTimeout);
    if (Number.isSafeInteger(value) && value >= 1 && value <= MAX_TENCENT_FACEID_TIMEOUT_SECONDS) timeoutSeconds = value;
    else problems.push(`TENCENT_FACEID_TIMEOUT_SECONDS must be an integer from 1 to ${MAX_TENCENT_FACEID_TIMEOUT_SECONDS}, got "${rawTimeout}"`);
  }

  // Bounded both ways: a read per check at most every second, and a result never waits more than five minutes.
  const rawPoll = env.TENCENT_FACEID_POLL_SECONDS;
  let pollSeconds = 15;
  if (rawPoll !== undefined && rawPoll !== '') {
    const value = Number(rawPoll);
    if (Number.isSafeInteger(value) && value >= 1 && value <= 300) pollSeconds = value;
    else problems.push(`TENCENT_FACEID_POLL_SECONDS must be an integer from 1 to 300, got "${rawPoll}"`);
  }

  const redirectUrl = env.TENCENT_FACEID_REDIRECT_URL?.trim() || `${publicUrl.replace(/\/$/, '')}/v1/face/tencent/return`;
  if (!/^https?:\/\//.test(redirectUrl)) problems.push('TENCENT_FACEID_REDIRECT_URL must be an http(s) URL');
  // The return carries the ticket and the BizToken: over plain http only to this machine (a local run), as the endpoint.
  else if (/^http:/.test(redirectUrl) && !LOOPBACK_HOSTS.has(hostOf(redirectUrl))) {
    problems.push('TENCENT_FACEID_REDIRECT_URL (or PUBLIC_URL, which it defaults to) may use plain http only to a loopback address: set an https URL');
  }

  return {
    secretId,
    secretKey,
    region: env.TENCENT_FACEID_REGION?.trim() || 'ap-guangzhou',
    ruleId,
    endpoint,
    protocol,
    timeoutSeconds,
    redirectUrl,
    pollSeconds,
  };
}
