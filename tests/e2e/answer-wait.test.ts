import type { CodeIssuer } from '../../activities/providers/code-provider';
import { sandboxWechat } from '../../activities/providers/wechat';
import { applicant } from '../support/people';
import { eventually, http, startSystem, uniqueId, type RunningSystem } from '../support/system';

// R-G7, R-P7: a request that waits for its process's answer waits a bounded
// time. The WeChat code service is down: the process retries the code until
// its deadline, hours away; the start and a refresh answer 503 problem+json
// with Retry-After after API_ANSWER_WAIT_SECONDS, never hang, and lose nothing:
// once the service is back, a retry under the same Idempotency-Key is the same
// process with its code, and the refresh asked meanwhile is shown.
describe('a request whose process cannot answer yet', () => {
  let system: RunningSystem;
  let down = false;
  const sandbox: { issuer?: CodeIssuer } = {};
  const wechat: CodeIssuer = {
    async createQrCode(ticket, expiresAt, person) {
      if (down) throw new Error('the WeChat code service is unavailable');
      return sandbox.issuer!.createQrCode(ticket, expiresAt, person);
    },
  };

  beforeAll(async () => {
    system = await startSystem({ API_ANSWER_WAIT_SECONDS: '2' }, { providers: { wechat } });
    sandbox.issuer = sandboxWechat(system.config.api.publicUrl);
  });
  afterEach(() => {
    down = false;
  });
  afterAll(async () => {
    await system.stop();
  });

  async function newAccount() {
    const created = await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc_wait'), displayName: 'Waiting' } });
    return { accountId: created.body.id as string, token: await system.holderToken(created.body.id) };
  }

  it('the start: 503 with Retry-After within the bound while the code cannot be made; the same key afterwards is the same process, with its code', async () => {
    const { accountId, token } = await newAccount();
    const key = uniqueId('key');
    const body = { type: 'individual', method: 'wechat_qr', applicant: applicant() };
    const start = () => http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body, headers: { 'idempotency-key': key } });
    down = true;
    const began = Date.now();
    const waited = await start();
    expect(waited.status).toBe(503);
    expect(waited.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(waited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Date.now() - began).toBeLessThan(15_000);
    // Asked again while still down: the same answer, no second process.
    expect((await start()).status).toBe(503);

    down = false;
    const answered = await eventually(start, (r) => r.status === 200 || r.status === 201);
    expect(answered.body.qrCode.ticket).toEqual(expect.any(String));
    const rows = await system.db.process.findMany({ where: { accountId } });
    expect(rows.map((row) => row.id)).toEqual([answered.body.processId]);
  }, 120_000);

  it('a refresh: 503 within the bound while the new code cannot be made; it is shown once the service is back', async () => {
    const { accountId, token } = await newAccount();
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body: { type: 'individual', method: 'wechat_qr', applicant: applicant() } });
    expect(started.status).toBe(201);
    const { processId } = started.body;
    const first = started.body.qrCode.ticket as string;

    down = true;
    const began = Date.now();
    const refreshed = await http(system, 'POST', `/v1/processes/${processId}/qr-code`, { token });
    expect(refreshed.status).toBe(503);
    expect(refreshed.headers.get('retry-after')).not.toBeNull();
    expect(Date.now() - began).toBeLessThan(15_000);
    // The process is still open, its code being replaced.
    expect((await http(system, 'GET', `/v1/processes/${processId}`, { token })).body.status).toBe('open');

    down = false;
    const shown = await eventually(
      () => http(system, 'GET', `/v1/processes/${processId}`, { token }),
      (r) => r.body.qrCode?.ticket !== undefined && r.body.qrCode.ticket !== first,
    );
    expect(shown.body.status).toBe('open');
  }, 120_000);
});
