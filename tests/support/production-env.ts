import { randomBytes } from 'node:crypto';

/** Every secret loadConfig requires outside sandbox mode (finding 3). */
export const PRODUCTION_SECRET_NAMES = [
  'WEBHOOK_SECRET_WECHAT',
  'WEBHOOK_SECRET_QQ',
  'WEBHOOK_SECRET_FACE',
  'WEBHOOK_SECRET_PAYMENT',
  'WEBHOOK_SECRET_BANK',
  'JWT_SECRET',
  'IDENTITY_HASH_SECRET',
  'PAYLOAD_KEYS',
] as const;

/** An environment loadConfig accepts outside sandbox mode: each secret fresh, random and distinct. */
export function productionEnv(): Record<string, string> {
  const env: Record<string, string> = { SANDBOX: 'false' };
  for (const name of PRODUCTION_SECRET_NAMES) env[name] = randomBytes(32).toString('hex');
  env.PAYLOAD_KEYS = `prod1:${randomBytes(32).toString('base64')}`;
  return env;
}
