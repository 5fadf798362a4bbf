import { negotiateLanguage } from '../../domain/language';
import { FAILURE_REASONS, fieldMessage, noticeText, PROBLEM_TITLES, problemTitle, refusalDetail, shapeIssueText } from '../../domain/texts';
import { FAILURES, UNLISTED_REFUSAL } from '../../domain/failures';
import { validateIndividualIdentity } from '../../domain/identity-document';
import { localise } from '../../api/problem';
import type { FailureReason } from '../../workflows/individual/messages';
import type { CloseProcessEndedInErrorInput } from '../../activities/process-ended-in-error';
import type { EnterpriseFailureReason } from '../../workflows/enterprise/messages';
import type { ChangeFailureReason } from '../../workflows/change/messages';

// Issue 18: the one catalogue of holder texts (domain/texts.ts), Chinese by default.
describe('Accept-Language (RFC 9110 §12.5.4)', () => {
  it.each([
    [undefined, 'zh'],
    ['', 'zh'],
    ['en', 'en'],
    ['en-US', 'en'],
    ['EN-gb', 'en'],
    ['zh-CN', 'zh'],
    ['zh-Hans-CN', 'zh'],
    ['en-US,en;q=0.9,zh-CN;q=0.8', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh'],
    ['zh;q=0.5, en;q=0.8', 'en'],
    ['en;q=0.5, zh;q=0.5', 'en'],
    ['fr-FR, en;q=0.1', 'en'],
    ['fr-FR', 'zh'],
    ['*', 'zh'],
    ['zh;q=0, *', 'en'],
    ['en;q=0', 'zh'],
    ['en;q=2, zh', 'zh'],
    ['en;q=abc', 'zh'],
    ['de, *;q=0.5', 'zh'],
  ])('%j asks for %s', (header, language) => {
    expect(negotiateLanguage(header)).toBe(language);
  });
});

describe('outcome notices (R-G5)', () => {
  it('R-E3, R-C6: an enterprise or a new name the registry does not hold yet is told it may take up to 7 business days, and to retry later', () => {
    expect(noticeText({ outcome: 'failed', processId: 'prc_1', reason: 'registry_not_found' }, 'zh').body).toContain('最多可能需要 7 个工作日才能查到，请稍后重试');
    expect(noticeText({ outcome: 'failed', processId: 'prc_1', reason: 'registry_not_found' }, 'en').body).toContain('up to 7 business days to appear there, so please retry later');
  });

  it('each outcome has its notice in both languages, naming the process in each', () => {
    for (const outcome of ['verified', 'failed', 'review_approved', 'review_rejected', 'payout_overdue', 'payout_refused'] as const) {
      const zh = noticeText({ outcome, processId: 'prc_1', reason: 'identity_mismatch' }, 'zh');
      const en = noticeText({ outcome, processId: 'prc_1', reason: 'identity_mismatch' }, 'en');
      expect(zh.title).toMatch(/[\u4e00-\u9fff]/);
      expect(zh.body).toContain('prc_1');
      expect(en.body).toContain('prc_1');
      expect(en.title).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('the notices name a failure reason in words in either language, its code in brackets', () => {
    expect(noticeText({ outcome: 'verified', processId: 'prc_1' }, 'en')).toEqual({ title: 'Real-name verification succeeded', body: 'Process prc_1 verified your account.' });
    expect(noticeText({ outcome: 'verified', processId: 'prc_1' }, 'zh')).toEqual({ title: '实名认证成功', body: '流程 prc_1 已完成您账号的实名认证。' });
    expect(noticeText({ outcome: 'failed', processId: 'prc_1', reason: 'face_attempts_exhausted' }, 'zh').body).toBe(
      '流程 prc_1 已结束，未完成认证（原因：人脸识别次数已用完（face_attempts_exhausted））。',
    );
    expect(noticeText({ outcome: 'failed', processId: 'prc_1', reason: 'face_attempts_exhausted' }, 'en').body).toBe(
      'Process prc_1 ended without verification (reason: every face recognition attempt was used (face_attempts_exhausted)).',
    );
    // A code the catalogue does not know is shown as it is, never dropped.
    expect(noticeText({ outcome: 'failed', processId: 'prc_1', reason: 'something_new' }, 'en').body).toContain('(reason: something_new)');
    expect(noticeText({ outcome: 'failed', processId: 'prc_1' }, 'en').body).toContain('(reason: unknown)');
    expect(noticeText({ outcome: 'failed', processId: 'prc_1', reason: 'toString' }, 'en').body).toContain('(reason: toString)');
    // A reviewer's reason is shown as written.
    expect(noticeText({ outcome: 'review_rejected', processId: 'prc_1', reason: '营业执照模糊' }, 'zh').body).toContain('原因：营业执照模糊');
  });

  it('R-G5: every reason a process can fail with has its words in both languages', () => {
    // Typed: a reason added to a workflow's union and not here fails to compile.
    const every: Record<FailureReason | EnterpriseFailureReason | ChangeFailureReason | NonNullable<CloseProcessEndedInErrorInput['reason']>, true> = {
      identity_mismatch: true, identity_limit_reached: true, abandoned: true, account_not_eligible: true, face_attempts_exhausted: true,
      registry_not_found: true, enterprise_not_active: true, credit_code_required: true, registry_unavailable: true, name_mismatch: true, official_account_name_mismatch: true, legal_person_mismatch: true,
      recharge_attempts_exhausted: true, recharge_expired: true, remittance_attempts_exhausted: true, remittance_expired: true,
      payout_not_delivered: true, review_expired: true, method_choices_exhausted: true, enterprise_limit_reached: true,
      expired: true, resubmission_expired: true, review_attempts_exhausted: true, not_the_reviewed_entity: true, enterprise_not_verified: true,
      subject_changed: true,
      internal_error: true, cancelled: true, terminated: true,
    };
    for (const reason of Object.keys(every)) {
      expect(FAILURE_REASONS[reason]?.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(FAILURE_REASONS[reason]?.en).toMatch(/^[a-z][^\u4e00-\u9fff]+$/);
      expect(noticeText({ outcome: 'failed', processId: 'prc_1', reason }, 'en').body).toContain(`${FAILURE_REASONS[reason]!.en} (${reason})`);
    }
  });

  it('R-E6.4: a refused payout names why and invites corrected details; R-G7: in the last method the process may run, it and a rejection say the process ends instead', () => {
    const refused = (language: 'zh' | 'en', lastMethod?: boolean) => noticeText({ outcome: 'payout_refused', processId: 'prc_1', reason: 'account_invalid', ...(lastMethod ? { lastMethod } : {}) }, language).body;
    expect(refused('zh')).toMatch(/没有该账号.*account_invalid.*重新提交/);
    expect(refused('en')).toMatch(/no such account.*account_invalid.*submit them again/);
    expect(refused('zh', true)).not.toContain('重新提交，');
    expect(refused('zh', true)).toContain('请重新发起认证');
    expect(refused('en', true)).not.toContain('submit them again');
    expect(refused('en', true)).toMatch(/no such account.*ends now: start a new verification/);
    const rejected = (language: 'zh' | 'en', lastMethod?: boolean) => noticeText({ outcome: 'review_rejected', processId: 'prc_1', reason: 'blurred', ...(lastMethod ? { lastMethod } : {}) }, language).body;
    expect(rejected('en')).toContain('You may submit again');
    expect(rejected('en', true)).not.toContain('You may submit again');
    expect(rejected('zh', true)).not.toContain('您可以重新提交');
    expect(rejected('zh', true)).toContain('将随即结束');
    // R-G7: a change's last review: it ends, and it is a new change, not a verification, that tries again.
    const lastReview = (language: 'zh' | 'en') => noticeText({ outcome: 'review_rejected', processId: 'prc_1', reason: 'blurred', lastReview: true }, language).body;
    expect(lastReview('en')).toMatch(/reason: blurred\)\. This was the last review this change may have, so it ends now: start a new change/);
    expect(lastReview('en')).not.toContain('You may submit again');
    expect(lastReview('zh')).toContain('最后一次审核');
    expect(lastReview('zh')).not.toContain('您可以重新提交');
  });
});

describe('problem titles and refusals', () => {
  it('every problem type of the failure catalogue has its title in both languages, the English being the one it answers', () => {
    // Internal failures are answered as the generic 500 (title 'Internal error'), never with their own titles.
    for (const kind of [...Object.values(FAILURES), UNLISTED_REFUSAL].filter((k) => k.problem !== 'internal')) {
      const titles = (PROBLEM_TITLES as Record<string, { zh: string; en: string }>)[kind.problem];
      expect(titles).toBeDefined();
      expect(kind.title).toBe(titles!.en);
      expect(problemTitle(kind.problem, kind.status, 'zh')).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it("a workflow's refusal is the workflow's English message in English and its catalogue entry, with its parameters and rule ids, in Chinese", () => {
    expect(refusalDetail('QrCodeLimitReached', 'this process was issued its 5 codes (R-P7); it ends at its deadline unless the current one is used')).toEqual({
      en: 'this process was issued its 5 codes (R-P7); it ends at its deadline unless the current one is used',
      zh: '本流程已签发 5 个二维码（R-P7）；除非使用当前二维码，否则流程将在到期时结束',
    });
    expect(refusalDetail('ProcessNotOpen', 'process prc_9 is failed (identity_mismatch)').zh).toBe('流程 prc_9 已失败（身份信息不一致（identity_mismatch））');
    expect(refusalDetail('MethodChoiceNotNow', 'another method can be chosen only while nothing is pending; the process is in awaiting_payment').zh).toContain('awaiting_payment');
    expect(refusalDetail('NotTheReviewedEntity', 'enterprise.name: differs; enterprise.creditCode: differs (R-C5.5)').zh).toContain('R-C5.5');
    // A message of an unknown shape still gets its type's sentence; an unknown type the generic refusal.
    expect(refusalDetail('InvalidAmount', 'whatever').zh).toBe('金额须为 1 到 99 之间的整数，单位为分（R-E6.4）');
    expect(refusalDetail('SomethingNew', 'not now')).toEqual({ zh: '流程拒绝了该请求', en: 'not now' });
  });
});

describe('validation problems', () => {
  it('the identity rules (R-P1..R-P3, R-G3) have their field messages in Chinese', () => {
    const cases = [
      { documentType: 'mainland_id', documentNumber: '11010519900307123' },
      { documentType: 'mainland_id', documentNumber: '1101051990030712Y' },
      { documentType: 'mainland_id', documentNumber: '110105199003071230' },
      { documentType: 'hk_macao_permit', documentNumber: 'X1234567' },
      { documentType: 'taiwan_permit', documentNumber: '1234' },
      { documentType: 'taiwan_permit', documentNumber: '12345678', birthDate: '3000-01-01' },
      { documentType: 'passport', documentNumber: 'E12345678' },
      { documentType: 'mainland_id', documentNumber: '' },
      { documentType: 'mainland_id', documentNumber: '110105201503071234' },
    ];
    for (const applicant of cases) {
      const checked = validateIndividualIdentity({ name: '张三', ...applicant } as never, Date.parse('2026-05-01T00:00:00Z'));
      if (checked.ok) continue;
      for (const problem of checked.problems) expect([problem.message, fieldMessage(problem.message, 'zh')]).toEqual([problem.message, expect.stringMatching(/[\u4e00-\u9fff]/)]);
    }
  });

  it('schema issues are named by their code in Chinese, the validator\'s message in English', () => {
    expect(shapeIssueText({ code: 'invalid_type', message: 'Invalid input: expected string, received undefined', expected: 'string', input: undefined })).toEqual({
      zh: '必填',
      en: 'Invalid input: expected string, received undefined',
    });
    expect(shapeIssueText({ code: 'too_small', message: 'Too small', origin: 'string', minimum: 2 }).zh).toBe('至少 2 个字符');
    expect(shapeIssueText({ code: 'invalid_value', message: 'Invalid option', values: ['wechat_qr', 'face'] }).zh).toBe('应为以下之一：wechat_qr, face');
  });

  it('localise keeps the type, fields, rule ids and extensions, and drops the texts it carries', () => {
    const problem = {
      status: 400,
      type: 'validation',
      title: 'The request is not valid',
      detail: 'applicant.birthDate: The birth date is in the future.; method: Required',
      errors: [
        { field: 'applicant.birthDate', rule: 'R-P3', message: 'The birth date is in the future.' },
        { field: 'method', message: 'Required', text: { zh: '必填', en: 'Required' } },
      ],
      openProcessId: 'prc_1',
    };
    expect(localise(problem, 'zh')).toEqual({
      status: 400,
      type: 'validation',
      title: '请求无效',
      detail: 'applicant.birthDate: 出生日期晚于今天。; method: 必填',
      errors: [
        { field: 'applicant.birthDate', rule: 'R-P3', message: '出生日期晚于今天。' },
        { field: 'method', message: '必填' },
      ],
      openProcessId: 'prc_1',
    });
    expect(localise(problem, 'en')).toEqual({ ...problem, errors: [problem.errors[0], { field: 'method', message: 'Required' }] });
  });
});
