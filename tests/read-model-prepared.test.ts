import { PROCESS_WITH_STEPS } from '../read-model/process-read';
import { heldPoolConnection } from './support/pool-connection';

/**
 * The read every GET of a process and every poll sends is a prepared statement
 * (read-model/process-read.ts): planned once per connection. A prepared
 * statement whose result type changes under it fails on each connection that
 * holds it ("cached plan must not change result type"), so a migration adding
 * a column to `processes` while the API runs would turn every poll into a 500
 * until the API restarted. The statement names its columns, so it does not.
 */
describe('the prepared process read survives a column added to processes', () => {
  const { connection } = heldPoolConnection();

  test('the read prepared before an ALTER TABLE still answers after it, on the same connection', async () => {
    const read = { name: 'prepared-read-probe', text: PROCESS_WITH_STEPS, values: ['prc_missing'] };
    await connection().query('BEGIN');
    try {
      // Six executions, so PostgreSQL has moved to its generic plan, the one it keeps.
      for (let i = 0; i < 6; i += 1) expect((await connection().query(read)).rows).toEqual([]);
      await connection().query('ALTER TABLE processes ADD COLUMN prepared_read_probe integer');
      expect((await connection().query(read)).rows).toEqual([]);
    } finally {
      await connection().query('ROLLBACK');
    }
  });

  test('the same probe with the columns as `p.*` fails: what the test above guards against', async () => {
    const starred = PROCESS_WITH_STEPS.replace(/SELECT p\.id,[^]*?p\.completed_at,/, 'SELECT p.*,');
    expect(starred).not.toEqual(PROCESS_WITH_STEPS);
    const read = { name: 'prepared-read-probe-starred', text: starred, values: ['prc_missing'] };
    await connection().query('BEGIN');
    try {
      for (let i = 0; i < 6; i += 1) await connection().query(read);
      await connection().query('ALTER TABLE processes ADD COLUMN prepared_read_probe integer');
      await expect(connection().query(read)).rejects.toThrow('cached plan must not change result type');
    } finally {
      await connection().query('ROLLBACK');
    }
  });
});
