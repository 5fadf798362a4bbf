import { Writable } from 'node:stream';
import { ApplicationFailure } from '@temporalio/common';
import { assembleProviders, type Providers } from '../../activities/providers';
import type { Bank } from '../../activities/providers/bank';
import { httpBank } from '../../activities/providers/http-bank';
import { httpRegistry } from '../../activities/providers/http-registry';
import { httpWechat } from '../../activities/providers/http-wechat';
import type { BusinessRegistry } from '../../activities/providers/registry';
import { signedHttpClient, type SignedHttpDeps } from '../../activities/providers/signed-http';
import type { WechatProvider } from '../../activities/providers/wechat';
import { loadConfig } from '../../config';
import { createLogger } from '../../config/logger';
import { loadSignedHttpConfig, type SignedHttpConfig } from '../../config/signed-http';
import type { Database } from '../../prisma/client';
import { classifyActivityError } from '../../worker/activity-failures';
import { fakeProviders } from '../support/fake-providers';
import { productionEnv } from '../support/production-env';
import { bankBooks, contractError, registryBooks, startSignedStandin, wechatCodes, type SignedStandin, type StandinReply, type StandinRequest } from '../support/signed-http-standin';

// Values no other test uses, so a hit in a log line or a failure message can only come from here.
const ACCOUNT_NUMBER = '6222020200987654321';
const DELAYED_ACCOUNT = '6222020200987650000';
const ENTERPRISE = '福州签名测试有限公司';
const CREDIT_CODE = '91350100M000100Y43';
const KEY_ID = 'realname-test-key';
const SECRET = 'signed-http-standin-secret-0123456789abcdef';
const TICKET = '5d3c2b1a-0f9e-4d8c-b7a6-958473625140';
const PAYOUT_KEY = 'prc_signed_1:payout:rev_signed_1';
const account = (accountNumber = ACCOUNT_NUMBER) => ({ accountNumber, bank: '中国工商银行', location: '福建省福州市', branch: '五一支行' });

let handle: (request: StandinRequest) => StandinReply | Promise<StandinReply> = () => ({ status: 500 });
let standin: SignedStandin;
const logLines: string[] = [];
const logger = createLogger({
  level: 'trace',
  destination: new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  }),
});
const failureMessages: string[] = [];

function settings(overrides: Record<string, string> = {}): SignedHttpConfig {
  const problems: string[] = [];
  const config = loadSignedHttpConfig({ BANK_HTTP_URL: `${standin.url}/gw`, BANK_HTTP_KEY_ID: KEY_ID, BANK_HTTP_SECRET: SECRET, BANK_HTTP_TIMEOUT_SECONDS: '1', ...overrides }, 'bank', false, problems);
  expect(problems).toEqual([]);
  return config!;
}

function adapters(config: SignedHttpConfig = settings(), deps: SignedHttpDeps = {}) {
  return {
    bank: httpBank({ client: signedHttpClient('bank', config, deps), logger }),
    registry: httpRegistry({ client: signedHttpClient('registry', config, deps), logger }),
    wechat: httpWechat({ client: signedHttpClient('wechat', config, deps), logger }),
  };
}

type Adapters = ReturnType<typeof adapters>;

/** One call per adapter, as its activity makes it. */
const CALLS: Record<keyof Adapters, (a: { bank: Bank; registry: BusinessRegistry; wechat: WechatProvider }) => Promise<unknown>> = {
  bank: (a) => a.bank.payout({ idempotencyKey: PAYOUT_KEY, account: account(), amountFen: 37, payeeName: ENTERPRISE }),
  registry: (a) => a.registry.lookup({ name: ENTERPRISE, creditCode: CREDIT_CODE }),
  wechat: (a) => a.wechat.createQrCode(TICKET, Date.now() + 600_000),
};

async function failureOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  const failure = error as ApplicationFailure;
  failureMessages.push(failure.message);
  return { type: failure.type, retryable: classifyActivityError(failure).retryable, message: failure.message, details: failure.details };
}

beforeAll(async () => {
  standin = await startSignedStandin({ keyId: KEY_ID, secret: SECRET, handle: (request) => handle(request) });
});
afterAll(async () => {
  await standin.stop();
});
beforeEach(() => {
  standin.calls.length = 0;
  standin.refusals.length = 0;
});

describe.each(['bank', 'registry', 'wechat'] as const)('the %s adapter against a loopback server that follows the signed contract', (system) => {
  const call = (a: Adapters = adapters()) => CALLS[system](a);

  it('signs every request as signing.md says (the server verifies it), under the base URL\'s path, with a fresh nonce each time', async () => {
    handle = { bank: bankBooks().handle, registry: registryBooks({ [CREDIT_CODE]: { registeredName: ENTERPRISE } }).handle, wechat: wechatCodes().handle }[system];
    await call();
    await call();
    expect(standin.refusals).toEqual([]);
    expect(standin.calls).toHaveLength(2);
    expect(standin.calls[0]!.path).toMatch(/^\/gw\/v1\//);
    expect(standin.calls[0]!.headers['x-key-id']).toBe(KEY_ID);
    expect(standin.calls[0]!.nonce).not.toBe(standin.calls[1]!.nonce);
  });

  it.each([429, 408, 500, 502, 503, 504])('HTTP %i (throttled, down) is DependencyUnavailable, retried', async (status) => {
    handle = () => contractError(status, status === 429 ? 'throttled' : 'unavailable');
    const failure = await failureOf(call());
    expect(failure).toMatchObject({ type: 'DependencyUnavailable', retryable: true });
    expect(failure.message).toContain(`HTTP ${status}`);
  });

  it('a 429 with Retry-After sets the next attempt\'s delay (1..300 s); one out of range leaves it to the retry policy', async () => {
    handle = () => ({ ...contractError(429, 'throttled'), headers: { 'retry-after': '7' } });
    const error = await CALLS[system](adapters()).catch((e: unknown) => e);
    expect(error).toMatchObject({ type: 'DependencyUnavailable', nonRetryable: false, nextRetryDelay: '7s' });
    handle = () => ({ ...contractError(429, 'throttled'), headers: { 'retry-after': '86400' } });
    expect(((await CALLS[system](adapters()).catch((e: unknown) => e)) as ApplicationFailure).nextRetryDelay).toBeUndefined();
  });

  it('a 503 from a proxy, unsigned and not JSON, is retried too', async () => {
    handle = () => ({ status: 503, raw: '<html>bad gateway</html>', sign: false });
    expect(await failureOf(call())).toMatchObject({ type: 'DependencyUnavailable', retryable: true });
  });

  it.each([
    [400, 'invalid_request'],
    [403, 'key_not_allowed'],
    [404, 'not_found'],
    [409, 'idempotency_conflict'],
    [422, 'amount_invalid'],
  ])('HTTP %i %s (a contract refusal) is ProviderRejected, not retried, naming the code but not the provider\'s message', async (status, code) => {
    handle = () => contractError(status, code);
    const failure = await failureOf(call());
    expect(failure).toMatchObject({ type: 'ProviderRejected', retryable: false });
    expect(failure.message).toContain(`HTTP ${status}`);
    expect(failure.message).toContain(code);
    expect(failure.message).not.toContain('the provider says');
  });

  it('no answer within the timeout (1 s) is DependencyUnavailable, retried', async () => {
    handle = () => ({ status: 200, body: {}, delayMs: 2_500 });
    const started = Date.now();
    const failure = await failureOf(call());
    expect(failure).toMatchObject({ type: 'DependencyUnavailable', retryable: true });
    expect(failure.message).toContain('no answer within 1 s');
    expect(Date.now() - started).toBeLessThan(2_400);
  });

  it('a provider that cannot be reached (connection refused) is DependencyUnavailable, retried', async () => {
    const closed = await startSignedStandin({ keyId: KEY_ID, secret: SECRET, handle: () => ({ status: 200 }) });
    await closed.stop();
    const failure = await failureOf(call(adapters(settings({ BANK_HTTP_URL: closed.url }))));
    expect(failure).toMatchObject({ type: 'DependencyUnavailable', retryable: true });
    expect(failure.message).toContain('ECONNREFUSED');
  });

  it.each([
    ['not JSON', { status: 200, raw: 'OK' }],
    ['not the contract\'s shape', { status: 200, body: { hello: 'world' } }],
    ['unsigned', { status: 200, body: { found: false }, sign: false }],
    ['signed with another key', { status: 200, body: { found: false }, sign: 'wrong' }],
    ['signed for another request (another nonce)', { status: 200, body: { found: false }, sign: 'other-nonce' }],
  ] as Array<[string, StandinReply]>)('an answer %s is ProviderRejected, not retried', async (_what, reply) => {
    handle = () => reply;
    expect(await failureOf(call())).toMatchObject({ type: 'ProviderRejected', retryable: false });
  });

  it('a wrong secret is refused by the server (401 signature_invalid), not retried', async () => {
    handle = () => ({ status: 200, body: {} });
    const failure = await failureOf(call(adapters(settings({ BANK_HTTP_SECRET: 'another-secret-another-secret-another-secret' }))));
    expect(standin.refusals).toEqual(['signature_invalid']);
    expect(standin.calls).toEqual([]);
    expect(failure).toMatchObject({ type: 'ProviderRejected', retryable: false });
  });

  it('an unknown key id (401 unknown_key) and a clock 10 minutes off (401 timestamp_skewed) are refused by the server, not retried', async () => {
    handle = () => ({ status: 200, body: {} });
    expect(await failureOf(call(adapters(settings({ BANK_HTTP_KEY_ID: 'retired-key' }))))).toMatchObject({ type: 'ProviderRejected', retryable: false });
    const skewed = await failureOf(call(adapters(settings(), { now: () => Date.now() - 600_000 })));
    expect(skewed).toMatchObject({ type: 'ProviderRejected', retryable: false });
    expect(standin.refusals).toEqual(['unknown_key', 'timestamp_skewed']);
  });
});

describe('bank payouts (bank.md, R-E6.4)', () => {
  it('R-E6.4: sends the amount and the account under the payout\'s idempotency key; a credited payout comes back delivered', async () => {
    const books = bankBooks();
    handle = books.handle;
    const sent = await adapters().bank.payout({ idempotencyKey: PAYOUT_KEY, account: account(), amountFen: 37, payeeName: ENTERPRISE });
    expect(sent).toEqual({ bankReference: 'B1', deliveredAt: expect.any(Number) });
    const [request] = standin.calls;
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe('/gw/v1/payouts');
    expect(request!.idempotencyKey).toBe(PAYOUT_KEY);
    expect(request!.json).toEqual({ amountFen: 37, currency: 'CNY', payee: { name: ENTERPRISE, accountNumber: ACCOUNT_NUMBER, bankName: '中国工商银行', location: '福建省福州市', branch: '五一支行' }, remark: '实名认证打款验证' });
  });

  it('R-E6.4: an accepted payout has no delivery yet (the bank reports it by webhook)', async () => {
    handle = bankBooks().handle;
    await expect(adapters().bank.payout({ idempotencyKey: `${PAYOUT_KEY}:later`, account: account(DELAYED_ACCOUNT), amountFen: 12, payeeName: ENTERPRISE })).resolves.toEqual({ bankReference: 'B1', deliveredAt: null });
  });

  it('R-E6.4: never sent twice: a retry after a 503, and after a timeout the bank did pay, carry the same key and body and get the first transfer back', async () => {
    const books = bankBooks();
    const bank = adapters().bank;
    const request = { idempotencyKey: PAYOUT_KEY, account: account(), amountFen: 37, payeeName: ENTERPRISE };
    handle = () => contractError(503, 'unavailable');
    expect(await failureOf(bank.payout(request))).toMatchObject({ retryable: true });
    // The bank pays, then its answer comes too late.
    handle = (call) => ({ ...books.handle(call), delayMs: 2_500 });
    expect(await failureOf(bank.payout(request))).toMatchObject({ retryable: true });
    handle = books.handle;
    const first = await bank.payout(request);
    const again = await bank.payout(request);
    expect(again).toEqual(first);
    expect(books.transfers.size).toBe(1);
    const keys = standin.calls.map((call) => call.idempotencyKey);
    expect(new Set(keys)).toEqual(new Set([PAYOUT_KEY]));
    expect(new Set(standin.calls.map((call) => call.body)).size).toBe(1);
    expect(new Set(standin.calls.map((call) => call.nonce)).size).toBe(standin.calls.length);
  });

  it('R-E6.4: the same key with another body is 409 idempotency_conflict, not retried', async () => {
    handle = bankBooks().handle;
    const bank = adapters().bank;
    await bank.payout({ idempotencyKey: PAYOUT_KEY, account: account(), amountFen: 37, payeeName: ENTERPRISE });
    expect(await failureOf(bank.payout({ idempotencyKey: PAYOUT_KEY, account: account(), amountFen: 38, payeeName: ENTERPRISE }))).toMatchObject({ type: 'ProviderRejected', retryable: false, message: expect.stringContaining('idempotency_conflict') });
  });

  it('R-E6: the payee is the enterprise: an account not held in its name is 422 payee_name_mismatch, not retried; without a name nothing is sent', async () => {
    handle = bankBooks({ [ACCOUNT_NUMBER]: '另一家公司' }).handle;
    const bank = adapters().bank;
    // R-E6.4: a refusal of the account is the holder's to mend: PayoutRefused, naming why, sends them back to the details.
    expect(await failureOf(bank.payout({ idempotencyKey: PAYOUT_KEY, account: account(), amountFen: 37, payeeName: ENTERPRISE }))).toMatchObject({
      type: 'PayoutRefused',
      retryable: false,
      message: expect.stringContaining('payee_name_mismatch'),
      details: [{ refusal: 'payee_name_mismatch' }],
    });
    standin.calls.length = 0;
    expect(await failureOf(bank.payout({ idempotencyKey: PAYOUT_KEY, account: account(), amountFen: 37 }))).toMatchObject({ type: 'InvalidActivityInput', retryable: false });
    expect(standin.calls).toEqual([]);
  });

  it('an account the bank refuses (422 account_invalid) is not retried; an answer naming another payout or with no usable status is refused', async () => {
    handle = bankBooks().handle;
    const bank = adapters().bank;
    expect(await failureOf(bank.payout({ idempotencyKey: `${PAYOUT_KEY}:bad`, account: account('12-34'), amountFen: 5, payeeName: ENTERPRISE }))).toMatchObject({
      type: 'PayoutRefused',
      retryable: false,
      details: [{ refusal: 'account_invalid' }],
    });
    // An amount out of range is ours to mend, not the holder's: it stays a give-up.
    expect(await failureOf(bank.payout({ idempotencyKey: `${PAYOUT_KEY}:amount`, account: account(), amountFen: 100, payeeName: ENTERPRISE }))).toMatchObject({ type: 'ProviderRejected', retryable: false, message: expect.stringContaining('amount_invalid') });
    handle = () => ({ status: 201, body: { idempotencyKey: 'prc_other:payout:rev', bankReference: 'B9', status: 'accepted', deliveredAt: null } });
    expect(await failureOf(bank.payout({ idempotencyKey: PAYOUT_KEY, account: account(), amountFen: 5, payeeName: ENTERPRISE }))).toMatchObject({ type: 'ProviderRejected', message: expect.stringContaining('another payout') });
    handle = () => ({ status: 201, body: { idempotencyKey: PAYOUT_KEY, bankReference: 'B9', status: 'delivered', deliveredAt: null } });
    expect(await failureOf(bank.payout({ idempotencyKey: PAYOUT_KEY, account: account(), amountFen: 5, payeeName: ENTERPRISE }))).toMatchObject({ type: 'ProviderRejected', retryable: false });
  });
});

describe('payout refusals (bank.md, R-E6.4)', () => {
  it('R-E6.4: a closed account is refused for the holder to correct; a refusal not signed by the bank (or signed with another key) is no refusal of the account', async () => {
    handle = () => contractError(422, 'account_closed');
    const bank = adapters().bank;
    const request = { idempotencyKey: `${PAYOUT_KEY}:closed`, account: account(), amountFen: 5, payeeName: ENTERPRISE };
    expect(await failureOf(bank.payout(request))).toMatchObject({ type: 'PayoutRefused', details: [{ refusal: 'account_closed' }] });
    for (const sign of [false, 'wrong'] as const) {
      handle = () => ({ ...contractError(422, 'account_closed'), sign });
      // Someone on the path cannot send a holder back to change the account the money goes to.
      expect(await failureOf(bank.payout(request))).toMatchObject({ type: 'ProviderRejected', retryable: false, message: expect.stringContaining('not signed') });
    }
    // A code outside the contract's refusals is not one either.
    handle = () => contractError(422, 'account_frozen_by_court');
    expect(await failureOf(bank.payout(request))).toMatchObject({ type: 'ProviderRejected' });
  });
});

describe('registry lookups (registry.md, R-E3)', () => {
  it('R-E3: sends the credit code only, in the body, and answers the registered name', async () => {
    handle = registryBooks({ [CREDIT_CODE]: { registeredName: ENTERPRISE } }).handle;
    await expect(adapters().registry.lookup({ name: '提交的名称', creditCode: CREDIT_CODE.toLowerCase() })).resolves.toEqual({ found: true, registeredName: ENTERPRISE, status: 'active' });
    const [request] = standin.calls;
    expect(request!.path).toBe('/gw/v1/registrations/lookup');
    expect(request!.json).toEqual({ creditCode: CREDIT_CODE });
    expect(request!.idempotencyKey).toBeUndefined();
    expect(request!.body).not.toContain('提交的名称');
  });

  it('R-E3: a code the registry does not hold yet is not found; a revoked or deregistered enterprise is found with its status, and a warning names it', async () => {
    for (const status of ['revoked', 'deregistered'] as const) {
      handle = registryBooks({ [CREDIT_CODE]: { registeredName: ENTERPRISE, status } }).handle;
      await expect(adapters().registry.lookup({ name: ENTERPRISE, creditCode: CREDIT_CODE })).resolves.toEqual({ found: true, registeredName: ENTERPRISE, status });
      expect(logLines.some((line) => line.includes(`"status":"${status}"`) && line.includes('"level":40'))).toBe(true);
    }
    handle = registryBooks().handle;
    await expect(adapters().registry.lookup({ name: ENTERPRISE, creditCode: CREDIT_CODE })).resolves.toEqual({ found: false });
  });

  it('R-E2, R-E7: a subject looked up by its registration number is answered with the credit code the registry holds for it; an unusable one is ProviderRejected', async () => {
    const registration = '110108000123459';
    handle = registryBooks({ [registration]: { registeredName: ENTERPRISE, unifiedCreditCode: CREDIT_CODE.toLowerCase() } }).handle;
    await expect(adapters().registry.lookup({ name: ENTERPRISE, creditCode: registration })).resolves.toEqual({ found: true, registeredName: ENTERPRISE, status: 'active', unifiedCreditCode: CREDIT_CODE });
    expect(standin.calls.at(-1)!.json).toEqual({ creditCode: registration });
    // The code asked for named as its own credit code adds nothing.
    handle = registryBooks({ [CREDIT_CODE]: { registeredName: ENTERPRISE, unifiedCreditCode: CREDIT_CODE } }).handle;
    await expect(adapters().registry.lookup({ name: ENTERPRISE, creditCode: CREDIT_CODE })).resolves.toEqual({ found: true, registeredName: ENTERPRISE, status: 'active' });
    for (const unifiedCreditCode of ['91350100M000100Y44', 42]) {
      handle = () => ({ status: 200, body: { found: true, creditCode: registration, registeredName: ENTERPRISE, status: 'active', unifiedCreditCode } });
      expect(await failureOf(adapters().registry.lookup({ name: ENTERPRISE, creditCode: registration }))).toMatchObject({ type: 'ProviderRejected', retryable: false });
    }
  });

  it('an answer for another code, or with no usable name or status, is ProviderRejected', async () => {
    for (const body of [
      { found: true, creditCode: '91350100M000200Y27', registeredName: ENTERPRISE, status: 'active' },
      { found: true, creditCode: CREDIT_CODE, registeredName: '', status: 'active' },
      { found: true, creditCode: CREDIT_CODE, registeredName: ENTERPRISE, status: 'dormant' },
    ]) {
      handle = () => ({ status: 200, body });
      expect(await failureOf(adapters().registry.lookup({ name: ENTERPRISE, creditCode: CREDIT_CODE }))).toMatchObject({ type: 'ProviderRejected', retryable: false });
    }
  });
});

describe('legal representative checks (registry.md, R-E4, R-C7)', () => {
  const representative = { name: '李四', documentNumber: '11010519491231002X' };
  it('R-E4: sends the code and the person in the body, answers yes for the representative the registry holds and no for anyone else', async () => {
    handle = registryBooks({ [CREDIT_CODE]: { registeredName: ENTERPRISE, legalRepresentative: representative } }).handle;
    await expect(adapters().registry.confirmLegalRepresentative({ creditCode: CREDIT_CODE.toLowerCase(), name: ' 李四 ', documentNumber: '11010519491231002x' })).resolves.toEqual({ isLegalRepresentative: true });
    const [request] = standin.calls;
    expect(request!.path).toBe('/gw/v1/registrations/legal-representative');
    expect(request!.json).toEqual({ creditCode: CREDIT_CODE, ...representative });
    expect(request!.idempotencyKey).toBeUndefined();
    await expect(adapters().registry.confirmLegalRepresentative({ creditCode: CREDIT_CODE, name: '王五', documentNumber: representative.documentNumber })).resolves.toEqual({ isLegalRepresentative: false });
    // The log keeps the answer, never the person.
    expect(logLines.join('\n')).not.toContain('李四');
    expect(logLines.join('\n')).not.toContain(representative.documentNumber);
  });

  it('an answer for another code, or without a yes or no, is ProviderRejected', async () => {
    for (const body of [{ creditCode: '91350100M000200Y27', isLegalRepresentative: true }, { creditCode: CREDIT_CODE }, { creditCode: CREDIT_CODE, isLegalRepresentative: 'yes' }]) {
      handle = () => ({ status: 200, body });
      expect(await failureOf(adapters().registry.confirmLegalRepresentative({ creditCode: CREDIT_CODE, ...representative }))).toMatchObject({ type: 'ProviderRejected', retryable: false });
    }
  });
});

describe('WeChat real-name codes (wechat.md, R-P4)', () => {
  it('R-P4, R-P7: issues a code for the ticket and its expiry, the ticket as idempotency key, nothing about the person; a repeat gets the first code', async () => {
    handle = wechatCodes().handle;
    const expiresAt = Date.now() + 600_000;
    const person = { name: '魏微信', documentType: 'mainland_id' as const, documentNumber: '350102199001011234' };
    const first = await adapters().wechat.createQrCode(TICKET, expiresAt, person);
    expect(first.qrUrl).toMatch(/^https:\/\/wx\.example\.com\//);
    expect(await adapters().wechat.createQrCode(TICKET, expiresAt, person)).toEqual(first);
    const [request] = standin.calls;
    expect(request!.json).toEqual({ ticket: TICKET, expiresAt: new Date(expiresAt).toISOString() });
    expect(request!.idempotencyKey).toBe(TICKET);
    expect(standin.calls.map((call) => call.body).join('')).not.toContain(person.documentNumber);
  });

  it('a code URL that is not https or weixin, or an answer for another ticket, is ProviderRejected', async () => {
    for (const body of [{ ticket: TICKET, qrUrl: 'javascript:alert(1)' }, { ticket: 'another', qrUrl: 'https://wx.example.com/q/1' }]) {
      handle = () => ({ status: 201, body });
      expect(await failureOf(adapters().wechat.createQrCode(TICKET, Date.now() + 600_000))).toMatchObject({ type: 'ProviderRejected', retryable: false });
    }
  });
});

describe('configuration and selection (BANK_PROVIDER=http, REGISTRY_PROVIDER=http, WECHAT_PROVIDER=http)', () => {
  it('outside sandbox mode: https only (http to loopback), a key id, a secret of 32+ characters, distinct from every other secret; each problem names its variable, never the secret', () => {
    const problems: string[] = [];
    loadSignedHttpConfig({ REGISTRY_HTTP_URL: 'http://registry.example.com', REGISTRY_HTTP_SECRET: 'short-secret', REGISTRY_HTTP_TIMEOUT_SECONDS: '0' }, 'registry', false, problems);
    expect(problems).toEqual([
      expect.stringContaining('REGISTRY_HTTP_URL may use plain http only to a loopback'),
      expect.stringContaining('REGISTRY_HTTP_KEY_ID is required'),
      expect.stringContaining('REGISTRY_HTTP_SECRET must be at least 32'),
      expect.stringContaining('REGISTRY_HTTP_TIMEOUT_SECONDS must be an integer from 1 to 25'),
    ]);
    // The bank's stays below sendPayout's 10 s start-to-close timeout.
    const bankProblems: string[] = [];
    loadSignedHttpConfig({ BANK_HTTP_URL: 'https://bank.example.com', BANK_HTTP_KEY_ID: 'k', BANK_HTTP_SECRET: SECRET, BANK_HTTP_TIMEOUT_SECONDS: '10' }, 'bank', false, bankProblems);
    expect(bankProblems).toEqual([expect.stringContaining('BANK_HTTP_TIMEOUT_SECONDS must be an integer from 1 to 8')]);
    expect(problems.join(' ')).not.toContain('short-secret');
    const env = productionEnv();
    expect(() => loadConfig({ ...env, BANK_PROVIDER: 'http' })).toThrow(/BANK_PROVIDER=http needs BANK_HTTP_URL, BANK_HTTP_KEY_ID and BANK_HTTP_SECRET/);
    expect(() =>
      loadConfig({ ...env, BANK_PROVIDER: 'http', BANK_HTTP_URL: 'https://bank.example.com', BANK_HTTP_KEY_ID: 'k1', BANK_HTTP_SECRET: env.WEBHOOK_SECRET_BANK! }),
    ).toThrow(/WEBHOOK_SECRET_BANK, BANK_HTTP_SECRET hold the same value/);
  });

  it('production mode accepts the three http adapters, which assembleProviders builds from ADAPTERS, each signing with its own key', async () => {
    const env: Record<string, string> = { ...productionEnv(), LOG_LEVEL: 'silent' };
    for (const prefix of ['BANK', 'REGISTRY', 'WECHAT']) {
      env[`${prefix}_PROVIDER`] = 'http';
      env[`${prefix}_HTTP_URL`] = standin.url;
      env[`${prefix}_HTTP_KEY_ID`] = KEY_ID;
      env[`${prefix}_HTTP_SECRET`] = prefix === 'BANK' ? SECRET : `${SECRET}-${prefix.toLowerCase()}`;
    }
    const config = loadConfig(env);
    expect(config.signedHttp.bank).toMatchObject({ baseUrl: standin.url, keyId: KEY_ID, timeoutSeconds: 5 });
    expect(config.signedHttp.registry).toMatchObject({ timeoutSeconds: 10 });
    const { bank: _bank, registry: _registry, wechat: _wechat, ...others } = fakeProviders();
    const providers: Providers = assembleProviders({ db: {} as Database, config, logger }, others);
    handle = bankBooks().handle;
    await expect(CALLS.bank(providers)).resolves.toEqual({ bankReference: 'B1', deliveredAt: expect.any(Number) });
    // The stand-in holds the bank's key only: the registry's and WeChat's calls, signed with theirs, are refused.
    expect(await failureOf(CALLS.registry(providers))).toMatchObject({ type: 'ProviderRejected' });
    expect(await failureOf(CALLS.wechat(providers))).toMatchObject({ type: 'ProviderRejected' });
    expect(standin.refusals).toEqual(['signature_invalid', 'signature_invalid']);
    expect(standin.calls.map((call) => call.path)).toEqual(['/v1/payouts']);
  });
});

describe('no personal data in the adapters\' logs or failure messages', () => {
  it('account numbers, names and ID numbers appear in neither; the ids do', () => {
    const all = [...logLines, ...failureMessages].join('\n');
    expect(logLines.length).toBeGreaterThan(5);
    for (const secret of [ACCOUNT_NUMBER, DELAYED_ACCOUNT, ENTERPRISE, '魏微信', '350102199001011234', SECRET, '五一支行']) expect(all).not.toContain(secret);
    expect(all).toContain(PAYOUT_KEY);
    expect(all).toContain(TICKET);
  });
});
