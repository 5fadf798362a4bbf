/**
 * Tencent Cloud SMS (短信, `SendSms`): its settings, read once from the
 * environment. config/index.ts calls `loadTencentSmsConfig(env, problems)`;
 * the adapter (activities/providers/tencent-sms.ts) receives the result.
 *
 * One template for every outcome notice, with two parameters: {1} the
 * notice's title, {2} its body, as domain/texts.ts composes them (Chinese by
 * default, NOTICE_LANGUAGE). So the SMS says what the message centre says,
 * and a new notice kind needs no new template approved.
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | `TENCENT_SMS_SDK_APP_ID` | — | the SmsSdkAppId of the SMS application; setting it turns the adapter on |
 * | `TENCENT_SMS_SIGN_NAME` | — | the approved signature (签名内容, not its id) |
 * | `TENCENT_SMS_TEMPLATE_ID` | — | the approved template with two variables, {1} title and {2} body |
 * | `TENCENT_SMS_SECRET_ID`, `TENCENT_SMS_SECRET_KEY` | `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY` | the API key pair (a sub-account with SMS rights only); the shared pair serves when unset (config/tencent-cloud-keys.ts) |
 * | `TENCENT_SMS_REGION` | `ap-guangzhou` | the region the calls are signed for |
 * | `TENCENT_SMS_ENDPOINT` | `sms.tencentcloudapi.com` | host, or `http://host:port` for a local stand-in (plain HTTP only to a loopback address) |
 * | `TENCENT_SMS_TIMEOUT_SECONDS` | `5` | one call's timeout, 1..8: below the notice delivery loop's attempt (`NOTICE_SEND_TIMEOUT_MS`, 10 s), since `SendSms` has no idempotency key and a call still open when its attempt was given up may be sent again |
 */
import { tencentKeyPair } from './tencent-cloud-keys';

export interface TencentSmsConfig {
  secretId: string;
  secretKey: string;
  region: string;
  sdkAppId: string;
  signName: string;
  templateId: string;
  /** Host (and port) only: the SDK's `profile.httpProfile.endpoint`. */
  endpoint: string;
  /** The SDK's `profile.httpProfile.protocol`. */
  protocol: 'https://' | 'http://';
  timeoutSeconds: number;
}

type Env = Record<string, string | undefined>;

export const TENCENT_SMS_DEFAULT_ENDPOINT = 'sms.tencentcloudapi.com';
/**
 * Below the delivery loop's attempt (NOTICE_SEND_TIMEOUT_MS, 10 s by default), as the WeChat notice
 * gateway's: SendSms takes no idempotency key, so a call the loop gave up on while still open could
 * reach the phone and then be sent again.
 */
export const TENCENT_SMS_TIMEOUTS = { fallback: 5, max: 8 } as const;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The SMS settings, or undefined when TENCENT_SMS_SDK_APP_ID is unset (the
 * adapter is not configured; config/index.ts refuses SMS_PROVIDER=tencent
 * then). A configured adapter with a missing or bad setting adds a problem
 * naming the variable, never a value.
 */
export function loadTencentSmsConfig(env: Env, problems: string[]): TencentSmsConfig | undefined {
  const sdkAppId = env.TENCENT_SMS_SDK_APP_ID?.trim();
  if (!sdkAppId) return undefined;
  if (!/^\d{1,20}$/.test(sdkAppId)) problems.push('TENCENT_SMS_SDK_APP_ID must be the SMS application\'s numeric SdkAppId');
  const { secretId, secretKey } = tencentKeyPair(env, 'TENCENT_SMS', 'TENCENT_SMS_SDK_APP_ID', problems);
  const signName = env.TENCENT_SMS_SIGN_NAME?.trim() ?? '';
  if (!signName) problems.push('TENCENT_SMS_SIGN_NAME is required when TENCENT_SMS_SDK_APP_ID is set (the approved signature)');
  const templateId = env.TENCENT_SMS_TEMPLATE_ID?.trim() ?? '';
  if (!/^\d{1,20}$/.test(templateId)) problems.push('TENCENT_SMS_TEMPLATE_ID is required when TENCENT_SMS_SDK_APP_ID is set: the numeric id of the approved template ({1} title, {2} body)');

  const rawEndpoint = env.TENCENT_SMS_ENDPOINT?.trim() || TENCENT_SMS_DEFAULT_ENDPOINT;
  let endpoint = rawEndpoint;
  let protocol: TencentSmsConfig['protocol'] = 'https://';
  const scheme = /^(https?):\/\/([^/]+)\/?$/.exec(rawEndpoint);
  if (scheme) {
    protocol = scheme[1] === 'http' ? 'http://' : 'https://';
    endpoint = scheme[2]!;
  } else if (!/^[A-Za-z0-9.-]+(:\d+)?$/.test(rawEndpoint)) {
    problems.push('TENCENT_SMS_ENDPOINT must be a host[:port] or an http(s)://host[:port] URL');
  }
  // Phone numbers travel in these calls: in clear only to a stand-in on this machine.
  if (protocol === 'http://' && !LOOPBACK_HOSTS.has(endpoint.replace(/:\d+$/, ''))) {
    problems.push('TENCENT_SMS_ENDPOINT may use plain http only to a loopback address (a local stand-in)');
  }

  const rawTimeout = env.TENCENT_SMS_TIMEOUT_SECONDS;
  let timeoutSeconds: number = TENCENT_SMS_TIMEOUTS.fallback;
  if (rawTimeout !== undefined && rawTimeout !== '') {
    const value = Number(rawTimeout);
    if (Number.isSafeInteger(value) && value >= 1 && value <= TENCENT_SMS_TIMEOUTS.max) timeoutSeconds = value;
    else problems.push(`TENCENT_SMS_TIMEOUT_SECONDS must be an integer from 1 to ${TENCENT_SMS_TIMEOUTS.max}, got "${rawTimeout}"`);
  }

  return {
    secretId,
    secretKey,
    region: env.TENCENT_SMS_REGION?.trim() || 'ap-guangzhou',
    sdkAppId,
    signName,
    templateId,
    endpoint,
    protocol,
    timeoutSeconds,
  };
}
