// `npm run demo`: drives one process of each kind through the sandbox providers against a running
// system (`npm start`), over HTTP, and prints where to look at each. Progress goes to stderr.
import { loadConfig } from '../config';
import { DemoError } from './demo/client';
import { runDemo } from './demo/run';

async function main(): Promise<number> {
  const env = process.env;
  // The same defaults `npm start` uses: its JWT secret, its API address, its embedded PostgreSQL and Web UI.
  const config = loadConfig(env);
  const databaseUrl = env.DATABASE_URL ?? `postgresql://postgres:postgres@127.0.0.1:${env.EMBEDDED_POSTGRES_PORT ?? 5433}/realname`;
  const webUiUrl = env.TEMPORAL_WEB_UI_URL ?? (env.TEMPORAL_UI_PORT ? `http://localhost:${env.TEMPORAL_UI_PORT}` : config.temporal.webUiUrl);
  const run = await runDemo({
    baseUrl: config.api.publicUrl.replace(/\/$/, ''),
    jwtSecret: config.auth.jwtSecret,
    issuer: config.auth.issuer,
    databaseUrl,
    webUiUrl,
    namespace: config.temporal.namespace,
  });
  process.stdout.write(`${run.summary.join('\n')}\n`);
  return run.failures.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof DemoError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`demo: ${message}\n`);
    process.exit(2);
  },
);
