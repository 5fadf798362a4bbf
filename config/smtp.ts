/**
 * E-mail over SMTP: the mail relay's settings, read once from the environment.
 * config/index.ts calls `loadSmtpConfig(env, problems)`; the adapter
 * (activities/providers/smtp-email.ts) receives the result.
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | `SMTP_URL` | — | `smtp://user:password@host:587` (STARTTLS) or `smtps://user:password@host:465` (TLS from the start); setting it turns the adapter on |
 * | `SMTP_FROM` | — | the sender, `noreply@example.com` or `实名认证 <noreply@example.com>` |
 * | `SMTP_TIMEOUT_SECONDS` | `10` | connecting, the greeting and each exchange, 1..60 |
 *
 * Notices carry holders' outcomes: over `smtp://` to any host but this
 * machine, STARTTLS is required (a relay that does not offer it is refused);
 * in clear only to a relay on loopback (a local relay, the tests' server).
 */
export interface SmtpConfig {
  host: string;
  port: number;
  /** TLS from the start (`smtps://`). */
  secure: boolean;
  /** Refuse to send unless the relay upgrades with STARTTLS (`smtp://` to a host other than loopback). */
  requireTls: boolean;
  /** Credentials from the URL; none for a relay that takes mail without them. */
  auth?: { user: string; pass: string };
  /** The From header as given (an address, or a display name and an address). */
  from: string;
  timeoutSeconds: number;
}

type Env = Record<string, string | undefined>;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
// One address, nothing that could end a header or add a recipient.
const ADDRESS = /^[^\s@<>,;:"()[\]\\]+@[A-Za-z0-9.-]+$/;
const DISPLAY_AND_ADDRESS = /^([^<>\r\n"]*|"[^"\r\n]*")\s*<([^<>\s]+)>$/;

/** Whether a string is one plain e-mail address (the directory's answer, SMTP_FROM's address). */
export function isEmailAddress(value: string): boolean {
  return ADDRESS.test(value);
}

/**
 * The SMTP settings, or undefined when SMTP_URL is unset (the adapter is not
 * configured; config/index.ts refuses EMAIL_PROVIDER=smtp then). A bad
 * setting adds a problem naming the variable, never its value (the URL holds
 * the password).
 */
export function loadSmtpConfig(env: Env, problems: string[]): SmtpConfig | undefined {
  const raw = env.SMTP_URL?.trim();
  if (!raw) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    problems.push('SMTP_URL must be a URL, smtp://user:password@host:port or smtps://user:password@host:port');
  }
  let host = '';
  let port = 587;
  let secure = false;
  let auth: SmtpConfig['auth'];
  if (url) {
    if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') problems.push('SMTP_URL must start with smtp:// or smtps://');
    secure = url.protocol === 'smtps:';
    host = url.hostname;
    if (!host) problems.push('SMTP_URL names no host');
    port = url.port ? Number(url.port) : secure ? 465 : 587;
    if (url.username || url.password) {
      try {
        auth = { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) };
      } catch {
        problems.push('SMTP_URL has a user or password that is not valid percent-encoding');
      }
    }
  }

  const from = env.SMTP_FROM?.trim() ?? '';
  const display = DISPLAY_AND_ADDRESS.exec(from);
  if (!from) problems.push('SMTP_FROM is required when SMTP_URL is set: the sender, e.g. 实名认证 <noreply@example.com>');
  else if (!isEmailAddress(from) && !(display && isEmailAddress(display[2]!))) {
    problems.push('SMTP_FROM must be an address or a name and an address in <>, on one line');
  }

  const rawTimeout = env.SMTP_TIMEOUT_SECONDS;
  let timeoutSeconds = 10;
  if (rawTimeout !== undefined && rawTimeout !== '') {
    const value = Number(rawTimeout);
    if (Number.isSafeInteger(value) && value >= 1 && value <= 60) timeoutSeconds = value;
    else problems.push(`SMTP_TIMEOUT_SECONDS must be an integer from 1 to 60, got "${rawTimeout}"`);
  }

  return { host, port, secure, requireTls: !secure && !LOOPBACK_HOSTS.has(host), auth, from, timeoutSeconds };
}
