// The one place that reads the environment. Everything else receives a Config.
// Defaults are good enough for `npm start` on a developer machine; durations are
// strings Temporal accepts ('10 minutes') so tests can shorten them freely.
import { loadPayloadKeys, type PayloadKey } from '../codec/key-ring';

export interface Durations {
  /** R-P7: how long a QR code or mini-program code can be used. */
  qrValidity: string;
  /** Final abandonment deadline of an individual verification. */
  individualAbandonment: string;
  /** R-P4: how long a QQ holder without a linked bank card has to link one and confirm. */
  qqBankCardDeadline: string;
  /** R-E5: how long an enterprise has to pay the drawn amount. */
  rechargeWindow: string;
}

export interface Config {
  sandbox: boolean;
  databaseUrl?: string;
  database: { poolSize: number; connectionTimeoutMs: number; idleTimeoutMs: number };
  temporal: { address?: string; namespace: string; taskQueue: string; webUiUrl: string };
  api: { port: number; publicUrl: string };
  auth: { jwtSecret: string; issuer: string };
  webhookSecrets: Record<'wechat' | 'qq' | 'face' | 'payment', string>;
  webhookToleranceSeconds: number;
  /** Key for the keyed hash of identity numbers (R-P5): never store the clear number as an index. */
  identityHashSecret: string;
  /** Keys of the Temporal payload codec, newest first: the newest encrypts, all decrypt. */
  payloadKeys: PayloadKey[];
  /** R-P5 accounts per identity; R-P8 face recognition tries per process. */
  limits: { accountsPerIndividualIdentity: number; faceMaxTries: number; accountsPerEnterprise: number; rechargeAttempts: number };
  /** Abuse limits per token. */
  rateLimits: { processStartsPerMinute: number };
  /** Largest JSON body accepted (uploads have their own 5 MB limit). */
  maxJsonBodyBytes: number;
  durations: Durations;
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function str(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  return raw === undefined || raw === '' ? fallback : raw;
}

const DEV_SECRET = 'dev-only-secret-change-me';

export function loadConfig(env: Env = process.env): Config {
  const sandbox = str(env, 'SANDBOX', 'true') !== 'false';
  const port = int(env, 'PORT', 3000);
  const config: Config = {
    sandbox,
    databaseUrl: env.DATABASE_URL || undefined,
    database: {
      // Prisma 7 over pg has no acquire timeout by default: set both explicitly.
      poolSize: int(env, 'DATABASE_POOL_SIZE', 10),
      connectionTimeoutMs: int(env, 'DATABASE_CONNECTION_TIMEOUT_MS', 5_000),
      idleTimeoutMs: int(env, 'DATABASE_IDLE_TIMEOUT_MS', 30_000),
    },
    temporal: {
      address: env.TEMPORAL_ADDRESS || undefined,
      namespace: str(env, 'TEMPORAL_NAMESPACE', 'default'),
      taskQueue: str(env, 'TEMPORAL_TASK_QUEUE', 'realname'),
      webUiUrl: str(env, 'TEMPORAL_WEB_UI_URL', 'http://localhost:8233'),
    },
    api: { port, publicUrl: str(env, 'PUBLIC_URL', `http://localhost:${port}`) },
    auth: { jwtSecret: str(env, 'JWT_SECRET', DEV_SECRET), issuer: str(env, 'JWT_ISSUER', 'realname') },
    webhookSecrets: {
      wechat: str(env, 'WEBHOOK_SECRET_WECHAT', 'sandbox-wechat-secret'),
      qq: str(env, 'WEBHOOK_SECRET_QQ', 'sandbox-qq-secret'),
      face: str(env, 'WEBHOOK_SECRET_FACE', 'sandbox-face-secret'),
      payment: str(env, 'WEBHOOK_SECRET_PAYMENT', 'sandbox-payment-secret'),
    },
    webhookToleranceSeconds: int(env, 'WEBHOOK_TOLERANCE_SECONDS', 300),
    identityHashSecret: str(env, 'IDENTITY_HASH_SECRET', DEV_SECRET),
    payloadKeys: loadPayloadKeys(env.PAYLOAD_KEYS, sandbox),
    limits: {
      accountsPerIndividualIdentity: int(env, 'LIMIT_ACCOUNTS_PER_INDIVIDUAL', 3),
      faceMaxTries: int(env, 'FACE_MAX_TRIES', 5),
      accountsPerEnterprise: int(env, 'LIMIT_ACCOUNTS_PER_ENTERPRISE', 10),
      rechargeAttempts: int(env, 'RECHARGE_ATTEMPTS', 2),
    },
    rateLimits: { processStartsPerMinute: int(env, 'RATE_LIMIT_STARTS_PER_MINUTE', 10) },
    maxJsonBodyBytes: int(env, 'MAX_JSON_BODY_BYTES', 64 * 1024),
    durations: {
      qrValidity: str(env, 'QR_VALIDITY', '10 minutes'),
      individualAbandonment: str(env, 'INDIVIDUAL_ABANDONMENT', '24 hours'),
      qqBankCardDeadline: str(env, 'QQ_BANK_CARD_DEADLINE', '30 minutes'),
      rechargeWindow: str(env, 'RECHARGE_WINDOW', '7 days'),
    },
  };
  if (!sandbox && (config.auth.jwtSecret === DEV_SECRET || config.identityHashSecret === DEV_SECRET)) {
    throw new Error('JWT_SECRET and IDENTITY_HASH_SECRET must be set outside sandbox mode');
  }
  return config;
}
