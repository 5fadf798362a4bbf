/**
 * The one catalogue of what holders read, in both languages side by side:
 * outcome notices (SMS, e-mail, WeChat, the message centre) and the `title`
 * and `detail` of the problems the API answers. Chinese is the default
 * (domain/language.ts); English texts are the ones the API always had.
 *
 * What never changes with the language: rule ids (R-P7), problem types,
 * field names, process and step ids, failure reason codes. They stay in the
 * Chinese texts as they are, so a holder can quote them to support.
 *
 * Workflows keep raising their refusals in English (their histories are
 * recorded); `refusalDetail` maps a refusal to its catalogue entry by its
 * failure type and the parameters its message carries.
 */
import type { Language } from './language';
import { isPayoutRefusal as isPayoutRefusalCode, type PayoutRefusal } from './payout-refusals';

export interface Localised {
  zh: string;
  en: string;
}

export function inLanguage(text: Localised, language: Language): string {
  return text[language];
}

const both = (zh: string, en: string): Localised => ({ zh, en });

// ——— Notices (R-G5) ———

export type NoticeOutcome = 'verified' | 'failed' | 'review_approved' | 'review_rejected' | 'payout_overdue' | 'payout_refused';

/** Failure reason codes as a holder reads them, in either language; the code itself follows in brackets. */
export const FAILURE_REASONS: Readonly<Record<string, Localised>> = {
  identity_mismatch: both('身份信息不一致', 'the identity details did not match'),
  identity_limit_reached: both('该证件已达到可认证账号数上限', 'this identity document already verifies as many accounts as it may'),
  abandoned: both('长时间未操作', 'nothing was done before the deadline'),
  account_not_eligible: both('账号当前不能认证', 'the account cannot be verified now'),
  face_attempts_exhausted: both('人脸识别次数已用完', 'every face recognition attempt was used'),
  // R-E3: a newly registered enterprise (or a new name, R-C6) may be missing from the registry for a while: say so, and to retry.
  registry_not_found: both(
    '工商登记信息中暂未找到该企业，新登记或刚变更的企业最多可能需要 7 个工作日才能查到，请稍后重试',
    'the business registry has no such enterprise yet; a newly registered or renamed one may take up to 7 business days to appear there, so please retry later',
  ),
  // R-E3: revoked (吊销) or deregistered (注销): waiting will not help, so no "retry later".
  enterprise_not_active: both('工商登记显示该企业已吊销或注销，不能认证', 'the business registry holds this enterprise as revoked or deregistered, so it cannot be verified'),
  // R-E2, R-E7: a registration number or organisation code from an enterprise the registry holds a credit code for.
  credit_code_required: both(
    '工商登记显示该企业已有统一社会信用代码，请使用统一社会信用代码重新发起认证',
    'the business registry holds a unified social credit code for this enterprise: start again with that code',
  ),
  // R-G7: the registry was down until the deadline; nothing the holder gave was wrong.
  registry_unavailable: both('在截止时间前未能连接工商登记系统，请重新发起', 'the business registry could not be reached before the deadline; please start again'),
  name_mismatch: both('企业名称不一致', 'the enterprise name did not match'),
  official_account_name_mismatch: both('公众号主体名称不一致', "the Official Account's subject name did not match"),
  legal_person_mismatch: both('法定代表人信息不一致', "the legal representative's details did not match"),
  recharge_attempts_exhausted: both('充值认证次数已用完', 'every recharge attempt was used'),
  recharge_expired: both('充值认证已过期', 'the recharge was not made in time'),
  remittance_attempts_exhausted: both('打款金额填写次数已用完', 'every attempt to enter the payout amount was used'),
  remittance_expired: both('对公打款认证已过期', 'the corporate remittance was not completed in time'),
  payout_not_delivered: both('验证打款未能到账', 'the verification payout could not be delivered'),
  review_expired: both('审核已过期', 'the review was not completed in time'),
  method_choices_exhausted: both('本次认证可尝试的认证方式次数已用完', 'every method this process may run was used'),
  review_attempts_exhausted: both('审核次数已用完', 'every review attempt was used'),
  resubmission_expired: both('重新提交已过期', 'the materials were not resubmitted in time'),
  enterprise_limit_reached: both('该企业已达到可认证账号数上限', 'this enterprise already verifies as many accounts as it may'),
  enterprise_not_verified: both('企业认证未完成', 'the enterprise verification was not completed'),
  subject_changed: both('账号的认证主体在变更发起期间发生了变化', 'the account changed its verified subject while the change was being started'),
  not_the_reviewed_entity: both('新主体不是审核通过的主体', 'the new entity is not the one that was reviewed'),
  expired: both('已过期', 'the process expired'),
  cancelled: both('已被取消', 'the process was cancelled'),
  terminated: both('已被终止', 'the process was stopped'),
  internal_error: both('系统内部错误', 'an internal error'),
};

function reasonIn(reason: string | null | undefined, language: Language): string {
  if (!reason) return language === 'zh' ? '未知' : 'unknown';
  const label = Object.prototype.hasOwnProperty.call(FAILURE_REASONS, reason) ? FAILURE_REASONS[reason] : undefined;
  if (!label) return reason;
  return language === 'zh' ? `${label.zh}（${reason}）` : `${label.en} (${reason})`;
}

export const PAYOUT_OVERDUE_TEXT = both(
  '银行尚未确认验证打款已到达您的对公银行账户。请核对您提交的银行信息（账号、开户银行、所在地和支行）以及账户流水。' +
    '如信息有误，认证无法完成：请等待本次认证结束后重新提交银行信息。',
  'The bank has not yet confirmed that the verification payout reached your corporate bank account. ' +
    'Please check the bank details you submitted (account number, bank, location and branch) and your account statement. ' +
    'If the details are wrong, the verification cannot complete: wait for it to end and submit the bank information again.',
);

/** R-E6.4: why the bank refused the payout, in the holder's words. */
export const PAYOUT_REFUSAL_TEXTS: Record<PayoutRefusal, Localised> = {
  account_invalid: both('开户银行没有该账号，或账号格式有误', 'the bank has no such account, or the account number is malformed'),
  account_closed: both('该账户已销户或无法收款', 'the account is closed or cannot receive payments'),
  payee_name_mismatch: both('该账户的户名不是企业名称', "the account is not held in the enterprise's name"),
};

/**
 * R-E6.4: what the holder reads when the bank refused the payout; `resubmit`:
 * whether the process lets them correct the details and submit them again.
 */
export function payoutRefusedText(refusal: PayoutRefusal, resubmit = true): Localised {
  const why = PAYOUT_REFUSAL_TEXTS[refusal];
  const reason = both(`银行拒绝了验证打款：${why.zh}（${refusal}）。未打出任何款项。`, `The bank refused the verification payout: ${why.en} (${refusal}). No money was sent.`);
  if (!resubmit) return reason;
  return both(
    `${reason.zh}请核对并更正对公银行信息（账号、开户银行、所在地和支行，户名须为企业名称）后重新提交，或选择其他认证方式。`,
    `${reason.en} Please correct the corporate bank details (account number, bank, location and branch, held in the enterprise's name) and submit them again, or choose another method.`,
  );
}

/** The notice of an outcome, as every channel and the message centre show it. */
export function noticeText(
  input: { outcome: NoticeOutcome; processId: string; reason?: string | null; lastMethod?: boolean; lastReview?: boolean },
  language: Language,
): { title: string; body: string } {
  const { processId, reason } = input;
  // R-G7: the process ran every method (or a change every review) it may run, so it ends now: no invitation to submit again within it.
  const next = input.lastMethod
    ? both('本流程可尝试的认证方式已用完，将随即结束：请重新发起认证。', 'This process has run every method it may run and ends now: start a new verification.')
    : input.lastReview
      ? both('这是本次变更可进行的最后一次审核，变更将随即结束：如需变更请重新发起。', 'This was the last review this change may have, so it ends now: start a new change to try again.')
      : null;
  const pick = (title: Localised, body: Localised) => ({ title: title[language], body: body[language] });
  switch (input.outcome) {
    case 'verified':
      return pick(both('实名认证成功', 'Real-name verification succeeded'), both(`流程 ${processId} 已完成您账号的实名认证。`, `Process ${processId} verified your account.`));
    case 'review_approved':
      return pick(
        both('资料审核通过', 'Materials approved'),
        both(`流程 ${processId} 的资料审核已通过，可以进行下一步。`, `The review of process ${processId} approved your materials; the next step is open.`),
      );
    case 'review_rejected':
      // The reason is the reviewer's own words: shown as written.
      return pick(
        both('资料审核未通过', 'Materials rejected'),
        both(
          `流程 ${processId} 的资料审核未通过（原因：${reason ?? '未说明'}）。${next?.zh ?? '您可以重新提交，或选择其他认证方式。'}`,
          `The review of process ${processId} rejected your materials (reason: ${reason ?? 'not given'}). ${next?.en ?? 'You may submit again or choose another method.'}`,
        ),
      );
    case 'payout_overdue':
      return pick(
        both('请核对您的银行信息', 'Please check your bank details'),
        both(`流程 ${processId}：${PAYOUT_OVERDUE_TEXT.zh}`, `Process ${processId}: ${PAYOUT_OVERDUE_TEXT.en}`),
      );
    case 'payout_refused': {
      const text = isPayoutRefusalCode(reason) ? payoutRefusedText(reason, !next) : null;
      const fallback = next ? both('银行拒绝了验证打款。', 'The bank refused the verification payout. ') : both('银行拒绝了验证打款。请核对并更正对公银行信息后重新提交。', 'The bank refused the verification payout. Please correct the corporate bank details and submit them again.');
      return pick(
        both('银行拒绝了验证打款，请更正银行信息', 'The bank refused the payout: please correct your bank details'),
        both(`流程 ${processId}：${text?.zh ?? fallback.zh}${next?.zh ?? ''}`, `Process ${processId}: ${text?.en ?? fallback.en}${next ? ` ${next.en}` : ''}`),
      );
    }
    default:
      return pick(
        both('实名认证失败', 'Real-name verification failed'),
        both(`流程 ${processId} 已结束，未完成认证（原因：${reasonIn(reason, 'zh')}）。`, `Process ${processId} ended without verification (reason: ${reasonIn(reason, 'en')}).`),
      );
  }
}

// ——— Problem titles, by problem type ———

/** Every problem type the API answers holders with; the English titles are the ones domain/failures.ts and api/problem.ts give. */
export const PROBLEM_TITLES = {
  validation: both('请求无效', 'The request is not valid'),
  unauthorized: both('需要登录认证', 'Authentication required'),
  forbidden: both('无权进行此操作', 'Not allowed'),
  'not-found': both('未找到', 'Not found'),
  conflict: both('与当前状态冲突', 'Conflict with the current state'),
  unavailable: both('服务暂时不可用', 'Temporarily unavailable'),
  internal: both('内部错误', 'Internal error'),
  'too-large': both('请求内容过大', 'Request body too large'),
  'rate-limited': both('请求过于频繁', 'Too many requests'),
  'unsupported-media-type': both('不支持的内容类型', 'Unsupported media type'),
  'idempotency-key-reused': both('Idempotency-Key 已用于另一个请求', 'Idempotency-Key reused for another request'),
  'bad-signature': both('回调签名无效', 'Webhook signature refused'),
  // Refusals of the processes (domain/failures.ts).
  'process-not-open': both('流程已不在进行中', 'The process is not open'),
  'qr-code-in-use': both('当前二维码正在使用中', 'The current code is in use'),
  'qr-code-limit-reached': both('本流程不能再获取新的二维码（R-P7）', 'No more fresh codes for this process (R-P7)'),
  'method-choices-exhausted': both('本流程不能再更换认证方式（R-G7）', 'No more method choices for this process (R-G7)'),
  'no-code-to-refresh': both('当前没有可更换的二维码', 'No code can be replaced now'),
  'code-being-replaced': both('新的二维码正在生成中', 'A fresh code is already being issued'),
  'method-not-allowed': both('该主体不能使用这种认证方式', 'The method is not available to this subject'),
  'method-choice-not-now': both('现在不能更换认证方式', 'Another method cannot be chosen now'),
  'nothing-to-withdraw': both('没有等待决定的审核', 'No review awaits its decision'),
  'no-amount-awaited': both('当前无需填写打款金额', 'No payout amount is awaited'),
  'amount-entry-pending': both('上一次填写的金额仍在核对中', 'The previous amount entry is still being checked'),
  'amount-window-closed': both('填写打款金额的时间已结束（R-E6.5）', 'The time to enter the amount has ended (R-E6.5)'),
  'change-not-revocable': both('变更已不能撤销', 'The change can no longer be revoked'),
  'new-entity-not-now': both('现在不能填写新主体', 'The new entity cannot be entered now'),
  'nothing-to-resubmit': both('没有等待重新提交的被驳回材料', 'No rejected materials await a resubmission'),
  'review-closed': both('审核已结束', 'The review is closed'),
  'wrong-review': both('该决定针对的是另一个审核', 'The decision names another review'),
  'invalid-amount': both('金额无效', 'The amount is not valid'),
  'invalid-decision': both('审核决定无效', 'The decision is not valid'),
  'no-materials': both('未指明更正后的材料', 'No corrected materials are named'),
  'wrong-process': both('该请求属于另一个流程', 'The request belongs to another process'),
  'not-the-reviewed-entity': both('新主体不是审核通过的主体（R-C5.5）', 'The new entity is not the one reviewed (R-C5.5)'),
  'unsealed-payload-refused': both('拒绝未加密的载荷', 'Unencrypted payloads are refused'),
  'update-refused': both('流程拒绝了该请求', 'The process refused the request'),
  // Conflicts and refusals the API itself decides (api/).
  'process-already-open': both('已有进行中的流程（R-G2）', 'The account already has an open process (R-G2)'),
  'account-already-verified': both('账号已完成实名认证', 'The account is already verified'),
  'account-exists': both('账号已存在', 'The account already exists'),
  'process-closed': both('流程已结束', 'The process has ended'),
  'wrong-process-kind': both('该请求不适用于这种流程', 'The request is not for this kind of process'),
  'not-in-this-step': both('当前步骤不接受该请求', 'The request is not taken in this step'),
  'change-cooldown': both('暂时还不能变更（R-C1）', 'Too soon for a change (R-C1)'),
  'change-not-allowed': both('该账号不能进行这种变更', 'This change is not possible for the account'),
  'subject-changed': both('账号的认证主体刚刚发生了变化', "The account's verified subject has just changed"),
  'not-a-reviewed-change': both('该变更没有可重新提交的材料', 'The change has no materials to resubmit'),
  'upload-quota-exceeded': both('未使用的已上传材料已达上限', 'Too many uploaded documents not yet used'),
  'review-claimed': both('审核已被其他运营人员领取', 'The review is claimed by another operator'),
  'not-your-claim': both('您没有领取该审核', 'The review is not claimed by you'),
  'webhook-endpoint-disabled': both('回调地址已停用', 'The webhook endpoint is disabled'),
  'event-id-reused': both('事件编号已用于另一事件', 'Event id reused for another event'),
  'payload-undecodable': both('载荷无法解密', 'A payload cannot be decrypted'),
  'codec-encode-refused': both('此编解码服务只解码', 'This codec server only decodes'),
  // A refusal of the HTTP layer itself (a malformed body, say): titled by its status.
  http: both('请求被拒绝', 'Request refused'),
} as const satisfies Record<string, Localised>;

export type ProblemTitleType = keyof typeof PROBLEM_TITLES;

/** Titles by status, for a problem whose type is not listed above (none the API makes: tests/unit/problem-catalogue.test.ts) and the HTTP layer's own refusals. */
const STATUS_TITLES: Record<number, Localised> = {
  400: PROBLEM_TITLES.validation,
  401: PROBLEM_TITLES.unauthorized,
  403: PROBLEM_TITLES.forbidden,
  404: PROBLEM_TITLES['not-found'],
  409: PROBLEM_TITLES.conflict,
  413: PROBLEM_TITLES['too-large'],
  415: PROBLEM_TITLES['unsupported-media-type'],
  422: both('请求无法处理', 'The request cannot be processed'),
  429: PROBLEM_TITLES['rate-limited'],
  500: PROBLEM_TITLES.internal,
  503: PROBLEM_TITLES.unavailable,
};

/** The title of a problem in `language`: its type's, the HTTP layer's by its status; null when the catalogue has none (the problem's own title is answered). */
export function problemTitle(type: string, status: number, language: Language): string | null {
  const byType = type === 'http' ? undefined : (PROBLEM_TITLES as Record<string, Localised>)[type];
  return (byType ?? STATUS_TITLES[status] ?? (type === 'http' ? PROBLEM_TITLES.http : undefined))?.[language] ?? null;
}

// ——— Problem details the API composes ———

/** What the API names as not found, by the words it starts with (longest first where one starts another). */
const NOUNS_ZH: Record<string, string> = {
  'personal codec endpoint': '个人编解码地址',
  'webhook endpoint': '回调地址',
  'webhook delivery': '回调投递',
  'QR code of process': '二维码：流程',
  'payout of process': '验证打款：流程',
  payout: '验证打款',
  ticket: '二维码',
  account: '账号',
  process: '流程',
  document: '材料',
  message: '消息',
  review: '审核',
  change: '变更',
  route: '路由',
  payment: '支付',
};

/** What each rate limit counts (api/app.ts names them), as a holder reads it. */
const RATE_LIMITS_ZH: Record<string, string> = { uploads: '上传', 'process starts': '发起流程', 'amount entries': '填写打款金额' };

export const PROBLEM_DETAILS = {
  /** `what` is "<noun> <id>", as the API names it. */
  notFound: (what: string): Localised => {
    const noun = Object.keys(NOUNS_ZH).find((words) => what === words || what.startsWith(`${words} `));
    const rest = noun ? what.slice(noun.length).replace(/ of (\S+)$/, '（$1）') : '';
    return both(`${noun ? `${NOUNS_ZH[noun]}${rest}${rest ? ' ' : ''}` : `${what} `}不存在`, `${what} does not exist`);
  },
  processAlreadyOpen: (accountId: string, openProcessId: string): Localised =>
    both(`账号 ${accountId} 已有进行中的流程 ${openProcessId}（R-G2）`, `account ${accountId} already has an open process ${openProcessId} (R-G2)`),
  accountAlreadyVerified: (accountId: string, status: string): Localised =>
    both(`账号 ${accountId} 已完成实名认证（${status}），如需更换主体请发起变更`, `account ${accountId} is already verified as ${status}; change the subject instead`),
  processEnded: (): Localised => both('流程已结束', 'the process has ended'),
  processEndedAs: (processId: string, status: string): Localised => both(`流程 ${processId} 已结束（${status}）`, `process ${processId} already ended as ${status}`),
  dependencyUnavailable: (): Localised => both('依赖的服务暂时不可用，请稍后重试', 'a dependency is unavailable; retry shortly'),
  /** A provider's event id first reported another transaction (a payment) or another process's ticket (a QR or face event). */
  eventIdReused: (eventId: string, what: 'transaction' | 'ticket'): Localised =>
    both(
      `事件编号 ${eventId} 已用于另一${what === 'transaction' ? '笔交易' : '个二维码'}的事件，未作处理；请为每个事件使用新的编号`,
      `event id ${eventId} was first used for another ${what}; this event was not taken: give each event an id of its own`,
    ),
  // Authentication (api/auth.ts): why a bearer token is refused.
  bearerRequired: (): Localised => both('请发送 Authorization: Bearer <token>', 'send Authorization: Bearer <token>'),
  tokenIssuedInFuture: (): Localised => both('令牌的签发时间晚于当前时间', 'the token is issued in the future'),
  tokenTooLongLived: (): Localised => both('令牌的有效期超过允许的上限', 'the token lives longer than tokens may'),
  tokenWithoutId: (): Localised => both('令牌没有编号（jti）', 'the token has no id (jti)'),
  tokenWithoutRole: (): Localised => both('令牌未指明已知的角色', 'the token names no known role'),
  tokenExpired: (): Localised => both('令牌已过期', 'the token has expired'),
  /** `claimProblem` is the JWT library's own words (which claim failed), kept as they are. */
  tokenInvalid: (claimProblem?: string): Localised =>
    claimProblem ? both(`令牌无效：${claimProblem}`, `the token is not valid: ${claimProblem}`) : both('令牌无效', 'the token is not valid'),
  // Who may do what (api/auth.ts and the holder-only routes).
  operatorOnly: (): Localised => both('此操作需要运营人员令牌', 'this action needs an operator token'),
  holderOnly: (action: 'start' | 'drive' | 'change' | 'read-messages'): Localised =>
    ({
      start: both('只有账号持有人可以发起其认证', "only the account's holder starts its verification"),
      drive: both('只有账号持有人可以操作其流程', "only the account's holder drives its process"),
      change: both('只有账号持有人可以变更其主体', "only the account's holder changes its subject"),
      'read-messages': both('只有账号持有人可以将其消息标为已读', "only the account's holder marks its messages read"),
    })[action],
  // Limits (api/rate-limit.ts, uploads); `name` is the limit's name in api/app.ts.
  rateLimited: (perMinute: number, name: string, retryAfterSeconds: number): Localised =>
    both(`每分钟最多${RATE_LIMITS_ZH[name] ?? ` ${name} `} ${perMinute} 次，请在 ${retryAfterSeconds} 秒后重试`, `at most ${perMinute} ${name} per minute; retry in ${retryAfterSeconds} s`),
  uploadTooLarge: (): Localised => both('文件不能超过 5 MB', 'files are limited to 5 MB'),
  uploadQuotaExceeded: (refusal: { limit: 'documents' | 'bytes'; max: number; message: string }, setting: string, ttlHours: number): Localised =>
    both(
      `每个账号最多保留${refusal.limit === 'documents' ? ` ${refusal.max} 份` : ` ${Math.floor(refusal.max / (1024 * 1024))} MB `}尚未被流程使用的已上传材料（${setting}）；请发起或继续需要这些材料的流程，或等待未使用的材料在上传 ${ttlHours} 小时后过期`,
      `${refusal.message} per account (${setting}); start or continue the process that needs them, or wait until unused ones expire ${ttlHours} hours after their upload`,
    ),
  // Requests a process takes in some steps or kinds only (api/process-access.ts).
  notInThisStep: (step: string): Localised => both(`当前步骤（${step}）不接受该请求`, `this request is not taken in step ${step}`),
  nothingToResubmit: (step: string): Localised =>
    both(`只有材料被驳回后才能重新提交；变更当前处于 ${step}`, `materials can be resubmitted only after a rejection; the change is in ${step}`),
  newEntityNotNow: (step: string): Localised =>
    both(`新主体须在审核通过变更后填写；变更当前处于 ${step}`, `the new entity is entered after the review approved the change; the change is in ${step}`),
  noAmountAwaited: (step: string): Localised => both(`当前无需填写打款金额；流程处于 ${step}`, `no payout amount is awaited; the process is in ${step}`),
  wrongChangeKind: (processId: string, kind: string, wanted: readonly string[]): Localised =>
    both(`流程 ${processId} 是 ${kind} 变更，该请求仅适用于 ${wanted.join('、')} 变更`, `process ${processId} is a ${kind} change; this request is for a ${wanted.join(' or ')} change only`),
  wrongProcessKind: (processId: string, kind: string, wanted: string): Localised =>
    both(`流程 ${processId} 是 ${kind}，该请求适用于 ${wanted}`, `process ${processId} is a ${kind}; this request is for a ${wanted}`),
  // Starts the API refuses itself.
  accountExists: (accountId: string): Localised => both(`账号 ${accountId} 已存在`, `account ${accountId} already exists`),
  idempotencyKeyReused: (processId: string): Localised =>
    both(
      `该 Idempotency-Key 已用另一个请求发起了流程 ${processId}；新的请求请使用新的 Idempotency-Key`,
      `this Idempotency-Key started process ${processId} with another request; send a new key for a new request`,
    ),
  // Changes of the subject (api/routes/changes.ts, domain/change-rules.ts); `allowedFrom` is an ISO time, as its extension.
  changeCooldown: (cooldownDays: number, allowedFrom: string): Localised =>
    both(
      `距上次认证或变更满 ${cooldownDays} 天后才能变更，即从 ${allowedFrom} 起（R-C1）`,
      `a change is possible ${cooldownDays} days after the last verification or change, from ${allowedFrom} (R-C1)`,
    ),
  /** `reason` is domain/change-rules.ts's English reason; its Chinese by its shape. */
  changeNotAllowed: (rule: string, reason: string): Localised => {
    const direction = /^a (\w+) change is for (\w+) accounts; this account is (\w+)$/.exec(reason);
    const zh =
      reason === 'an enterprise account can never become individual'
        ? '企业账号不能变更为个人账号'
        : direction
          ? `${direction[1]} 变更适用于 ${direction[2]} 账号；本账号为 ${direction[3]}`
          : /^a legal representative update needs/.test(reason)
            ? '变更法定代表人须有以 91 或 92 开头的 18 位统一社会信用代码；请先完成记录该代码的主体变更'
            : reason;
    return both(`${zh}（${rule}）`, `${reason} (${rule})`);
  },
  subjectChanged: (accountId: string): Localised =>
    both(
      `账号 ${accountId} 的上一个流程在本次变更等待期间刚刚结束并改变了认证主体；请按当前主体重新发起变更`,
      `the previous process of account ${accountId} ended while this change waited and changed the verified subject; send the change again for the subject as it is now`,
    ),
  currentFaceUnchecked: (documentType: string): Localised =>
    both(
      `变更须先由账号当前的个人完成人脸识别（R-C4），而本平台的人脸识别不支持其证件（${documentType}），仅支持居民身份证；请联系客服`,
      `a change from an individual starts with the current individual's face check (R-C4), and this platform's face check cannot check their document (${documentType}), only a mainland ID card; contact support`,
    ),
  notAReviewedChange: (): Localised => both('该变更没有可重新提交的材料', 'this change has no materials to resubmit'),
  notTheReviewedEntity: (differences: ReadonlyArray<{ field: string; message: string }>): Localised =>
    both(
      differences.map((p) => `enterprise.${p.field}: ${fieldMessage(p.message, 'zh')}`).join('; '),
      differences.map((p) => `enterprise.${p.field}: ${p.message}`).join('; '),
    ),
  // Reviews (api/routes/reviews.ts): operators read these.
  reviewClosed: (reviewId: string, status: string): Localised => both(`审核 ${reviewId} 已结束（${status}）`, `review ${reviewId} is ${status}`),
  reviewWithoutProcess: (reviewId: string): Localised => both(`审核 ${reviewId} 已没有进行中的流程`, `review ${reviewId} has no running process any more`),
  /** `until` is the claim's expiry (ISO time); `by` the operator holding it, when the asker may know. */
  reviewClaimed: (reviewId: string, until: string | undefined, by?: string): Localised =>
    both(
      `审核 ${reviewId} 已被${by ? ` ${by} ` : '其他运营人员'}领取，至 ${until} 为止`,
      `review ${reviewId} is claimed by ${by ?? 'another operator'} until ${until}`,
    ),
  notYourClaim: (reviewId: string): Localised => both(`审核 ${reviewId} 不是由您领取的`, `review ${reviewId} is not claimed by you`),
  // Webhook endpoints (api/routes/webhook-endpoints.ts) and providers' callbacks (api/routes/webhooks.ts).
  webhookEndpointDisabled: (): Localised => both('该回调地址已停用：请重新注册以接收事件', 'The endpoint is disabled: register it again to receive events'),
  /** `reason` is api/webhook-signature.ts's code, kept as it is. */
  webhookSignature: (reason: string): Localised => both(`回调签名无效（${reason}）`, reason),
  // Request bodies (api/request-body.ts).
  bodyTooLarge: (maxBytes: number): Localised => both(`请求内容最多 ${maxBytes} 字节`, `at most ${maxBytes} bytes`),
  multipartRequired: (): Localised => both('请以 multipart/form-data 发送 purpose 和 file 两个字段', 'send multipart/form-data with fields purpose and file'),
  /** A refusal of the HTTP layer (Hono's own words, such as a malformed JSON body). */
  httpRefused: (message: string): Localised =>
    both(message === 'Malformed JSON in request body' ? '请求体不是有效的 JSON' : message ? `请求被拒绝：${message}` : '请求被拒绝', message || 'Request refused'),
  // The hosted verification page's session (api/verification-session/).
  sessionForAnotherProcess: (): Localised => both('该认证会话属于另一个流程', 'this verification session is for another process'),
  notASessionToken: (): Localised => both('这不是认证会话令牌', 'not a verification session token'),
  sessionLinkInvalid: (): Localised => both('该认证链接已失效：请重新获取', 'this verification link is no longer valid: ask for a new one'),
  sessionLinkExpired: (): Localised => both('该认证链接已过期：请重新获取', 'this verification link has expired: ask for a new one'),
  // Operators' tools: /metrics (api/metrics.ts), the codec server (api/routes/codec.ts, api/codec-token.ts).
  metricsBearerRequired: (): Localised =>
    both('请发送 Authorization: Bearer <运营人员令牌或 METRICS_TOKEN>', 'send Authorization: Bearer <operator token or METRICS_TOKEN>'),
  metricsOperatorOnly: (): Localised => both('查看指标需要运营人员令牌', 'metrics need an operator token'),
  codecBrowserOrigin: (webUiOrigin: string): Localised =>
    both(`编解码服务只应答来自 Temporal Web UI（${webUiOrigin}）的浏览器请求`, `the codec server answers browsers only from the Temporal Web UI (${webUiOrigin})`),
  codecEncodeRefused: (): Localised =>
    both('只有 API 和 worker 可以写入 Temporal；请通过 API 发送信号和决定', 'Temporal is written only by the API and the worker; send signals and decisions through the API'),
  /** `message` names the payload that failed (api/codec.ts), kept as it is. */
  payloadUndecodable: (message: string): Localised => both(`载荷无法解密：${message}`, message),
  notACodecToken: (): Localised => both('这不是编解码地址令牌', 'not a codec token'),
  codecTokenWithoutId: (): Localised => both('该编解码地址没有编号：请重新申请', 'the codec endpoint has no id: ask for a new one'),
  codecTokenExpired: (): Localised => both('该编解码地址已过期：请重新申请', 'the codec endpoint has expired: ask for a new one'),
  codecTokenInvalid: (): Localised => both('这不是有效的编解码地址', 'not a valid codec endpoint'),
  codecTokenNeverIssued: (): Localised => both('该编解码地址从未签发：请重新申请', 'the codec endpoint was never issued: ask for a new one'),
  codecTokenRevoked: (): Localised => both('该编解码地址已被撤销：请重新申请', 'the codec endpoint has been revoked: ask for a new one'),
};

// ——— Refusals raised by workflows, by failure type ———

/** A refusal's Chinese detail from the parameters its English message carries; null when the message is not of a known shape. */
type RefusalZh = (message: string) => string | null;

const match = (pattern: RegExp, zh: (...groups: string[]) => string): RefusalZh => (message) => {
  const found = pattern.exec(message);
  return found ? zh(...found.slice(1)) : null;
};

const first = (...readers: RefusalZh[]): RefusalZh => (message) => {
  for (const read of readers) {
    const text = read(message);
    if (text !== null) return text;
  }
  return null;
};

const STATUS_ZH: Record<string, string> = { verified: '已通过认证', failed: '已失败', open: '进行中', revoked: '已撤销', rejected: '已驳回', approved: '已通过' };

const fieldsZh = (fields: string[]): string => fields.map((field) => (field === 'name' ? '名称（name）' : field === 'creditCode' ? '统一社会信用代码（creditCode）' : field)).join('、');

/**
 * For each failure type of domain/failures.ts a refusal can have: its Chinese
 * detail, from the message's parameters where it carries any, else a fixed
 * sentence for the type. Rule ids, steps and ids stay as they are.
 */
const REFUSALS_ZH: Record<string, { read?: RefusalZh; otherwise: string }> = {
  ProcessNotOpen: {
    read: first(
      match(/^process (\S+) is (\w+)(?: \((\w+)\))?$/, (id, status, reason) => `流程 ${id} ${STATUS_ZH[status!] ?? status}${reason ? `（${reasonIn(reason, 'zh')}）` : ''}`),
      match(/^process (\S+) has no code now$/, (id) => `流程 ${id} 当前没有二维码`),
      match(/^the process ended in an internal error$/, () => '流程因内部错误而结束'),
    ),
    otherwise: '流程已不在进行中',
  },
  QrCodeInUse: { read: match(/\((\w+)\)/, (step) => `当前二维码正在使用中（${step}），过期后才能更换`), otherwise: '当前二维码正在使用中，过期后才能更换' },
  QrCodeLimitReached: {
    read: match(/issued its (\d+) codes \(R-P7\); (.*)$/, (count, atLimit) =>
      `本流程已签发 ${count} 个二维码（R-P7）；${/choose another method/.test(atLimit!) ? '请选择其他认证方式，或等待其到期结束' : '除非使用当前二维码，否则流程将在到期时结束'}`,
    ),
    otherwise: '本流程不能再获取新的二维码（R-P7）',
  },
  MethodChoicesExhausted: {
    read: match(/ran its (\d+) methods/, (count) => `本流程已尝试 ${count} 种认证方式（R-G7：每个循环都有上限），请在其结束后重新发起认证`),
    otherwise: '本流程不能再更换认证方式（R-G7），请在其结束后重新发起认证',
  },
  CodeBeingReplaced: { otherwise: '新的二维码正在生成中，请在其显示后再操作' },
  NoCodeToRefresh: { read: match(/in step (\w+)$/, (step) => `当前步骤（${step}）没有可更换的二维码`), otherwise: '当前没有可更换的二维码' },
  MethodNotAllowed: {
    read: first(
      match(/^this document allows only: (.*) \(R-P6\)$/, (methods) => `该证件只能使用以下认证方式：${methods}（R-P6）`),
      match(/^no such method: (.*)$/, (method) => `没有这种认证方式：${method}`),
    ),
    otherwise: '该主体不能使用这种认证方式',
  },
  MethodChoiceNotNow: {
    read: match(/the process is in (\w+)$/, (step) => `只有在没有待处理事项时才能更换认证方式；流程当前处于 ${step}`),
    otherwise: '只有在没有待处理事项时才能更换认证方式',
  },
  NothingToWithdraw: { read: match(/the process is in (\w+)$/, (step) => `只有等待决定的审核才能撤回；流程当前处于 ${step}`), otherwise: '只有等待决定的审核才能撤回' },
  NoAmountAwaited: { read: match(/the process is in (\w+)$/, (step) => `当前无需填写打款金额；流程处于 ${step}`), otherwise: '当前无需填写打款金额' },
  AmountEntryPending: { otherwise: '上一次填写的金额仍在核对中，请在得到结果后再提交' },
  AmountWindowClosed: {
    read: match(/ended at (\S+) \(R-E6\.5\)$/, (at) => `填写打款金额的时间已于 ${at} 结束（R-E6.5）`),
    otherwise: '填写打款金额的时间已结束（R-E6.5）',
  },
  SubjectChanged: { otherwise: '账号的认证主体在本次变更发起期间刚刚发生了变化；请按当前主体重新发起变更（R-C1、R-C2）' },
  ChangeNotRevocable: { read: match(/reached its outcome \((.+)\) \(R-C3\)$/, (outcome) => `变更已有结果（${outcome}），不能撤销（R-C3）`), otherwise: '变更已有结果，不能撤销（R-C3）' },
  NewEntityNotNow: { read: match(/the change is in (\w+)$/, (step) => `新主体须在审核通过变更后填写；变更当前处于 ${step}`), otherwise: '新主体须在审核通过变更后填写' },
  NothingToResubmit: { read: match(/the change is in (\w+)$/, (step) => `只有材料被驳回后才能重新提交；变更当前处于 ${step}`), otherwise: '只有材料被驳回后才能重新提交' },
  ReviewClosed: { read: match(/^review (\S+) is already (\w+)$/, (id, status) => `审核 ${id} 已结束（${status}）`), otherwise: '审核已结束' },
  WrongReview: { read: match(/^this decision is for review (\S+), not (\S+)$/, (named, review) => `该决定针对审核 ${named}，而不是 ${review}`), otherwise: '该决定针对的是另一个审核' },
  InvalidAmount: { otherwise: '金额须为 1 到 99 之间的整数，单位为分（R-E6.4）' },
  InvalidDecision: { otherwise: '审核决定无效' },
  NoMaterials: { otherwise: '请指明更正后的材料' },
  WrongProcess: {
    read: first(
      match(/^this is not a (\S+) request of process (\S+)$/, (request, processId) => `这不是流程 ${processId} 的 ${request} 请求`),
      match(/^the new entity must belong to this change$/, () => '新主体必须属于本次变更'),
      match(/^the new entity must be an enterprise start \(R-C5\.5\)$/, () => '新主体必须以企业认证发起（R-C5.5）'),
    ),
    otherwise: '该请求属于另一个流程',
  },
  NotTheReviewedEntity: {
    read: (message) => {
      const fields = [...message.matchAll(/enterprise\.(\w+):/g)].map((found) => found[1]!);
      return fields.length > 0 ? `新主体必须是审核通过的主体：${fieldsZh(fields)}与审核时不一致（R-C5.5）` : null;
    },
    otherwise: '新主体必须是审核通过的主体（R-C5.5）',
  },
  UnsealedPayloadRefused: { otherwise: '拒绝未加密的载荷：只有 API 和 worker 可以写入 Temporal' },
};

/**
 * The detail of a workflow's refusal: in English the workflow's own message,
 * in Chinese its catalogue entry (by type, with the message's parameters).
 */
export function refusalDetail(type: string | null | undefined, message: string): Localised {
  const entry = type ? REFUSALS_ZH[type] : undefined;
  return both(entry ? (entry.read?.(message) ?? entry.otherwise) : '流程拒绝了该请求', message);
}

// ——— Field problems of a validation problem ———

/** What the schema validation (zod) reports, as far as the texts need it. */
export interface ShapeIssue {
  code: string;
  message: string;
  input?: unknown;
  expected?: unknown;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  format?: string;
  values?: readonly unknown[];
  keys?: readonly string[];
}

/** A shape problem the schema found, in both languages (English: the validator's own message). */
export function shapeIssueText(issue: ShapeIssue): Localised {
  const sized = (limit: number | bigint | undefined, least: boolean): string => {
    const bound = String(limit);
    if (issue.origin === 'string') return least ? `至少 ${bound} 个字符` : `最多 ${bound} 个字符`;
    if (issue.origin === 'array' || issue.origin === 'set') return least ? `至少 ${bound} 项` : `最多 ${bound} 项`;
    return least ? `不能小于 ${bound}` : `不能大于 ${bound}`;
  };
  const zh = (() => {
    switch (issue.code) {
      case 'invalid_type':
        return issue.input === undefined ? '必填' : `类型应为 ${String(issue.expected)}`;
      case 'too_small':
        return sized(issue.minimum, true);
      case 'too_big':
        return sized(issue.maximum, false);
      case 'invalid_format':
        return `格式不正确${issue.format && issue.format !== 'regex' ? `（应为 ${issue.format}）` : ''}`;
      case 'invalid_value':
        return `应为以下之一：${(issue.values ?? []).map(String).join(', ')}`;
      case 'unrecognized_keys':
        return `不接受的字段：${(issue.keys ?? []).join(', ')}`;
      case 'invalid_union':
        return '不符合任何允许的形式';
      case 'not_multiple_of':
        return '数值不符合要求的倍数';
      default:
        return FIELD_MESSAGES_ZH[issue.message] ?? '值无效';
    }
  })();
  return both(zh, issue.message);
}

/**
 * The business rules' field messages (domain/*: identity documents R-P1..R-P3,
 * regions R-G3, credit codes R-E2, methods R-E4, R-P6, uploads), by their
 * English text: the validators stay as they are, and a message not listed
 * here is answered in English.
 */
const FIELD_MESSAGES_ZH: Record<string, string> = {
  'A mainland ID number is 17 digits followed by a digit or the letter X.': '居民身份证号码由 17 位数字加 1 位数字或字母 X 组成。',
  'The mainland ID number is not valid: its last character does not match the rest. Check for a typing error.': '居民身份证号码无效：最后一位校验码与前面不符，请检查是否输错。',
  'The birth date in the mainland ID number is not a real date.': '居民身份证号码中的出生日期不是有效日期。',
  'The birth date in the mainland ID number is in the future.': '居民身份证号码中的出生日期晚于今天。',
  'A Hong Kong/Macao travel permit number has 9 characters (H or M and 8 digits), or 11 with the issue count.': '港澳居民来往内地通行证号码为 9 位（H 或 M 加 8 位数字），含换证次数时为 11 位。',
  'A Hong Kong/Macao travel permit number starts with H or M, followed only by digits.': '港澳居民来往内地通行证号码以 H 或 M 开头，其后只能是数字。',
  'A Taiwan travel permit number has 8 digits.': '台湾居民来往大陆通行证号码为 8 位数字。',
  'A Taiwan travel permit number has digits only.': '台湾居民来往大陆通行证号码只能是数字。',
  'The birth date given does not match the birth date in the mainland ID number.': '填写的出生日期与居民身份证号码中的出生日期不一致。',
  'Travel permit holders must give their birth date.': '使用通行证认证须填写出生日期。',
  'The birth date is in the future.': '出生日期晚于今天。',
  'The identity document type is required.': '请选择证件类型。',
  'The identity document number is required.': '请填写证件号码。',
  "The birth date must be a real date written 'YYYY-MM-DD'.": "出生日期须为有效日期，格式为 'YYYY-MM-DD'。",
  'Enter a mainland mobile number: 11 digits starting with 13 to 19, optionally preceded by +86.': '请填写中国大陆手机号码：以 13 至 19 开头的 11 位数字，可加前缀 +86。',
  'A unified social credit code uses digits and the capital letters A-Y except I, O, S, V and Z.': '统一社会信用代码由数字和大写字母 A-Y（不含 I、O、S、V、Z）组成。',
  'The unified social credit code is not valid: its last character does not match the rest. Check for a typing error.': '统一社会信用代码无效：最后一位校验码与前面不符，请检查是否输错。',
  'A 15-character business registration number has digits only.': '15 位工商注册号只能是数字。',
  'legal person WeChat QR is only for industrial-and-commercial enterprises (credit code starting with 91 or 92)': '法定代表人微信扫码仅适用于工商企业（统一社会信用代码以 91 或 92 开头）',
  "the legal person's name and ID number are required for this method": '该认证方式须填写法定代表人的姓名和身份证号码',
  'bank account, legal person, both ID photos and the handler are required for remittance': '对公打款认证须填写银行账户、法定代表人、身份证正反面照片和经办人',
  'the file is empty': '文件为空',
  'the file is larger than 5 MB': '文件超过 5 MB',
  'must not contain the NUL character': '不能包含 NUL 字符',
  'an existing account is required': '须为已存在的账号',
  'the new entity must be the one the review approved: its name differs from the reviewed name': '新主体必须是审核通过的主体：名称与审核时不一致',
  'the new entity must be the one the review approved: its code differs from the reviewed code': '新主体必须是审核通过的主体：统一社会信用代码与审核时不一致',
  'an amount of 0.01 to 0.99 yuan, such as 0.37': '金额须为 0.01 至 0.99 元，例如 0.37',
  'send multipart/form-data with fields purpose and file': '请以 multipart/form-data 发送 purpose 和 file 两个字段',
  'a file is required': '请选择文件',
  "the pre-change legal person must be the enterprise's legal representative as the account records them (R-C7)": '变更前的法定代表人须为账号记录的企业法定代表人（R-C7）',
  "with this platform's face check, the new individual needs a mainland ID card: the face check (R-C4) takes no travel permit": '本平台的人脸识别仅支持居民身份证：新的个人须使用居民身份证（R-C4 的人脸识别不支持通行证）',
};

/** Field messages with parameters, by their English shape. */
const FIELD_PATTERNS_ZH: Array<[RegExp, (...groups: string[]) => string]> = [
  [/^A mainland ID number has (\d+) characters; this one has (\d+)\.$/, (want, got) => `居民身份证号码为 ${want} 位，填写的是 ${got} 位。`],
  [/^A unified social credit code has (\d+) characters; this one has (\d+)\.$/, (want, got) => `统一社会信用代码为 ${want} 位，填写的是 ${got} 位。`],
  [/^A business registration number has (\d+) digits; this one has (\d+)\.$/, (want, got) => `工商注册号为 ${want} 位数字，填写的是 ${got} 位。`],
  [/^The person must be at least (\d+) years old on the day of verification\.$/, (age) => `认证当天须年满 ${age} 周岁。`],
  [/^this document allows only: (.*)$/, (methods) => `该证件只能使用以下认证方式：${methods}`],
  [/^Only the Chinese mainland region is served here\. Accepted identity documents.*international site, (\S+?)\.$/, (site) =>
    `本站仅服务中国大陆地区。可用的证件为：居民身份证（mainland_id）、港澳居民来往内地通行证（hk_macao_permit）和台湾居民来往大陆通行证（taiwan_permit）。其他主体请到国际站认证：${site}。`],
  [/^Only the Chinese mainland region is served here; an enterprise registered in .* is not \(.*\)\. Verify it on the international site, (\S+?)\.(?: |$)/, (site) =>
    `本站仅服务中国大陆地区，该企业不在服务范围内，请到国际站认证：${site}。`],
  [/^a (\w+) must be (.+) \(judged by content\)$/, (purpose, kinds) => `${purpose} 须为 ${kinds} 格式（按文件内容判断）`],
  [/^not a document id \(doc_ and 32 hex digits, from (.+)\)$/, (upload) => `不是材料编号（doc_ 加 32 位十六进制数字，来自 ${upload}）`],
  [/^no such document of this account; upload it first \((.+)\)$/, (upload) => `本账号没有该材料，请先上传（${upload}）`],
  [/^uploaded as (\S+); this needs (.+)$/, (purpose, upload) => `该材料上传时的用途为 ${purpose}，此处需要 ${upload}`],
  [/^uploaded more than (\d+) hours ago and never used, so it expired; upload it again \((.+)\)$/, (hours, upload) =>
    `该材料上传已超过 ${hours} 小时且从未使用，已过期，请重新上传（${upload}）`],
  [/^one of: (.+)$/, (values) => `应为以下之一：${values}`],
  [/^required for a (\w+) change$/, (kind) => `${kind} 变更须填写此项`],
  [/^must not nest arrays and objects more than (\d+) levels deep$/, (depth) => `数组和对象的嵌套不能超过 ${depth} 层`],
  [/^required: upload it first \(POST \/v1\/documents, purpose (.+)\)$/, (purposes) => `必填：请先上传（POST /v1/documents，purpose 为 ${purposes}）`],
];

/** A field message in `language`; English is the validator's own. */
export function fieldMessage(message: string, language: Language): string {
  if (language === 'en') return message;
  const listed = FIELD_MESSAGES_ZH[message];
  if (listed) return listed;
  for (const [pattern, zh] of FIELD_PATTERNS_ZH) {
    const found = pattern.exec(message);
    if (found) return zh(...found.slice(1));
  }
  return message;
}
