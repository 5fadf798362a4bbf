import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fieldMessage, PROBLEM_DETAILS, PROBLEM_TITLES, problemTitle } from '../../domain/texts';
import { localise, problems, refusal } from '../../api/problem';

// Issue 18: every problem the API answers has its title and detail in Chinese
// (the default) and English from one catalogue (domain/texts.ts). The types
// hold api/ to it (problems.* and refusal take catalogue texts and types
// only); this file checks the catalogue is whole and that no problem is made
// around it.

const CJK = /[\u4e00-\u9fff]/;
const API = join(__dirname, '..', '..', 'api');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'client' ? [] : sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}
const sources = sourceFiles(API).map((path) => ({ file: relative(API, path), text: readFileSync(path, 'utf8') }));

/** Sample arguments for each detail: a detail added to the catalogue without one here fails to compile. */
const SAMPLES: { [K in keyof typeof PROBLEM_DETAILS]: Parameters<(typeof PROBLEM_DETAILS)[K]> } = {
  notFound: ['process prc_1'],
  processAlreadyOpen: ['acc_1', 'prc_1'],
  accountAlreadyVerified: ['acc_1', 'individual'],
  processEnded: [],
  subjectChanged: ['acc_1'],
  currentFaceUnchecked: ['hk_macao_permit'],
  processEndedAs: ['prc_1', 'failed'],
  dependencyUnavailable: [],
  eventIdReused: ['evt_1', 'transaction'],
  bearerRequired: [],
  tokenIssuedInFuture: [],
  tokenTooLongLived: [],
  tokenWithoutId: [],
  tokenWithoutRole: [],
  tokenExpired: [],
  tokenInvalid: [],
  operatorOnly: [],
  holderOnly: ['start'],
  rateLimited: [3, 'uploads', 20],
  uploadTooLarge: [],
  uploadQuotaExceeded: [{ limit: 'documents', max: 1, message: 'at most 1 uploaded documents not yet used by a process' }, 'UPLOAD_QUOTA_DOCUMENTS', 24],
  notInThisStep: ['awaiting_review'],
  noAmountAwaited: ['awaiting_review'],
  newEntityNotNow: ['in_review'],
  nothingToResubmit: ['in_review'],
  wrongProcessKind: ['prc_1', 'individual_verification', 'enterprise_verification'],
  wrongChangeKind: ['prc_1', 'enterprise_name', ['enterprise_entity']],
  accountExists: ['acc_1'],
  idempotencyKeyReused: ['prc_1'],
  changeCooldown: [30, '2026-03-01T00:00:00.000Z'],
  changeNotAllowed: ['R-C2', 'an enterprise account can never become individual'],
  notAReviewedChange: [],
  notTheReviewedEntity: [[{ field: 'name', message: 'the new entity must be the one the review approved: its name differs from the reviewed name' }]],
  reviewClosed: ['rev_1', 'approved'],
  reviewWithoutProcess: ['rev_1'],
  reviewClaimed: ['rev_1', '2026-03-01T00:00:00.000Z'],
  notYourClaim: ['rev_1'],
  webhookEndpointDisabled: [],
  webhookSignature: ['stale_timestamp'],
  bodyTooLarge: [1024],
  multipartRequired: [],
  httpRefused: ['Malformed JSON in request body'],
  sessionForAnotherProcess: [],
  notASessionToken: [],
  sessionLinkInvalid: [],
  sessionLinkExpired: [],
  metricsBearerRequired: [],
  metricsOperatorOnly: [],
  codecBrowserOrigin: ['http://localhost:8233'],
  codecEncodeRefused: [],
  payloadUndecodable: ['payloads[0] cannot be decrypted'],
  notACodecToken: [],
  codecTokenWithoutId: [],
  codecTokenExpired: [],
  codecTokenInvalid: [],
  codecTokenNeverIssued: [],
  codecTokenRevoked: [],
};

describe('the problem catalogue (domain/texts.ts) is whole', () => {
  it.each(Object.entries(PROBLEM_TITLES))('problem type %s has a Chinese and an English title', (type, title) => {
    expect(title.zh).toMatch(CJK);
    expect(title.en).not.toMatch(CJK);
    expect(title.en.length).toBeGreaterThan(3);
    // The title it answers is its own in both languages, whatever its status.
    // (The HTTP layer's own refusals are titled by their status, this title where the status has none.)
    for (const status of type === 'http' ? [418] : [400, 409, 422]) {
      expect(problemTitle(type, status, 'zh')).toBe(title.zh);
      expect(problemTitle(type, status, 'en')).toBe(title.en);
    }
  });

  it.each(Object.keys(SAMPLES) as Array<keyof typeof PROBLEM_DETAILS>)('detail %s is written in Chinese and in English', (name) => {
    const detail = (PROBLEM_DETAILS[name] as (...args: unknown[]) => { zh: string; en: string })(...SAMPLES[name]);
    expect(detail.zh).toMatch(CJK);
    expect(detail.en).not.toMatch(CJK);
    // Ids and rule ids a detail names are in both.
    for (const id of detail.en.match(/\b(?:prc|acc|rev)_\d+\b|R-[A-Z]\d+(?:\.\d+)?/g) ?? []) expect(detail.zh).toContain(id);
  });

  it('R-C1: a conflict of its own type is titled by its type in English too, not "Conflict with the current state"', () => {
    const conflict = problems.conflict('change-cooldown', PROBLEM_DETAILS.changeCooldown(30, '2026-03-01T00:00:00.000Z'), { rule: 'R-C1', allowedFrom: '2026-03-01T00:00:00.000Z' });
    expect(localise(conflict.problem, 'en', conflict.detail)).toMatchObject({
      type: 'change-cooldown',
      title: 'Too soon for a change (R-C1)',
      detail: 'a change is possible 30 days after the last verification or change, from 2026-03-01T00:00:00.000Z (R-C1)',
      rule: 'R-C1',
      allowedFrom: '2026-03-01T00:00:00.000Z',
    });
    expect(localise(conflict.problem, 'zh', conflict.detail)).toMatchObject({
      title: '暂时还不能变更（R-C1）',
      detail: '距上次认证或变更满 30 天后才能变更，即从 2026-03-01T00:00:00.000Z 起（R-C1）',
      rule: 'R-C1',
    });
    const amount = problems.conflict('no-amount-awaited', PROBLEM_DETAILS.noAmountAwaited('awaiting_review'));
    expect(localise(amount.problem, 'en', amount.detail).title).toBe('No payout amount is awaited');
  });

  it('R-C2, R-C7: each reason a change cannot start on this account is in Chinese, its rule id kept', () => {
    for (const reason of [
      'an enterprise account can never become individual',
      'a individual_to_individual change is for individual accounts; this account is unverified',
      'a legal representative update needs an 18-character credit code starting with 91 or 92; complete an entity change that records one first',
    ]) {
      const detail = PROBLEM_DETAILS.changeNotAllowed('R-C2', reason);
      expect(detail.zh).toMatch(CJK);
      expect(detail.zh).not.toContain(reason);
      expect(detail.zh.endsWith('（R-C2）')).toBe(true);
      expect(detail.en).toBe(`${reason} (R-C2)`);
    }
  });

  it('a problem made with refusal() answers the catalogue title and its headers', () => {
    const tooLarge = refusal(413, 'too-large', PROBLEM_DETAILS.bodyTooLarge(1024));
    expect(tooLarge.problem).toEqual({ status: 413, type: 'too-large', title: 'Request body too large', detail: 'at most 1024 bytes' });
    expect(localise(tooLarge.problem, 'zh', tooLarge.detail)).toMatchObject({ title: '请求内容过大', detail: '请求内容最多 1024 字节' });
    expect(problems.unauthorized(PROBLEM_DETAILS.codecTokenRevoked()).headers).toEqual({ 'www-authenticate': 'Bearer' });
  });
});

describe('api/ makes no problem around the catalogue (source scan)', () => {
  it('no ProblemError is built outside api/problem.ts: every problem goes through problems.* or refusal()', () => {
    // api/rate-limit.ts is left as it is (another piece of work owns it); its title is the catalogue's and its detail PROBLEM_DETAILS.rateLimited.
    const around = sources.filter(({ file, text }) => !['problem.ts', 'rate-limit.ts'].includes(file) && /new ProblemError\(/.test(text)).map(({ file }) => file);
    expect(around).toEqual([]);
    const rateLimit = sources.find(({ file }) => file === 'rate-limit.ts')!.text;
    expect(rateLimit).toContain(`type: 'rate-limited', title: '${PROBLEM_TITLES['rate-limited'].en}'`);
    expect(rateLimit).toContain('PROBLEM_DETAILS.rateLimited(');
  });

  it('no problem title or detail is a string literal in api/ (problemResponse and refusal take the catalogue\'s)', () => {
    const literals = sources.flatMap(({ file, text }) =>
      [
        /problemResponse\([^;]*?\b(?:title|detail):\s*['"`]/g,
        /\bproblems\.(?:unauthorized|forbidden|unavailable)\(\s*['"`]/g,
        /\bproblems\.conflict\(\s*'[^']*',\s*['"`]/g,
        /\brefusal\(\s*\w+(?:\.\w+)?,\s*'[^']*',\s*['"`]/g,
      ]
        .flatMap((pattern) => [...text.matchAll(pattern)])
        .map((found) => `${file}: ${found[0]}`),
    );
    expect(literals).toEqual([]);
  });

  it('every problem type api/ names is in the catalogue with both titles', () => {
    const types = new Set(
      sources.flatMap(({ text }) => [
        ...[...text.matchAll(/problems\.conflict\(\s*'([a-z-]+)'/g)].map((found) => found[1]!),
        ...[...text.matchAll(/refusal\(\s*\d+,\s*'([a-z-]+)'/g)].map((found) => found[1]!),
        ...[...text.matchAll(/problemResponse\([^;]*?type: '([a-z-]+)'/g)].map((found) => found[1]!),
      ]),
    );
    expect(types.size).toBeGreaterThan(20);
    const missing = [...types].filter((type) => !(type in PROBLEM_TITLES));
    expect(missing).toEqual([]);
  });

  it("the field messages holders' requests can get from api/ are in Chinese too", () => {
    const holderFacing = ['document-references.ts', 'json-depth.ts', 'reject-nul.ts', 'routes/documents.ts', 'routes/changes.ts', 'verification-page/routes.ts'];
    const literals = sources
      .filter(({ file }) => holderFacing.includes(file))
      .flatMap(({ text }) => [...text.matchAll(/message: '([^']+)'/g)].map((found) => found[1]!));
    expect(literals.length).toBeGreaterThan(4);
    // Those with parameters, as the API fills them in.
    const upload = 'POST /v1/documents, purpose business_licence';
    const composed = [
      `not a document id (doc_ and 32 hex digits, from ${upload})`,
      `no such document of this account; upload it first (${upload})`,
      `uploaded as id_card_front; this needs ${upload}`,
      `uploaded more than 24 hours ago and never used, so it expired; upload it again (${upload})`,
      'must not nest arrays and objects more than 32 levels deep',
      'required for a enterprise_name change',
      'one of: business_licence, id_card_front',
    ];
    for (const message of [...literals, ...composed]) {
      expect([message, fieldMessage(message, 'zh')]).toEqual([message, expect.stringMatching(CJK)]);
      expect(fieldMessage(message, 'en')).toBe(message);
    }
  });
});
