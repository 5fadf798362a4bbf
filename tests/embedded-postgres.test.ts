// Issue 18, bug 5: the embedded PostgreSQL runs wherever a user clones, a 0700
// folder included (root's home), as root and as an ordinary user.
import { cpSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../scripts/infra/ports';
import { packagedInstallDir, startEmbeddedPostgres, type RunningPostgres } from '../scripts/infra/postgres';

jest.setTimeout(120_000);

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL cloned into a 0700 folder', () => {
  // A stand-in for a clone under root's home: a private folder holding the PostgreSQL installation and the data folder.
  let clone: string;
  let running: RunningPostgres | undefined;
  beforeAll(() => {
    clone = mkdtempSync(join(tmpdir(), 'realname-clone-'));
    expect(statSync(clone).mode & 0o777).toBe(0o700);
    cpSync(packagedInstallDir(), join(clone, 'native'), { recursive: true, verbatimSymlinks: true });
  });
  afterAll(async () => {
    await running?.stop();
    if (running && !running.pgdata.startsWith(clone)) rmSync(dirname(running.pgdata), { recursive: true, force: true });
    rmSync(clone, { recursive: true, force: true });
  });

  it('starts, keeps its data across a restart, and runs from where its user can reach', async () => {
    const options = { dataDir: join(clone, '.data', 'postgres'), installDir: join(clone, 'native'), port: await freePort(), database: 'realname_clone', persistent: true };
    running = await startEmbeddedPostgres(options);
    await query(running.url, 'CREATE TABLE kept (note text); INSERT INTO kept VALUES ($$实名$$)');
    await running.stop();

    running = await startEmbeddedPostgres(options);
    expect(await query(running.url, 'SELECT note FROM kept')).toEqual([{ note: '实名' }]);
    const [{ data_directory: dataDirectory }] = (await query(running.url, 'SHOW data_directory')) as Array<{ data_directory: string }>;
    expect(dataDirectory).toBe(running.pgdata);
    if (userInfo().uid === 0) {
      // Root: PostgreSQL runs as `postgres`, which cannot enter the clone, so binaries and data live where it can (the same data on each start).
      expect(running.binDir.startsWith(clone)).toBe(false);
      expect(running.pgdata.startsWith(clone)).toBe(false);
      expect(statSync(running.pgdata).uid).not.toBe(0);
    } else {
      // An ordinary user owns the clone: everything runs in place.
      expect(running.binDir).toBe(join(clone, 'native', 'bin'));
      expect(running.pgdata).toBe(join(clone, '.data', 'postgres', 'pgdata'));
    }
  });
});
