import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Writable } from 'node:stream';
import { createLogger } from '../../config/logger';
import { resolveTemporalCli } from '../../scripts/infra/temporal-cli';
import { applicant } from '../support/people';
import { eventually, http, postWebhook, startSystem, uniqueId, type RunningSystem } from '../support/system';

const run = promisify(execFile);

// Issue 18, bug 1: the README's operator command, run with the real Temporal CLI
// the project installs (TEMPORAL_CLI_PATH first, as every project command).
describe('temporal workflow show with the codec server', () => {
  let system: RunningSystem;
  const logged: Array<Record<string, unknown>> = [];
  const cli = resolveTemporalCli(process.env).path;

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) logged.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    system = await startSystem({}, { logger: createLogger({ level: 'info', destination }) });
  });
  afterAll(async () => {
    await system.stop();
  });

  /** The CLI against the test system's Temporal, with the flags given; its own config file and environment left out. */
  function temporal(...args: string[]) {
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TEMPORAL_')));
    return run(cli, [...args, '--address', system.config.temporal.address!, '--namespace', system.config.temporal.namespace, '--command-timeout', '30s'], {
      env: { ...env, TEMPORAL_CONFIG_FILE: '/dev/null' },
      timeout: 45_000,
    });
  }

  it('shows a finished individual verification with the applicant decoded, through POST /codec/decode as an operator', async () => {
    const created = await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc_cli'), displayName: 'CLI account' } });
    expect(created.status).toBe(201);
    const accountId = created.body.id as string;
    const token = await system.holderToken(accountId);
    const person = applicant({ name: '欧阳明月' });
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body: { type: 'individual', method: 'wechat_qr', applicant: person } });
    expect(started.status).toBe(201);
    const { processId, qrCode } = started.body;
    expect((await postWebhook(system, 'wechat', { eventId: uniqueId('evt'), type: 'scanned', ticket: qrCode.ticket })).status).toBe(200);
    const authorized = { eventId: uniqueId('evt'), type: 'authorized', ticket: qrCode.ticket, realName: { name: person.name, documentNumber: person.documentNumber } };
    expect((await postWebhook(system, 'wechat', authorized)).status).toBe(200);
    const done = await eventually(() => http(system, 'GET', `/v1/processes/${processId}`, { token }), (r) => r.body.status !== 'open');
    expect(done.body.status).toBe('verified');
    const workflowId = `account-process-${accountId}`;
    await eventually(
      () => system.temporal.workflow.getHandle(workflowId).describe().then((description) => description.status.name),
      (status) => status === 'COMPLETED',
    );

    // Without the codec the history is ciphertext: the name is nowhere.
    const sealed = await temporal('workflow', 'show', '--detailed', '-w', workflowId);
    expect(sealed.stdout).toContain('WorkflowExecutionCompleted');
    expect(sealed.stdout).not.toContain(person.name);

    logged.length = 0;
    const shown = await temporal(
      'workflow', 'show', '--detailed', '-w', workflowId,
      '--codec-endpoint', `${system.baseUrl}/codec`, '--codec-auth', `Bearer ${system.operatorToken}`,
    );
    expect(shown.stdout).toContain('WorkflowExecutionCompleted');
    // The workflow's input, decoded by the codec server.
    expect(shown.stdout).toContain(person.name);
    expect(shown.stdout).toContain(person.documentNumber);
    expect(shown.stdout).not.toContain('binary/encrypted');

    // What the CLI sent: events without payloads too (`{}`, an empty list), each in its namespace, as the operator.
    const calls = logged.filter((line) => line.msg === 'codec');
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.some((call) => call.payloads === 0)).toBe(true);
    expect(calls.every((call) => call.namespace === system.config.temporal.namespace && call.operator === 'test-operator')).toBe(true);
  });

  it('answers an empty Payloads (`{}`, or a null list) with an empty list, as proto3 JSON reads it', async () => {
    for (const body of ['{}', '{"payloads":null}', '{"payloads":[]}']) {
      const decoded = await http(system, 'POST', '/codec/decode', { token: system.operatorToken, body, headers: { 'x-namespace': 'default' } });
      expect(decoded.status).toBe(200);
      expect(decoded.body).toEqual({ payloads: [] });
    }
  });

  it('still refuses what is not a Payloads (a list that is no list) as 400', async () => {
    const refused = await http(system, 'POST', '/codec/decode', { token: system.operatorToken, body: { payloads: 'none' } });
    expect(refused.status).toBe(400);
  });
});
