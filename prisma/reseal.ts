import type { PayloadKey } from '../codec/key-ring';
import { sqlPool, type Database } from './client';
import { isSealed, seal, unseal, type SealedColumn, type SealedPlace } from './sealed';

// One pass over every sealed column (`npm run reseal`): rows written before
// sealing existed (plain JSON, which reads now refuse) are sealed, and v1
// values (raw payload key, no row binding) are sealed again as v2, each bound
// to the row it is found in. Run it once after upgrading, with every key the
// old values need still in PAYLOAD_KEYS. It trusts the rows as it finds them:
// that one moment is when a plain or v1 value is taken to belong where it is.
// Safe while the system runs: each row is rewritten only if it still holds
// what was read, so a concurrent write (already v2) is never overwritten.

interface Column {
  column: SealedColumn;
  table: string;
  name: string;
  primaryKey: string;
}

/** Fixed identifiers, never input. */
const COLUMNS: readonly Column[] = [
  { column: 'accounts.subject', table: 'accounts', name: 'subject', primaryKey: 'id' },
  { column: 'reviews.materials', table: 'reviews', name: 'materials', primaryKey: 'id' },
  { column: 'subject_history.before', table: 'subject_history', name: 'before', primaryKey: 'process_id' },
  { column: 'subject_history.after', table: 'subject_history', name: 'after', primaryKey: 'process_id' },
  // Sealed v2 from its first row; listed so the pass covers every sealed column.
  { column: 'sandbox_face_checks.person', table: 'sandbox_face_checks', name: 'person', primaryKey: 'ticket' },
  // Issue 19: plain (a JSON string) from before migration 20261202194000_webhook_secret_sealed until this pass seals it.
  { column: 'webhook_endpoints.secret', table: 'webhook_endpoints', name: 'secret', primaryKey: 'id' },
];

export interface ResealCount {
  /** Plain rows sealed (v2). */
  sealed: number;
  /** v1 values sealed again as v2. */
  upgraded: number;
  /** Rows left as they were: the message names the place and why (a key missing from the ring, an altered value). */
  failed: string[];
}

export type ResealReport = Record<SealedColumn, ResealCount>;

const BATCH = 200;

export async function resealColumns(db: Database, keys: readonly PayloadKey[], options: { dryRun?: boolean } = {}): Promise<ResealReport> {
  const pool = sqlPool(db);
  const report = {} as ResealReport;
  for (const { column, table, name, primaryKey } of COLUMNS) {
    const count: ResealCount = { sealed: 0, upgraded: 0, failed: [] };
    report[column] = count;
    // Everything but SQL NULL, JSON null and v2 envelopes; the envelope check proper is isSealed's.
    const select = `
      SELECT "${primaryKey}" AS row, "${name}" AS value FROM "${table}"
      WHERE "${primaryKey}" > $1 AND "${name}" IS NOT NULL AND jsonb_typeof("${name}") <> 'null'
        AND ("${name}"->>'v') IS DISTINCT FROM '2'
      ORDER BY "${primaryKey}" LIMIT ${BATCH}`;
    const update = `UPDATE "${table}" SET "${name}" = $2::jsonb WHERE "${primaryKey}" = $1 AND "${name}" = $3::jsonb`;
    let after = '';
    for (;;) {
      const { rows } = await pool.query<{ row: string; value: unknown }>(select, [after]);
      for (const { row, value } of rows) {
        const place: SealedPlace = { column, row };
        if (isSealed(value) && value.v === 2) continue;
        let clear: unknown;
        try {
          clear = isSealed(value) ? unseal(value, keys, place) : value;
        } catch (error) {
          count.failed.push((error as Error).message);
          continue;
        }
        if (!options.dryRun) {
          const written = await pool.query(update, [row, JSON.stringify(seal(clear, keys, place)), JSON.stringify(value)]);
          if (written.rowCount === 0) continue;
        }
        if (isSealed(value)) count.upgraded += 1;
        else count.sealed += 1;
      }
      if (rows.length < BATCH) break;
      after = rows[rows.length - 1]!.row;
    }
  }
  return report;
}
