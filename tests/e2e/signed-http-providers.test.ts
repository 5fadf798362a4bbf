import { Writable } from 'node:stream';
import { signWebhook } from '../../api/webhook-signature';
import { createLogger } from '../../config/logger';
import { creditCodeCheckCharacter } from '../../domain';
import { applicant, mainlandId } from '../support/people';
import { captureWorkerLogs } from '../support/runtime';
import { bankBooks, contractError, registryBooks, startSignedStandin, wechatCodes, type SignedStandin } from '../support/signed-http-standin';
import { eventually, http, postWebhook, startSystem, uniqueId, uploadDocument, type RunningSystem } from '../support/system';

const legalPerson = { name: '程签名', documentNumber: mainlandId('350102', '1971-04-02', '117') };
const handler = { name: '欧经办', documentNumber: mainlandId('350102', '1991-08-22', '135') };
// Ends 0000: the stand-in bank accepts it and reports the arrival later, by webhook.
const ACCOUNT_NUMBER = '6222020200123450000';

const creditCode = () => {
  const first17 = `91350100MA${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  return first17 + creditCodeCheckCharacter(first17);
};

// Over HTTP only: real API, worker, Temporal and PostgreSQL; the bank, the registry and WeChat
// are the signed HTTP adapters (BANK_PROVIDER=http …) against loopback servers that follow
// docs/provider-contracts/ and verify every signature. The face check stays the sandbox's.
describe('the signed HTTP adapters end to end: bank, registry and WeChat over their contracts', () => {
  let system: RunningSystem;
  const bank = bankBooks();
  const registry = registryBooks();
  const wechat = wechatCodes();
  const standins: Record<'BANK' | 'REGISTRY' | 'WECHAT', SignedStandin> = {} as never;
  const logLines: string[] = [];
  const people: string[] = [legalPerson.name, legalPerson.documentNumber, handler.name, handler.documentNumber, ACCOUNT_NUMBER];
  // The bank's first answer is a 503: the activity's retry must send the same payout again, not another.
  let bankOutages = 1;
  const flakyBank = { handle: (request: Parameters<typeof bank.handle>[0]) => (bankOutages-- > 0 ? contractError(503, 'unavailable') : bank.handle(request)) };

  beforeAll(async () => {
    const env: Record<string, string> = { LIMIT_ACCOUNTS_PER_ENTERPRISE: '1000' };
    for (const [prefix, books] of [['BANK', flakyBank], ['REGISTRY', registry], ['WECHAT', wechat]] as const) {
      const secret = `${prefix.toLowerCase()}-contract-secret-${uniqueId('')}-0123456789abcdef`;
      standins[prefix] = await startSignedStandin({ keyId: `${prefix.toLowerCase()}-key-1`, secret, handle: books.handle });
      Object.assign(env, {
        [`${prefix}_PROVIDER`]: 'http',
        [`${prefix}_HTTP_URL`]: `${standins[prefix].url}/realname`,
        [`${prefix}_HTTP_KEY_ID`]: `${prefix.toLowerCase()}-key-1`,
        [`${prefix}_HTTP_SECRET`]: secret,
      });
    }
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    // The adapters log to the system's logger (as worker/main.ts gives them its own); the worker's logs too.
    system = await startSystem(env, { logger: createLogger({ level: 'trace', destination }) });
    captureWorkerLogs((level, message, meta) => logLines.push(JSON.stringify({ level, message, meta })));
  });
  afterAll(async () => {
    captureWorkerLogs(null);
    if (system) {
      // The run's ledger check (tests/support/global-teardown.ts) holds payouts against the sandbox bank's books;
      // these went to the stand-in's. Held against its books here, then removed, as tests with fakes do.
      const payouts = await system.db.payout.findMany({ where: { idempotencyKey: { in: [...bank.transfers.keys()] } } });
      expect(payouts.map((p) => [p.idempotencyKey, p.amountFen])).toEqual([...bank.transfers].map(([key, t]) => [key, t.amountFen]));
      await system.db.payout.deleteMany({ where: { idempotencyKey: { in: [...bank.transfers.keys()] } } });
    }
    await system?.stop();
    await Promise.all(Object.values(standins).map((standin) => standin.stop()));
  });

  async function newAccount(displayName: string) {
    const accountId = (await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc'), displayName } })).body.id as string;
    return { accountId, token: await system.holderToken(accountId) };
  }

  const processWhen = (processId: string, token: string, check: (body: any) => boolean) =>
    eventually(() => http(system, 'GET', `/v1/processes/${processId}`, { token }), (r) => r.status === 200 && (check(r.body) || r.body.status !== 'open'));

  async function startEnterprise(name: string, code: string, token: string, accountId: string) {
    const upload = (purpose: string) => uploadDocument(system, token, purpose);
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/enterprise-verifications`, {
      token,
      body: {
        method: 'remittance',
        remittance: {
          bankAccount: { accountNumber: ACCOUNT_NUMBER, bank: '中国工商银行', location: '福建省福州市', branch: '五一支行' },
          legalPerson,
          handler,
          photos: { emblemSideDocumentId: await upload('legal_person_id_emblem'), portraitSideDocumentId: await upload('legal_person_id_portrait') },
        },
        enterprise: {
          licenceType: 'business_licence',
          licenceDocumentId: await upload('business_licence'),
          name,
          creditCode: code,
          address: '福建省福州市鼓楼区',
          contact: { name: '施联系', documentNumber: mainlandId('350102', '1986-05-14', '123'), mobile: '+86 138 0013 8001' },
        },
      },
    });
    expect(started.status).toBe(201);
    return started.body.processId as string;
  }

  it('R-E3, R-E6.4, R-E6.5: a remittance verification goes through over HTTP: the registry\'s name, one payout under the process\'s key (retried after a 503, paid once), the bank\'s signed delivery report, the right amount', async () => {
    const name = `福州签名汇款有限公司${uniqueId('')}`;
    const code = creditCode();
    registry.held.set(code, { registeredName: name });
    // The bank pays this account only in the enterprise's name (户名).
    bank.accounts.set(ACCOUNT_NUMBER, name);
    const { accountId, token } = await newAccount(name);
    const processId = await startEnterprise(name, code, token, accountId);

    const face = await processWhen(processId, token, (p) => p.step === 'awaiting_handler_face' && p.qrCode);
    // R-E3: the registry was asked for this code, over the contract, signed.
    const lookups = standins.REGISTRY.calls.filter((call) => (call.json as { creditCode?: string }).creditCode === code);
    expect(lookups.map((call) => call.path)).toEqual(['/realname/v1/registrations/lookup']);
    expect(lookups[0]!.body).not.toContain(name);
    await http(system, 'POST', `/v1/sandbox/face/tickets/${face.body.qrCode.ticket}/pass`);
    const inReview = await processWhen(processId, token, (p) => p.step === 'in_review' && p.remittance?.reviewId);
    const reviewId = inReview.body.remittance.reviewId as string;
    await eventually(() => http(system, 'GET', `/v1/reviews/${reviewId}`, { token: system.operatorToken }), (r) => r.status === 200);
    expect((await http(system, 'POST', `/v1/reviews/${reviewId}/decision`, { token: system.operatorToken, body: { decision: 'approve', reason: 'consistent' } })).status).toBe(200);

    await processWhen(processId, token, (p) => p.step === 'awaiting_payout_delivery');
    // R-E6.4: one transfer, under the key derived from the process and its review, with the amount our books hold.
    const idempotencyKey = `${processId}:payout:${reviewId}`;
    const payout = await system.db.payout.findFirstOrThrow({ where: { processId } });
    expect(payout.idempotencyKey).toBe(idempotencyKey);
    expect(bank.transfers.get(idempotencyKey)?.amountFen).toBe(payout.amountFen);
    // Sent twice (the first answered 503), the same key and body both times, paid once.
    const sent = standins.BANK.calls.filter((call) => call.idempotencyKey === idempotencyKey);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.body).toBe(sent[0]!.body);
    expect(JSON.parse(sent[0]!.body)).toMatchObject({ amountFen: payout.amountFen, payee: { name, accountNumber: ACCOUNT_NUMBER } });
    expect(standins.BANK.refusals).toEqual([]);
    expect(payout.bankReference).toMatch(/^B\d+$/);

    // The bank reports the arrival on this system's signed webhook (bank.md).
    const report = JSON.stringify({ eventId: `${payout.bankReference}:delivered`, idempotencyKey, deliveredAt: new Date().toISOString() });
    const timestamp = Math.floor(Date.now() / 1000);
    const delivered = await http(system, 'POST', '/v1/webhooks/bank', {
      body: report,
      headers: { 'x-signature': signWebhook(system.config.webhookSecrets.bank, timestamp, report), 'x-signature-timestamp': String(timestamp) },
    });
    expect(delivered.status).toBe(200);
    await processWhen(processId, token, (p) => p.step === 'awaiting_amount');
    const right = await http(system, 'POST', `/v1/processes/${processId}/remittance-amount`, { token, body: { amountFen: payout.amountFen } });
    expect(right.body).toEqual({ correct: true, attemptsLeft: 2 });
    expect((await processWhen(processId, token, () => false)).body.status).toBe('verified');
    expect((await http(system, 'GET', `/v1/accounts/${accountId}`, { token })).body.status).toBe('enterprise');
    expect(bank.transfers.size).toBe(1);
  });

  it('R-E3: a code the registry does not hold fails registry_not_found; one held under another name fails name_mismatch; one held as revoked fails enterprise_not_active', async () => {
    const unknown = await newAccount('registry unknown');
    const unknownProcess = await startEnterprise(`福州未登记有限公司${uniqueId('')}`, creditCode(), unknown.token, unknown.accountId);
    expect((await processWhen(unknownProcess, unknown.token, () => false)).body).toMatchObject({ status: 'failed', failureReason: 'registry_not_found' });

    const code = creditCode();
    registry.held.set(code, { registeredName: '福州另一个名字有限公司' });
    const other = await newAccount('registry other name');
    const otherProcess = await startEnterprise(`福州提交名字有限公司${uniqueId('')}`, code, other.token, other.accountId);
    expect((await processWhen(otherProcess, other.token, () => false)).body).toMatchObject({ status: 'failed', failureReason: 'name_mismatch' });

    // A revoked enterprise is not told to retry later: it fails enterprise_not_active, and its account may start again.
    const revokedCode = creditCode();
    const revokedName = `福州吊销有限公司${uniqueId('')}`;
    registry.held.set(revokedCode, { registeredName: revokedName, status: 'revoked' });
    const revoked = await newAccount('registry revoked');
    const revokedProcess = await startEnterprise(revokedName, revokedCode, revoked.token, revoked.accountId);
    expect((await processWhen(revokedProcess, revoked.token, () => false)).body).toMatchObject({ status: 'failed', failureReason: 'enterprise_not_active' });
    expect((await http(system, 'GET', `/v1/accounts/${revoked.accountId}`, { token: revoked.token })).body.status).toBe('unverified');
    expect(standins.REGISTRY.refusals).toEqual([]);
  });

  it('R-P4: an individual WeChat verification: the code comes from the WeChat gateway for the ticket, the scan and authorisation by signed webhook', async () => {
    const { accountId, token } = await newAccount('wechat over http');
    const person = applicant();
    people.push(person.name, person.documentNumber);
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body: { type: 'individual', method: 'wechat_qr', applicant: person } });
    expect(started.status).toBe(201);
    const { processId, qrCode } = started.body;
    expect(qrCode.qrUrl).toBe(wechat.codes.get(qrCode.ticket));
    const issued = standins.WECHAT.calls.filter((call) => call.idempotencyKey === qrCode.ticket);
    expect(issued).toHaveLength(1);
    // Nothing about the person goes to WeChat: it reports the real name it holds.
    expect(issued[0]!.body).not.toContain(person.documentNumber);
    expect((await postWebhook(system, 'wechat', { eventId: uniqueId('evt'), type: 'scanned', ticket: qrCode.ticket })).status).toBe(200);
    await processWhen(processId, token, (p) => p.step === 'awaiting_authorization');
    const authorized = { eventId: uniqueId('evt'), type: 'authorized', ticket: qrCode.ticket, realName: { name: person.name, documentNumber: person.documentNumber } };
    expect((await postWebhook(system, 'wechat', authorized)).status).toBe(200);
    expect((await processWhen(processId, token, () => false)).body.status).toBe('verified');
  });

  it('the logs of the API, the worker and the adapters hold none of the names, ID numbers and account numbers sent; the adapters\' lines name the ids', () => {
    const all = logLines.join('\n');
    expect(all).toContain('"adapter":"http"');
    expect(all).toContain('payout sent');
    for (const value of people) expect(all).not.toContain(value);
  });
});
