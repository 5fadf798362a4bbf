// `npm run reseal [-- --dry-run]`: seals the personal-data columns (and the
// webhook signing secrets, issue 19) still plain
// (written before sealing) and upgrades v1 values to v2 (row-bound, under the
// sealing subkey), once, after upgrading. Uses DATABASE_URL and PAYLOAD_KEYS
// as the API and worker do. Prints counts and places (table, column, row id),
// never a value. Exits 1 if any row could not be resealed.
import { loadConfig } from '../config';
import { createDatabase } from '../prisma/client';
import { resealColumns } from '../prisma/reseal';

async function main(): Promise<number> {
  const dryRun = process.argv.includes('--dry-run');
  const config = loadConfig(process.env);
  if (!config.databaseUrl) throw new Error('set DATABASE_URL to the database to reseal');
  const db = createDatabase(config.databaseUrl, config.database);
  try {
    const report = await resealColumns(db, config.payloadKeys, { dryRun });
    let failures = 0;
    for (const [column, count] of Object.entries(report)) {
      const verb = dryRun ? 'would seal' : 'sealed';
      process.stdout.write(`${column}: ${verb} ${count.sealed} plain, ${dryRun ? 'would upgrade' : 'upgraded'} ${count.upgraded} v1, ${count.failed.length} failed\n`);
      for (const failure of count.failed) process.stdout.write(`  ${failure}\n`);
      failures += count.failed.length;
    }
    return failures > 0 ? 1 : 0;
  } finally {
    await db.$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
