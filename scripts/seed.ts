import { issueToken } from '../api/auth';
import type { Config } from '../config';
import type { Database } from '../prisma/client';

export const DEMO_ACCOUNT_ID = 'acc_demo';

/** A demo account and tokens to paste, so the first verification can be driven by hand. */
export async function seedDemo(db: Database, config: Config) {
  await db.account.upsert({
    where: { id: DEMO_ACCOUNT_ID },
    update: {},
    create: { id: DEMO_ACCOUNT_ID, displayName: 'Demo account' },
  });
  const { jwtSecret, issuer } = config.auth;
  return {
    accountId: DEMO_ACCOUNT_ID,
    holderToken: await issueToken(jwtSecret, issuer, { role: 'holder', subject: 'demo-holder', accountId: DEMO_ACCOUNT_ID }),
    operatorToken: await issueToken(jwtSecret, issuer, { role: 'operator', subject: 'demo-operator' }),
  };
}
