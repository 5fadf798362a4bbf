import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eventually, http, startSystem, type RunningSystem } from '../support/system';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');

/** The shell block of the README's "Driving a verification by hand", as a reader copies it. */
function walkThrough(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Driving a verification by hand'));
  const block = /```sh\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('README.md: no sh block under "Driving a verification by hand"');
  return block[1]!;
}

// Issue 18, bug 3: the walk-through runs again and again, carrying values in shell variables.
describe('the README walk-through, with npm run demo-account', () => {
  let system: RunningSystem;
  let env: Record<string, string>;

  beforeAll(async () => {
    system = await startSystem();
    // What a reader's shell has beside `npm start`: its API and secrets (the sandbox defaults there).
    env = {
      PATH: process.env.PATH!,
      HOME: process.env.HOME ?? root,
      PUBLIC_URL: system.baseUrl,
      JWT_SECRET: system.config.auth.jwtSecret,
      JWT_ISSUER: system.config.auth.issuer,
      WEBHOOK_SECRET_WECHAT: system.config.webhookSecrets.wechat,
      LOG_LEVEL: 'silent',
    };
  });
  afterAll(async () => {
    await system.stop();
  });

  it('demo-account prints shell exports of a fresh account and a holder token that works against the API', async () => {
    const { stdout, stderr } = await run('npm', ['run', '-s', 'demo-account'], { cwd: root, env, timeout: 60_000 });
    const exported = Object.fromEntries([...stdout.matchAll(/^export ([A-Z_]+)=(.*)$/gm)].map(([, name, value]) => [name!, value!.replace(/^'|'$/g, '')]));
    expect(Object.keys(exported).sort()).toEqual(['ACCOUNT_ID', 'API', 'DOCUMENT_NUMBER', 'HOLDER_TOKEN', 'OPERATOR_TOKEN']);
    expect(exported.API).toBe(system.baseUrl);
    expect(stderr).toContain(`account ${exported.ACCOUNT_ID} created`);
    const account = await http(system, 'GET', `/v1/accounts/${exported.ACCOUNT_ID}`, { token: exported.HOLDER_TOKEN });
    expect(account.status).toBe(200);
    expect(account.body.status).toBe('unverified');
    // The holder's token is for their account alone (another one is not found); the operator's is an operator's.
    expect((await http(system, 'GET', '/v1/accounts/acc_demo', { token: exported.HOLDER_TOKEN })).status).toBe(404);
    expect((await http(system, 'GET', `/v1/accounts/${exported.ACCOUNT_ID}`, { token: exported.OPERATOR_TOKEN })).status).toBe(200);

    const named = await run('npm', ['run', '-s', 'demo-account', '--', `${exported.ACCOUNT_ID}_b`], { cwd: root, env, timeout: 60_000 });
    expect(named.stdout).toContain(`export ACCOUNT_ID=${exported.ACCOUNT_ID}_b\n`);
  });

  it('demo-account exits 2 with one sentence when the API does not answer', async () => {
    await expect(run('npm', ['run', '-s', 'demo-account'], { cwd: root, env: { ...env, PUBLIC_URL: 'http://127.0.0.1:9' }, timeout: 60_000 })).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('the API at http://127.0.0.1:9 does not answer'),
    });
  });

  it('the walk-through verifies a fresh account each time it runs, twice in a row', async () => {
    const script = `set -euo pipefail\n${walkThrough()}`;
    const accounts: string[] = [];
    for (let time = 0; time < 2; time += 1) {
      const { stdout } = await run('bash', ['-c', script], { cwd: root, env, timeout: 120_000 });
      const processId = /"processId": "(prc_[^"]+)"/.exec(stdout)?.[1];
      expect(processId).toBeDefined();
      // Both webhooks were taken (not duplicates of an earlier run's events).
      expect(stdout.match(/^200 \{"received":true/gm)?.length ?? stdout).toBe(2);
      const done = await eventually(
        () => http(system, 'GET', `/v1/processes/${processId}`, { token: system.operatorToken }),
        (r) => r.body?.status !== 'open',
      );
      expect(done.body.status).toBe('verified');
      accounts.push(done.body.accountId as string);
    }
    expect(new Set(accounts).size).toBe(2);
  });
});
