import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '../../config';
import { temporalBinaries } from '../../scripts/infra/binaries';
import { resolveTemporalCli, temporalCliEnvironment } from '../../scripts/infra/temporal-cli';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');

// Issue 18, bug 2: `npm run temporal -- …` runs the CLI the project resolved, against the system's Temporal.
describe('npm run temporal (scripts/temporal.ts)', () => {
  let dir: string;
  let own: string;
  let onPath: string;
  let emptyPath: string;

  /** A stand-in CLI that says which one it is, what it was given and where it was pointed. */
  function fakeCli(path: string, name: string): string {
    writeFileSync(path, `#!/bin/sh\necho "${name} $TEMPORAL_ADDRESS $TEMPORAL_NAMESPACE $*"\n`);
    chmodSync(path, 0o755);
    return path;
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'temporal-cli-'));
    own = fakeCli(join(dir, 'own-temporal'), 'own');
    onPath = join(dir, 'bin');
    emptyPath = join(dir, 'empty');
    mkdirSync(onPath);
    mkdirSync(emptyPath);
    fakeCli(join(onPath, 'temporal'), 'on-path');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The script as `npm run temporal` runs it (tsx), with exactly the environment given (node itself found by its path). */
  function script(env: Record<string, string>, ...args: string[]) {
    return run(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'scripts', 'temporal.ts'), ...args], {
      cwd: root,
      env: { HOME: process.env.HOME ?? dir, ...env },
      timeout: 30_000,
    });
  }

  it('runs TEMPORAL_CLI_PATH first, before a `temporal` on PATH, pointed at the dev server npm start runs', async () => {
    const { stdout, stderr } = await script({ TEMPORAL_CLI_PATH: own, PATH: onPath, TEMPORAL_PORT: '7299' }, 'workflow', 'list');
    expect(stdout.trim()).toBe('own 127.0.0.1:7299 default workflow list');
    expect(stderr).toContain(`${own} (TEMPORAL_CLI_PATH)`);
  });

  it('then `temporal` on PATH, against TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE when the system has its own Temporal', async () => {
    const { stdout } = await script({ PATH: onPath, TEMPORAL_ADDRESS: '127.0.0.1:7300', TEMPORAL_NAMESPACE: 'realname' }, 'workflow', 'list', '--limit', '1');
    expect(stdout.trim()).toBe('on-path 127.0.0.1:7300 realname workflow list --limit 1');
  });

  it('then the project\'s own install (.tools, as scripts/setup.mjs recorded it)', async () => {
    const { stdout, stderr } = await script({ PATH: emptyPath }, '--version');
    expect(stdout).toMatch(/^temporal version \d+\.\d+\.\d+/);
    expect(stderr).toContain(`${temporalBinaries().cli} (project)`);
  });

  it('a TEMPORAL_CLI_PATH that is no executable stops with one sentence saying so, exit 1', async () => {
    await expect(script({ TEMPORAL_CLI_PATH: join(dir, 'missing'), PATH: onPath }, 'workflow', 'list')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`TEMPORAL_CLI_PATH=${join(dir, 'missing')} is not an executable file`),
    });
  });

  it('resolves in that order, and says what to do when there is none', () => {
    expect(resolveTemporalCli({ TEMPORAL_CLI_PATH: own, PATH: onPath }, () => '/project/temporal')).toEqual({ path: own, from: 'TEMPORAL_CLI_PATH' });
    expect(resolveTemporalCli({ PATH: `${emptyPath}:${onPath}` }, () => '/project/temporal')).toEqual({ path: join(onPath, 'temporal'), from: 'PATH' });
    expect(resolveTemporalCli({ PATH: emptyPath }, () => '/project/temporal')).toEqual({ path: '/project/temporal', from: 'project' });
    expect(() => resolveTemporalCli({ PATH: emptyPath }, () => undefined)).toThrow(/npm run setup.*TEMPORAL_CLI_PATH/);
  });

  it('passes TEMPORAL_TLS_* on as the CLI\'s own TLS variables', () => {
    const config = loadConfig({ TEMPORAL_ADDRESS: 'temporal.example:7233', TEMPORAL_TLS_CA_FILE: '/ca.pem', TEMPORAL_TLS_CERT_FILE: '/c.pem', TEMPORAL_TLS_KEY_FILE: '/k.pem', TEMPORAL_TLS_SERVER_NAME: 'frontend' });
    expect(temporalCliEnvironment(config, {})).toEqual({
      TEMPORAL_ADDRESS: 'temporal.example:7233',
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TLS: 'true',
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: '/ca.pem',
      TEMPORAL_TLS_CLIENT_CERT_PATH: '/c.pem',
      TEMPORAL_TLS_CLIENT_KEY_PATH: '/k.pem',
      TEMPORAL_TLS_SERVER_NAME: 'frontend',
    });
  });
});
