// The Temporal server's two databases and their schemas, set up or upgraded
// with temporal-sql-tool: the steps deploy/temporal-setup.sh runs for
// docker-compose.yml (tests/compose.test.ts holds the two in step). Safe to
// repeat on existing data: a database is created only when missing,
// `setup-schema -v 0.0` is a no-op on a schema already newer, and
// update-schema applies only the versions not yet applied.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';

export interface SchemaTarget {
  sqlTool: string;
  /** The server's schema/postgresql/v12 folder. */
  schemaDir: string;
  host: string;
  port: number;
  user: string;
  password: string;
  /** A database of the server the user can connect to before the two exist. */
  adminDatabase: string;
}

/** Database name, and its folder under schema/postgresql/v12. */
export const TEMPORAL_DATABASES = [
  { database: 'temporal', schema: 'temporal' },
  { database: 'temporal_visibility', schema: 'visibility' },
] as const;

/** One database's steps, as temporal-sql-tool arguments after the connection flags. */
export function schemaSteps(schemaDir: string, schema: string): string[][] {
  return [
    ['setup-schema', '-v', '0.0'],
    ['update-schema', '-d', join(schemaDir, schema, 'versioned')],
  ];
}

function sqlTool(target: SchemaTarget, database: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(target.sqlTool, ['--ep', target.host, '-p', String(target.port), '-u', target.user, '--db', database, ...args], {
      // The password in the environment, not in the arguments `ps` shows.
      env: { ...process.env, SQL_PLUGIN: 'postgres12', SQL_PASSWORD: target.password },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8_000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`temporal-sql-tool --db ${database} ${args.join(' ')} failed (exit ${code}):\n${output.trim()}`)),
    );
  });
}

/** Creates the missing databases and brings both schemas to the server's version. */
export async function setUpTemporalSchemas(target: SchemaTarget): Promise<void> {
  const admin = new Client({ host: target.host, port: target.port, user: target.user, password: target.password, database: target.adminDatabase });
  await admin.connect();
  try {
    for (const { database } of TEMPORAL_DATABASES) {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (!rowCount) await sqlTool(target, database, ['create']);
    }
  } finally {
    await admin.end();
  }
  for (const { database, schema } of TEMPORAL_DATABASES) {
    for (const step of schemaSteps(target.schemaDir, schema)) await sqlTool(target, database, step);
  }
}
