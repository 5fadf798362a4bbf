import { randomBytes } from 'node:crypto';
import { EXTERNAL_SYSTEMS } from '../../config/providers';

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

/**
 * Issue 20: every external system's adapter variable (config/providers.ts).
 * `test-double` is no adapter the system has: loadConfig takes the name, and
 * the worker starts only with test doubles injected (tests/support/fake-providers.ts).
 */
export const PROVIDER_VARIABLES = Object.values(EXTERNAL_SYSTEMS).map(({ variable }) => variable);

/** R-E5: the platform's account recharges are paid into in the production environment below (RECHARGE_PAYEE_ACCOUNT, required outside sandbox mode). */
export const PRODUCTION_PAYEE_ACCOUNT = '1100 2233 4455 6677 889';

/** An environment loadConfig accepts outside sandbox mode: each secret fresh, random and distinct, each provider named, the payee account set. */
export function productionEnv(): Record<string, string> {
  const env: Record<string, string> = { SANDBOX: 'false', RECHARGE_PAYEE_ACCOUNT: PRODUCTION_PAYEE_ACCOUNT };
  for (const name of PRODUCTION_SECRET_NAMES) env[name] = randomBytes(32).toString('hex');
  for (const name of PROVIDER_VARIABLES) env[name] = 'test-double';
  env.PAYLOAD_KEYS = `prod1:${randomBytes(32).toString('base64')}`;
  return env;
}
