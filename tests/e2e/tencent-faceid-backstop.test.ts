import { pollFaceChecks } from '../../activities/face-backstop';
import { tencentFaceProvider } from '../../activities/providers/tencent-faceid';
import { deliverProviderEvent } from '../../api/routes/webhooks';
import { createLogger } from '../../config/logger';
import { sqlPool } from '../../prisma/client';
import { fakeProviders } from '../support/fake-providers';
import { applicant } from '../support/people';
import { productionEnv } from '../support/production-env';
import { eventually, http, startSystem, uniqueId, type RunningSystem } from '../support/system';
import { startFaceIdStandin, type ReceivedCall, type StandinAnswer } from '../support/tencent-faceid-standin';

/** What the stand-in reports for a check: nothing yet (ErrCode 17, the person has not finished), a pass, or a failure. */
type Reported = 'pending' | 'passed' | { failed: number };

/**
 * Issue 20, the FaceID backstop: the real API and worker in production mode
 * with FACE_PROVIDER=tencent against the FaceID stand-in, the worker reading
 * every started check each second (TENCENT_FACEID_POLL_SECONDS=1) until a
 * result or the code's expiry (QR_VALIDITY, R-P7).
 */
describe('Tencent FaceID backstop: the worker reads a check whose browser never returns', () => {
  const QR_VALIDITY_SECONDS = 15;
  let system: RunningSystem;
  let standin: Awaited<ReturnType<typeof startFaceIdStandin>>;
  /** Per BizToken: the ticket it was started for, whom for, and what the stand-in reports now. */
  const checks = new Map<string, { ticket: string; name: string; idCard: string; reported: Reported }>();
  let issued = 0;

  function answer(call: ReceivedCall): StandinAnswer {
    if (call.action === 'DetectAuth') {
      const bizToken = `BIZ-BACKSTOP-${++issued}`;
      checks.set(bizToken, { ticket: String(call.body.Extra), name: String(call.body.Name), idCard: String(call.body.IdCard), reported: 'pending' });
      return { response: { Url: `https://faceid.qq.com/h5/start?token=${bizToken}`, BizToken: bizToken } };
    }
    if (call.action === 'GetDetectInfoEnhanced') {
      const check = checks.get(String(call.body.BizToken));
      if (!check) return { error: { Code: 'InvalidParameterValue.BizTokenIllegal', Message: 'unknown BizToken' } };
      const { reported } = check;
      if (reported === 'pending') return { response: { Text: { ErrCode: 17, ErrMsg: '流程未完成', Extra: check.ticket } } };
      if (reported === 'passed') return { response: { Text: { ErrCode: 0, ErrMsg: '成功', Name: check.name, IdCard: check.idCard, UseIDType: 0, Extra: check.ticket } } };
      return { response: { Text: { ErrCode: reported.failed, ErrMsg: '比对失败', Extra: check.ticket } } };
    }
    return { error: { Code: 'InvalidAction', Message: call.action } };
  }

  beforeAll(async () => {
    standin = await startFaceIdStandin(answer);
    const { face: _notInjected, ...others } = fakeProviders();
    system = await startSystem(
      {
        ...productionEnv(),
        FACE_PROVIDER: 'tencent',
        TENCENT_FACEID_RULE_ID: '7',
        TENCENTCLOUD_SECRET_ID: 'AKIDbackstop00000000',
        TENCENTCLOUD_SECRET_KEY: 'backstop-standin-secret-key-000000',
        TENCENT_FACEID_ENDPOINT: standin.endpoint,
        TENCENT_FACEID_TIMEOUT_SECONDS: '2',
        TENCENT_FACEID_POLL_SECONDS: '1',
        QR_VALIDITY: `${QR_VALIDITY_SECONDS} seconds`,
      },
      { providers: others },
    );
  });
  afterAll(async () => {
    await system?.stop();
    await standin?.stop();
  });

  async function startFaceVerification() {
    const person = applicant();
    const created = await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc_backstop'), displayName: 'FaceID backstop' } });
    const accountId = created.body.id as string;
    const token = await system.holderToken(accountId);
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body: { type: 'individual', method: 'face', applicant: person } });
    expect(started.status).toBe(201);
    const ticket = started.body.qrCode.ticket as string;
    const bizToken = [...checks].find(([, check]) => check.ticket === ticket)?.[0];
    expect(bizToken).toBeDefined();
    const read = () => http(system, 'GET', `/v1/processes/${started.body.processId}`, { token });
    return { accountId, token, ticket, bizToken: bizToken!, read, redirectUrl: String(standin.calls.find((c) => c.action === 'DetectAuth' && c.body.Extra === ticket)!.body.RedirectUrl) };
  }

  const readsOf = (bizToken: string) => standin.calls.filter((call) => call.action === 'GetDetectInfoEnhanced' && call.body.BizToken === bizToken).length;

  async function checkRow(bizToken: string) {
    const { rows } = await sqlPool(system.db).query<{ settlement: string | null; polls: number }>('SELECT settlement, polls FROM tencent_face_checks WHERE biz_token = $1', [bizToken]);
    return rows[0];
  }

  it('R-P8, R-P10: the browser never returns; the worker reads the check until Tencent has the pass, and the account is verified', async () => {
    const { accountId, token, bizToken, read } = await startFaceVerification();
    expect(await checkRow(bizToken)).toEqual({ settlement: null, polls: 0 });
    // The person is still on Tencent's page: the worker reads and finds nothing final.
    await eventually(async () => readsOf(bizToken), (reads) => reads >= 2);
    expect((await read()).body).toMatchObject({ status: 'open', step: 'awaiting_scan' });
    checks.get(bizToken)!.reported = 'passed';
    const done = await eventually(read, (r) => r.body.status !== 'open');
    expect(done.body).toMatchObject({ status: 'verified', method: 'face' });
    expect((await http(system, 'GET', `/v1/accounts/${accountId}`, { token })).body.status).toBe('individual');
    // Settled: no read after the result.
    const settled = await eventually(() => checkRow(bizToken), (row) => row?.settlement === 'delivered');
    const readsAtResult = readsOf(bizToken);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(readsOf(bizToken)).toBe(readsAtResult);
    expect(settled!.polls).toBe(readsAtResult);
  });

  it('R-P8: the browser returns while the worker reads the same result; the failed check uses one try, once', async () => {
    const { bizToken, read, redirectUrl } = await startFaceVerification();
    // FACE_MAX_TRIES is 5 (the default); no try is used before the first result.
    const triesLeftAfterOne = 4;
    expect((await read()).body).toMatchObject({ step: 'awaiting_scan', lastFaceFailure: null });
    // 2016: not the same person as the ID photo (face_mismatch).
    checks.get(bizToken)!.reported = { failed: 2016 };
    const returnUrl = new URL(redirectUrl);
    returnUrl.searchParams.set('token', bizToken);
    const face = tencentFaceProvider({ config: system.config.tencentFaceId!, logger: createLogger({ level: 'silent' }) });
    const readsBefore = readsOf(bizToken);
    // The browser's return and a backstop pass at the same moment (the pass's clock a little ahead, so the check is due).
    const [returned, pass] = await Promise.all([
      fetch(`${system.baseUrl}${returnUrl.pathname}${returnUrl.search}`).then(async (response) => ({ status: response.status, text: await response.text() })),
      pollFaceChecks({
        db: system.db,
        face,
        deliver: (event) => deliverProviderEvent({ db: system.db, temporal: system.temporal }, event),
        logger: createLogger({ level: 'silent' }),
        pollSeconds: 1,
        now: () => Date.now() + 1500,
      }),
    ]);
    expect(returned.status).toBe(200);
    expect(returned.text).toContain('人脸核验已完成');
    // Both read Tencent's result: the return, and the backstop (this pass or the worker's).
    expect(readsOf(bizToken) - readsBefore).toBeGreaterThanOrEqual(2);
    expect(pass.delivered).toBeLessThanOrEqual(1);

    const failed = await eventually(read, (r) => r.body.step === 'face_failed');
    expect(failed.body).toMatchObject({ status: 'open', lastFaceFailure: 'face_mismatch' });
    const failedSteps = (view: { history: Array<{ step: string; detail: Record<string, unknown> | null }> }) => view.history.filter((h) => h.step === 'face_failed');
    expect(failedSteps(failed.body).map((h) => h.detail)).toEqual([expect.objectContaining({ reason: 'face_mismatch', faceTriesLeft: triesLeftAfterOne })]);
    // Whatever the worker's passes do after, the result stays counted once.
    await eventually(() => checkRow(bizToken), (row) => row?.settlement !== null);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const later = (await read()).body;
    expect(failedSteps(later).map((h) => h.detail)).toEqual([expect.objectContaining({ reason: 'face_mismatch', faceTriesLeft: triesLeftAfterOne })]);
    const { rows } = await sqlPool(system.db).query('SELECT event_id FROM webhook_events WHERE provider = $1 AND event_id = $2', ['face', `tencent-faceid:${bizToken}`]);
    expect(rows).toHaveLength(1);
  });

  it('R-P7: a check that never finishes is read until its code expires, and no more', async () => {
    const { bizToken, read } = await startFaceVerification();
    const issuedAt = Date.now();
    const expired = await eventually(() => checkRow(bizToken), (row) => row?.settlement === 'expired', (QR_VALIDITY_SECONDS + 15) * 1000);
    expect(Date.now() - issuedAt).toBeGreaterThanOrEqual((QR_VALIDITY_SECONDS - 1) * 1000);
    const reads = readsOf(bizToken);
    // Read about once a second while the code was valid (fewer under load, never more than the row counted).
    expect(reads).toBeGreaterThanOrEqual(2);
    expect(reads).toBe(expired!.polls);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(readsOf(bizToken)).toBe(reads);
    // The workflow's own expiry (R-P7): the process waits for a fresh code, not failed.
    const view = await eventually(read, (r) => r.body.history.some((h: { detail: { ticketExpired?: boolean } | null }) => h.detail?.ticketExpired === true));
    expect(view.body).toMatchObject({ status: 'open', step: 'awaiting_scan' });
  }, 60_000);
});
