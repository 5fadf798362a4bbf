import { Writable } from 'node:stream';
import { ApplicationFailure } from '@temporalio/common';
import { assembleProviders, type Providers } from '../../activities/providers';
import { tencentSmsSender, type AccountMobiles } from '../../activities/providers/tencent-sms';
import type { ChannelSender, OutgoingNotification } from '../../activities/providers/notification-channels';
import { ConfigError, loadConfig } from '../../config';
import { createLogger } from '../../config/logger';
import { loadTencentSmsConfig } from '../../config/tencent-sms';
import { noticeText } from '../../domain/texts';
import type { Database } from '../../prisma/client';
import { classifyActivityError } from '../../worker/activity-failures';
import { fakeProviders } from '../support/fake-providers';
import { productionEnv } from '../support/production-env';
import { startFaceIdStandin, type ReceivedCall, type StandinAnswer } from '../support/tencent-faceid-standin';

// A number no other test uses, so a hit in the logs or a failure message can only come from here.
const MOBILE = '13912345678';
const ACCOUNT = 'acc_sms_1';
const SMS_ENV = {
  TENCENT_SMS_SDK_APP_ID: '1400006666',
  TENCENT_SMS_SIGN_NAME: '实名认证',
  TENCENT_SMS_TEMPLATE_ID: '1234567',
  TENCENTCLOUD_SECRET_ID: 'AKIDsmsstandin0000000',
  TENCENTCLOUD_SECRET_KEY: 'sms-standin-secret-key-00000000',
  TENCENT_SMS_TIMEOUT_SECONDS: '1',
};

let answer: (call: ReceivedCall) => StandinAnswer = () => ({ status: 500 });
let standin: Awaited<ReturnType<typeof startFaceIdStandin>>;
let sms: ChannelSender;
const logLines: string[] = [];
const mobiles: AccountMobiles = { mobileOf: async (accountId) => (accountId === ACCOUNT ? `+86 ${MOBILE}` : null) };

/** The Chinese outcome notice as domain/texts.ts composes it for every channel. */
const verified = noticeText({ outcome: 'verified', processId: 'prc_sms_1' }, 'zh');
const failedNotice = noticeText({ outcome: 'failed', processId: 'prc_sms_2', reason: 'abandoned' }, 'zh');
const notice = (overrides: Partial<OutgoingNotification> = {}): OutgoingNotification => ({ id: 'prc_sms_1:verified:sms', accountId: ACCOUNT, ...verified, ...overrides });

/** A SendSms answer for one number, echoing the notice id as Tencent echoes SessionContext. */
const status = (code: string, session = notice().id, message = 'send success'): StandinAnswer => ({
  response: { SendStatusSet: [{ SerialNo: '2028:1234', PhoneNumber: `+86${MOBILE}`, Fee: 1, SessionContext: session, Code: code, Message: message, IsoCode: 'CN' }] },
});

async function failureOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  const failure = error as ApplicationFailure;
  return { type: failure.type, retryable: classifyActivityError(failure).retryable, message: failure.message };
}

beforeAll(async () => {
  standin = await startFaceIdStandin((call) => answer(call));
  const problems: string[] = [];
  const config = loadTencentSmsConfig({ ...SMS_ENV, TENCENT_SMS_ENDPOINT: standin.endpoint }, problems);
  expect(problems).toEqual([]);
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  sms = tencentSmsSender({ config: config!, mobiles, logger: createLogger({ level: 'trace', destination }) });
});
afterAll(async () => {
  await standin.stop();
});
beforeEach(() => {
  standin.calls.length = 0;
});

describe('Tencent Cloud SMS adapter against a local stand-in of the API', () => {
  it('R-G5: sends the Chinese outcome notice with the one template: SendSms to the account\'s number (E.164), {1} the title, {2} the body, the notice id as SessionContext', async () => {
    answer = () => status('Ok');
    await expect(sms.send(notice())).resolves.toBeUndefined();
    expect(standin.calls).toHaveLength(1);
    const [call] = standin.calls;
    expect(call!.action).toBe('SendSms');
    expect(call!.headers['x-tc-version']).toBe('2021-01-11');
    expect(String(call!.headers.authorization)).toMatch(/^TC3-HMAC-SHA256 Credential=AKIDsmsstandin0000000\//);
    expect(call!.body).toEqual({
      PhoneNumberSet: [`+86${MOBILE}`],
      SmsSdkAppId: '1400006666',
      SignName: '实名认证',
      TemplateId: '1234567',
      TemplateParamSet: ['实名认证成功', '流程 prc_sms_1 已完成您账号的实名认证。'],
      SessionContext: 'prc_sms_1:verified:sms',
    });
    expect(call!.body.TemplateParamSet).toEqual([verified.title, verified.body]);
  });

  it('a failure notice carries its Chinese reason in the body parameter', async () => {
    answer = () => status('Ok', 'prc_sms_2:failed:sms');
    await sms.send(notice({ id: 'prc_sms_2:failed:sms', ...failedNotice }));
    expect(standin.calls[0]!.body.TemplateParamSet).toEqual([failedNotice.title, failedNotice.body]);
    expect(failedNotice.title).toBe('实名认证失败');
  });

  it('throttling is retryable (DependencyUnavailable): the API\'s RequestLimitExceeded, a number\'s 30-second and daily limits, an internal error, a 502', async () => {
    for (const reply of [
      { error: { Code: 'RequestLimitExceeded', Message: 'too many' } },
      status('LimitExceeded.PhoneNumberThirtySecondLimit'),
      status('LimitExceeded.PhoneNumberDailyLimit'),
      { error: { Code: 'InternalError.Timeout', Message: 'oops' } },
      { status: 502 },
    ] satisfies StandinAnswer[]) {
      answer = () => reply;
      expect(await failureOf(sms.send(notice()))).toMatchObject({ type: 'DependencyUnavailable', retryable: true });
    }
  });

  it('a timeout is retryable (DependencyUnavailable)', async () => {
    answer = () => ({ ...status('Ok'), delayMs: 2_500 });
    expect(await failureOf(sms.send(notice()))).toMatchObject({ type: 'DependencyUnavailable', retryable: true, message: expect.stringContaining('timeout') });
  });

  it('an invalid number, a template or signature Tencent refuses, and bad credentials are not retried, and no message quotes the number', async () => {
    const cases: Array<[StandinAnswer, string]> = [
      [status('InvalidParameterValue.IncorrectPhoneNumber', notice().id, `${MOBILE} is not a valid number`), 'InvalidActivityInput'],
      [status('FailedOperation.TemplateIncorrectOrUnapproved'), 'InvalidActivityInput'],
      [{ error: { Code: 'FailedOperation.SignatureIncorrectOrUnapproved', Message: 'sign' } }, 'InvalidActivityInput'],
      [{ error: { Code: 'InvalidParameterValue.TemplateParameterLengthLimit', Message: 'too long' } }, 'InvalidActivityInput'],
      [{ error: { Code: 'AuthFailure.SignatureFailure', Message: 'bad signature' } }, 'ProviderRejected'],
      [{ status: 403 }, 'ProviderRejected'],
    ];
    for (const [reply, type] of cases) {
      answer = () => reply;
      const failure = await failureOf(sms.send(notice()));
      expect(failure).toMatchObject({ type, retryable: false });
      expect(failure.message).not.toContain(MOBILE);
    }
  });

  it('a malformed answer (not JSON, no Response, no SendStatusSet, another send\'s SessionContext) is ProviderRejected, not retried', async () => {
    for (const reply of [
      { raw: '<html>gateway</html>' },
      { raw: '{"Result":"ok"}' },
      { response: {} },
      { response: { SendStatusSet: [] } },
      status('Ok', 'someone-else:verified:sms'),
    ] satisfies StandinAnswer[]) {
      answer = () => reply;
      expect(await failureOf(sms.send(notice()))).toMatchObject({ type: 'ProviderRejected', retryable: false });
    }
  });

  it('an account without a mobile number, or with one that is not mainland, is refused before any call (not retried)', async () => {
    answer = () => status('Ok');
    expect(await failureOf(sms.send(notice({ accountId: 'acc_without_mobile' })))).toMatchObject({ type: 'InvalidActivityInput', retryable: false });
    const foreign = tencentSmsSender({ config: loadTencentSmsConfig({ ...SMS_ENV, TENCENT_SMS_ENDPOINT: standin.endpoint }, [])!, mobiles: { mobileOf: async () => '+1 415 555 0100' }, logger: createLogger({ level: 'silent' }) });
    expect(await failureOf(foreign.send(notice()))).toMatchObject({ type: 'InvalidActivityInput', retryable: false });
    expect(standin.calls).toHaveLength(0);
  });

  it('logs carry ids only: never the phone number, in any form, nor the notice text', () => {
    expect(logLines.length).toBeGreaterThan(0);
    const all = logLines.join('\n');
    for (const secret of [MOBILE, '139****5678', verified.body, 'sms-standin-secret-key']) expect(all).not.toContain(secret);
    expect(all).toContain('prc_sms_1:verified:sms');
  });
});

describe('SMS_PROVIDER=tencent', () => {
  const injected = (): Partial<Providers> => {
    const { sms: _selected, ...others } = fakeProviders();
    return others;
  };

  it('is a config problem without the SMS settings, naming each variable', () => {
    expect(() => loadConfig({ ...productionEnv(), SMS_PROVIDER: 'tencent' })).toThrow(/SMS_PROVIDER=tencent needs TENCENT_SMS_SDK_APP_ID/);
    const problems: string[] = [];
    loadTencentSmsConfig({ TENCENT_SMS_SDK_APP_ID: '1400006666', TENCENT_SMS_ENDPOINT: 'http://sms.example.com' }, problems);
    expect(problems).toEqual([
      expect.stringContaining('TENCENTCLOUD_SECRET_ID'),
      expect.stringContaining('TENCENTCLOUD_SECRET_KEY'),
      expect.stringContaining('TENCENT_SMS_SIGN_NAME'),
      expect.stringContaining('TENCENT_SMS_TEMPLATE_ID'),
      expect.stringContaining('plain http only to a loopback'),
    ]);
  });

  it('selects the adapter from ADAPTERS.sms, which sends through the stand-in; without the account directory it refuses to start', async () => {
    const config = loadConfig({ ...productionEnv(), ...SMS_ENV, TENCENT_SMS_ENDPOINT: standin.endpoint, SMS_PROVIDER: 'tencent', LOG_LEVEL: 'silent' });
    const { contactDirectory: _none, ...withoutDirectory } = injected();
    expect(() => assembleProviders({ db: {} as Database, config }, withoutDirectory)).toThrow(ConfigError);
    const providers = assembleProviders({ db: {} as Database, config, logger: createLogger({ level: 'silent' }) }, { ...injected(), contactDirectory: { ...fakeProviders().contactDirectory, ...mobiles } });
    answer = () => status('Ok');
    await providers.sms.send(notice());
    expect(standin.calls.map((call) => call.action)).toEqual(['SendSms']);
  });
});
