import { applicant } from '../support/people';
import { http, startSystem, uniqueId, type RunningSystem } from '../support/system';

describe('abuse limits', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem({ RATE_LIMIT_STARTS_PER_MINUTE: '2', MAX_JSON_BODY_BYTES: '4096' });
  });
  afterAll(async () => {
    await system.stop();
  });

  it('limits process starts per token with 429, a Retry-After and problem+json', async () => {
    const accountId = (await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc'), displayName: 'Busy' } })).body.id;
    const token = await system.holderToken(accountId);
    const body = { type: 'individual', method: 'wechat_qr', applicant: applicant() };
    const statuses = [];
    let last;
    for (let i = 0; i < 3; i += 1) {
      last = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([201, 409, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last!.headers.get('content-type')).toContain('application/problem+json');
    // Another token has its own allowance.
    const other = (await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc'), displayName: 'Calm' } })).body.id;
    const calm = await http(system, 'POST', `/v1/accounts/${other}/verifications`, { token: await system.holderToken(other), body });
    expect(calm.status).toBe(201);
  });

  it('refuses an oversized JSON body with 413 problem+json and stores nothing', async () => {
    const big = await http(system, 'POST', '/v1/accounts', {
      token: system.operatorToken,
      body: { id: uniqueId('acc'), displayName: 'x'.repeat(5000) },
    });
    expect(big.status).toBe(413);
    expect(big.headers.get('content-type')).toContain('application/problem+json');
    expect(await system.db.account.count({ where: { displayName: 'x'.repeat(5000) } })).toBe(0);
  });
});
