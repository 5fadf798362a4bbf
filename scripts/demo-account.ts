// `npm run demo-account`: a fresh account for the README's walk-through and a
// holder token for it, as shell exports, so the walk-through can run again and
// again (acc_demo is verified after one run; every start then answers 409):
//
//   eval "$(npm run -s demo-account)"      # API, ACCOUNT_ID, HOLDER_TOKEN, OPERATOR_TOKEN, DOCUMENT_NUMBER
//   npm run demo-account -- acc_mine       # that id instead of a generated one
//
// It creates the account through the API (POST /v1/accounts as an operator),
// mints the tokens with the configured JWT_SECRET as `npm start` does, and
// checks the holder token against the API before printing anything. DOCUMENT_NUMBER
// is a fresh valid mainland ID to verify with: R-P5 lets one person verify 3
// accounts, so a fixed number would stop the fourth run. Run it with
// the environment `npm start` runs with (PUBLIC_URL or PORT, JWT_SECRET).
// Progress and errors go to stderr; exit 2 when the API does not answer.
import { issueToken } from '../api/auth';
import { createApiClient } from '../api/client';
import { loadConfig } from '../config';
import { person } from './demo/flows';

class Refused extends Error {}

/** A token lives a day here, or less if the API lets tokens live less (JWT_MAX_LIFETIME_HOURS). */
const LIFETIME_SECONDS = 24 * 3600;

function quoted(value: string): string {
  return /^[A-Za-z0-9_.:/@-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

async function main(): Promise<number> {
  const config = loadConfig(process.env);
  const api = config.api.publicUrl.replace(/\/+$/, '');
  const requestedId = process.argv[2];
  const { jwtSecret, issuer, maxTokenLifetimeSeconds } = config.auth;
  const lifetime = `${Math.min(LIFETIME_SECONDS, maxTokenLifetimeSeconds)}s`;
  const fetchOrSay = async (request: Request): Promise<Response> => {
    try {
      return await fetch(request);
    } catch (error) {
      throw new Refused(`the API at ${api} does not answer (${(error as Error).cause ?? (error as Error).message}); is \`npm start\` running with this environment (PUBLIC_URL, PORT)?`);
    }
  };
  const operatorToken = await issueToken(jwtSecret, issuer, { role: 'operator', subject: 'demo-operator' }, lifetime);
  const operator = createApiClient({ baseUrl: api, token: operatorToken, fetch: fetchOrSay });
  const created = await operator.POST('/v1/accounts', {
    body: { ...(requestedId ? { id: requestedId } : {}), displayName: 'Walk-through account' },
  });
  if (!created.data) {
    throw new Refused(`POST /v1/accounts answered ${created.response.status}: ${JSON.stringify(created.error)}`);
  }
  const accountId = created.data.id;
  const holderToken = await issueToken(jwtSecret, issuer, { role: 'holder', subject: `demo-holder-${accountId}`, accountId }, lifetime);
  // The token works before it is printed: the holder reads their own account.
  const own = await createApiClient({ baseUrl: api, token: holderToken, fetch: fetchOrSay }).GET('/v1/accounts/{accountId}', { params: { path: { accountId } } });
  if (!own.data) throw new Refused(`GET /v1/accounts/${accountId} with the holder token answered ${own.response.status}: ${JSON.stringify(own.error)}`);
  process.stderr.write(`demo-account: account ${accountId} created (status ${own.data.status}); tokens valid ${lifetime}\n`);
  process.stdout.write(
    [
      `export API=${quoted(api)}`,
      `export ACCOUNT_ID=${quoted(accountId)}`,
      `export HOLDER_TOKEN=${quoted(holderToken)}`,
      `export OPERATOR_TOKEN=${quoted(operatorToken)}`,
      `export DOCUMENT_NUMBER=${quoted(person('张三').documentNumber)}`,
    ].join('\n') + '\n',
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`demo-account: ${error instanceof Refused ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(error instanceof Refused ? 2 : 1);
  },
);
