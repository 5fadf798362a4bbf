// Regressions for what `npm run fuzz` (schemathesis) found: each bad input a 4xx problem+json, never a 500.
import { http, postWebhook, startSystem, uniqueId, type RunningSystem } from '../support/system';

describe('fuzz findings', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(async () => {
    await system.stop();
  });

  it('refuses a NUL character in a JSON string with 400 naming the field (PostgreSQL text cannot hold it)', async () => {
    const payment = await http(system, 'POST', '/v1/sandbox/payments', { body: { reference: 'prc_\u0000', payerName: 'x', amountFen: 1 } });
    expect(payment.status).toBe(400);
    expect(payment.headers.get('content-type')).toContain('application/problem+json');
    expect(payment.body.errors).toEqual([{ field: 'reference', message: 'must not contain the NUL character' }]);

    const account = await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc'), displayName: 'a\u0000b' } });
    expect(account.status).toBe(400);
    expect(account.body.errors[0].field).toBe('displayName');
  });

  it('refuses a NUL character in the path or the query with 400', async () => {
    const path = await http(system, 'GET', '/v1/accounts/acc_%00x', { token: system.operatorToken });
    expect(path.status).toBe(400);
    expect(path.headers.get('content-type')).toContain('application/problem+json');
    const query = await http(system, 'GET', '/v1/reviews?status=%00', { token: system.operatorToken });
    expect(query.status).toBe(400);
  });

  it('leaves an escaped backslash before u0000 alone, and signed webhooks still read their raw body', async () => {
    const account = await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc'), displayName: 'a\\u0000b' } });
    expect(account.status).toBe(201);
    const webhook = await postWebhook(system, 'wechat', { eventId: uniqueId('evt'), type: 'scanned', ticket: 'no-such-ticket' });
    expect(webhook.status).toBeLessThan(500);
    expect(webhook.status).not.toBe(401);
  });
});
