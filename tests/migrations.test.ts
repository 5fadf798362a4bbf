import { Client } from 'pg';
import { sweepExpiredDocuments } from '../activities/document-store';
import { createDatabase } from '../prisma/client';
import { migrate, migrationFiles } from '../prisma/migrate';
import { testConfig, testEnvironment } from './support/environment';
import { scratchDatabase } from './support/scratch-database';

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

// Security finding 1 (R-G4): the migration that began recording which process
// took a document must not leave the documents already stored looking untaken,
// or the sweep deletes the licences and ID photos of finished verifications.
describe('migration 20261201221950_document_references', () => {
  const MIGRATION = '20261201221950_document_references';
  const { url: scratchUrl } = scratchDatabase();

  it('keeps a document stored before it: the sweep of unreferenced uploads does not delete it (security finding 1, R-G4)', async () => {
    const before = await migrate(scratchUrl, () => {}, { before: MIGRATION });
    expect(before).not.toContain(MIGRATION);
    expect(before.length).toBeGreaterThan(0);
    const day = 24 * 3600_000;
    const uploadedAt = new Date(Date.now() - 30 * day);
    const old = `doc_${'a'.repeat(32)}`;
    const scratch = new Client({ connectionString: scratchUrl });
    await scratch.connect();
    try {
      // A licence of a verification finished a month ago, as the table held it then.
      await scratch.query(
        `INSERT INTO documents (id, account_id, purpose, content_type, size, sha256, content, created_at)
         VALUES ($1, 'acc_migrated', 'business_licence', 'image/png', 3, $2, $3, $4)`,
        [old, 'f'.repeat(64), Buffer.from('png'), uploadedAt],
      );
      const after = await migrate(scratchUrl);
      expect(after[0]).toBe(MIGRATION);
      // An upload made after the migration that no process took is still swept.
      const untaken = `doc_${'b'.repeat(32)}`;
      await scratch.query(
        `INSERT INTO documents (id, account_id, purpose, content_type, size, sha256, content, created_at)
         VALUES ($1, 'acc_migrated', 'business_licence', 'image/png', 3, $2, $3, $4)`,
        [untaken, 'e'.repeat(64), Buffer.from('png'), uploadedAt],
      );
      const config = testConfig({ DATABASE_URL: scratchUrl });
      const db = createDatabase(scratchUrl, config.database);
      try {
        expect(await sweepExpiredDocuments(db, config.uploads, Date.now())).toBe(1);
      } finally {
        await db.$disconnect();
      }
      const left = await scratch.query('SELECT id FROM documents ORDER BY id');
      expect(left.rows.map((row) => row.id)).toEqual([old]);
      // Taken from its upload, by a process nobody recorded.
      const { rows } = await scratch.query('SELECT attached_at, process_id FROM documents WHERE id = $1', [old]);
      expect(rows[0].attached_at.getTime()).toBe(uploadedAt.getTime());
      expect(rows[0].process_id).toBeNull();
    } finally {
      await scratch.end();
    }
  });
});

describe('migration 20261203100000_review_expiry', () => {
  const MIGRATION = '20261203100000_review_expiry';
  const { url: scratchUrl } = scratchDatabase();

  it("R-G7: copies a review's final deadline from its creation's audit entry; a review created without one keeps none", async () => {
    expect(await migrate(scratchUrl, () => {}, { before: MIGRATION })).not.toContain(MIGRATION);
    const scratch = new Client({ connectionString: scratchUrl });
    await scratch.connect();
    try {
      const review = (id: string) =>
        scratch.query(`INSERT INTO reviews (id, process_id, account_id, workflow_id, kind, status, materials, rules, due_at) VALUES ($1, 'prc_m', 'acc_m', $2, 'enterprise_remittance', 'pending', '{}', '{R-E6}', '2027-01-04T10:00:00Z')`, [id, `review-${id}`]);
      const created = (reviewId: string, detail: object | null) =>
        scratch.query(`INSERT INTO review_audit (id, review_id, actor, action, detail) VALUES ($1, $2, 'system', 'created', $3)`, [`${reviewId}:created`, reviewId, detail === null ? null : JSON.stringify(detail)]);
      await review('rev_with');
      await created('rev_with', { dueAt: '2027-01-04T10:00:00.000Z', expiresAt: '2027-01-18T10:00:00.000Z' });
      await review('rev_without');
      await created('rev_without', { dueAt: '2027-01-04T10:00:00.000Z' });
      await review('rev_no_detail');
      await created('rev_no_detail', null);
      expect((await migrate(scratchUrl, () => {}))[0]).toBe(MIGRATION);
      const { rows } = await scratch.query<{ id: string; expires_at: Date | null }>('SELECT id, expires_at FROM reviews ORDER BY id');
      expect(rows.map((row) => [row.id, row.expires_at?.toISOString() ?? null])).toEqual([
        ['rev_no_detail', null],
        ['rev_with', '2027-01-18T10:00:00.000Z'],
        ['rev_without', null],
      ]);
    } finally {
      await scratch.end();
    }
  });
});
