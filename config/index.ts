// The one place that reads the environment. Everything else receives a Config.
// Defaults are good enough for `npm start` on a developer machine; durations are
// strings Temporal accepts ('10 minutes') so tests can shorten them freely.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { loadPayloadKeys, type PayloadKey } from '../codec/key-ring';
import { loadCalendarInForce, type CalendarInForce } from './business-calendar';
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGES, type Language } from '../domain/language';
import { EXTERNAL_SYSTEMS, loadProviderSelection, type ProviderSelection } from './providers';
import { loadTencentFaceIdConfig, type TencentFaceIdConfig } from './tencent-faceid';
import { loadTencentSmsConfig, type TencentSmsConfig } from './tencent-sms';
import { ownPairsProblems } from './tencent-cloud-keys';
import { loadSmtpConfig, type SmtpConfig } from './smtp';
import { loadContactDirectoryConfig, type ContactDirectoryConfig } from './contact-directory';
import { loadSignedHttpConfig, SIGNED_HTTP_SYSTEMS, type SignedHttpConfig, type SignedHttpSystem } from './signed-http';
import { SANDBOX_PAYEE_ACCOUNT } from '../workflows/enterprise/messages';
import { durationMs } from '../workflows/duration';

export interface Durations {
  /** R-P7: how long a QR code or mini-program code can be used. */
  qrValidity: string;
  /** Final abandonment deadline of an individual verification. */
  individualAbandonment: string;
  /** R-P4: how long a QQ holder without a linked bank card has to link one and confirm. */
  qqBankCardDeadline: string;
  /** R-E5: how long an enterprise has to pay the drawn amount. */
  rechargeWindow: string;
  /** R-E6.5: how long after the payout arrives the enterprise may enter the amount. */
  remittanceAmountWindow: string;
  /** R-G7: how long a sent payout may go unreported by the bank before the process fails (payout_not_delivered). */
  payoutDeliveryDeadline: string;
  /** R-G7: how long a rejected change waits for corrected materials before it fails (resubmission_expired). */
  resubmissionDeadline: string;
  /** How long an enterprise process waits on the holder (choosing a method, scanning) before it is abandoned. */
  enterpriseAbandonment: string;
}

export interface Config {
  sandbox: boolean;
  databaseUrl?: string;
  database: { poolSize: number; connectionTimeoutMs: number; idleTimeoutMs: number };
  temporal: {
    address?: string;
    namespace: string;
    taskQueue: string;
    webUiUrl: string;
    /** Activities a worker runs at once; a slow provider holds its slots (the SDK's default is 100). */
    workerActivitySlots: number;
    /**
     * TLS to the frontend (TEMPORAL_TLS_*): PEM file paths, read at start-up by
     * config/temporal-connection.ts; any of them set turns TLS on, a certificate
     * and key make it mutual.
     */
    tls: { caFile?: string; certFile?: string; keyFile?: string; serverName?: string };
    /** TEMPORAL_ALLOW_PLAINTEXT: outside sandbox, connect without TLS to an address that is not loopback. */
    allowPlaintext: boolean;
  };
  /**
   * `replicaId` names this API process in its metrics (REPLICA_ID, default `hostname:port`): several replicas serve one system.
   * `sessionLifetimeSeconds`: how long a hosted verification page's URL works (VERIFICATION_SESSION_MINUTES, 5..1440, default 60).
   * `answerWaitMs`: how long a request waits for its process to answer before a 503 to retry (API_ANSWER_WAIT_SECONDS, 1..300, default 30).
   */
  api: { port: number; publicUrl: string; replicaId: string; sessionLifetimeSeconds: number; answerWaitMs: number };
  /** Bearer tokens (HS256): api/auth.ts refuses any whose exp - iat exceeds maxTokenLifetimeSeconds. */
  auth: { jwtSecret: string; issuer: string; maxTokenLifetimeSeconds: number };
  webhookSecrets: Record<'wechat' | 'qq' | 'face' | 'payment' | 'bank', string>;
  /** Accepted clock skew of webhook timestamps, 1..900 s: the window in which a captured webhook can be replayed. */
  webhookToleranceSeconds: number;
  /** WEBHOOK_ALLOW_PRIVATE_URLS: outside sandbox, let event webhook endpoints name loopback, private or link-local addresses (activities/webhook-url-guard.ts). */
  webhookAllowPrivateUrls: boolean;
  /** Key for the keyed hash of identity numbers (R-P5): never store the clear number as an index. */
  identityHashSecret: string;
  /** Keys of the Temporal payload codec, newest first: the newest encrypts, all decrypt. */
  payloadKeys: PayloadKey[];
  /** R-P5 accounts per identity; R-P8 face recognition tries per process. */
  limits: {
    accountsPerIndividualIdentity: number;
    faceMaxTries: number;
    /** R-P7: fresh codes one process may be issued, so no caller grows its history without bound. */
    codesPerProcess: number;
    /** R-G7: methods an enterprise process may be started with and then choose again (every loop is bounded). */
    methodChoicesPerProcess: number;
    /** R-G7: reviews a change may go through (rejected, resubmitted, reviewed again), its first included. */
    reviewsPerChange: number;
    accountsPerEnterprise: number;
    rechargeAttempts: number;
    /** R-E6.5: wrong amount entries allowed. */
    remittanceAttempts: number;
  };
  /**
   * R-E5: the platform's account an enterprise pays the drawn amount into
   * (RECHARGE_PAYEE_ACCOUNT), shown to the holder with the amount; every new
   * enterprise verification carries it in its input (api/enterprise-start.ts).
   * The sandbox account by default in sandbox mode; required outside it, 8 to
   * 32 digits in groups split by single spaces or dashes.
   */
  rechargePayeeAccount: string;
  /** Abuse limits per token. */
  rateLimits: { processStartsPerMinute: number; amountEntriesPerMinute: number; uploadsPerMinute: number };
  /**
   * Finding 6: per account, at most `quotaDocuments` and `quotaBytes` uploaded
   * and not yet taken by any process; such a document expires after
   * `unreferencedTtlHours` and the worker deletes it (sweeping every `sweepIntervalMinutes`).
   */
  uploads: { quotaDocuments: number; quotaBytes: number; unreferencedTtlHours: number; sweepIntervalMinutes: number };
  /** Largest JSON body accepted (uploads have their own 5 MB limit). */
  maxJsonBodyBytes: number;
  durations: Durations;
  /**
   * R-E6.3: manual review SLA in business days; how long an operator's claim
   * lasts; R-G7: the final deadline in business days on the same calendar
   * (R-G6), past which an undecided review, of a verification or a change,
   * closes expired and its process fails (review_expired).
   */
  review: { slaBusinessDays: number; claimMinutes: number; expiryBusinessDays: number };
  /**
   * R-E6.4: business days (R-G6 calendar, as the review SLA) the bank has to
   * report a sent payout delivered before operators are alerted and the holder
   * is told to check the bank details; the process still waits until its
   * delivery deadline (R-G7): the later of durations.payoutDeliveryDeadline
   * after sending and `deliveryMarginBusinessDays` (1..60) business days after
   * the overdue point, so the alert always comes before the failure
   * (domain/payout-deadlines.ts).
   */
  payouts: { overdueBusinessDays: number; deliveryMarginBusinessDays: number };
  /** R-C1 cooldown in days; R-C5.1 validity of an entity change; R-C5.4, R-C6 review SLA in business days. */
  changes: { cooldownDays: number; entityValidity: string; reviewSlaBusinessDays: number };
  /**
   * R-G6: the business-day calendar in force: the published schedule
   * (chinese-days) with the operators' extension (BUSINESS_CALENDAR_FILE,
   * HOLIDAYS, EXTRA_WORKING_DAYS) over it, and how far it reaches
   * (config/business-calendar.ts). New processes carry their part of it.
   */
  calendar: CalendarInForce;
  /** Sandbox bank: hold each payout answer this long (fault tests kill the worker meanwhile). */
  sandboxBankDelayMs: number;
  /**
   * `GET /metrics` takes an operator token or this static token (for a scraper's
   * bearer_token_file); the worker serves the SDK's Prometheus metrics on
   * `workerAddress` (`host:port`), none when unset.
   */
  metrics: { token?: string; workerAddress?: string };
  /** R-G7: how outcome notices are delivered apart from their process (see NoticePolicy). */
  notices: NoticePolicy;
  /**
   * Issue 20: the adapter each external system uses (`<SYSTEM>_PROVIDER`,
   * config/providers.ts); `sandbox` by default in sandbox mode, required and
   * never `sandbox` outside it. activities/providers/index.ts resolves them.
   */
  providers: ProviderSelection;
  /** Tencent Cloud FaceID (config/tencent-faceid.ts), when TENCENT_FACEID_RULE_ID is set; FACE_PROVIDER=tencent requires it. */
  tencentFaceId?: TencentFaceIdConfig;
  /** Tencent Cloud SMS (config/tencent-sms.ts), when TENCENT_SMS_SDK_APP_ID is set; SMS_PROVIDER=tencent requires it. */
  tencentSms?: TencentSmsConfig;
  /** The SMTP relay (config/smtp.ts), when SMTP_URL is set; EMAIL_PROVIDER=smtp requires it. */
  smtp?: SmtpConfig;
  /** The account contact directory's cache (config/contact-directory.ts); CONTACT_DIRECTORY_PROVIDER selects its adapter. */
  contactDirectory: ContactDirectoryConfig;
  /** The signed HTTP contracts (config/signed-http.ts), per system whose `<P>_HTTP_URL` is set; `<SYSTEM>_PROVIDER=http` requires it. */
  signedHttp: Partial<Record<SignedHttpSystem, SignedHttpConfig>>;
}

/**
 * R-G5, R-G7: an outcome's activity records its notices and makes one attempt
 * per channel, each bounded by `quickAttemptMs`; whatever is unsent the
 * worker's delivery loop (every `deliveryIntervalSeconds`, 0: never) retries,
 * each attempt bounded by `sendTimeoutMs`, after `retryBaseSeconds` doubling up
 * to `retryMaxSeconds`, until `maxAttempts` attempts are spent: then the notice
 * is marked failed and reported to operators.
 */
export interface NoticePolicy {
  maxAttempts: number;
  retryBaseSeconds: number;
  retryMaxSeconds: number;
  quickAttemptMs: number;
  sendTimeoutMs: number;
  deliveryIntervalSeconds: number;
  /** The language notices are written in (`NOTICE_LANGUAGE`, `zh` or `en`): Simplified Chinese when unset (domain/language.ts). */
  language?: Language;
}

/** The defaults `loadConfig` applies, for callers built without a Config (activity tests). */
export const NOTICE_DEFAULTS: NoticePolicy = {
  maxAttempts: 10,
  retryBaseSeconds: 30,
  retryMaxSeconds: 3600,
  quickAttemptMs: 2000,
  sendTimeoutMs: 10_000,
  deliveryIntervalSeconds: 5,
};

type Env = Record<string, string | undefined>;

/**
 * A whole number of at least `min` (0 unless said), `fallback` when unset or
 * empty; anything else is a problem naming it, reported with every other one.
 */
function int(env: Env, name: string, fallback: number, problems: string[], min = 0): number {
  return bounded(env, name, fallback, min, Number.MAX_SAFE_INTEGER, problems);
}

function str(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  return raw === undefined || raw === '' ? fallback : raw;
}

/** A comma-separated list; undefined when unset. */
function list(env: Env, name: string): string[] | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  return raw.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

const DEV_SECRET = 'dev-only-secret-change-me';

/**
 * The default maximum lifetime of a bearer token, and what issueToken mints by
 * default: 30 days, the tokens `npm start` prints for a developer to paste for a
 * month. Production lowers it with JWT_MAX_LIFETIME_HOURS; it cannot be raised,
 * since a bearer token cannot be revoked before it expires.
 */
export const DEFAULT_TOKEN_LIFETIME_HOURS = 720;

/**
 * How long a hosted verification page's URL works unless VERIFICATION_SESSION_MINUTES says otherwise. Short,
 * as a link sent to a phone should be: a step that waits longer (a recharge, a payout) is followed by
 * asking for a new session, which the platform can do at any time.
 */
export const DEFAULT_VERIFICATION_SESSION_MINUTES = 60;

/** The published defaults every sandbox uses: worthless as secrets, refused outside sandbox mode. */
const SANDBOX_SECRETS = {
  WEBHOOK_SECRET_WECHAT: 'sandbox-wechat-secret',
  WEBHOOK_SECRET_QQ: 'sandbox-qq-secret',
  WEBHOOK_SECRET_FACE: 'sandbox-face-secret',
  WEBHOOK_SECRET_PAYMENT: 'sandbox-payment-secret',
  WEBHOOK_SECRET_BANK: 'sandbox-bank-secret',
  JWT_SECRET: DEV_SECRET,
  IDENTITY_HASH_SECRET: DEV_SECRET,
} as const;
type SecretName = keyof typeof SANDBOX_SECRETS;

/**
 * Secrets no route of this configuration checks, so not required (one set is
 * still judged like any other): with Tencent FaceID no face webhook is served
 * (api/routes/webhooks.ts, R-P10), so WEBHOOK_SECRET_FACE opens nothing.
 */
function unusedSecrets(config: Pick<Config, 'providers'>): ReadonlySet<SecretName> {
  return new Set<SecretName>(config.providers.face === 'tencent' ? ['WEBHOOK_SECRET_FACE'] : []);
}

/** Finding 3: 32 characters is 128 bits of hex (openssl rand -hex 32 gives 64). */
const MIN_SECRET_LENGTH = 32;

/** Every problem of the environment at once, naming variables only: never a secret's value. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`configuration refused:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** `NOTICE_LANGUAGE`: the holders' language for notices, Chinese unless set to `en`. */
function noticeLanguage(env: Env, problems: string[]): Language {
  const value = env.NOTICE_LANGUAGE || DEFAULT_LANGUAGE;
  if (isLanguage(value)) return value;
  problems.push(`NOTICE_LANGUAGE must be one of ${LANGUAGES.join(', ')}, not ${value}`);
  return DEFAULT_LANGUAGE;
}

/** R-E5: a bank account number has 8 to 32 digits (Chinese corporate accounts run from about 9 to 25). */
const PAYEE_ACCOUNT_DIGITS = { min: 8, max: 32 } as const;
/** Digits in groups split by single spaces or dashes, as a bank prints them (6222 0210 0123 4567 890). */
const PAYEE_ACCOUNT_SHAPE = /^\d+(?:[ -]\d+)*$/;

/**
 * R-E5: `RECHARGE_PAYEE_ACCOUNT`, the account the holder is told to pay into,
 * trimmed and otherwise as written (its grouping helps the holder copy it).
 * Sandbox mode defaults to the sandbox account; outside it one is required, so
 * no production recharge names the sandbox's. A problem names the variable,
 * never the value.
 */
function rechargePayeeAccount(env: Env, sandbox: boolean, problems: string[]): string {
  const value = (env.RECHARGE_PAYEE_ACCOUNT ?? '').trim();
  if (value === '') {
    if (!sandbox) problems.push("RECHARGE_PAYEE_ACCOUNT is required outside sandbox mode: the platform's bank account enterprises pay the recharge into (R-E5)");
    return SANDBOX_PAYEE_ACCOUNT;
  }
  const digits = value.replace(/[ -]/g, '');
  if (!PAYEE_ACCOUNT_SHAPE.test(value) || digits.length < PAYEE_ACCOUNT_DIGITS.min || digits.length > PAYEE_ACCOUNT_DIGITS.max) {
    problems.push(`RECHARGE_PAYEE_ACCOUNT must be a bank account number: ${PAYEE_ACCOUNT_DIGITS.min} to ${PAYEE_ACCOUNT_DIGITS.max} digits, in groups split by single spaces or dashes (R-E5)`);
  } else if (!sandbox && digits === SANDBOX_PAYEE_ACCOUNT.replace(/\D/g, '')) {
    problems.push('RECHARGE_PAYEE_ACCOUNT is the sandbox account\'s number, refused outside sandbox mode (R-E5)');
  }
  return value;
}

/** A whole number from `min` to `max`, `fallback` when unset or empty; anything else is a problem naming it, and reads as `fallback`. */
function bounded(env: Env, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (Number.isSafeInteger(value) && value >= min && value <= max) return value;
  const range = max < Number.MAX_SAFE_INTEGER ? `an integer from ${min} to ${max}` : min === 0 ? 'a non-negative integer' : `an integer of at least ${min}`;
  problems.push(`${name} must be ${range}, got "${raw}"`);
  return fallback;
}

/**
 * R-G7: the shortest and longest wait a duration variable may set. A second at
 * least, so tests can shorten a deadline (conventions) while a bare number,
 * which Temporal reads as milliseconds, is not taken for seconds; a year at
 * most, past which a deadline no longer bounds a process.
 */
export const DURATION_BOUNDS = { min: '1 second', max: '1 year' } as const;
const DURATION_RANGE_MS = { min: durationMs(DURATION_BOUNDS.min), max: durationMs(DURATION_BOUNDS.max) } as const;
/** A parsed duration ends in its unit (the number before it ends in a digit). */
const DURATION_UNIT = /[a-z]$/i;

/**
 * R-G7, R-G2: a duration a workflow waits by (`'10 minutes'`), parsed here with
 * the workflow's own durationMs (workflows/duration.ts), so a value loadConfig
 * takes is one no workflow task can throw on: a value it cannot read would fail
 * the task, not the workflow, and leave the process open forever under the
 * account's workflow id, refusing every later start. A number with a unit, from
 * DURATION_BOUNDS.min to DURATION_BOUNDS.max, trimmed; anything else is a problem
 * naming the variable and the value (a duration is no secret), and reads as
 * `fallback`.
 */
function duration(env: Env, name: string, fallback: string, problems: string[]): string {
  const raw = env[name];
  const value = raw?.trim() ?? '';
  if (value === '') return fallback;
  let millis = Number.NaN;
  try {
    millis = durationMs(value);
  } catch {
    // Unreadable: reported below.
  }
  if (!Number.isFinite(millis) || !DURATION_UNIT.test(value)) {
    problems.push(`${name} must be a duration, a number and a unit such as "90 minutes", "24 hours" or "7 days", got "${raw}"`);
  } else if (millis < DURATION_RANGE_MS.min || millis > DURATION_RANGE_MS.max) {
    problems.push(`${name} must be from ${DURATION_BOUNDS.min} to ${DURATION_BOUNDS.max}, got "${raw}"`);
  } else return value;
  return fallback;
}

/**
 * Finding 3: outside sandbox mode every secret is set, at least 32 characters,
 * none a published default, and no two alike (one leaked secret must not open
 * another door). Sandbox mode keeps its public defaults for `npm start` and tests.
 */
function secretProblems(env: Env, payloadKeys: PayloadKey[], metricsToken: string | undefined, unused: ReadonlySet<SecretName>): string[] {
  const problems: string[] = [];
  const holders = new Map<string, string[]>();
  const hold = (name: string, value: string) => holders.set(value, [...(holders.get(value) ?? []), name]);
  const defaults = new Set<string>(Object.values(SANDBOX_SECRETS));
  for (const name of Object.keys(SANDBOX_SECRETS) as SecretName[]) {
    const value = env[name];
    if (value === undefined || value === '') {
      if (!unused.has(name)) problems.push(`${name} is required outside sandbox mode`);
    } else if (defaults.has(value)) problems.push(`${name} is a published sandbox default`);
    else if (value.length < MIN_SECRET_LENGTH) problems.push(`${name} must be at least ${MIN_SECRET_LENGTH} characters (openssl rand -hex 32)`);
    else hold(name, value);
  }
  if (metricsToken !== undefined) hold('METRICS_TOKEN', metricsToken);
  // The keys the adapters sign their calls with (config/signed-http.ts) count as well.
  for (const prefix of Object.values(SIGNED_HTTP_SYSTEMS)) if (env[`${prefix}_HTTP_SECRET`]) hold(`${prefix}_HTTP_SECRET`, env[`${prefix}_HTTP_SECRET`]!);
  // The same key pasted into two places counts, whether as its base64 or under two ids.
  for (const { id, key } of payloadKeys) hold(`PAYLOAD_KEYS (key "${id}")`, key.toString('base64'));
  for (const names of holders.values()) {
    if (names.length > 1) problems.push(`${names.join(', ')} hold the same value: every secret must be distinct`);
  }
  return problems;
}

/**
 * A yes-or-no variable: `true` or `false` (any case), `fallback` when unset or
 * empty; anything else is a problem naming it, and reads as `invalid`.
 */
function flag(env: Env, name: string, fallback: boolean, invalid: boolean, problems: string[]): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = raw.trim().toLowerCase();
  if (value === 'true' || value === 'false') return value === 'true';
  problems.push(`${name} must be "true" or "false", got "${raw}"`);
  return invalid;
}

/**
 * Security finding 3: sandbox mode (sandbox providers, published secrets) only
 * when asked for. Unset is sandbox, for `npm start` and the tests; a value that
 * is neither true nor false is refused and, meanwhile, read as production (so its
 * secret checks run too), never as sandbox; and a sandbox under
 * NODE_ENV=production (the Docker image) needs ALLOW_SANDBOX_IN_PRODUCTION=true.
 */
function sandboxMode(env: Env, problems: string[]): boolean {
  const sandbox = flag(env, 'SANDBOX', true, false, problems);
  const allowed = flag(env, 'ALLOW_SANDBOX_IN_PRODUCTION', false, false, problems);
  if (sandbox && env.NODE_ENV === 'production' && !allowed) {
    problems.push('SANDBOX is true (or unset) with NODE_ENV=production: set SANDBOX=false, or ALLOW_SANDBOX_IN_PRODUCTION=true for a trial on sandbox providers');
  }
  return sandbox;
}

export type TemporalSettings = Pick<Config, 'sandbox'> & { temporal: Pick<Config['temporal'], 'address' | 'tls' | 'allowPlaintext'> };

/** Whether `host:port` names this machine: 127.0.0.0/8, ::1 or localhost. */
export function isLoopbackAddress(address: string): boolean {
  const host = (address.startsWith('[') ? address.slice(1, address.indexOf(']')) : address.replace(/:\d+$/, '')).toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Whether any TEMPORAL_TLS_* is set: then the connection is TLS. */
export const temporalTlsRequested = (tls: Config['temporal']['tls']): boolean => Object.values(tls).some((value) => value !== undefined);

/**
 * Security finding 4: whoever reaches the frontend moves every process, so
 * outside sandbox mode a connection to anything but loopback goes over TLS
 * (TEMPORAL_TLS_*), unless TEMPORAL_ALLOW_PLAINTEXT=true says the network
 * itself is trusted. A certificate goes with its key. Names variables only.
 */
export function temporalTlsProblems({ sandbox, temporal }: TemporalSettings): string[] {
  const problems: string[] = [];
  const { certFile, keyFile } = temporal.tls;
  if ((certFile === undefined) !== (keyFile === undefined)) {
    problems.push('TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE go together: the client certificate and its private key (mTLS)');
  }
  if (!sandbox && temporal.address !== undefined && !isLoopbackAddress(temporal.address) && !temporalTlsRequested(temporal.tls) && !temporal.allowPlaintext) {
    problems.push(
      `TEMPORAL_ADDRESS ${temporal.address} is not loopback: outside sandbox mode set TEMPORAL_TLS_CA_FILE, TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE ` +
        '(and TEMPORAL_TLS_SERVER_NAME if the certificate names another host) for mTLS to the frontend, or TEMPORAL_ALLOW_PLAINTEXT=true where the network itself is trusted',
    );
  }
  return problems;
}

/** About a year of business days: a review open longer is no review. */
const MAX_REVIEW_EXPIRY_BUSINESS_DAYS = 250;

/**
 * R-G7: a review escalates past its SLA and expires past its final deadline,
 * so the deadline must come after every SLA it follows; one at or before would
 * close reviews undecided before any operator was told they were overdue.
 */
function reviewExpiryProblems({ review, changes }: Pick<Config, 'review' | 'changes'>): string[] {
  const slas = [
    ['REVIEW_SLA_BUSINESS_DAYS', review.slaBusinessDays],
    ['CHANGE_REVIEW_SLA_BUSINESS_DAYS', changes.reviewSlaBusinessDays],
  ] as const;
  return slas
    .filter(([, sla]) => review.expiryBusinessDays <= sla)
    .map(([name, sla]) => `REVIEW_EXPIRY_BUSINESS_DAYS (${review.expiryBusinessDays}) must be greater than ${name} (${sla}): a review expires only after it was escalated`);
}

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const sandbox = sandboxMode(env, problems);
  const port = bounded(env, 'PORT', 3000, 1, 65_535, problems);
  let payloadKeys: PayloadKey[] = [];
  try {
    payloadKeys = loadPayloadKeys(env.PAYLOAD_KEYS, sandbox);
  } catch (error) {
    problems.push((error as Error).message); // names the variable and key ids, never key material
  }
  const config: Config = {
    sandbox,
    databaseUrl: env.DATABASE_URL || undefined,
    database: {
      // Prisma 7 over pg has no acquire timeout by default: set both explicitly.
      poolSize: int(env, 'DATABASE_POOL_SIZE', 10, problems, 1),
      connectionTimeoutMs: int(env, 'DATABASE_CONNECTION_TIMEOUT_MS', 5_000, problems, 1),
      idleTimeoutMs: int(env, 'DATABASE_IDLE_TIMEOUT_MS', 30_000, problems),
    },
    temporal: {
      address: env.TEMPORAL_ADDRESS || undefined,
      namespace: str(env, 'TEMPORAL_NAMESPACE', 'default'),
      taskQueue: str(env, 'TEMPORAL_TASK_QUEUE', 'realname'),
      webUiUrl: str(env, 'TEMPORAL_WEB_UI_URL', 'http://localhost:8233'),
      workerActivitySlots: int(env, 'WORKER_ACTIVITY_SLOTS', 100, problems, 1),
      tls: {
        caFile: env.TEMPORAL_TLS_CA_FILE || undefined,
        certFile: env.TEMPORAL_TLS_CERT_FILE || undefined,
        keyFile: env.TEMPORAL_TLS_KEY_FILE || undefined,
        serverName: env.TEMPORAL_TLS_SERVER_NAME || undefined,
      },
      allowPlaintext: flag(env, 'TEMPORAL_ALLOW_PLAINTEXT', false, false, problems),
    },
    api: {
      port,
      publicUrl: str(env, 'PUBLIC_URL', `http://localhost:${port}`),
      replicaId: str(env, 'REPLICA_ID', `${hostname()}:${port}`),
      // A link sent to a phone should not work for long; a day at most, as a step that waits longer asks for a new one.
      sessionLifetimeSeconds: bounded(env, 'VERIFICATION_SESSION_MINUTES', DEFAULT_VERIFICATION_SESSION_MINUTES, 5, 1440, problems) * 60,
      // A code service down (its issue retried until the process's deadline) or no worker polling would hold the request for hours.
      answerWaitMs: bounded(env, 'API_ANSWER_WAIT_SECONDS', 30, 1, 300, problems) * 1000,
    },
    auth: {
      jwtSecret: str(env, 'JWT_SECRET', DEV_SECRET),
      issuer: str(env, 'JWT_ISSUER', 'realname'),
      maxTokenLifetimeSeconds:
        bounded(env, 'JWT_MAX_LIFETIME_HOURS', DEFAULT_TOKEN_LIFETIME_HOURS, 1, DEFAULT_TOKEN_LIFETIME_HOURS, problems) * 3600,
    },
    webhookSecrets: {
      wechat: str(env, 'WEBHOOK_SECRET_WECHAT', 'sandbox-wechat-secret'),
      qq: str(env, 'WEBHOOK_SECRET_QQ', 'sandbox-qq-secret'),
      // Outside sandbox it may be unset only where no face webhook is served (unusedSecrets): a random value
      // then, never the published default, so a route served later by mistake still opens to nobody.
      face: str(env, 'WEBHOOK_SECRET_FACE', sandbox ? 'sandbox-face-secret' : randomBytes(32).toString('hex')),
      payment: str(env, 'WEBHOOK_SECRET_PAYMENT', 'sandbox-payment-secret'),
      bank: str(env, 'WEBHOOK_SECRET_BANK', 'sandbox-bank-secret'),
    },
    // Finding 8: a wide window lets a captured webhook be replayed for that long.
    webhookToleranceSeconds: bounded(env, 'WEBHOOK_TOLERANCE_SECONDS', 300, 1, 900, problems),
    webhookAllowPrivateUrls: flag(env, 'WEBHOOK_ALLOW_PRIVATE_URLS', false, false, problems),
    identityHashSecret: str(env, 'IDENTITY_HASH_SECRET', DEV_SECRET),
    payloadKeys,
    limits: {
      accountsPerIndividualIdentity: int(env, 'LIMIT_ACCOUNTS_PER_INDIVIDUAL', 3, problems, 1),
      faceMaxTries: int(env, 'FACE_MAX_TRIES', 5, problems, 1),
      codesPerProcess: int(env, 'QR_MAX_CODES_PER_PROCESS', 20, problems, 1),
      methodChoicesPerProcess: int(env, 'MAX_METHOD_CHOICES_PER_PROCESS', 10, problems, 1),
      reviewsPerChange: int(env, 'MAX_REVIEWS_PER_CHANGE', 5, problems, 1),
      accountsPerEnterprise: int(env, 'LIMIT_ACCOUNTS_PER_ENTERPRISE', 10, problems, 1),
      rechargeAttempts: int(env, 'RECHARGE_ATTEMPTS', 2, problems, 1),
      remittanceAttempts: int(env, 'REMITTANCE_ATTEMPTS', 2, problems, 1),
    },
    rechargePayeeAccount: rechargePayeeAccount(env, sandbox, problems),
    rateLimits: {
      // At least 1: a limit of 0 would answer 429 to every start, amount entry and upload.
      processStartsPerMinute: int(env, 'RATE_LIMIT_STARTS_PER_MINUTE', 10, problems, 1),
      amountEntriesPerMinute: int(env, 'RATE_LIMIT_AMOUNT_ENTRIES_PER_MINUTE', 5, problems, 1),
      uploadsPerMinute: int(env, 'RATE_LIMIT_UPLOADS_PER_MINUTE', 10, problems, 1),
    },
    uploads: {
      quotaDocuments: int(env, 'UPLOAD_QUOTA_DOCUMENTS', 20, problems, 1),
      quotaBytes: int(env, 'UPLOAD_QUOTA_MB', 50, problems, 1) * 1024 * 1024,
      unreferencedTtlHours: int(env, 'UNREFERENCED_DOCUMENT_TTL_HOURS', 24, problems, 1),
      sweepIntervalMinutes: int(env, 'DOCUMENT_SWEEP_INTERVAL_MINUTES', 10, problems, 1),
    },
    maxJsonBodyBytes: int(env, 'MAX_JSON_BODY_BYTES', 64 * 1024, problems, 1),
    durations: {
      qrValidity: duration(env, 'QR_VALIDITY', '10 minutes', problems),
      individualAbandonment: duration(env, 'INDIVIDUAL_ABANDONMENT', '24 hours', problems),
      qqBankCardDeadline: duration(env, 'QQ_BANK_CARD_DEADLINE', '30 minutes', problems),
      rechargeWindow: duration(env, 'RECHARGE_WINDOW', '7 days', problems),
      remittanceAmountWindow: duration(env, 'REMITTANCE_AMOUNT_WINDOW', '7 days', problems),
      payoutDeliveryDeadline: duration(env, 'PAYOUT_DELIVERY_DEADLINE', '10 days', problems),
      resubmissionDeadline: duration(env, 'RESUBMISSION_DEADLINE', '7 days', problems),
      enterpriseAbandonment: duration(env, 'ENTERPRISE_ABANDONMENT', '7 days', problems),
    },
    review: {
      slaBusinessDays: int(env, 'REVIEW_SLA_BUSINESS_DAYS', 2, problems, 1),
      claimMinutes: int(env, 'REVIEW_CLAIM_MINUTES', 30, problems, 1),
      expiryBusinessDays: bounded(env, 'REVIEW_EXPIRY_BUSINESS_DAYS', 10, 1, MAX_REVIEW_EXPIRY_BUSINESS_DAYS, problems),
    },
    payouts: {
      overdueBusinessDays: bounded(env, 'PAYOUT_OVERDUE_BUSINESS_DAYS', 3, 1, 60, problems),
      // R-E6.4, R-G7: at least 1, so the delivery deadline never ends at or before the overdue point.
      deliveryMarginBusinessDays: bounded(env, 'PAYOUT_DELIVERY_MARGIN_BUSINESS_DAYS', 2, 1, 60, problems),
    },
    changes: {
      cooldownDays: int(env, 'CHANGE_COOLDOWN_DAYS', 30, problems),
      entityValidity: duration(env, 'ENTITY_CHANGE_VALIDITY', '7 days', problems),
      reviewSlaBusinessDays: int(env, 'CHANGE_REVIEW_SLA_BUSINESS_DAYS', 1, problems, 1),
    },
    // R-G6: the extension wins over the library for the days it names.
    calendar: loadCalendarInForce(
      { file: env.BUSINESS_CALENDAR_FILE || undefined, holidays: list(env, 'HOLIDAYS'), extraWorkingDays: list(env, 'EXTRA_WORKING_DAYS'), completeYears: list(env, 'CALENDAR_COMPLETE_YEARS') },
      problems,
    ),
    sandboxBankDelayMs: int(env, 'SANDBOX_BANK_DELAY_MS', 0, problems),
    metrics: {
      token: env.METRICS_TOKEN || undefined,
      // Loopback by default: the SDK's endpoint has no authentication of its own.
      workerAddress: ((address) => (address === 'off' ? undefined : address))(str(env, 'WORKER_METRICS_ADDRESS', '127.0.0.1:9464')),
    },
    notices: {
      // The outcome's quick attempt is the first and never the last, so only the delivery loop fails a notice and alerts.
      maxAttempts: bounded(env, 'NOTICE_MAX_ATTEMPTS', NOTICE_DEFAULTS.maxAttempts, 2, 100, problems),
      retryBaseSeconds: bounded(env, 'NOTICE_RETRY_BASE_SECONDS', NOTICE_DEFAULTS.retryBaseSeconds, 1, 86_400, problems),
      retryMaxSeconds: bounded(env, 'NOTICE_RETRY_MAX_SECONDS', NOTICE_DEFAULTS.retryMaxSeconds, 1, 7 * 86_400, problems),
      // Below the 5 s a start waits for the account's previous process to close (api/start-process.ts).
      quickAttemptMs: bounded(env, 'NOTICE_QUICK_ATTEMPT_MS', NOTICE_DEFAULTS.quickAttemptMs, 100, 3000, problems),
      sendTimeoutMs: bounded(env, 'NOTICE_SEND_TIMEOUT_MS', NOTICE_DEFAULTS.sendTimeoutMs, 100, 120_000, problems),
      deliveryIntervalSeconds: int(env, 'NOTICE_DELIVERY_INTERVAL_SECONDS', NOTICE_DEFAULTS.deliveryIntervalSeconds, problems, 1),
      language: noticeLanguage(env, problems),
    },
    providers: loadProviderSelection(env, sandbox, problems),
    contactDirectory: loadContactDirectoryConfig(env, problems),
    signedHttp: {},
  };
  const publicUrl = config.api.publicUrl;
  config.tencentFaceId = loadTencentFaceIdConfig(env, publicUrl, problems);
  if (config.providers.face === 'tencent' && config.tencentFaceId === undefined) {
    problems.push('FACE_PROVIDER=tencent needs TENCENT_FACEID_RULE_ID (and TENCENT_FACEID_SECRET_ID/_KEY or TENCENTCLOUD_SECRET_ID/_KEY)');
  }
  config.tencentSms = loadTencentSmsConfig(env, problems);
  problems.push(...ownPairsProblems(env));
  if (config.providers.sms === 'tencent' && config.tencentSms === undefined) {
    problems.push('SMS_PROVIDER=tencent needs TENCENT_SMS_SDK_APP_ID, TENCENT_SMS_SIGN_NAME, TENCENT_SMS_TEMPLATE_ID (and TENCENT_SMS_SECRET_ID/_KEY or TENCENTCLOUD_SECRET_ID/_KEY)');
  }
  config.smtp = loadSmtpConfig(env, problems);
  if (config.providers.email === 'smtp' && config.smtp === undefined) {
    problems.push('EMAIL_PROVIDER=smtp needs SMTP_URL (and SMTP_FROM)');
  }
  for (const system of Object.keys(SIGNED_HTTP_SYSTEMS) as SignedHttpSystem[]) {
    const loaded = loadSignedHttpConfig(env, system, sandbox, problems);
    if (loaded !== undefined) config.signedHttp[system] = loaded;
    const prefix = `${SIGNED_HTTP_SYSTEMS[system]}_HTTP`;
    if (config.providers[system] === 'http' && loaded === undefined) problems.push(`${EXTERNAL_SYSTEMS[system].variable}=http needs ${prefix}_URL, ${prefix}_KEY_ID and ${prefix}_SECRET`);
  }
  problems.push(...reviewExpiryProblems(config));
  if (config.metrics.token !== undefined && config.metrics.token.length < MIN_SECRET_LENGTH) {
    problems.push(`METRICS_TOKEN must be at least ${MIN_SECRET_LENGTH} characters (openssl rand -hex 32)`);
  }
  if (!sandbox) problems.push(...secretProblems(env, payloadKeys, config.metrics.token, unusedSecrets(config)));
  problems.push(...temporalTlsProblems(config));
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
