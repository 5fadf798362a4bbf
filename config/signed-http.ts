/**
 * The signed HTTP adapters (docs/provider-contracts/): one block of settings
 * per system whose provider has no public API of its own (the bank, the
 * business registry, WeChat Pay's real-name check), read once from the
 * environment. config/index.ts calls `loadSignedHttpConfig(env, system,
 * sandbox, problems)`; the adapter (activities/providers/http-*.ts) receives
 * the result.
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | `<P>_HTTP_URL` | — | the provider's base URL (https; plain http only to loopback); setting it turns the adapter on |
 * | `<P>_HTTP_KEY_ID` | — | the key id the provider issued, sent as `X-Key-Id` |
 * | `<P>_HTTP_SECRET` | — | the shared HMAC-SHA256 key; 32+ characters and its own outside sandbox mode |
 * | `<P>_HTTP_TIMEOUT_SECONDS` | `10` | one call's timeout, connecting to the last byte, 1..60 |
 *
 * `<P>` is `BANK`, `REGISTRY`, `WECHAT`, `QQ`, `PAYMENT_GATEWAY`, or one of
 * the platform's own services: `CONTACT_DIRECTORY` (its account service,
 * docs/provider-contracts/contact-directory.md), `WECHAT_NOTICE` (its notice
 * gateway to the official account) and `OPERATOR_ALERT` (its alerting).
 */
export interface SignedHttpConfig {
  /** Without a trailing slash; paths of the contract are appended. */
  baseUrl: string;
  keyId: string;
  secret: string;
  timeoutSeconds: number;
}

export const SIGNED_HTTP_SYSTEMS = {
  bank: 'BANK',
  registry: 'REGISTRY',
  wechat: 'WECHAT',
  contactDirectory: 'CONTACT_DIRECTORY',
  qq: 'QQ',
  paymentGateway: 'PAYMENT_GATEWAY',
  wechatNotices: 'WECHAT_NOTICE',
  operatorAlerts: 'OPERATOR_ALERT',
} as const;
export type SignedHttpSystem = keyof typeof SIGNED_HTTP_SYSTEMS;

/** Default and largest timeout per system, in seconds (see above). */
export const SIGNED_HTTP_TIMEOUTS: Record<SignedHttpSystem, { fallback: number; max: number }> = {
  bank: { fallback: 5, max: 8 },
  registry: { fallback: 10, max: 25 },
  wechat: { fallback: 10, max: 25 },
  // A read on every SMS and e-mail notice: the account service answers from its own store.
  contactDirectory: { fallback: 5, max: 10 },
  qq: { fallback: 10, max: 25 },
  // Below the refund loop's attempts (5 s at the decision, 10 s after): the adapter ends a slow call, classified.
  paymentGateway: { fallback: 5, max: 8 },
  // Below the notice delivery loop's NOTICE_SEND_TIMEOUT_MS (10 s by default).
  wechatNotices: { fallback: 5, max: 8 },
  operatorAlerts: { fallback: 5, max: 8 },
};

/** As for the other shared secrets (config/index.ts): `openssl rand -hex 32` gives 64. */
export const MIN_SIGNED_HTTP_SECRET_LENGTH = 32;

type Env = Record<string, string | undefined>;

const LOOPBACK = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])$/i;
const KEY_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The system's settings, or undefined when `<P>_HTTP_URL` is unset (the
 * adapter is not configured; config/index.ts refuses `<SYSTEM>_PROVIDER=http`
 * then). Problems name the variable, never the secret.
 */
export function loadSignedHttpConfig(env: Env, system: SignedHttpSystem, sandbox: boolean, problems: string[]): SignedHttpConfig | undefined {
  const prefix = `${SIGNED_HTTP_SYSTEMS[system]}_HTTP`;
  const raw = env[`${prefix}_URL`]?.trim();
  if (!raw) return undefined;
  let baseUrl = raw.replace(/\/+$/, '');
  try {
    const url = new URL(raw);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') problems.push(`${prefix}_URL must be an https:// URL`);
    // Account numbers, names and ID numbers travel in these calls: in clear only to a stand-in on this machine.
    else if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) problems.push(`${prefix}_URL may use plain http only to a loopback address (a local stand-in)`);
    if (url.username || url.password || url.search || url.hash) problems.push(`${prefix}_URL must hold no credentials, query or fragment`);
    baseUrl = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    problems.push(`${prefix}_URL must be a URL, e.g. https://bank.example.com/realname`);
  }
  const keyId = env[`${prefix}_KEY_ID`]?.trim() ?? '';
  if (!KEY_ID.test(keyId)) problems.push(`${prefix}_KEY_ID is required when ${prefix}_URL is set: the key id the provider issued (letters, digits, . _ : -, up to 64)`);
  const secret = env[`${prefix}_SECRET`] ?? '';
  if (secret === '') problems.push(`${prefix}_SECRET is required when ${prefix}_URL is set: the HMAC-SHA256 key shared with the provider`);
  else if (!sandbox && secret.length < MIN_SIGNED_HTTP_SECRET_LENGTH) {
    problems.push(`${prefix}_SECRET must be at least ${MIN_SIGNED_HTTP_SECRET_LENGTH} characters outside sandbox mode (openssl rand -hex 32)`);
  }
  const rawTimeout = env[`${prefix}_TIMEOUT_SECONDS`];
  const { fallback, max } = SIGNED_HTTP_TIMEOUTS[system];
  let timeoutSeconds = fallback;
  if (rawTimeout !== undefined && rawTimeout !== '') {
    const value = Number(rawTimeout);
    if (Number.isSafeInteger(value) && value >= 1 && value <= max) timeoutSeconds = value;
    else problems.push(`${prefix}_TIMEOUT_SECONDS must be an integer from 1 to ${max}, got "${rawTimeout}"`);
  }
  return { baseUrl, keyId, secret, timeoutSeconds };
}
