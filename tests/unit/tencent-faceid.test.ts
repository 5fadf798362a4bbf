import { Writable } from 'node:stream';
import { Hono } from 'hono';
import { registerTencentFaceReturn } from '../../api/routes/tencent-face-return';
import { ApplicationFailure } from '@temporalio/common';
import { faceEventOf, tencentFaceProvider, type TencentFaceProvider } from '../../activities/providers/tencent-faceid';
import { classifyActivityError } from '../../worker/activity-failures';
import { createLogger } from '../../config/logger';
import { loadTencentFaceIdConfig } from '../../config/tencent-faceid';
import { loadConfig } from '../../config';
import { missingAdapters } from '../../activities/providers';
import { productionEnv } from '../support/production-env';
import { judgeEvent } from '../../workflows/code-check';
import type { CheckedPerson, QrCode } from '../../workflows/individual/messages';
import { mainlandId } from '../support/people';
import { startFaceIdStandin, type ReceivedCall, type StandinAnswer } from '../support/tencent-faceid-standin';

// Names and numbers no other test uses, so a hit in the logs can only come from here.
const person: CheckedPerson = { name: '腾讯核', documentType: 'mainland_id', documentNumber: mainlandId('440305', '1990-07-15', '372') };
const other: CheckedPerson = { name: '冒名者', documentType: 'mainland_id', documentNumber: mainlandId('310104', '1985-03-02', '518') };
const TICKET = 'cap_face_ticket_1';
const BIZ_TOKEN = 'BIZ-0A1B2C3D';
const FACE_URL = 'https://faceid.qq.com/h5/start?token=BIZ-0A1B2C3D';

let answer: (call: ReceivedCall) => StandinAnswer = () => ({ status: 500 });
let standin: Awaited<ReturnType<typeof startFaceIdStandin>>;
let face: TencentFaceProvider;
const logLines: string[] = [];

beforeAll(async () => {
  standin = await startFaceIdStandin((call) => answer(call));
  const problems: string[] = [];
  const config = loadTencentFaceIdConfig(
    {
      TENCENT_FACEID_RULE_ID: '7',
      TENCENTCLOUD_SECRET_ID: 'AKIDstandin0000000000',
      TENCENTCLOUD_SECRET_KEY: 'standin-secret-key-000000000000',
      TENCENT_FACEID_ENDPOINT: standin.endpoint,
      TENCENT_FACEID_TIMEOUT_SECONDS: '1',
    },
    'https://realname.example',
    problems,
  );
  expect(problems).toEqual([]);
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  face = tencentFaceProvider({ config: config!, logger: createLogger({ level: 'trace', destination }) });
});
afterAll(async () => {
  await standin.stop();
});
beforeEach(() => {
  standin.calls.length = 0;
});

/** A GetDetectInfoEnhanced answer whose Text is `text`, for our ticket unless said otherwise. */
const result = (text: Record<string, unknown>): StandinAnswer => ({ response: { Text: { Extra: TICKET, ...text } } });
const passFor = (who: CheckedPerson): StandinAnswer => result({ ErrCode: 0, ErrMsg: '成功', Name: who.name, IdCard: who.documentNumber, UseIDType: 0 });

/** The failure the adapter raised, as the worker's interceptor classifies it. */
async function failureOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  const failure = error as ApplicationFailure;
  return { type: failure.type, retryable: classifyActivityError(failure).retryable, message: failure.message };
}

const code: QrCode = { ticket: TICKET, qrUrl: FACE_URL, expiresAt: Date.now() + 600_000, expired: false };
const judged = (event: ReturnType<typeof faceEventOf>) => judgeEvent(event!, { provider: 'face', code, usableUntil: code.expiresAt, now: Date.now(), person });

describe('Tencent Cloud FaceID adapter against a local stand-in of the API', () => {
  it('R-P10: issuing a code starts DetectAuth for the bound person (name, ID number, our RuleId, the ticket in Extra and the return URL); its Url is the qrUrl', async () => {
    answer = () => ({ response: { Url: FACE_URL, BizToken: BIZ_TOKEN } });
    await expect(face.createQrCode(TICKET, Date.now() + 600_000, person)).resolves.toEqual({ qrUrl: FACE_URL });
    expect(standin.calls).toHaveLength(1);
    const [call] = standin.calls;
    expect(call!.action).toBe('DetectAuth');
    expect(call!.headers['x-tc-version']).toBe('2018-03-01');
    expect(String(call!.headers.authorization)).toMatch(/^TC3-HMAC-SHA256 Credential=AKIDstandin0000000000\//);
    expect(call!.body).toEqual({
      RuleId: '7',
      Name: person.name,
      IdCard: person.documentNumber,
      Extra: TICKET,
      RedirectUrl: `https://realname.example/v1/face/tencent/return?ticket=${TICKET}`,
    });
  });

  it('R-P10: a code for nobody, or for a travel permit FaceID does not check, is refused before any call (not retried)', async () => {
    answer = () => ({ response: { Url: FACE_URL, BizToken: BIZ_TOKEN } });
    expect(await failureOf(face.createQrCode(TICKET, Date.now() + 600_000))).toMatchObject({ type: 'InvalidActivityInput', retryable: false });
    const permit: CheckedPerson = { name: person.name, documentType: 'hk_macao_permit', documentNumber: 'H12345678' };
    expect(await failureOf(face.createQrCode(TICKET, Date.now() + 600_000, permit))).toMatchObject({ type: 'InvalidActivityInput', retryable: false });
    expect(standin.calls).toHaveLength(0);
  });

  it('a pass reports the person Tencent verified; reading asks for text only, with the BizToken and RuleId; the workflow counts it (R-P10)', async () => {
    answer = () => passFor(person);
    const outcome = await face.readResult(TICKET, BIZ_TOKEN);
    expect(outcome).toEqual({ status: 'passed', person });
    expect(standin.calls[0]).toMatchObject({ action: 'GetDetectInfoEnhanced', body: { BizToken: BIZ_TOKEN, RuleId: '7', InfoType: '1' } });
    const event = faceEventOf(TICKET, BIZ_TOKEN, outcome);
    expect(event).toEqual({ provider: 'face', eventId: `tencent-faceid:${BIZ_TOKEN}`, ticket: TICKET, type: 'passed', person });
    expect(judged(event)).toEqual({ kind: 'passed' });
  });

  it('R-P10: a pass for another person comes out as that person, and the workflow makes it a failed try (identity_wrong)', async () => {
    answer = () => passFor(other);
    const outcome = await face.readResult(TICKET, BIZ_TOKEN);
    expect(outcome).toEqual({ status: 'passed', person: other });
    expect(judged(faceEventOf(TICKET, BIZ_TOKEN, outcome))).toEqual({ kind: 'failed_try', reason: 'identity_wrong' });
  });

  it('R-P10: a pass on another document than a mainland ID (UseIDType 1) is identity_wrong', async () => {
    answer = () => result({ ErrCode: 0, Name: person.name, IdCard: person.documentNumber, UseIDType: 1 });
    await expect(face.readResult(TICKET, BIZ_TOKEN)).resolves.toEqual({ status: 'failed', reason: 'identity_wrong', errCode: 0 });
  });

  it.each([
    ['2006 name and ID number do not match', 'identity_wrong', { ErrCode: 2006 }],
    ['2003 ID number wrong', 'identity_wrong', { ErrCode: 2003 }],
    ['2016 not the same person as the ID photo', 'face_mismatch', { ErrCode: 2016 }],
    ['1002 liveness failed (suspected recording)', 'face_mismatch', { ErrCode: 1002 }],
    ['2010 face not fully shown', 'face_not_in_frame', { ErrCode: 2010 }],
    ['a failure with eyes or mouth covered (LivenessInfoTag 14)', 'face_covered', { ErrCode: 1004, LivenessInfoTag: ['14'] }],
    ['16 retries used up, the last comparison 2016', 'face_mismatch', { ErrCode: 16, Comparestatus: 2016 }],
    ['16 retries used up, the last liveness 2010', 'face_not_in_frame', { ErrCode: 16, LiveStatus: 2010 }],
  ])('R-P8: %s → failed %s, a failed try with that reason', async (_label, reason, text) => {
    answer = () => result(text);
    const outcome = await face.readResult(TICKET, BIZ_TOKEN);
    expect(outcome).toEqual({ status: 'failed', reason, errCode: text.ErrCode });
    expect(faceEventOf(TICKET, BIZ_TOKEN, outcome)).toEqual({ provider: 'face', eventId: `tencent-faceid:${BIZ_TOKEN}`, ticket: TICKET, type: 'failed', reason });
    expect(judged(faceEventOf(TICKET, BIZ_TOKEN, outcome))).toEqual({ kind: 'failed_try', reason });
  });

  it('not finished yet (17, or no ErrCode), expired (15), Tencent unable to judge (1001 engine timeout) or another check\'s BizToken: no event', async () => {
    const cases: Array<[Record<string, unknown>, object]> = [
      [{ ErrCode: 17 }, { status: 'pending' }],
      [{ ErrCode: null }, { status: 'pending' }],
      [{ ErrCode: 15 }, { status: 'expired' }],
      [{ ErrCode: 1001 }, { status: 'void', errCode: 1001 }],
      [{ ErrCode: 0, Name: person.name, IdCard: person.documentNumber, Extra: 'cap_someone_else' }, { status: 'foreign' }],
    ];
    for (const [text, expected] of cases) {
      answer = () => result(text);
      const outcome = await face.readResult(TICKET, BIZ_TOKEN);
      expect(outcome).toEqual(expected);
      expect(faceEventOf(TICKET, BIZ_TOKEN, outcome)).toBeNull();
    }
  });

  it('throttling (RequestLimitExceeded), an internal error and a 502 are retryable (DependencyUnavailable)', async () => {
    for (const reply of [
      { error: { Code: 'RequestLimitExceeded', Message: 'too many' } },
      { error: { Code: 'InternalError', Message: 'oops' } },
      { status: 502 },
    ] satisfies StandinAnswer[]) {
      answer = () => reply;
      expect(await failureOf(face.readResult(TICKET, BIZ_TOKEN))).toMatchObject({ type: 'DependencyUnavailable', retryable: true });
    }
  });

  it('a timeout is retryable (DependencyUnavailable)', async () => {
    answer = () => ({ response: { Url: FACE_URL, BizToken: BIZ_TOKEN }, delayMs: 2_500 });
    expect(await failureOf(face.createQrCode(TICKET, Date.now() + 600_000, person))).toMatchObject({ type: 'DependencyUnavailable', retryable: true, message: expect.stringContaining('timeout') });
  });

  it('a parameter Tencent refuses is InvalidActivityInput, an authentication failure ProviderRejected, neither retried, and neither quotes what Tencent said', async () => {
    answer = () => ({ error: { Code: 'InvalidParameterValue.IdCard', Message: `IdCard ${person.documentNumber} is invalid` } });
    const invalid = await failureOf(face.createQrCode(TICKET, Date.now() + 600_000, person));
    expect(invalid).toMatchObject({ type: 'InvalidActivityInput', retryable: false });
    expect(invalid.message).not.toContain(person.documentNumber);
    answer = () => ({ error: { Code: 'AuthFailure.SignatureFailure', Message: 'bad signature' } });
    expect(await failureOf(face.readResult(TICKET, BIZ_TOKEN))).toMatchObject({ type: 'ProviderRejected', retryable: false });
    answer = () => ({ status: 403 });
    expect(await failureOf(face.readResult(TICKET, BIZ_TOKEN))).toMatchObject({ type: 'ProviderRejected', retryable: false });
  });

  it('a malformed answer (not JSON, no Response, no Text, a pass without the person, DetectAuth without Url) is ProviderRejected, not retried', async () => {
    const replies: StandinAnswer[] = [
      { raw: '<html>gateway</html>' },
      { raw: '{"Result":"ok"}' },
      { response: {} },
      result({ ErrCode: 'zero' }),
      result({ ErrCode: 0 }),
    ];
    for (const reply of replies) {
      answer = () => reply;
      expect(await failureOf(face.readResult(TICKET, BIZ_TOKEN))).toMatchObject({ type: 'ProviderRejected', retryable: false });
    }
    answer = () => ({ response: { BizToken: BIZ_TOKEN } });
    expect(await failureOf(face.createQrCode(TICKET, Date.now() + 600_000, person))).toMatchObject({ type: 'ProviderRejected', retryable: false });
  });

  it('logs carry ids only: no name and no ID number of anyone, in clear or as Tencent echoed them', () => {
    expect(logLines.length).toBeGreaterThan(0);
    const all = logLines.join('\n');
    for (const secret of [person.name, person.documentNumber, other.name, other.documentNumber, 'standin-secret-key']) expect(all).not.toContain(secret);
    expect(all).toContain(TICKET);
  });
});

describe('the return from Tencent\'s page', () => {
  it('reads the result with our credentials and delivers one event per BizToken; a pending check, a foreign BizToken or a bad link delivers none', async () => {
    const delivered: unknown[] = [];
    const app = new Hono();
    registerTencentFaceReturn(app, { face, deliver: async (event) => void delivered.push(event) });
    answer = () => passFor(person);
    expect((await app.request(`/v1/face/tencent/return?ticket=${TICKET}&token=${BIZ_TOKEN}`)).status).toBe(200);
    expect(delivered).toEqual([{ provider: 'face', eventId: `tencent-faceid:${BIZ_TOKEN}`, ticket: TICKET, type: 'passed', person }]);
    answer = () => result({ ErrCode: 17 });
    expect((await app.request(`/v1/face/tencent/return?ticket=${TICKET}&token=${BIZ_TOKEN}`)).status).toBe(200);
    answer = () => passFor(person);
    expect((await app.request(`/v1/face/tencent/return?ticket=cap_other&token=${BIZ_TOKEN}`)).status).toBe(200);
    expect((await app.request(`/v1/face/tencent/return?ticket=${TICKET}&token=${encodeURIComponent('../x')}`)).status).toBe(400);
    expect(delivered).toHaveLength(1);
  });
});

describe('Tencent Cloud FaceID config', () => {
  const publicUrl = 'https://realname.example';
  it('is off without a RuleId, and names each missing or bad variable when on, never a value', () => {
    const problems: string[] = [];
    expect(loadTencentFaceIdConfig({}, publicUrl, problems)).toBeUndefined();
    expect(problems).toEqual([]);
    loadTencentFaceIdConfig({ TENCENT_FACEID_RULE_ID: '1', TENCENT_FACEID_ENDPOINT: 'http://faceid.example.com', TENCENT_FACEID_TIMEOUT_SECONDS: '600' }, publicUrl, problems);
    expect(problems).toEqual([
      expect.stringContaining('TENCENTCLOUD_SECRET_ID'),
      expect.stringContaining('TENCENTCLOUD_SECRET_KEY'),
      expect.stringContaining('plain http only to a loopback'),
      expect.stringContaining('TENCENT_FACEID_TIMEOUT_SECONDS'),
    ]);
  });

  it('FACE_PROVIDER=tencent is a config problem without TENCENT_FACEID_RULE_ID, and selects the adapter with it', () => {
    expect(() => loadConfig({ ...productionEnv(), FACE_PROVIDER: 'tencent' })).toThrow(/FACE_PROVIDER=tencent needs TENCENT_FACEID_RULE_ID/);
    expect(() => loadConfig({ ...productionEnv(), FACE_PROVIDER: 'tencent', TENCENT_FACEID_RULE_ID: '7' })).toThrow(/TENCENTCLOUD_SECRET_ID is required/);
    const config = loadConfig({ ...productionEnv(), FACE_PROVIDER: 'tencent', TENCENT_FACEID_RULE_ID: '7', TENCENTCLOUD_SECRET_ID: 'id', TENCENTCLOUD_SECRET_KEY: 'key' });
    expect(config.tencentFaceId).toMatchObject({ ruleId: '7' });
    expect(missingAdapters(config).systems).not.toContain('face');
  });

  it('defaults to Tencent\'s endpoint over https, ap-guangzhou, 10 s, a return URL under PUBLIC_URL and a backstop read every 15 s', () => {
    const problems: string[] = [];
    const config = loadTencentFaceIdConfig({ TENCENT_FACEID_RULE_ID: '1', TENCENTCLOUD_SECRET_ID: 'id', TENCENTCLOUD_SECRET_KEY: 'key' }, `${publicUrl}/`, problems);
    expect(problems).toEqual([]);
    expect(config).toEqual({
      secretId: 'id',
      secretKey: 'key',
      region: 'ap-guangzhou',
      ruleId: '1',
      endpoint: 'faceid.tencentcloudapi.com',
      protocol: 'https://',
      timeoutSeconds: 10,
      redirectUrl: `${publicUrl}/v1/face/tencent/return`,
      pollSeconds: 15,
    });
  });

  it('the backstop\'s interval is bounded: TENCENT_FACEID_POLL_SECONDS from 1 to 300', () => {
    const env = { TENCENT_FACEID_RULE_ID: '1', TENCENTCLOUD_SECRET_ID: 'id', TENCENTCLOUD_SECRET_KEY: 'key' };
    const problems: string[] = [];
    expect(loadTencentFaceIdConfig({ ...env, TENCENT_FACEID_POLL_SECONDS: '1' }, publicUrl, problems)?.pollSeconds).toBe(1);
    expect(loadTencentFaceIdConfig({ ...env, TENCENT_FACEID_POLL_SECONDS: '300' }, publicUrl, problems)?.pollSeconds).toBe(300);
    expect(problems).toEqual([]);
    for (const value of ['0', '301', '2.5', 'often']) loadTencentFaceIdConfig({ ...env, TENCENT_FACEID_POLL_SECONDS: value }, publicUrl, problems);
    expect(problems).toHaveLength(4);
    expect(problems.every((problem) => problem.startsWith('TENCENT_FACEID_POLL_SECONDS must be an integer from 1 to 300'))).toBe(true);
  });
});
