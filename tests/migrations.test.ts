import { Client } from 'pg';
import { migrate, migrationFiles } from '../prisma/migrate';
import { testEnvironment } from './support/environment';

// The project applies migrations itself; the record must be the one
// `prisma migrate deploy` writes, so either tool can take over.
describe('migrations', () => {
  let db: Client;
  beforeAll(async () => {
    db = new Client({ connectionString: testEnvironment().databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
  });

  it('records every migration in _prisma_migrations as prisma migrate deploy does: name, checksum, finished_at', async () => {
    const files = migrationFiles();
    expect(files.length).toBeGreaterThan(0);
    const { rows } = await db.query(
      `SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count, logs, started_at, id
         FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((row) => row.migration_name)).toEqual(files.map((file) => file.name));
    for (const [index, row] of rows.entries()) {
      expect(row.checksum).toBe(files[index]!.checksum);
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
      expect(row.logs).toBeNull();
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('applies nothing twice: a second run is a no-op', async () => {
    expect(await migrate(testEnvironment().databaseUrl)).toEqual([]);
    const { rows } = await db.query('SELECT count(*)::int AS n FROM "_prisma_migrations"');
    expect(rows[0].n).toBe(migrationFiles().length);
  });
});
