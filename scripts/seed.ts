import { issueToken } from '../api/auth';
import type { Config } from '../config';
import type { Database } from '../prisma/client';

export const DEMO_ACCOUNT_ID = 'acc_demo';

/** A demo account and tokens to paste, so the first verification can be driven by hand. Progress lines go to stderr. */
export async function seedDemo(db: Database, config: Config, log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)) {
  const began = Date.now();
  const step = (index: number, what: string) => log(`[seed ${((Date.now() - began) / 1000).toFixed(1)}s] ${index}/2 ${what}`);
  await db.account.upsert({
    where: { id: DEMO_ACCOUNT_ID },
    update: {},
    create: { id: DEMO_ACCOUNT_ID, displayName: 'Demo account' },
  });
  step(1, `account ${DEMO_ACCOUNT_ID} ready (${await db.account.count()} accounts in the database)`);
  const { jwtSecret, issuer, maxTokenLifetimeSeconds } = config.auth;
  // As long as the API lets a token live (30 days by default): a lower JWT_MAX_LIFETIME_HOURS must not refuse these.
  const lifetime = `${maxTokenLifetimeSeconds}s`;
  const seeded = {
    accountId: DEMO_ACCOUNT_ID,
    holderToken: await issueToken(jwtSecret, issuer, { role: 'holder', subject: 'demo-holder', accountId: DEMO_ACCOUNT_ID }, lifetime),
    operatorToken: await issueToken(jwtSecret, issuer, { role: 'operator', subject: 'demo-operator' }, lifetime),
  };
  step(2, 'holder and operator tokens minted');
  return seeded;
}
