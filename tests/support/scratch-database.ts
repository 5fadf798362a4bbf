import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { testEnvironment } from './environment';

/**
 * An empty database beside the tests' own, for a migration test to migrate up
 * to a point, fill as the tables were then and migrate on: created before the
 * describe's tests, dropped after them. Call at the describe's top level.
 */
export function scratchDatabase(): { url: string } {
  const name = `realname_migration_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = new URL(testEnvironment().databaseUrl);
  url.pathname = `/${name}`;
  let admin: Client;
  beforeAll(async () => {
    admin = new Client({ connectionString: testEnvironment().databaseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
  });
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });
  return { url: url.toString() };
}
