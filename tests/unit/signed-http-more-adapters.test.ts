import { Writable } from 'node:stream';
import { ApplicationFailure } from '@temporalio/common';
import { assembleProviders, type Providers } from '../../activities/providers';
import { httpOperatorAlerts } from '../../activities/providers/http-operator-alerts';
import { httpPaymentGateway } from '../../activities/providers/http-payment-gateway';
import { httpQq } from '../../activities/providers/http-qq';
import { httpWechatNotices } from '../../activities/providers/http-wechat-notices';
import { signedHttpClient, type SignedHttpDeps } from '../../activities/providers/signed-http';
import { loadConfig } from '../../config';
import { createLogger } from '../../config/logger';
import { loadSignedHttpConfig, type SignedHttpConfig } from '../../config/signed-http';
import type { Database } from '../../prisma/client';
import { classifyActivityError } from '../../worker/activity-failures';
import { fakeProviders } from '../support/fake-providers';
import { productionEnv } from '../support/production-env';
import { alertingService, gatewayRefunds, qqCodes, wechatNoticeGateway } from '../support/signed-http-books';
import { contractError, startSignedStandin, type SignedStandin, type StandinReply, type StandinRequest } from '../support/signed-http-standin';

// Issue 20: the last four systems' http adapters (qq.md, payment-gateway.md,
// wechat-notices.md, operator-alerts.md) against a loopback server that follows
// signing.md. Values no other test uses, so a hit in a log line can only come from here.
const KEY_ID = 'realname-more-key';
const SECRET = 'signed-http-more-standin-secret-0123456789abcdef';
const TICKET = '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d';
// As the workflow gives it: one expiry per code, the same on every attempt (a retry's body is the first one's).
const EXPIRES_AT = Date.now() + 3_600_000;
const TRANSACTION = 'GW20261202MORE0001';
const ACCOUNT = 'acc_more_notices';
const NOTICE_ID = 'prc_more_1:verified:wechat';
const ALERT_ID = 'review:rev_more_1:overdue';
const HOLDER = '钱微信通知';
const NOTICE = { id: NOTICE_ID, accountId: ACCOUNT, title: '实名认证已通过', body: `${HOLDER}，您的实名认证已通过。` };
const ALERT = { id: ALERT_ID, accountId: 'operators', title: 'Manual review overdue', body: 'Review rev_more_1 of process prc_more_1 passed its SLA.' };

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
  const config = loadSignedHttpConfig({ QQ_HTTP_URL: `${standin.url}/gw`, QQ_HTTP_KEY_ID: KEY_ID, QQ_HTTP_SECRET: SECRET, QQ_HTTP_TIMEOUT_SECONDS: '1', ...overrides }, 'qq', false, problems);
  expect(problems).toEqual([]);
  return config!;
}

function adapters(config: SignedHttpConfig = settings(), deps: SignedHttpDeps = {}) {
  return {
    qq: httpQq({ client: signedHttpClient('qq', config, deps), logger }),
    paymentGateway: httpPaymentGateway({ client: signedHttpClient('paymentGateway', config, deps), logger }),
    wechatNotices: httpWechatNotices({ client: signedHttpClient('wechatNotices', config, deps), logger }),
    operatorAlerts: httpOperatorAlerts({ client: signedHttpClient('operatorAlerts', config, deps), logger }),
  };
}

type Adapters = ReturnType<typeof adapters>;
type System = keyof Adapters;

/** One call per adapter, as its activity or delivery loop makes it. */
const CALLS: Record<System, (a: Pick<Providers, System>) => Promise<unknown>> = {
  qq: (a) => a.qq.createQrCode(TICKET, EXPIRES_AT),
  paymentGateway: (a) => a.paymentGateway.refund({ transactionId: TRANSACTION, amountFen: 150_000 }),
  wechatNotices: (a) => a.wechatNotices.send(NOTICE),
  operatorAlerts: (a) => a.operatorAlerts.send(ALERT),
};

const books = (): Record<System, (request: StandinRequest) => StandinReply> => ({
  qq: qqCodes().handle,
  paymentGateway: gatewayRefunds({ [TRANSACTION]: 150_000 }).handle,
  wechatNotices: wechatNoticeGateway([ACCOUNT]).handle,
  operatorAlerts: alertingService().handle,
});

async function failureOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  const failure = error as ApplicationFailure;
  failureMessages.push(failure.message);
  return { type: failure.type, retryable: classifyActivityError(failure).retryable, message: failure.message };
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

describe.each(['qq', 'paymentGateway', 'wechatNotices', 'operatorAlerts'] as const)('the %s http adapter against a loopback server that follows the signed contract', (system) => {
  const call = (a: Adapters = adapters()) => CALLS[system](a);

  it('signs every request as signing.md says (the server verifies it), under the base URL\'s path, with a fresh nonce and the same idempotency key each time', async () => {
    handle = books()[system];
    const first = await call();
    const again = await call();
    expect(again).toEqual(first);
    expect(standin.refusals).toEqual([]);
    expect(standin.calls).toHaveLength(2);
    expect(standin.calls[0]!.path).toMatch(/^\/gw\/v1\//);
    expect(standin.calls[0]!.headers['x-key-id']).toBe(KEY_ID);
    expect(standin.calls[0]!.nonce).not.toBe(standin.calls[1]!.nonce);
    expect(standin.calls[0]!.idempotencyKey).toEqual(expect.any(String));
    expect(standin.calls[1]!.idempotencyKey).toBe(standin.calls[0]!.idempotencyKey);
    expect(standin.calls[1]!.body).toBe(standin.calls[0]!.body);
  });

  it.each([429, 408, 500, 503])('HTTP %i (throttled, down) is DependencyUnavailable, retried', async (status) => {
    handle = () => contractError(status, status === 429 ? 'throttled' : 'unavailable');
    expect(await failureOf(call())).toMatchObject({ type: 'DependencyUnavailable', retryable: true, message: expect.stringContaining(`HTTP ${status}`) });
  });

  it('a 429 with Retry-After sets the next attempt\'s delay', async () => {
    handle = () => ({ ...contractError(429, 'throttled'), headers: { 'retry-after': '9' } });
    expect(await call().catch((e: unknown) => e)).toMatchObject({ type: 'DependencyUnavailable', nonRetryable: false, nextRetryDelay: '9s' });
  });

  it('no answer within the timeout (1 s) is DependencyUnavailable, retried', async () => {
    handle = () => ({ status: 200, body: {}, delayMs: 2_500 });
    const started = Date.now();
    expect(await failureOf(call())).toMatchObject({ type: 'DependencyUnavailable', retryable: true, message: expect.stringContaining('no answer within 1 s') });
    expect(Date.now() - started).toBeLessThan(2_400);
  });

  it.each([
    [400, 'invalid_request'],
    [401, 'signature_invalid'],
    [409, 'idempotency_conflict'],
    [422, 'no_recipient'],
  ])('HTTP %i %s is ProviderRejected, not retried, naming the code but not the provider\'s message', async (status, code) => {
    handle = () => contractError(status, code);
    const failure = await failureOf(call());
    expect(failure).toMatchObject({ type: 'ProviderRejected', retryable: false });
    expect(failure.message).toContain(code);
    expect(failure.message).not.toContain('the provider says');
  });

  it.each([
    ['not JSON', { status: 200, raw: 'OK' }],
    ['not the contract\'s shape', { status: 200, body: { hello: 'world' } }],
    ['unsigned', { status: 200, body: {}, sign: false }],
    ['signed with another key', { status: 200, body: {}, sign: 'wrong' }],
  ] as Array<[string, StandinReply]>)('an answer %s is ProviderRejected, not retried', async (_what, reply) => {
    handle = () => reply;
    expect(await failureOf(call())).toMatchObject({ type: 'ProviderRejected', retryable: false });
  });
});

describe('QQ real-name codes (qq.md, R-P4)', () => {
  it('R-P4, R-P7: sends the ticket and its expiry only, the ticket as idempotency key; a URL that is not https or mqqapi is refused', async () => {
    handle = qqCodes().handle;
    const expiresAt = Date.now() + 600_000;
    const { qrUrl } = await adapters().qq.createQrCode(TICKET, expiresAt, { name: HOLDER, documentType: 'mainland_id', documentNumber: '350102199001019876' });
    expect(qrUrl).toMatch(/^https:\/\/qq\.example\.com\//);
    expect(standin.calls[0]!.json).toEqual({ ticket: TICKET, expiresAt: new Date(expiresAt).toISOString() });
    expect(standin.calls[0]!.idempotencyKey).toBe(TICKET);
    handle = () => ({ status: 201, body: { ticket: TICKET, qrUrl: 'javascript:alert(1)' } });
    expect(await failureOf(adapters().qq.createQrCode(TICKET, expiresAt))).toMatchObject({ type: 'ProviderRejected' });
  });
});

describe('payment gateway refunds (payment-gateway.md, R-E5)', () => {
  it('R-E5: never paid twice: the key is the gateway transaction id\'s (refund:<transactionId>), the same after a 503 and after a timeout the gateway did act on; one refund in its books', async () => {
    const gateway = gatewayRefunds({ [TRANSACTION]: 150_000 });
    const refunds = adapters().paymentGateway;
    handle = () => contractError(503, 'in_progress');
    expect(await failureOf(refunds.refund({ transactionId: TRANSACTION, amountFen: 150_000 }))).toMatchObject({ retryable: true });
    handle = (request) => ({ ...gateway.handle(request), delayMs: 2_500 });
    expect(await failureOf(refunds.refund({ transactionId: TRANSACTION, amountFen: 150_000 }))).toMatchObject({ retryable: true });
    handle = gateway.handle;
    await expect(refunds.refund({ transactionId: TRANSACTION, amountFen: 150_000 })).resolves.toEqual({ refundId: 'R1' });
    await expect(refunds.refund({ transactionId: TRANSACTION, amountFen: 150_000 })).resolves.toEqual({ refundId: 'R1' });
    expect(gateway.refunds.size).toBe(1);
    expect(new Set(standin.calls.map((request) => request.idempotencyKey))).toEqual(new Set([`refund:${TRANSACTION}`]));
    expect(standin.calls[0]!.json).toEqual({ transactionId: TRANSACTION, amountFen: 150_000, currency: 'CNY' });
  });

  it('R-E5: a transaction id outside the contract\'s key alphabet is keyed by its SHA-256, stably', async () => {
    const odd = 'GW 2026/12/02 #7';
    handle = gatewayRefunds({ [odd]: 100 }).handle;
    await adapters().paymentGateway.refund({ transactionId: odd, amountFen: 100 });
    await adapters().paymentGateway.refund({ transactionId: odd, amountFen: 100 });
    const keys = standin.calls.map((request) => request.idempotencyKey);
    expect(keys[0]).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(keys[1]).toBe(keys[0]);
  });

  it('R-E5: another amount than the payment\'s (422 amount_mismatch), an unknown transaction, and an answer refunding another amount or transaction are refused, not retried', async () => {
    handle = gatewayRefunds({ [TRANSACTION]: 150_000 }).handle;
    expect(await failureOf(adapters().paymentGateway.refund({ transactionId: TRANSACTION, amountFen: 1 }))).toMatchObject({ type: 'ProviderRejected', message: expect.stringContaining('amount_mismatch') });
    expect(await failureOf(adapters().paymentGateway.refund({ transactionId: 'GW-UNKNOWN', amountFen: 1 }))).toMatchObject({ type: 'ProviderRejected', message: expect.stringContaining('transaction_unknown') });
    for (const body of [
      { transactionId: TRANSACTION, refundId: 'R9', amountFen: 149_999, status: 'accepted' },
      { transactionId: 'GW-OTHER', refundId: 'R9', amountFen: 150_000, status: 'accepted' },
      { transactionId: TRANSACTION, refundId: 'R9', amountFen: 150_000, status: 'pending' },
    ]) {
      handle = () => ({ status: 201, body });
      expect(await failureOf(adapters().paymentGateway.refund({ transactionId: TRANSACTION, amountFen: 150_000 }))).toMatchObject({ type: 'ProviderRejected', retryable: false });
    }
    standin.calls.length = 0;
    expect(await failureOf(adapters().paymentGateway.refund({ transactionId: TRANSACTION, amountFen: 0 }))).toMatchObject({ type: 'InvalidActivityInput' });
    expect(standin.calls).toEqual([]);
  });
});

describe('WeChat notices through the platform\'s notice gateway (wechat-notices.md, R-G5)', () => {
  it('R-G5: sends the account id, the title and body, keyed by the notice id; an account not following the official account is 422 no_recipient, not retried', async () => {
    const gateway = wechatNoticeGateway([ACCOUNT]);
    handle = gateway.handle;
    await adapters().wechatNotices.send(NOTICE);
    expect(gateway.sent).toEqual([{ noticeId: NOTICE_ID, accountId: ACCOUNT, title: NOTICE.title, body: NOTICE.body }]);
    expect(standin.calls[0]!.idempotencyKey).toBe(NOTICE_ID);
    expect(await failureOf(adapters().wechatNotices.send({ ...NOTICE, id: 'prc_more_2:verified:wechat', accountId: 'acc_not_following' }))).toMatchObject({
      type: 'ProviderRejected',
      retryable: false,
      message: expect.stringContaining('no_recipient'),
    });
  });
});

describe('operator alerts to the platform\'s alerting service (operator-alerts.md, R-G7)', () => {
  it('R-G7: one incident per alert id however often it is sent', async () => {
    const service = alertingService();
    handle = service.handle;
    await adapters().operatorAlerts.send(ALERT);
    await adapters().operatorAlerts.send(ALERT);
    expect(service.incidents).toEqual([{ alertId: ALERT_ID, title: ALERT.title, body: ALERT.body }]);
    expect(standin.calls.map((request) => request.idempotencyKey)).toEqual([ALERT_ID, ALERT_ID]);
  });
});

describe('configuration and selection (QQ_PROVIDER, PAYMENT_GATEWAY_PROVIDER, WECHAT_NOTICE_PROVIDER, OPERATOR_ALERT_PROVIDER=http)', () => {
  it('each needs its URL, key id and secret; the gateway\'s and the senders\' timeouts stay below their loops\' attempts (1..8 s)', () => {
    const env = productionEnv();
    for (const [variable, prefix] of [
      ['QQ_PROVIDER', 'QQ'],
      ['PAYMENT_GATEWAY_PROVIDER', 'PAYMENT_GATEWAY'],
      ['WECHAT_NOTICE_PROVIDER', 'WECHAT_NOTICE'],
      ['OPERATOR_ALERT_PROVIDER', 'OPERATOR_ALERT'],
    ]) {
      expect(() => loadConfig({ ...env, [variable]: 'http' })).toThrow(`${variable}=http needs ${prefix}_HTTP_URL, ${prefix}_HTTP_KEY_ID and ${prefix}_HTTP_SECRET`);
    }
    const problems: string[] = [];
    loadSignedHttpConfig({ PAYMENT_GATEWAY_HTTP_URL: 'https://pay.example.com', PAYMENT_GATEWAY_HTTP_KEY_ID: 'k', PAYMENT_GATEWAY_HTTP_SECRET: SECRET, PAYMENT_GATEWAY_HTTP_TIMEOUT_SECONDS: '10' }, 'paymentGateway', false, problems);
    expect(problems).toEqual(['PAYMENT_GATEWAY_HTTP_TIMEOUT_SECONDS must be an integer from 1 to 8, got "10"']);
  });

  it('production mode builds the four http adapters from ADAPTERS, each signing with its own key', async () => {
    const env: Record<string, string> = { ...productionEnv(), LOG_LEVEL: 'silent' };
    for (const [variable, prefix] of [
      ['QQ_PROVIDER', 'QQ'],
      ['PAYMENT_GATEWAY_PROVIDER', 'PAYMENT_GATEWAY'],
      ['WECHAT_NOTICE_PROVIDER', 'WECHAT_NOTICE'],
      ['OPERATOR_ALERT_PROVIDER', 'OPERATOR_ALERT'],
    ]) {
      env[variable] = 'http';
      env[`${prefix}_HTTP_URL`] = standin.url;
      env[`${prefix}_HTTP_KEY_ID`] = KEY_ID;
      env[`${prefix}_HTTP_SECRET`] = prefix === 'QQ' ? SECRET : `${SECRET}-${prefix.toLowerCase()}`;
    }
    const config = loadConfig(env);
    expect(config.signedHttp.paymentGateway).toMatchObject({ baseUrl: standin.url, timeoutSeconds: 5 });
    expect(config.signedHttp.qq).toMatchObject({ timeoutSeconds: 10 });
    const { qq: _qq, paymentGateway: _gateway, wechatNotices: _notices, operatorAlerts: _alerts, ...others } = fakeProviders();
    const providers = assembleProviders({ db: {} as Database, config, logger }, others);
    handle = qqCodes().handle;
    await expect(CALLS.qq(providers)).resolves.toEqual({ qrUrl: expect.stringMatching(/^https:/) });
    // The stand-in holds QQ's key only: the others, signed with theirs, are refused.
    for (const system of ['paymentGateway', 'wechatNotices', 'operatorAlerts'] as const) expect(await failureOf(CALLS[system](providers))).toMatchObject({ type: 'ProviderRejected' });
    expect(standin.refusals).toEqual(['signature_invalid', 'signature_invalid', 'signature_invalid']);
  });
});

describe('no personal data in the adapters\' logs or failure messages', () => {
  it('the holder\'s name, the notice\'s text and the secret appear in neither; the ids do', () => {
    const all = [...logLines, ...failureMessages].join('\n');
    expect(logLines.length).toBeGreaterThan(5);
    for (const secret of [HOLDER, NOTICE.body, '350102199001019876', SECRET]) expect(all).not.toContain(secret);
    expect(all).toContain(TICKET);
    expect(all).toContain(TRANSACTION);
    expect(all).toContain(NOTICE_ID);
    expect(all).toContain(ALERT_ID);
  });
});
