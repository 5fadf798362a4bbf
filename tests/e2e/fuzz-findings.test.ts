// Regressions for what `npm run fuzz` (schemathesis) found: each bad input a 4xx problem+json, never a 500.
import { http, postWebhook, startSystem, uniqueId, type RunningSystem } from '../support/system';

describe('fuzz findings', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    // A body limit raised well past the default 64 KiB, as an operator may set it: finding 7's deep
    // bodies must then reach the checks, not stop at the 413.
    system = await startSystem({ MAX_JSON_BODY_BYTES: String(1024 * 1024) });
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

  const nested = (depth: number, inner: string) => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;

  it('finding 7: a 100,000-deep array with a NUL inside, unsigned to a webhook, answers 400 problem+json, not a 500', async () => {
    const deep = await http(system, 'POST', '/v1/webhooks/wechat', { body: nested(100_000, '"\\u0000"') });
    expect(deep.status).toBe(400);
    expect(deep.headers.get('content-type')).toContain('application/problem+json');
    expect(deep.body.errors).toEqual([{ field: '(body)', message: 'must not nest arrays and objects more than 32 levels deep' }]);
    // The same with a raw NUL character, and as objects rather than arrays.
    const raw = await http(system, 'POST', '/v1/webhooks/qq', { body: `${'{"a":'.repeat(100_000)}"\u0000"${'}'.repeat(100_000)}` });
    expect(raw.status).toBe(400);
  });

  it('finding 7: a deep body without a NUL is refused with 400 before the signature check; 32 levels still reach it', async () => {
    const deep = await http(system, 'POST', '/v1/webhooks/face', { body: nested(100_000, '1') });
    expect(deep.status).toBe(400);
    expect(deep.body.errors[0].field).toBe('(body)');
    // 33 levels: the body's object and 32 arrays.
    const authenticated = await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: `{"displayName":${nested(32, '"x"')}}` });
    expect(authenticated.status).toBe(400);
    expect(authenticated.body.errors[0].message).toContain('32 levels');
    // Brackets inside strings are not nesting.
    const inString = await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc'), displayName: '['.repeat(100) } });
    expect(inString.status).toBe(201);
    const atLimit = await http(system, 'POST', '/v1/webhooks/face', { body: nested(32, '"\\u0000"') });
    expect(atLimit.status).toBe(400);
    expect(atLimit.body.errors).toEqual([{ field: '0.'.repeat(31) + '0', message: 'must not contain the NUL character' }]);
    const unsigned = await http(system, 'POST', '/v1/webhooks/face', { body: nested(32, '1') });
    expect(unsigned.status).toBe(401);
  });
});
