import { mainlandId } from '../support/people';
import { eventually, http, postWebhook, startSystem, uniqueId, type RunningSystem } from '../support/system';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
// GB 32100 check character computed by the domain's algorithm (see domain/__tests__/credit-code.test.ts).
const CREDIT_CODE = '91350100M000100Y43';

// Over HTTP only: real API, worker, Temporal dev server and PostgreSQL; payments through the sandbox gateway.
describe('enterprise verification by recharge (R-E5), over HTTP', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem({ LIMIT_ACCOUNTS_PER_ENTERPRISE: '1000' });
  });
  afterAll(async () => {
    await system.stop();
  });

  async function start(name: string) {
    const accountId = (await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc'), displayName: name } })).body.id;
    const token = await system.holderToken(accountId);
    const form = new FormData();
    form.set('purpose', 'business_licence');
    form.set('file', new Blob([Buffer.from(PNG)]), 'licence.png');
    const licence = await fetch(`${system.baseUrl}/v1/documents`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
    const licenceDocumentId = ((await licence.json()) as { id: string }).id;
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/enterprise-verifications`, {
      token,
      body: {
        method: 'recharge',
        enterprise: {
          licenceType: 'business_licence',
          licenceDocumentId,
          name,
          creditCode: CREDIT_CODE,
          address: '福建省福州市',
          contact: { name: '王五', documentNumber: mainlandId('350102', '1985-06-15', '123'), mobile: '+86 138 0013 8000' },
        },
      },
    });
    expect(started.status).toBe(201);
    const processId = started.body.processId as string;
    // The start answers once the process can be read.
    expect((await http(system, 'GET', `/v1/processes/${processId}`, { token })).status).toBe(200);
    const waiting = await eventually(
      () => http(system, 'GET', `/v1/processes/${processId}`, { token }),
      (r) => r.status === 200 && r.body.step === 'awaiting_payment',
    );
    return { accountId, token, processId, recharge: waiting.body.recharge };
  }

  it('R-E5, R-E9: paying the drawn amount in the enterprise name verifies the account and credits the amount once', async () => {
    const name = `福州测试科技有限公司${uniqueId('')}`;
    const { accountId, token, processId, recharge } = await start(name);
    expect(recharge.amountFen).toBeGreaterThanOrEqual(1);
    expect(recharge.amountFen).toBeLessThanOrEqual(99);
    expect(recharge.amountYuan).toBe(`0.${String(recharge.amountFen).padStart(2, '0')}`);
    const event = { eventId: uniqueId('evt'), transactionId: uniqueId('tx'), reference: processId, payerName: name, amountFen: recharge.amountFen };
    expect((await postWebhook(system, 'payment', event)).status).toBe(200);
    expect((await postWebhook(system, 'payment', event)).body.duplicate).toBe(true);
    const done = await eventually(() => http(system, 'GET', `/v1/processes/${processId}`, { token }), (r) => r.body.status !== 'open');
    expect(done.body.status).toBe('verified');
    const account = await http(system, 'GET', `/v1/accounts/${accountId}`, { token });
    expect(account.body.status).toBe('enterprise');
    const ledger = await system.db.ledgerEntry.findMany({ where: { accountId } });
    expect(ledger.map((entry) => entry.amountFen)).toEqual([recharge.amountFen]);
  });

  it('R-E5: a wrong payment is refunded and costs one attempt; the second wrong one fails the process', async () => {
    const name = `错付测试有限公司${uniqueId('')}`;
    const { accountId, token, processId, recharge } = await start(name);
    const wrong = await http(system, 'POST', '/v1/sandbox/payments', { body: { reference: processId, payerName: name, amountFen: recharge.amountFen + 100 } });
    expect(wrong.status).toBe(200);
    const afterFirst = await eventually(() => http(system, 'GET', `/v1/processes/${processId}`, { token }), (r) => r.body.recharge?.attemptsLeft === 1);
    expect(afterFirst.body.status).toBe('open');
    expect(await system.db.refund.count({ where: { transactionId: wrong.body.transactionId } })).toBe(1);
    await http(system, 'POST', '/v1/sandbox/payments', { body: { reference: processId, payerName: '别的公司', amountFen: recharge.amountFen } });
    const failed = await eventually(() => http(system, 'GET', `/v1/processes/${processId}`, { token }), (r) => r.body.status !== 'open');
    expect(failed.body.failureReason).toBe('recharge_attempts_exhausted');
    expect(await system.db.refund.count({ where: { processId } })).toBe(2);
    expect(await system.db.ledgerEntry.count({ where: { accountId } })).toBe(0);
    expect((await http(system, 'GET', `/v1/accounts/${accountId}`, { token })).body.status).toBe('unverified');
  });

  it('R-E2: bad basic information gets 400 naming each field and rule, and starts nothing', async () => {
    const accountId = (await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc'), displayName: 'Bad' } })).body.id;
    const token = await system.holderToken(accountId);
    const refused = await http(system, 'POST', `/v1/accounts/${accountId}/enterprise-verifications`, {
      token,
      body: {
        method: 'recharge',
        enterprise: {
          licenceType: 'business_licence',
          licenceDocumentId: 'doc_missing',
          name: '某公司',
          creditCode: '91350100M000100Y44',
          address: '地址',
          contact: { name: '王五', documentNumber: '110105194912310021', mobile: '12345' },
        },
      },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'enterprise.contact.documentNumber',
      'enterprise.contact.mobile',
      'enterprise.creditCode',
      'enterprise.licenceDocumentId',
    ]);
    expect(refused.body.errors.every((e: { rule: string }) => e.rule === 'R-E2')).toBe(true);
    expect(await system.db.process.count({ where: { accountId } })).toBe(0);
  });
});
