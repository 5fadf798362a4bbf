import { ApplicationFailure } from '@temporalio/common';
import { codeBeingReplaced, judgeEvent, noCodeToRefresh, onceOnly, receiveProviderEvents, refuseRefresh, type RefreshRules } from '../../workflows/code-check';
import type { CheckedPerson, FaceFailureReason, ProviderEvent, QrCode } from '../../workflows/individual/messages';

const now = 1_800_000_000_000;
const code: QrCode = { ticket: 't1', qrUrl: 'sandbox://face/t1', expiresAt: now + 600_000, expired: false };
const applicant: CheckedPerson = { name: '张三', documentType: 'mainland_id', documentNumber: '11010519491231002X' };
type FaceReport = { type: 'passed'; person?: CheckedPerson } | { type: 'failed'; reason: FaceFailureReason };
const face = (report: FaceReport, ticket = code.ticket): ProviderEvent => ({ provider: 'face', eventId: 'f1', ticket, ...report });
const about = { provider: 'face' as const, code, usableUntil: code.expiresAt, now, person: applicant };

describe('the judging of a provider event about a code (workflows/code-check.ts)', () => {
  it('R-P7: an event from another provider, about another code, an expired one or one past its usable time changes nothing', () => {
    const passed = face({ type: 'passed', person: applicant });
    expect(judgeEvent({ provider: 'wechat', eventId: 'w1', ticket: code.ticket, type: 'scanned' }, about)).toEqual({ kind: 'ignored' });
    expect(judgeEvent(face({ type: 'passed', person: applicant }, 'other'), about)).toEqual({ kind: 'ignored' });
    expect(judgeEvent(passed, { ...about, code: { ...code, expired: true } })).toEqual({ kind: 'ignored' });
    expect(judgeEvent(passed, { ...about, now: code.expiresAt })).toEqual({ kind: 'ignored' });
    // R-P4: a detour's own deadline, past the code's expiry, keeps it usable.
    expect(judgeEvent(passed, { ...about, now: code.expiresAt, usableUntil: code.expiresAt + 1 })).toEqual({ kind: 'passed' });
  });

  it('R-P7: a report the API received while the code was usable counts when the process comes to it later; one received after does not', () => {
    const late = { ...about, now: code.expiresAt + 5_000, arrivalCounts: () => true };
    expect(judgeEvent({ ...face({ type: 'passed', person: applicant }), receivedAt: code.expiresAt - 1 }, late)).toEqual({ kind: 'passed' });
    expect(judgeEvent({ ...face({ type: 'passed', person: applicant }), receivedAt: code.expiresAt }, late)).toEqual({ kind: 'ignored' });
    // Unstamped (delivered before the stamp), or where the patch is not asked (processes before it): judged as of now.
    expect(judgeEvent(face({ type: 'passed', person: applicant }), late)).toEqual({ kind: 'ignored' });
    expect(judgeEvent({ ...face({ type: 'passed', person: applicant }), receivedAt: code.expiresAt - 1 }, { ...late, arrivalCounts: undefined })).toEqual({ kind: 'ignored' });
    // A code already spent or recorded expired stays so, whenever the report came.
    expect(judgeEvent({ ...face({ type: 'passed', person: applicant }), receivedAt: code.expiresAt - 1 }, { ...late, code: { ...code, expired: true } })).toEqual({ kind: 'ignored' });
    // The patch is asked only where the receipt changes the judgement.
    let asked = 0;
    judgeEvent({ ...face({ type: 'passed', person: applicant }), receivedAt: code.expiresAt - 1 }, { ...about, arrivalCounts: () => (asked++, true) });
    expect(asked).toBe(0);
  });

  it('R-P10: a pass counts only for the person the code was issued for; anyone else, or no one named, is a failed try (identity_wrong)', () => {
    expect(judgeEvent(face({ type: 'passed', person: { ...applicant, name: ' 张三 ', documentNumber: '11010519491231002x' } }), about)).toEqual({ kind: 'passed' });
    expect(judgeEvent(face({ type: 'passed', person: { ...applicant, name: '李四' } }), about)).toEqual({ kind: 'failed_try', reason: 'identity_wrong' });
    expect(judgeEvent(face({ type: 'passed', person: { ...applicant, documentType: 'hk_macao_permit' } }), about)).toEqual({ kind: 'failed_try', reason: 'identity_wrong' });
    expect(judgeEvent(face({ type: 'passed' }), about)).toEqual({ kind: 'failed_try', reason: 'identity_wrong' });
    // A code bound to no one (issued before R-P10) takes any pass.
    expect(judgeEvent(face({ type: 'passed' }), { ...about, person: undefined })).toEqual({ kind: 'passed' });
  });

  it('R-P5, R-P10: a permit holder whose pass names their card with another issue count is that person, once the patch counts it; anyone else stays a failed try', () => {
    const holder: CheckedPerson = { name: '陈大文', documentType: 'hk_macao_permit', documentNumber: 'H12345678' };
    const forHolder = { ...about, person: holder, permitHolderCounts: () => true };
    const passFor = (person: CheckedPerson) => judgeEvent(face({ type: 'passed', person }), forHolder);
    expect(passFor({ ...holder, documentNumber: 'h1234567801' })).toEqual({ kind: 'passed' });
    expect(judgeEvent(face({ type: 'passed', person: { ...holder, documentNumber: 'H1234567802' } }), { ...about, person: { ...holder, documentNumber: 'H1234567801' }, permitHolderCounts: () => true })).toEqual({ kind: 'passed' });
    // Another holder, another name, another document type, a number of no permit's shape.
    for (const other of [{ ...holder, documentNumber: 'H1234567901' }, { ...holder, name: '陳大文', documentNumber: 'H1234567801' }, { ...holder, documentType: 'taiwan_permit' as const, documentNumber: 'H1234567801' }, { ...holder, documentNumber: 'H12345678X1' }]) {
      expect(passFor(other)).toEqual({ kind: 'failed_try', reason: 'identity_wrong' });
    }
    // A process from before the patch replays its failed try; a mainland ID is compared exactly whatever the patch says.
    expect(judgeEvent(face({ type: 'passed', person: { ...holder, documentNumber: 'H1234567801' } }), { ...forHolder, permitHolderCounts: () => false })).toEqual({ kind: 'failed_try', reason: 'identity_wrong' });
    expect(judgeEvent(face({ type: 'passed', person: { ...holder, documentNumber: 'H1234567801' } }), { ...about, person: holder })).toEqual({ kind: 'failed_try', reason: 'identity_wrong' });
    expect(judgeEvent(face({ type: 'passed', person: { ...applicant, documentNumber: '110105194912310029' } }), { ...about, permitHolderCounts: () => true })).toEqual({ kind: 'failed_try', reason: 'identity_wrong' });
  });

  it('R-P8: a failed face check is a failed try with its reason', () => {
    expect(judgeEvent(face({ type: 'failed', reason: 'face_covered' }), about)).toEqual({ kind: 'failed_try', reason: 'face_covered' });
  });

  it('R-P4, R-E4: scans, rejections and authorisations are told apart; the bank-card reports are the process\'s own detour', () => {
    const wechat = { ...about, provider: 'wechat' as const };
    const realName = { name: '张三', documentNumber: '11010519491231002X' };
    const event = (body: object) => ({ provider: 'wechat', eventId: 'w1', ticket: code.ticket, ...body }) as ProviderEvent;
    expect(judgeEvent(event({ type: 'scanned' }), wechat)).toEqual({ kind: 'scanned' });
    expect(judgeEvent(event({ type: 'rejected' }), wechat)).toEqual({ kind: 'rejected' });
    expect(judgeEvent(event({ type: 'authorized', realName }), wechat)).toEqual({ kind: 'authorized', realName });
    expect(judgeEvent(event({ type: 'authorized', realName, officialAccountName: '北京示例科技有限公司' }), wechat)).toEqual({
      kind: 'authorized', realName, officialAccountName: '北京示例科技有限公司',
    });
    const required = { provider: 'qq', eventId: 'q1', ticket: code.ticket, type: 'bank_card_required' } as ProviderEvent;
    expect(judgeEvent(required, { ...about, provider: 'qq' })).toEqual({ kind: 'detour', event: required });
  });
});

describe('the provider-event inbox', () => {
  it('takes each event once by provider and event id, however often it is delivered', () => {
    const queue: ProviderEvent[] = [];
    const receive = receiveProviderEvents(queue);
    const scanned: ProviderEvent = { provider: 'wechat', eventId: 'e1', ticket: 't1', type: 'scanned' };
    receive(scanned);
    receive({ ...scanned });
    // Another provider's event with the same id is another event.
    receive({ provider: 'qq', eventId: 'e1', ticket: 't1', type: 'scanned' });
    expect(queue.map((e) => `${e.provider}:${e.eventId}`)).toEqual(['wechat:e1', 'qq:e1']);
  });

  it('shares its once-only receipt with the process\'s other redelivered messages', () => {
    const once = onceOnly();
    const queue: ProviderEvent[] = [];
    expect(once('bank:e1')).toBe(true);
    receiveProviderEvents(queue, once)({ provider: 'wechat', eventId: 'e1', ticket: 't1', type: 'scanned' });
    expect(once('wechat:e1')).toBe(false);
    expect(once('bank:e1')).toBe(false);
    expect(queue).toHaveLength(1);
  });
});

describe('the check of a fresh code (refresh validation)', () => {
  const rules = (overrides: Partial<RefreshRules> = {}): RefreshRules => ({
    notOpen: () => null,
    nothingToReplace: () => null,
    codesIssued: 1,
    maxCodes: 3,
    atLimit: 'choose another method or let it end at its deadline',
    ...overrides,
  });
  const refusal = (check: RefreshRules) => {
    try {
      refuseRefresh(check);
    } catch (error) {
      return error as ApplicationFailure;
    }
    return null;
  };

  it('accepts a refresh of a replaceable code below the limit, and any number where the process has no limit', () => {
    expect(refusal(rules())).toBeNull();
    expect(refusal(rules({ codesIssued: 50, maxCodes: undefined }))).toBeNull();
  });

  it('R-P7: refuses once the process was issued its codes, saying what the holder can still do', () => {
    expect(refusal(rules({ codesIssued: 3 }))).toMatchObject({
      type: 'QrCodeLimitReached',
      nonRetryable: true,
      message: 'this process was issued its 3 codes (R-P7); choose another method or let it end at its deadline',
    });
  });

  it('refuses first a process that is not open, then one with no code to replace, then the limit', () => {
    const closed = ApplicationFailure.create({ type: 'ProcessNotOpen', message: 'process prc_1 is failed', nonRetryable: true });
    expect(refusal(rules({ codesIssued: 3, notOpen: () => closed, nothingToReplace: () => noCodeToRefresh('in_review') }))).toBe(closed);
    expect(refusal(rules({ codesIssued: 3, nothingToReplace: () => noCodeToRefresh('in_review') }))).toMatchObject({
      type: 'NoCodeToRefresh',
      message: 'no code can be replaced in step in_review',
    });
  });
});

describe('a second request for a fresh code while one is on its way (R-P6, R-P7)', () => {
  const inbox = (refreshRequested: boolean, choice: unknown = null) => ({ refreshRequested, choice });
  const typeOf = (failure: ApplicationFailure | null) => failure?.type ?? null;

  it('joins a pending refresh with a refresh; refuses anything else while a request is pending or a code is being issued', () => {
    expect(typeOf(codeBeingReplaced({ inbox: inbox(false) }, 'refresh'))).toBeNull();
    expect(typeOf(codeBeingReplaced({ inbox: inbox(false) }, 'choice'))).toBeNull();
    // Two refreshes are answered with one code.
    expect(typeOf(codeBeingReplaced({ inbox: inbox(true) }, 'refresh'))).toBeNull();
    // A switch with a refresh would be answered with the refresh's code, then replace it.
    expect(typeOf(codeBeingReplaced({ inbox: inbox(true) }, 'choice'))).toBe('CodeBeingReplaced');
    expect(typeOf(codeBeingReplaced({ inbox: inbox(false, 'face') }, 'refresh'))).toBe('CodeBeingReplaced');
    expect(typeOf(codeBeingReplaced({ inbox: inbox(false, 'face') }, 'choice'))).toBe('CodeBeingReplaced');
    // The code on its way answers the requests taken before it; one taken now would replace it once more.
    expect(typeOf(codeBeingReplaced({ inbox: inbox(false), issuingCode: true }, 'refresh'))).toBe('CodeBeingReplaced');
    expect(typeOf(codeBeingReplaced({ inbox: inbox(false), issuingCode: true }, 'choice'))).toBe('CodeBeingReplaced');
    expect(codeBeingReplaced({ inbox: inbox(false), issuingCode: true }, 'refresh')!.message).toBe('a fresh code is already being issued; ask again once it is shown');
  });
});
